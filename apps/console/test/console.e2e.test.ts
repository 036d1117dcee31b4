import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { startStack } from '@pregon/infra/stack';
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
  stack = await startStack({ databaseUrl: db.url });
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
    const agencies = page.getByRole('table', { name: 'Agencies' });
    for (const agency of stack.demo.agencies) {
      await shown(page, agencies.getByRole('cell', { name: agency.name, exact: true }), 10_000);
    }
    await page.context().close();
  });
});
