import type { OpenAPIHono } from '@hono/zod-openapi';
import { isAppError } from '@pregon/domain';
import { loadSignupPage, type SignupPage } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../http/types.ts';

type Lang = 'es' | 'ca' | 'en';

/** Every word of the page, per language (one place to review and translate). */
const T = {
  es: {
    title: (agency: string) => `Suscríbete a los avisos de ${agency}`,
    intro: 'Recibe avisos por SMS. Te enviaremos un código para comprobar que el móvil es tuyo.',
    service: 'Servicio',
    phone: 'Número de móvil',
    phoneHint: 'Por ejemplo 600 123 456 o +34 600 123 456',
    language: 'Idioma de los mensajes',
    choose: 'Elige una opción',
    send: 'Enviarme el código',
    code: 'Código recibido por SMS',
    codeHint: 'Los 6 números del SMS. Caduca en 10 minutos.',
    verify: 'Confirmar alta',
    sent: 'Te hemos enviado un código por SMS.',
    done: (service: string) => `Listo: estás dado de alta en ${service}. Para darte de baja envía BAJA.`,
    none: 'Esta administración no tiene servicios con alta por internet.',
    notFound: 'No hay ninguna página de alta aquí.',
    failed: 'No se ha podido completar. Revisa los datos e inténtalo de nuevo.',
    badCode: 'El código no es válido o ha caducado. Pide uno nuevo.',
    tooMany: 'Demasiados intentos. Prueba más tarde.',
    noscript: 'Esta página necesita JavaScript para enviar el formulario.',
    privacy:
      'Guardamos tu número, la fecha y la dirección desde la que te das de alta como prueba de tu consentimiento.',
  },
  ca: {
    title: (agency: string) => `Subscriu-te als avisos de ${agency}`,
    intro: 'Rep avisos per SMS. T’enviarem un codi per a comprovar que el mòbil és teu.',
    service: 'Servei',
    phone: 'Número de mòbil',
    phoneHint: 'Per exemple 600 123 456 o +34 600 123 456',
    language: 'Idioma dels missatges',
    choose: 'Tria una opció',
    send: 'Envia’m el codi',
    code: 'Codi rebut per SMS',
    codeHint: 'Els 6 números de l’SMS. Caduca en 10 minuts.',
    verify: 'Confirma l’alta',
    sent: 'T’hem enviat un codi per SMS.',
    done: (service: string) => `Fet: t’has donat d’alta a ${service}. Per a donar-te de baixa envia PROU.`,
    none: 'Aquesta administració no té serveis amb alta per internet.',
    notFound: 'Ací no hi ha cap pàgina d’alta.',
    failed: 'No s’ha pogut completar. Revisa les dades i torna-ho a provar.',
    badCode: 'El codi no és vàlid o ha caducat. Demana’n un de nou.',
    tooMany: 'Massa intents. Prova-ho més tard.',
    noscript: 'Aquesta pàgina necessita JavaScript per a enviar el formulari.',
    privacy:
      'Guardem el teu número, la data i l’adreça des de la qual et dones d’alta com a prova del teu consentiment.',
  },
  en: {
    title: (agency: string) => `Subscribe to ${agency} alerts`,
    intro: 'Get alerts by SMS. We will text you a code to check the phone is yours.',
    service: 'Service',
    phone: 'Mobile number',
    phoneHint: 'For example +34 600 123 456',
    language: 'Language of the messages',
    choose: 'Choose one',
    send: 'Send me the code',
    code: 'Code received by SMS',
    codeHint: 'The 6 digits in the SMS. It expires in 10 minutes.',
    verify: 'Confirm subscription',
    sent: 'We have sent you a code by SMS.',
    done: (service: string) => `Done: you are subscribed to ${service}. To unsubscribe send STOP.`,
    none: 'This administration has no services open to signup on the web.',
    notFound: 'There is no signup page here.',
    failed: 'That did not work. Check the details and try again.',
    badCode: 'The code is not valid or has expired. Ask for a new one.',
    tooMany: 'Too many tries. Try again later.',
    noscript: 'This page needs JavaScript to send the form.',
    privacy: 'We keep your number, the time and the address you sign up from as proof of your consent.',
  },
} as const;

const LANGUAGE_NAMES: Record<Lang, string> = { es: 'Castellano', ca: 'Valencià / Català', en: 'English' };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** `?lang=` first, then the first of es/ca/en (va, ca-ES-valencia count as ca) in Accept-Language. */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): Lang {
  const pick = (tag: string): Lang | null => {
    const base = tag.trim().toLowerCase().split(/[-_;]/)[0] ?? '';
    if (base === 'es' || base === 'ca' || base === 'en') return base;
    return base === 'va' || base === 'val' ? 'ca' : null;
  };
  if (query) {
    const q = pick(query);
    if (q) return q;
  }
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag, q: Number.isFinite(q) ? q : 0 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    const l = pick(tag);
    if (l) return l;
  }
  return 'es';
}

/** The signup page: a form that asks for a code, then checks it, through /v1/public/signup. */
export function renderSignupPage(page: SignupPage, lang: Lang): string {
  const t = T[lang];
  const title = t.title(page.agency.name);
  const services = page.services;
  const serviceField =
    services.length === 1
      ? `<input type="hidden" name="service" value="${escapeHtml(services[0]?.slug ?? '')}">
         <p><strong>${escapeHtml(t.service)}:</strong> ${escapeHtml(services[0]?.name ?? '')}</p>`
      : `<label for="service">${escapeHtml(t.service)}</label>
         <select id="service" name="service" required>${services
           .map((s) => `<option value="${escapeHtml(s.slug)}">${escapeHtml(s.name)}</option>`)
           .join('')}</select>`;
  const attributeFields = services
    .flatMap((s) =>
      s.attributes.map(
        (a) => `<div class="attr" data-service="${escapeHtml(s.slug)}">
          <label for="attr-${escapeHtml(s.slug)}-${escapeHtml(a.name)}">${escapeHtml(a.name)}</label>
          <select id="attr-${escapeHtml(s.slug)}-${escapeHtml(a.name)}" data-attribute="${escapeHtml(a.name)}"${a.required ? ' required' : ''}>
            <option value="">${escapeHtml(t.choose)}</option>
            ${a.values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('')}
          </select></div>`,
      ),
    )
    .join('');
  const languages = (['es', 'ca', 'en'] as const)
    .map((l) => `<option value="${l}"${l === lang ? ' selected' : ''}>${LANGUAGE_NAMES[l]}</option>`)
    .join('');
  const messages = JSON.stringify({
    sent: t.sent,
    failed: t.failed,
    badCode: t.badCode,
    tooMany: t.tooMany,
    done: services.map((s) => [s.slug, t.done(s.name)]),
  }).replace(/</g, '\\u003c');
  const body =
    services.length === 0
      ? `<p>${escapeHtml(t.none)}</p>`
      : `<p>${escapeHtml(t.intro)}</p>
<noscript><p>${escapeHtml(t.noscript)}</p></noscript>
<form id="ask" novalidate>
  ${serviceField}
  ${attributeFields}
  <label for="phone">${escapeHtml(t.phone)}</label>
  <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" required aria-describedby="phone-hint">
  <p id="phone-hint" class="hint">${escapeHtml(t.phoneHint)}</p>
  <label for="language">${escapeHtml(t.language)}</label>
  <select id="language" name="language">${languages}</select>
  <button type="submit">${escapeHtml(t.send)}</button>
</form>
<form id="check" hidden novalidate>
  <label for="code">${escapeHtml(t.code)}</label>
  <input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*" maxlength="8" required aria-describedby="code-hint">
  <p id="code-hint" class="hint">${escapeHtml(t.codeHint)}</p>
  <button type="submit">${escapeHtml(t.verify)}</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<p class="hint">${escapeHtml(t.privacy)}</p>
<script>
(() => {
  const base = ${JSON.stringify(`/v1/public/signup/${encodeURIComponent(page.agency.slug)}`).replace(/</g, '\\u003c')};
  const text = ${messages};
  const ask = document.getElementById('ask');
  const check = document.getElementById('check');
  const status = document.getElementById('status');
  const service = () => ask.elements.service.value;
  const showAttributes = () => {
    for (const el of document.querySelectorAll('.attr')) {
      const on = el.dataset.service === service();
      el.hidden = !on;
      el.querySelector('select').disabled = !on;
    }
  };
  if (ask.elements.service.tagName === 'SELECT') ask.elements.service.addEventListener('change', showAttributes);
  showAttributes();
  const post = async (path, body) => {
    const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (res.status === 429) throw new Error(text.tooMany);
    const field = json.error && json.error.details && json.error.details.field;
    if (!res.ok) throw new Error(field === 'code' ? text.badCode : text.failed);
    return json;
  };
  const say = (message, bad) => { status.textContent = message; status.className = bad ? 'bad' : ''; };
  let asked = null;
  ask.addEventListener('submit', async (e) => {
    e.preventDefault();
    const attributes = {};
    for (const sel of document.querySelectorAll('.attr select:not([disabled])')) if (sel.value) attributes[sel.dataset.attribute] = sel.value;
    asked = { service: service(), phone: ask.elements.phone.value, language: ask.elements.language.value, attributes };
    try {
      await post('/code', asked);
      say(text.sent, false);
      check.hidden = false;
      check.elements.code.focus();
    } catch (err) { say(err.message, true); }
  });
  check.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const done = await post('/verify', { service: asked.service, phone: asked.phone, code: check.elements.code.value });
      ask.hidden = true;
      check.hidden = true;
      say(new Map(text.done).get(done.service) || '', false);
    } catch (err) { say(err.message, true); }
  });
})();
</script>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:18px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;font-weight:600;margin-top:1rem}
input,select,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}
button{margin-top:1.25rem;background:#0b5394;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus,input:focus,select:focus{outline:3px solid #f0b400;outline-offset:2px}
.hint{color:#555;font-size:.9rem;margin:.25rem 0}
.bad{color:#a40000}
nav a{margin-right:1rem}
</style>
</head>
<body>
<nav aria-label="${escapeHtml(t.language)}">${(['es', 'ca', 'en'] as const)
    .map(
      (l) =>
        `<a href="?lang=${l}" hreflang="${l}" lang="${l}"${l === lang ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[l]}</a>`,
    )
    .join('')}</nav>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/** GET /signup/{agencySlug}: the agency's public signup page, no login. */
export function registerSignupPage(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.get('/signup/:agencySlug', async (c) => {
    const lang = pageLanguage(c.req.query('lang'), c.req.header('accept-language'));
    c.header('Content-Language', lang);
    // Another site may not frame the form (clickjacking).
    c.header('X-Frame-Options', 'DENY');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    try {
      const page = await loadSignupPage({
        ctx: deps.services,
        input: { agencySlug: c.req.param('agencySlug') },
      });
      return c.html(renderSignupPage(page, lang));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
      return c.html(
        `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(T[lang].notFound)}</title></head><body><main><h1>${escapeHtml(T[lang].notFound)}</h1></main></body></html>`,
        404,
      );
    }
  });
}
