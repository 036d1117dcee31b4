import { readFile } from 'node:fs/promises';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { createCarrierSecrets, startStack } from '@pregon/infra/stack';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Debian's Chromium (apt-get install chromium); never a downloaded browser.
const CHROMIUM = '/usr/bin/chromium';
const DELIVERY_TIMEOUT_MS = 20_000;

type Stack = Awaited<ReturnType<typeof startStack>>;

let db: TestDatabase | undefined;
let stack: Stack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  // Everything missing fails loudly: a browser test that skips itself is a test that cannot fail.
  browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    })
    .catch((error: unknown) => {
      throw new Error(
        `Could not launch Chromium at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\``,
        {
          cause: error,
        },
      );
    });
  db = await createTestDatabase('console_e2e');
  stack = await startStack({
    databaseUrl: db.url,
    secrets: createCarrierSecrets(crypto.getRandomValues(new Uint8Array(32))),
    // Loopback receivers, and a webhook disabled after two failed deliveries retried 300 ms apart.
    webhooks: { allowLoopback: true, maxConsecutiveFailures: 2, retryBaseMs: 300, timeoutMs: 2_000 },
  });
  const home = await fetch(stack.baseUrl);
  if (!home.ok || !(await home.text()).includes('id="root"')) {
    throw new Error(
      `${stack.baseUrl}/ does not serve the console (HTTP ${home.status}): run \`pnpm --filter @pregon/console build\` first`,
    );
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await db?.drop();
});

function running(): { stack: Stack; browser: Browser } {
  if (!stack || !browser) throw new Error('beforeAll did not start the stack and the browser');
  return { stack, browser };
}

/** A fresh browser context (its own localStorage), logged in through the form. */
async function logIn(email: string, password: string): Promise<Page> {
  const { stack, browser } = running();
  const context = await browser.newContext({ baseURL: stack.baseUrl });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await shown(page, page.getByRole('button', { name: 'Log out' }), 10_000);
  return page;
}

/** Sends one message the way an agency system does: REST with its API key. */
async function sendByApi(apiKey: string, to: string, text: string): Promise<string> {
  const res = await fetch(`${running().stack.baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to, text }),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const body = (await res.json()) as { id: string };
  return body.id;
}

/** The messages table row showing `text`, once its status cell reads `status`. */
function messageRow(page: Page, text: string, status: string) {
  return page
    .getByRole('table', { name: 'Messages' })
    .getByRole('row')
    .filter({ hasText: text })
    .filter({ has: page.getByRole('cell', { name: status, exact: true }) });
}

/** Calls a console procedure over HTTP as the console does (no batching), acting as `agency`. */
async function trpc<T>(token: string, agency: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${running().stack.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-pregon-agency': agency,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** The session token a logged-in page keeps. */
async function tokenOf(page: Page): Promise<string> {
  const token = await page.evaluate(() => localStorage.getItem('pregon.session'));
  if (!token) throw new Error('the page holds no session');
  return token;
}

/** A citizen texts `text` to `number` through the simulator, once the gateway's link can take MO. */
async function textFromPhone(from: string, number: string, text: string): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    try {
      expect(await running().stack.simulator.injectMo({ from, to: number, text })).toEqual([0]);
      return;
    } catch (error) {
      // Only "no bound session yet" is worth waiting out; it is what injectMo throws before the bind.
      if (Date.now() > deadline || !String(error).includes('no bound')) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits for `locator`; on timeout the failure also says what the page was showing as errors. */
async function shown(page: Page, locator: Locator, timeout: number): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(`${String(error)}\nThe page's alerts: ${alerts.length ? alerts.join(' | ') : '(none)'}`, {
      cause: error,
    });
  }
}

describe('console', () => {
  it('shows an error for a wrong password', async () => {
    const { stack, browser } = running();
    const page = await browser.newPage({ baseURL: stack.baseUrl });
    await page.goto('/');
    await page.getByLabel('Email').fill(stack.demo.platformAdmin.email);
    await page.getByLabel('Password').fill('definitely not it');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong email or password');
    await page.close();
  });

  it('shows an agency its message reaching delivered, and hides it from another agency', async () => {
    const { stack } = running();
    const [health, other] = stack.demo.agencies;
    if (!health || !other) throw new Error('the demo seed must create at least two agencies');

    const page = await logIn(health.adminEmail, health.adminPassword);
    await sendByApi(health.apiKey, '+34600000001', 'Cita confirmada');
    // The table polls every 2 s; the row must go through the pipeline to a delivery receipt.
    await shown(page, messageRow(page, 'Cita confirmada', 'delivered'), DELIVERY_TIMEOUT_MS);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.context().close();

    const otherPage = await logIn(other.adminEmail, other.adminPassword);
    // Its own message appearing proves the table is loaded and live before we look for the absent one.
    await sendByApi(other.apiKey, '+34600000002', 'Aviso de ausencia');
    await shown(otherPage, messageRow(otherPage, 'Aviso de ausencia', 'delivered'), DELIVERY_TIMEOUT_MS);
    const table = otherPage.getByRole('table', { name: 'Messages' });
    expect(await table.getByRole('row').filter({ hasText: 'Cita confirmada' }).count()).toBe(0);
    await otherPage.context().close();
  });

  it('shows the platform admin every agency and a bound carrier link', async () => {
    const { stack } = running();
    const page = await logIn(stack.demo.platformAdmin.email, stack.demo.platformAdmin.password);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Platform' })
      .click();
    const links = page.getByRole('table', { name: 'Carrier links' });
    await shown(page, links.getByRole('cell', { name: 'bound', exact: true }).first(), DELIVERY_TIMEOUT_MS);
    // The bound link names the gateway holding its lease and its window use.
    const boundRow = links
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'bound', exact: true }) });
    await expect(
      boundRow.first().getByRole('cell', { name: stack.gateway.links.holder, exact: true }).count(),
    ).resolves.toBe(1);
    await expect(
      boundRow
        .first()
        .getByRole('cell', { name: /^\d+\/\d+$/ })
        .count(),
    ).resolves.toBe(1);
    await shown(page, page.getByRole('table', { name: 'Dead letters' }), 10_000);
    const agencies = page.getByRole('table', { name: 'Agencies' });
    for (const agency of stack.demo.agencies) {
      await shown(page, agencies.getByRole('cell', { name: agency.name, exact: true }), 10_000);
    }
    await page.context().close();
  });

  it("walks an agency admin through keywords, a citizen's MO and STOP, the ledger and subscriber lists", async () => {
    const { stack } = running();
    const alzira = stack.demo.agencies.find((a) => a.slug === 'ajuntament-alzira');
    if (!alzira || !db) throw new Error('the demo seed must create ajuntament-alzira');
    // 21700 dedicated to Alzira's alerts, as `pregon number add --service alertas` leaves it (the sender exists).
    await db.sql`insert into inbound_numbers (number, sender, dedicated_tenant_id, dedicated_service_id)
      select '21700', '21700', a.id, s.id from agencies a join services s on s.tenant_id = a.id
      where a.slug = 'ajuntament-alzira' and s.slug = 'alertas'`;
    const page = await logIn(alzira.adminEmail, alzira.adminPassword);
    const nav = page.getByRole('navigation', { name: 'Sections' });

    // Keywords: add one with aliases and an argument, then a colliding alias is refused inline.
    await nav.getByRole('button', { name: 'Keywords' }).click();
    const form = page.getByRole('region', { name: 'Add a keyword' });
    const keywordField = form.getByLabel('Keyword', { exact: true });
    await keywordField.fill('Alertas');
    await form.getByLabel('Aliases').fill('ALERTES:ca, ALERTS:en');
    await form.getByLabel('Argument attribute').fill('district');
    await form.getByLabel('Allowed values').fill('CENTRO, NORTE');
    await form.getByRole('button', { name: 'Add keyword' }).click();
    const number = page.getByRole('table', { name: 'Number 21700 (dedicated to alertas)' });
    const keywordRow = number
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'ALERTAS', exact: true }) });
    await shown(page, keywordRow, 10_000);
    await expect(keywordRow.getByRole('cell', { name: 'CENTRO, NORTE' }).count()).resolves.toBe(1);
    await expect(keywordRow.getByRole('cell', { name: 'ALERTES (ca), ALERTS (en)' }).count()).resolves.toBe(
      1,
    );
    await keywordField.fill('Alertes');
    await form.getByRole('button', { name: 'Add keyword' }).click();
    await shown(page, form.getByText('ALERTES is already a keyword on 21700'), 10_000);
    await expect(keywordField.getAttribute('aria-invalid')).resolves.toBe('true');

    // Inbound: a citizen joins with a typo-free keyword and an argument, then texts BAJA.
    await textFromPhone('34600000111', '21700', 'alertas centro');
    await nav.getByRole('button', { name: 'Inbound' }).click();
    const log = page.getByRole('table', { name: 'Inbound messages' });
    await shown(
      page,
      log
        .getByRole('row')
        .filter({ hasText: 'alertas centro' })
        .filter({ hasText: 'Keyword ALERTAS CENTRO: joined alertas' }),
      DELIVERY_TIMEOUT_MS,
    );
    await textFromPhone('34600000111', '21700', 'BAJA');
    await shown(
      page,
      log.getByRole('row').filter({ hasText: 'STOP: opted out of alertas' }),
      DELIVERY_TIMEOUT_MS,
    );

    // Opt-outs: the ledger names the phone, the scope and the message.
    await nav.getByRole('button', { name: 'Opt-outs' }).click();
    const ledger = page.getByRole('table', { name: 'Opt-outs' });
    await shown(
      page,
      ledger
        .getByRole('row')
        .filter({ hasText: '+34600000111' })
        .filter({ hasText: 'service alertas' })
        .filter({ hasText: 'BAJA' }),
      10_000,
    );

    // Subscribers: a file with a bad row imports nothing and says why; a good one appears in the list.
    await nav.getByRole('button', { name: 'Subscribers' }).click();
    const importer = page.getByRole('region', { name: 'Import subscribers into alertas' });
    const list = page.getByRole('table', { name: 'Subscribers of alertas' });
    await shown(page, list.getByRole('cell', { name: '+34600000111', exact: true }), 10_000);
    const csv = (text: string) => ({ name: 'vecinos.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await importer
      .getByLabel('CSV file')
      .setInputFiles(csv('phone,district\n+34600000201,CENTRO\n+34600000202,SUR\n'));
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    const errors = importer.getByRole('table', { name: 'Rows with errors' });
    await shown(page, errors.getByRole('row').filter({ hasText: 'district' }), 10_000);
    await expect(errors.getByRole('cell', { name: '3', exact: true }).count()).resolves.toBe(1);
    await expect(list.getByRole('cell', { name: '+34600000201', exact: true }).count()).resolves.toBe(0);

    await importer
      .getByLabel('CSV file')
      .setInputFiles(csv('phone,district\n+34600000201,CENTRO\n600000203,NORTE\n'));
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await shown(page, importer.getByText('Imported 2 of 2 rows.'), 10_000);
    await shown(page, list.getByRole('cell', { name: '+34600000203', exact: true }), 10_000);

    const filters = page.getByRole('form', { name: 'Filter subscribers' });
    await filters.getByLabel('Attribute', { exact: true }).fill('district');
    await filters.getByLabel('Attribute value').fill('NORTE');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    // The other rows leave once the filtered page has arrived.
    await list
      .getByRole('cell', { name: '+34600000201', exact: true })
      .waitFor({ state: 'detached', timeout: 10_000 });
    await expect(list.getByRole('cell', { name: 'district=NORTE', exact: true }).count()).resolves.toBe(1);
    await expect(list.getByRole('row').count()).resolves.toBe(2);

    const download = page.waitForEvent('download');
    await filters.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const exported = await readFile(file, 'utf8');
    expect(exported).toContain('+34600000201,es,CENTRO');
    expect(exported).toContain('+34600000203,es,NORTE');
    // An opted-out citizen is not on the list an agency would send to.
    expect(exported).not.toContain('+34600000111');
    await page.context().close();
  });

  it('shows live broadcast progress with pause, resume and cancel, the schedules and the quota bars', async () => {
    const { stack } = running();
    const junta = stack.demo.agencies.find((a) => a.slug === 'junta-electoral');
    if (!junta) throw new Error('the demo seed must create junta-electoral');
    const page = await logIn(junta.adminEmail, junta.adminPassword);
    const token = await tokenOf(page);
    const call = <T>(path: string, input: unknown) => trpc<T>(token, junta.slug, path, input);
    await call('subscribers.import', {
      serviceSlug: 'resultados',
      csv: 'phone,district\n+34600000301,1\n+34600000302,2\n',
      mode: 'import',
    });
    await call('broadcasts.create', {
      service: 'resultados',
      name: 'Escrutinio 50%',
      target: { kind: 'service' },
      templates: { es: 'Resultados del distrito {{district}}' },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await call('broadcasts.create', {
      service: 'resultados',
      name: 'Escrutinio final',
      target: { kind: 'service' },
      templates: { es: 'Resultados finales' },
      sendAt: tomorrow,
    });
    await call('schedules.create', {
      name: 'Recordatorio diario',
      cron: '0 9 * * *',
      service: 'resultados',
      message: { to: '+34600000301', text: 'Recuerde votar' },
    });
    const admin = await fetch(`${stack.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: stack.demo.platformAdmin.email,
        password: stack.demo.platformAdmin.password,
      }),
    }).then((r) => r.json() as Promise<{ result: { data: { token: string } } }>);
    await trpc(admin.result.data.token, 'pregon', 'quota.set', {
      agencySlug: junta.slug,
      dailyMessages: { warn: 800, block: 1000 },
    });

    // Broadcasts: the running one reaches every subscriber; the scheduled one is paused, resumed, cancelled.
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: 'Broadcasts' }).click();
    const table = page.getByRole('table', { name: 'Broadcasts' });
    const row = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await shown(page, row('Escrutinio 50%').filter({ hasText: '2/2 (100%)' }), DELIVERY_TIMEOUT_MS);
    // The Delivered column (the 9th) keeps moving as receipts arrive, after the fan-out has finished.
    const delivered = row('Escrutinio 50%').getByRole('cell').nth(8);
    await shown(page, delivered.filter({ hasText: /^2$/ }), DELIVERY_TIMEOUT_MS);
    const scheduled = row('Escrutinio final');
    await shown(page, scheduled.getByRole('cell', { name: 'scheduled', exact: true }), 10_000);
    await scheduled.getByRole('button', { name: 'Pause Escrutinio final' }).click();
    await shown(page, scheduled.getByRole('cell', { name: 'paused', exact: true }), 10_000);
    await scheduled.getByRole('button', { name: 'Resume Escrutinio final' }).click();
    await shown(page, scheduled.getByRole('cell', { name: 'scheduled', exact: true }), 10_000);
    page.once('dialog', (dialog) => void dialog.accept());
    await scheduled.getByRole('button', { name: 'Cancel Escrutinio final' }).click();
    await shown(page, scheduled.getByRole('cell', { name: 'cancelled', exact: true }), 10_000);
    await expect(scheduled.getByRole('button').count()).resolves.toBe(0);

    // Schedules and quotas.
    await nav.getByRole('button', { name: 'Schedules' }).click();
    const schedules = page.getByRole('table', { name: 'Schedules' });
    await shown(
      page,
      schedules.getByRole('row').filter({ hasText: 'Recordatorio diario' }).filter({ hasText: '0 9 * * *' }),
      10_000,
    );
    const schedule = schedules.getByRole('row').filter({ hasText: 'Recordatorio diario' });
    await schedule.getByRole('button', { name: 'Disable Recordatorio diario' }).click();
    await shown(page, schedule.getByRole('button', { name: 'Enable Recordatorio diario' }), 10_000);
    await expect(schedule.getByRole('cell', { name: 'no', exact: true }).count()).resolves.toBe(1);
    await nav.getByRole('button', { name: 'Quotas' }).click();
    const quotas = page.getByRole('region', { name: 'Quotas' });
    await shown(page, quotas.getByRole('meter', { name: 'Messages today' }), 10_000);
    await expect(quotas.getByText('(warn at 800, blocks at 1000)').count()).resolves.toBe(1);
    await page.context().close();
  });

  it('warns an agency admin that a failing webhook was disabled, with its attempts, and re-enables it', async () => {
    const { stack } = running();
    const [health] = stack.demo.agencies;
    if (!health) throw new Error('the demo seed must create an agency');
    // TCP port 1 (tcpmux) has no listener on a test machine: every delivery is refused.
    const url = 'http://127.0.0.1:1/pregon';

    const page = await logIn(health.adminEmail, health.adminPassword);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: 'Webhooks' }).click();
    const form = page.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('Webhook URL').fill(url);
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.getByRole('status', { name: 'New signing secret' });
    await shown(page, secret.getByText(/whsec_/), 10_000);
    await secret.getByRole('button', { name: 'I stored it' }).click();
    const card = page.getByRole('article', { name: `Webhook ${url}` });
    await shown(page, card.getByText('enabled', { exact: true }), 10_000);

    // Its status events fail until the platform turns it off; the banner says why.
    await sendByApi(health.apiKey, '+34600000401', 'Recordatorio de cita');
    const banner = page.getByRole('alert', { name: 'Disabled webhooks' });
    await shown(page, banner.getByText(/2 consecutive failed deliveries/), DELIVERY_TIMEOUT_MS);
    await expect(banner.getByText(url).count()).resolves.toBe(1);
    // The tab carries the count of disabled webhooks.
    await expect(nav.getByRole('button', { name: 'Webhooks 1', exact: true }).count()).resolves.toBe(1);
    const attempts = card.getByRole('table', { name: `Latest attempts to ${url}` });
    await shown(page, attempts.getByRole('row').filter({ hasText: 'failed' }).first(), 10_000);
    await expect(card.getByText('disabled', { exact: true }).count()).resolves.toBe(1);

    // The banner follows the agency to its other pages.
    await nav.getByRole('button', { name: 'Messages' }).click();
    await shown(page, banner, 10_000);
    await nav.getByRole('button', { name: 'Webhooks' }).click();

    await card.getByRole('button', { name: `Re-enable ${url}` }).click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    await expect(nav.getByRole('button', { name: 'Webhooks', exact: true }).count()).resolves.toBe(1);
    await shown(page, card.getByText('enabled', { exact: true }), 10_000);
    await page.context().close();
  });
});
