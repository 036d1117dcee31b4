import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { GatewayEnvBindings } from '../http/types.ts';
import type { LinkSessionStats } from '../links/bind-slot.ts';

/** Where /metrics reads the live numbers of this process's SMPP sessions. */
export interface LinkMetricsSource {
  sessionStats(): LinkSessionStats[];
}

const LABELS = ['carrier', 'ordinal', 'mode'] as const;
type Label = (typeof LABELS)[number];
type Stats = LinkSessionStats['stats'];

const labelsOf = (l: LinkSessionStats) => ({ carrier: l.carrier, ordinal: String(l.ordinal), mode: l.mode });

/** A metric that is set from `value` of every session at scrape time. */
function perSession(
  register: Registry,
  source: LinkMetricsSource,
  kind: 'gauge' | 'counter',
  name: string,
  help: string,
  value: (s: Stats) => number | null,
): void {
  const fill = (set: (labels: Record<Label, string>, v: number) => void) => {
    for (const link of source.sessionStats()) {
      const v = value(link.stats);
      if (v !== null) set(labelsOf(link), v);
    }
  };
  if (kind === 'gauge') {
    new Gauge({
      name,
      help,
      labelNames: LABELS,
      registers: [register],
      collect() {
        this.reset();
        fill((labels, v) => this.set(labels, v));
      },
    });
  } else {
    // The session keeps the running total; a new session (rebind after a lost lease) starts at 0,
    // which Prometheus reads as a counter reset.
    new Counter({
      name,
      help,
      labelNames: LABELS,
      registers: [register],
      collect() {
        this.reset();
        fill((labels, v) => this.inc(labels, v));
      },
    });
  }
}

/** A registry with the process's default metrics and one series per SMPP session this process holds. */
export function linkMetricsRegistry(source: LinkMetricsSource | null): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  if (source === null) return register;
  const g = (name: string, help: string, value: (s: Stats) => number | null) =>
    perSession(register, source, 'gauge', name, help, value);
  const c = (name: string, help: string, value: (s: Stats) => number) =>
    perSession(register, source, 'counter', name, help, value);
  g('pregon_link_up', '1 when the SMPP session is bound, else 0', (s) => (s.state === 'bound' ? 1 : 0));
  g('pregon_link_window_outstanding', 'submit_sm written and not answered yet', (s) => s.outstanding);
  g('pregon_link_window_size', 'Most submit_sm outstanding at once', (s) => s.window);
  c('pregon_link_submitted_total', 'submit_sm written', (s) => s.submitted);
  c('pregon_link_accepted_total', 'submit_sm answered ESME_ROK', (s) => s.accepted);
  c('pregon_link_rejected_total', 'submit_sm answered with an error status', (s) => s.rejected);
  c('pregon_link_throttled_total', 'submit_sm answered ESME_RTHROTTLED or ESME_RMSGQFUL', (s) => s.throttled);
  c('pregon_link_unknown_total', 'submit_sm written and never answered', (s) => s.unknown);
  c('pregon_link_receipts_total', 'Delivery receipts received', (s) => s.receipts);
  g(
    'pregon_link_delivers_unanswered',
    'deliver_sm taken and not answered yet (being stored)',
    (s) => s.deliversUnanswered,
  );
  c(
    'pregon_link_deliver_throttled_total',
    'deliver_sm answered ESME_RTHROTTLED because the deliver window was full',
    (s) => s.deliverThrottled,
  );
  c('pregon_link_reconnects_total', 'Reconnects after the link dropped', (s) => s.reconnects);
  g('pregon_link_last_enquire_link_timestamp_seconds', 'Last enquire_link exchanged (Unix time)', (s) =>
    s.lastEnquireLinkAt ? s.lastEnquireLinkAt.getTime() / 1000 : null,
  );
  return register;
}

/** Constant-time comparison of the presented bearer token, so its bytes cannot be guessed by timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

/**
 * GET /metrics: Prometheus text format. With a token, a scraper must send it as a bearer token:
 * the series name carriers and show traffic levels, which is not for the open internet.
 */
export function registerMetrics(
  app: Hono<GatewayEnvBindings>,
  source: LinkMetricsSource | null,
  token: string | null = null,
): void {
  const register = linkMetricsRegistry(source);
  app.get('/metrics', async (c) => {
    if (token !== null && !bearerMatches(c.req.header('authorization'), token)) {
      return c.text('metrics need Authorization: Bearer <PREGON_METRICS_TOKEN>\n', 401, {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    }
    const body = await register.metrics();
    return c.body(body, 200, { 'content-type': register.contentType });
  });
}
