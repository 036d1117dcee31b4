// Election night (issue #4): one results update to each of 100 districts, a million subscribers in all,
// through the real pipeline (REST publish → fan-out → prepare → submit over SMPP → receipts) with the
// gateway and the dispatcher as their own processes. While it runs, a city alert to 10,000 people and a
// stream of keyword texts measure what the blast does to urgent traffic.
import { readFile } from 'node:fs/promises';
import { addInboundNumber, addKeyword, noJobQueue } from '@pregon/services';
import { type ChildOptions, startProcessStack } from '../platform/processes.ts';
import { percentile } from './post-load.ts';

export interface BlastOptions {
  readonly recipients: number;
  readonly districts?: number;
  /** Size of the city alert sent while the blast runs; default 10,000. */
  readonly alertRecipients?: number;
  /** Submits of the blast seen before the alert is published; default a tenth of the blast. */
  readonly alertAfter?: number;
  /** Give up after this long; default 10 minutes plus 1 ms a recipient. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Extra Node flags and environment for the gateway and dispatcher processes. */
  readonly children?: ChildOptions;
  /** One dispatcher process running everything, instead of the `bulk` and `urgent` pair (ADR 0008). */
  readonly oneDispatcher?: boolean;
}

export interface BlastResult {
  readonly recipients: number;
  readonly districts: number;
  readonly postgres: string;
  /** Seconds from the first publish request. */
  readonly publishedS: number;
  readonly firstSubmitS: number | null;
  readonly lastSubmitS: number | null;
  readonly lastReceiptS: number | null;
  readonly submitted: number;
  readonly submitsPerSecond: number | null;
  readonly complete: boolean;
  readonly finalStatuses: Readonly<Record<string, number>>;
  /** `urgent` is 0 with one dispatcher process. */
  readonly peakRssMb: Readonly<Record<'gateway' | 'dispatcher' | 'urgent' | 'bench', number>>;
  readonly postgresGrowthMb: number;
  readonly alert: {
    readonly recipients: number;
    readonly publishedAtS: number | null;
    /** Seconds from the alert's publish to the gateway's answer (202). */
    readonly answeredAfterS: number | null;
    /** Seconds from the alert's publish to its first and its last submit_sm. */
    readonly firstSubmitAfterS: number | null;
    readonly lastSubmitAfterS: number | null;
    readonly submitted: number;
  };
  readonly keywordReplies: {
    readonly sent: number;
    readonly answered: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
    /** The keyword's deliver_sm, injected to answered by the gateway. */
    readonly moAnsweredP50Ms: number;
    readonly moAnsweredP99Ms: number;
  };
}

const MB = 1024 * 1024;
const ELECTION_SENDER = '21800';
const ALERT_SENDER = '21700';
const KEYWORD_NUMBER = '21750';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Peak resident set of a live process (VmHWM), in MB; 0 once it is gone. */
export async function peakRssOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) / 1024;
}

export async function post(url: string, apiKey: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Phones never overlap: +3460… get the blast, +3461… the alert, +3462… text the keyword. */
const keywordPhone = (i: number) => `+3462${String(i).padStart(7, '0')}`;

export async function runBlastBench(options: BlastOptions): Promise<BlastResult> {
  const log = options.log ?? (() => {});
  const districts = options.districts ?? 100;
  const alertRecipients = options.alertRecipients ?? 10_000;
  const alertAfter = options.alertAfter ?? Math.floor(options.recipients / 10);
  const timeoutMs = options.timeoutMs ?? 600_000 + options.recipients;
  const stack = await startProcessStack({
    label: 'blast',
    simulator: { receiptDelayMs: 50, historyLimit: 10 },
    children: options.children,
    // As production would run election night: the keyword engine and the alert's fan-out and
    // prepare in a dispatcher process of their own, beside the one that works the blast.
    splitDispatcher: options.oneDispatcher !== true,
  });
  const { observer, simulator, demo } = stack;
  try {
    const ctx = { db: stack.t.db, queue: noJobQueue };
    const actor = { kind: 'system' as const };
    await addInboundNumber({
      ctx,
      input: { agencySlug: 'junta-electoral', number: KEYWORD_NUMBER, serviceSlug: 'resultados' },
      actor,
    });
    await addKeyword({
      ctx,
      input: {
        number: KEYWORD_NUMBER,
        serviceSlug: 'resultados',
        keyword: 'RESULTADOS',
        aliases: [{ word: 'RESULTATS', language: 'ca' }],
        arg: { attribute: 'district', values: Array.from({ length: districts }, (_, d) => String(d + 1)) },
      },
      actor,
    });
    const apiKey = (slug: string) => {
      const key = demo.agencies.find((a) => a.slug === slug)?.apiKey;
      if (!key) throw new Error(`the demo seed has no agency ${slug}`);
      return key;
    };

    log(`blast: seeding ${options.recipients} subscribers in ${districts} districts`);
    const [{ version } = { version: '' }] = await observer<{ version: string }[]>`
      select current_setting('server_version') as version`;
    // Subscribers straight in SQL: the bench measures sending, not a million keyword texts.
    await observer`
      insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
      select s.tenant_id, s.id, '+3460' || lpad(g::text, 7, '0'), 'active',
             (array['es','ca','en'])[1 + g % 3], jsonb_build_object('district', (1 + g % ${districts})::text)
      from services s, generate_series(0, ${options.recipients - 1}) g
      where s.slug = 'resultados'`;
    await observer`
      insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
      select s.tenant_id, s.id, '+3461' || lpad(g::text, 7, '0'), 'active', 'es', '{}'::jsonb
      from services s, generate_series(0, ${alertRecipients - 1}) g
      where s.slug = 'alertas'`;
    // A carrier link as a national operator would give it: two binds with a window of 50 each.
    await observer`update carriers set binds = 2, "window" = 50`;
    await observer`vacuum analyze subscribers`;
    const [size0] = await observer<{ bytes: string }[]>`select pg_database_size(current_database()) as bytes`;

    const processes = await stack.start(120_000);
    const baseUrl = stack.baseUrl;

    // Everything the SMSC receives, sorted by who sent it.
    let blastSubmits = 0;
    let alertSubmits = 0;
    let firstSubmitAt: number | null = null;
    let lastSubmitAt: number | null = null;
    let alertFirstAt: number | null = null;
    let alertLastAt: number | null = null;
    const keywordSentAt = new Map<string, number>();
    const keywordLatencies: number[] = [];
    // From the text's injection to the gateway's deliver_sm_resp: the share of a reply's delay spent
    // reaching us (the SMSC's deliver_sm window, shared with the blast's receipts, and our storing it).
    const moAnswered: number[] = [];
    simulator.on('submit', (s) => {
      const at = performance.now();
      if (s.source === ALERT_SENDER && s.destination.startsWith('3461')) {
        alertSubmits += 1;
        alertFirstAt ??= at;
        alertLastAt = at;
      } else if (s.source === ELECTION_SENDER && s.destination.startsWith('3460')) {
        blastSubmits += 1;
        firstSubmitAt ??= at;
        lastSubmitAt = at;
      } else {
        const sent = keywordSentAt.get(`+${s.destination}`);
        if (sent !== undefined) {
          keywordLatencies.push(at - sent);
          keywordSentAt.delete(`+${s.destination}`);
        }
      }
    });

    log(`blast: publishing ${districts} results updates`);
    const t0 = performance.now();
    const wallT0 = Date.now();
    const since = (at: number | null) => (at === null ? null : (at - t0) / 1000);
    await Promise.all(
      Array.from({ length: districts }, (_, d) =>
        post(`${baseUrl}/v1/broadcasts`, apiKey('junta-electoral'), {
          service: 'resultados',
          name: `Resultados distrito ${d + 1}`,
          target: { kind: 'query', where: { district: String(d + 1) } },
          templates: {
            es: 'Resultados distrito {{district}}: escrutado el 87%. Partido A 41%, Partido B 33%, Partido C 19%.',
            ca: 'Resultats districte {{district}}: escrutat el 87%. Partit A 41%, Partit B 33%, Partit C 19%.',
            en: 'District {{district}} results: 87% counted. Party A 41%, Party B 33%, Party C 19%.',
          },
        }),
      ),
    );
    const publishedAt = performance.now();

    let alertPublishedAt: number | null = null;
    let alertAnsweredAt: number | null = null;
    let keywordsSent = 0;
    let nextKeywordAt = performance.now();
    let nextLog = performance.now() + 5000;
    let peakBench = 0;
    const deadline = performance.now() + timeoutMs;
    while (
      performance.now() < deadline &&
      blastSubmits + alertSubmits < options.recipients + alertRecipients
    ) {
      const now = performance.now();
      if (alertPublishedAt === null && blastSubmits >= alertAfter) {
        alertPublishedAt = performance.now();
        void post(`${baseUrl}/v1/broadcasts`, apiKey('ajuntament-alzira'), {
          service: 'alertas',
          name: 'Aviso por lluvias',
          target: { kind: 'service' },
          lane: 'emergency',
          templates: { es: 'AVISO: lluvias intensas. Evite bajos y garajes hasta nuevo aviso.' },
        })
          .then(() => {
            alertAnsweredAt = performance.now();
          })
          .catch((error: unknown) => log(`blast: the alert failed: ${String(error)}`));
      }
      // A keyword text every 200 ms while the blast sends.
      if (now >= nextKeywordAt) {
        const phone = keywordPhone(keywordsSent);
        keywordsSent += 1;
        const sentAt = performance.now();
        keywordSentAt.set(phone, sentAt);
        void simulator
          .injectMo({
            from: phone,
            to: KEYWORD_NUMBER,
            text: `resultados ${1 + (keywordsSent % districts)}`,
            // Once, on one of the binds, as a carrier does (by default the simulator sends it on each).
            sessions: 'one',
          })
          .then(() => moAnswered.push(performance.now() - sentAt))
          .catch(() => {});
        nextKeywordAt = now + 200;
      }
      if (now > nextLog) {
        log(
          `blast: ${blastSubmits}/${options.recipients} submitted, alert ${alertSubmits}/${alertRecipients}, ${((now - t0) / 1000).toFixed(0)} s`,
        );
        nextLog += 5000;
      }
      peakBench = Math.max(peakBench, process.memoryUsage.rss());
      await sleep(50);
    }
    log('blast: waiting for the last receipts');
    let finalStatuses: Record<string, number> = {};
    while (performance.now() < deadline) {
      const rows = await observer<{ status: string; n: number }[]>`
        select status, count(*)::int as n from messages group by status`;
      finalStatuses = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      const open = ['accepted', 'scheduled', 'queued', 'submitted'].reduce(
        (n, s) => n + (finalStatuses[s] ?? 0),
        0,
      );
      if (open === 0) break;
      await sleep(1000);
    }
    const [lastDelivered] = await observer<{ at: Date | null }[]>`
      select max(at) as at from message_events where status = 'delivered'`;
    const [size1] = await observer<{ bytes: string }[]>`select pg_database_size(current_database()) as bytes`;
    const peak = {
      gateway: await peakRssOf(processes.gateway.child.pid),
      dispatcher: await peakRssOf(processes.dispatcher.child.pid),
      urgent: processes.urgent ? await peakRssOf(processes.urgent.child.pid) : 0,
      bench: Math.max(peakBench, process.resourceUsage().maxRSS * 1024) / MB,
    };
    const latencies = [...keywordLatencies].sort((a, b) => a - b);
    const answered = [...moAnswered].sort((a, b) => a - b);
    const open = ['accepted', 'scheduled', 'queued', 'submitted'].reduce(
      (n, s) => n + (finalStatuses[s] ?? 0),
      0,
    );
    return {
      recipients: options.recipients,
      districts,
      postgres: version,
      publishedS: (publishedAt - t0) / 1000,
      firstSubmitS: since(firstSubmitAt),
      lastSubmitS: since(lastSubmitAt),
      lastReceiptS: lastDelivered?.at ? (lastDelivered.at.getTime() - wallT0) / 1000 : null,
      submitted: blastSubmits,
      submitsPerSecond:
        lastSubmitAt === null || firstSubmitAt === null ? null : blastSubmits / ((lastSubmitAt - t0) / 1000),
      complete: blastSubmits >= options.recipients && open === 0,
      finalStatuses,
      peakRssMb: peak,
      postgresGrowthMb: (Number(size1?.bytes ?? 0) - Number(size0?.bytes ?? 0)) / MB,
      alert: {
        recipients: alertRecipients,
        publishedAtS: since(alertPublishedAt),
        answeredAfterS:
          alertAnsweredAt === null || alertPublishedAt === null
            ? null
            : (alertAnsweredAt - alertPublishedAt) / 1000,
        firstSubmitAfterS:
          alertFirstAt === null || alertPublishedAt === null
            ? null
            : (alertFirstAt - alertPublishedAt) / 1000,
        lastSubmitAfterS:
          alertLastAt === null || alertPublishedAt === null ? null : (alertLastAt - alertPublishedAt) / 1000,
        submitted: alertSubmits,
      },
      keywordReplies: {
        sent: keywordsSent,
        answered: latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.at(-1) ?? Number.NaN,
        moAnsweredP50Ms: percentile(answered, 50),
        moAnsweredP99Ms: percentile(answered, 99),
      },
    };
  } finally {
    await stack.close();
  }
}
