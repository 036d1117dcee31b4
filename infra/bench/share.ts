// Ten agencies sending at once (issue #4): one floods with half of all the messages, nine send a ninth
// of the other half each. Fair share within a lane means each gets about a tenth of the submits while
// all ten are sending, whatever its backlog, instead of a share in proportion to what it queued.
import { addInboundNumber, createAgency, createApiKey, createService, noJobQueue } from '@pregon/services';
import { type ChildOptions, startProcessStack } from '../platform/processes.ts';
import { peakRssOf, post } from './blast.ts';

export interface ShareOptions {
  readonly messages: number;
  readonly agencies?: number;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Extra Node flags and environment for the gateway and dispatcher processes. */
  readonly children?: ChildOptions;
}

export interface AgencyShare {
  readonly agency: string;
  readonly queued: number;
  /** Submits while every agency still had messages waiting. */
  readonly contendedSubmits: number;
  /** Its fraction of those submits. */
  readonly share: number;
  readonly lastSubmitS: number | null;
}

export interface ShareResult {
  readonly messages: number;
  /** Seconds from the first publish until the first agency ran out of messages. */
  readonly contendedS: number | null;
  readonly lastSubmitS: number | null;
  readonly submitsPerSecond: number | null;
  readonly agencies: readonly AgencyShare[];
  /** Jain's index over the contended shares: 1 is perfectly even, 1/n one agency takes all. */
  readonly fairness: number;
  readonly peakRssMb: Readonly<Record<'gateway' | 'dispatcher', number>>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runShareBench(options: ShareOptions): Promise<ShareResult> {
  const log = options.log ?? (() => {});
  const n = options.agencies ?? 10;
  const timeoutMs = options.timeoutMs ?? 300_000 + 2 * options.messages;
  const flood = Math.floor(options.messages / 2);
  const each = Math.floor((options.messages - flood) / (n - 1));
  const sizes = Array.from({ length: n }, (_, i) => (i === 0 ? flood : each));
  const stack = await startProcessStack({
    label: 'share',
    simulator: { receiptDelayMs: 50, historyLimit: 10 },
    children: options.children,
  });
  const { observer, simulator } = stack;
  try {
    const ctx = { db: stack.t.db, queue: noJobQueue };
    const actor = { kind: 'cli' as const };
    const keys: string[] = [];
    const senderOf = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const slug = `agencia-${i + 1}`;
      await createAgency({ ctx, input: { slug, name: `Agencia ${i + 1}` }, actor });
      await createService({
        ctx,
        input: { agencySlug: slug, slug: 'avisos', name: 'Avisos', type: 'custom' },
        actor,
      });
      const number = `2190${i}`;
      await addInboundNumber({ ctx, input: { agencySlug: slug, number, serviceSlug: 'avisos' }, actor });
      senderOf.set(number, i);
      keys.push((await createApiKey({ ctx, input: { agencySlug: slug, name: 'bench' }, actor })).key);
    }
    let offset = 0;
    for (let i = 0; i < n; i++) {
      await observer`
        insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
        select s.tenant_id, s.id, '+3463' || lpad((${offset} + g)::text, 7, '0'), 'active', 'es', '{}'::jsonb
        from services s join agencies a on a.id = s.tenant_id, generate_series(0, ${(sizes[i] ?? 0) - 1}) g
        where a.slug = ${`agencia-${i + 1}`} and s.slug = 'avisos'`;
      offset += sizes[i] ?? 0;
    }
    await observer`vacuum analyze subscribers`;

    const processes = await stack.start(120_000);
    const baseUrl = stack.baseUrl;

    const submits = new Array<number>(n).fill(0);
    const contended = new Array<number>(n).fill(0);
    const lastAt = new Array<number | null>(n).fill(null);
    let contendedUntil: number | null = null;
    let total = 0;
    simulator.on('submit', (s) => {
      const i = senderOf.get(s.source);
      if (i === undefined) return;
      submits[i] = (submits[i] ?? 0) + 1;
      total += 1;
      lastAt[i] = performance.now();
      if (contendedUntil === null) {
        contended[i] = (contended[i] ?? 0) + 1;
        if ((submits[i] ?? 0) >= (sizes[i] ?? 0)) contendedUntil = performance.now();
      }
    });
    log(`share: ${n} agencies publish at once (${flood} from one, ${each} from each of the others)`);
    const t0 = performance.now();
    await Promise.all(
      keys.map((key, i) =>
        post(`${baseUrl}/v1/broadcasts`, key, {
          service: 'avisos',
          name: `Aviso ${i + 1}`,
          target: { kind: 'service' },
          lane: 'bulk',
          templates: { es: `Aviso de la agencia ${i + 1}: corte de agua programado el jueves de 9 a 14 h.` },
        }),
      ),
    );
    const deadline = performance.now() + timeoutMs;
    let nextLog = performance.now() + 5000;
    const expected = sizes.reduce((x, y) => x + y, 0);
    while (total < expected && performance.now() < deadline) {
      if (performance.now() > nextLog) {
        log(`share: ${total}/${expected} submitted`);
        nextLog += 5000;
      }
      await sleep(100);
    }
    const contendedTotal = contended.reduce((a, b) => a + b, 0);
    const shares = contended.map((c) => (contendedTotal === 0 ? 0 : c / contendedTotal));
    const sumSq = shares.reduce((a, x) => a + x * x, 0);
    const last = lastAt.reduce<number | null>((m, x) => (x === null ? m : Math.max(m ?? 0, x)), null);
    return {
      messages: expected,
      contendedS: contendedUntil === null ? null : (contendedUntil - t0) / 1000,
      lastSubmitS: last === null ? null : (last - t0) / 1000,
      submitsPerSecond: last === null ? null : total / ((last - t0) / 1000),
      agencies: sizes.map((queued, i) => ({
        agency: `agencia-${i + 1}`,
        queued,
        contendedSubmits: contended[i] ?? 0,
        share: shares[i] ?? 0,
        lastSubmitS: lastAt[i] === null ? null : ((lastAt[i] ?? 0) - t0) / 1000,
      })),
      fairness: sumSq === 0 ? 0 : 1 / (n * sumSq),
      peakRssMb: {
        gateway: await peakRssOf(processes.gateway.child.pid),
        dispatcher: await peakRssOf(processes.dispatcher.child.pid),
      },
    };
  } finally {
    await stack.close();
  }
}
