import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { createCarrierSecrets, noJobQueue, type ServiceContext, setWebSignup } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';
import { addAlziraAlerts, citizenOverSmpp } from './support/citizen.ts';
import { waitForBoundLink } from './support/wait.ts';

// Web self-signup through the real stack: the code is read from the SMS the simulated SMSC received.

let t: TestDatabase;
let stack: Stack;
let phone: ReturnType<typeof citizenOverSmpp>;
const cli = { kind: 'cli' } as const;
const AGENCY = 'ajuntament-alzira';

beforeAll(async () => {
  t = await createTestDatabase('signup_e2e');
  stack = await startStack({ databaseUrl: t.url, secrets: createCarrierSecrets(randomBytes(32)) });
  const ctx: ServiceContext = { db: t.db, queue: noJobQueue };
  phone = citizenOverSmpp(stack, t);
  await addAlziraAlerts(ctx, {
    aliases: [{ word: 'ALERTES', language: 'ca' }],
    arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] },
  });
  await setWebSignup({
    ctx,
    input: { agencySlug: AGENCY, serviceSlug: 'alertas', enabled: true },
    actor: cli,
  });
  await waitForBoundLink(stack, 30_000);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

async function post(path: string, body: object) {
  const res = await fetch(`${stack.baseUrl}/v1/public/signup/${AGENCY}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'e2e-browser/1.0' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The 6-digit code in the newest code SMS the simulator received for `digits`, from 21700. */
async function codeBySms(digits: string, pattern: RegExp, seenBefore: number): Promise<string> {
  return phone.waitFor(`a code SMS for ${digits}`, async () => {
    const texts = phone.textsTo(digits).slice(seenBefore);
    for (const text of texts.reverse()) {
      const code = pattern.exec(text)?.[1];
      if (code) return code;
    }
    return undefined;
  });
}

const fromSender = (digits: string) =>
  stack.simulator.submits.filter((s) => s.destination === digits).every((s) => s.source === '21700');

async function broadcastReaches(digits: string, text: string) {
  const res = await fetch(`${stack.baseUrl}/v1/broadcasts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${phone.apiKey(AGENCY)}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      service: 'alertas',
      name: text,
      target: { kind: 'service' },
      templates: { es: `${text} en {{district}}`, ca: `${text} a {{district}}` },
    }),
  });
  expect(res.status).toBe(202);
  return phone.waitFor(`the broadcast at ${digits}`, async () =>
    phone.textsTo(digits).find((m) => m.startsWith(text)),
  );
}

describe('web self-signup end to end', { timeout: 120_000 }, () => {
  it('code by SMS, verified over HTTP: active with a web consent, and a broadcast reaches the phone', async () => {
    const page = await fetch(`${stack.baseUrl}/signup/${AGENCY}?lang=ca`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alertas municipales');

    const digits = '34600000401';
    const asked = await post('code', {
      service: 'alertas',
      phone: '+34 600 00 04 01',
      language: 'ca',
      attributes: { district: 'centro' },
    });
    expect(asked).toEqual({ status: 202, body: { status: 'sent', expiresInSeconds: 600 } });
    const code = await codeBySms(
      digits,
      /^(\d{6}) és el teu codi per a donar-te d'alta a Alertas municipales\./,
      0,
    );
    expect(fromSender(digits)).toBe(true);

    const wrong = await post('verify', {
      service: 'alertas',
      phone: '600000401',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(await phone.subscriber('alertas', `+${digits}`, AGENCY)).toBeUndefined();

    const ok = await post('verify', { service: 'alertas', phone: '0034600000401', code });
    expect(ok).toEqual({ status: 200, body: { status: 'subscribed', service: 'alertas' } });
    expect(await phone.subscriber('alertas', `+${digits}`, AGENCY)).toEqual({
      phone: `+${digits}`,
      status: 'active',
      language: 'ca',
      attributes: { district: 'CENTRO' },
    });
    const consents = await t.sql<{ channel: string; language: string; detail: Record<string, unknown> }[]>`
      select c.channel, c.language, c.detail from consents c join subscribers s on s.id = c.subscriber_id
      where s.phone = ${`+${digits}`}`;
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({
      channel: 'web',
      language: 'ca',
      detail: { source: 'web_signup', ip: '127.0.0.1', userAgent: 'e2e-browser/1.0' },
    });
    await phone.waitFor('the welcome SMS', async () =>
      phone
        .textsTo(digits)
        .includes('Alta confirmada a Alertas municipales (CENTRO). Per a donar-te de baixa envia PROU.')
        ? true
        : undefined,
    );

    expect(await broadcastReaches(digits, 'Tall d’aigua demà')).toBe('Tall d’aigua demà a CENTRO');
  });

  it('a phone that texted BAJA gets the code and comes back; the ledger then lets broadcasts through', async () => {
    const digits = '34600000402';
    await phone.reply((await phone.mo(digits, '21700', 'ALERTAS NORTE')).id, '21700');
    const stop = await phone.mo(digits, '21700', 'BAJA');
    expect(await phone.reply(stop.id, '21700')).toMatch(/^Te has dado de baja de Alertas municipales/);
    const blocked = await phone.restSend(AGENCY, { to: `+${digits}`, text: 'Aviso', service: 'alertas' });
    expect(await phone.finalStatus(AGENCY, blocked)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });

    const before = phone.textsTo(digits).length;
    const asked = await post('code', {
      service: 'alertas',
      phone: '600 000 402',
      language: 'es',
      attributes: { district: 'norte' },
    });
    expect(asked.status).toBe(202);
    const code = await codeBySms(
      digits,
      /^(\d{6}) es tu código para darte de alta en Alertas municipales\./,
      before,
    );
    const ok = await post('verify', { service: 'alertas', phone: `+${digits}`, code });
    expect(ok.status).toBe(200);
    expect(await phone.subscriber('alertas', `+${digits}`, AGENCY)).toMatchObject({
      status: 'active',
      language: 'es',
      attributes: { district: 'NORTE' },
    });
    const [optOut] = await t.sql<{ revoked_at: Date | null }[]>`
      select revoked_at from opt_outs where phone = ${`+${digits}`}`;
    expect(optOut?.revoked_at).not.toBeNull();
    const channels = await t.sql<{ channel: string }[]>`select c.channel from consents c
      join subscribers s on s.id = c.subscriber_id where s.phone = ${`+${digits}`} order by c.at`;
    expect(channels.map((c) => c.channel)).toEqual(['sms', 'web']);

    expect(await broadcastReaches(digits, 'Corte de agua')).toBe('Corte de agua en NORTE');
  });
});
