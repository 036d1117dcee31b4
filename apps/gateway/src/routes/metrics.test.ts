import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { GatewayEnvBindings } from '../http/types.ts';
import type { LinkSessionStats } from '../links/bind-slot.ts';
import { registerMetrics } from './metrics.ts';

const idle = {
  state: 'bound',
  outstanding: 0,
  window: 10,
  submitted: 0,
  accepted: 0,
  rejected: 0,
  throttled: 0,
  unknown: 0,
  receipts: 0,
  deliversUnanswered: 0,
  deliverThrottled: 0,
  reconnects: 0,
  lastEnquireLinkAt: null,
  boundSince: null,
} as const;

function appWith(sessions: () => LinkSessionStats[]) {
  const app = new Hono<GatewayEnvBindings>();
  registerMetrics(app, { sessionStats: sessions });
  return app;
}

async function scrape(app: Hono<GatewayEnvBindings>): Promise<{ type: string; lines: string[] }> {
  const res = await app.request('/metrics');
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type') ?? '', lines: (await res.text()).split('\n') };
}

describe('GET /metrics', () => {
  it('shows every held session with its window, counters and last enquire_link, in Prometheus text', async () => {
    const sessions: LinkSessionStats[] = [
      {
        carrier: 'movistar',
        ordinal: 0,
        mode: 'tx',
        stats: {
          ...idle,
          outstanding: 7,
          window: 50,
          submitted: 120,
          accepted: 110,
          rejected: 3,
          throttled: 5,
          unknown: 2,
          reconnects: 1,
          lastEnquireLinkAt: new Date('2026-03-01T10:00:00Z'),
        },
      },
      {
        carrier: 'movistar',
        ordinal: 0,
        mode: 'rx',
        stats: { ...idle, state: 'binding', receipts: 40, deliversUnanswered: 12, deliverThrottled: 9 },
      },
    ];
    const { type, lines } = await scrape(appWith(() => sessions));
    expect(type).toContain('text/plain');
    const tx = '{carrier="movistar",ordinal="0",mode="tx"}';
    const rx = '{carrier="movistar",ordinal="0",mode="rx"}';
    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE pregon_link_up gauge',
        `pregon_link_up${tx} 1`,
        `pregon_link_up${rx} 0`,
        `pregon_link_window_outstanding${tx} 7`,
        `pregon_link_window_size${tx} 50`,
        '# TYPE pregon_link_submitted_total counter',
        `pregon_link_submitted_total${tx} 120`,
        `pregon_link_accepted_total${tx} 110`,
        `pregon_link_rejected_total${tx} 3`,
        `pregon_link_throttled_total${tx} 5`,
        `pregon_link_unknown_total${tx} 2`,
        `pregon_link_reconnects_total${tx} 1`,
        `pregon_link_receipts_total${rx} 40`,
        `pregon_link_delivers_unanswered${rx} 12`,
        '# TYPE pregon_link_deliver_throttled_total counter',
        `pregon_link_deliver_throttled_total${rx} 9`,
        `pregon_link_last_enquire_link_timestamp_seconds${tx} ${Date.parse('2026-03-01T10:00:00Z') / 1000}`,
      ]),
    );
    // No enquire_link yet: no sample rather than a misleading 1970.
    expect(lines.some((l) => l.startsWith(`pregon_link_last_enquire_link_timestamp_seconds${rx}`))).toBe(
      false,
    );
    // The process's own metrics come along.
    expect(lines.some((l) => l.startsWith('process_cpu_user_seconds_total'))).toBe(true);
    expect(lines.some((l) => l.startsWith('nodejs_heap_size_used_bytes'))).toBe(true);
  });

  it('reads live numbers at each scrape and drops slots this process no longer holds', async () => {
    let sessions: LinkSessionStats[] = [{ carrier: 'orange', ordinal: 1, mode: 'trx', stats: idle }];
    const app = appWith(() => sessions);
    const labels = '{carrier="orange",ordinal="1",mode="trx"}';
    expect((await scrape(app)).lines).toContain(`pregon_link_submitted_total${labels} 0`);
    sessions = [{ carrier: 'orange', ordinal: 1, mode: 'trx', stats: { ...idle, submitted: 9 } }];
    expect((await scrape(app)).lines).toContain(`pregon_link_submitted_total${labels} 9`);
    sessions = [];
    const { lines } = await scrape(app);
    expect(lines.some((l) => l.includes('carrier="orange"'))).toBe(false);
  });

  it('asks for the bearer token when one is configured, and serves the metrics with it', async () => {
    const app = new Hono<GatewayEnvBindings>();
    const token = 'scrape-secret-0123456789';
    registerMetrics(app, { sessionStats: () => [] }, token);
    const bare = await app.request('/metrics');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toContain('Bearer');
    expect(await bare.text()).toContain('PREGON_METRICS_TOKEN');
    const wrong = await app.request('/metrics', { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    const empty = await app.request('/metrics', { headers: { authorization: 'Bearer ' } });
    expect(empty.status).toBe(401);
    const right = await app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('nodejs_heap_size_used_bytes');
  });
});
