import os from 'node:os';
import { testServerUrl } from '@pregon/db/testing';
import { type BenchArgs, parseBenchArgs, parseChildNodeFlags, USAGE } from './args.ts';
import { type BlastResult, runBlastBench } from './blast.ts';
import { type CodecRow, runCodecBench } from './codec.ts';
import type { CpuSpent } from './cpu-meter.ts';
import { type EndToEndResult, runEndToEndBench } from './end-to-end.ts';
import { formatNumber as f, printColumns, printTable, type ReportRow, writeResult } from './report.ts';
import { runShareBench, type ShareResult } from './share.ts';
import { runSubmitBench, type SubmitResult } from './submit.ts';

// `pnpm bench [--only codec|e2e|submit] [--messages N] [--windows 1,10,50]`: codec throughput, the
// per-message path end to end, then submit throughput beside Kannel's bearerbox.
let args: BenchArgs;
let childNodeFlags: string[];
try {
  args = parseBenchArgs(process.argv.slice(2));
  childNodeFlags = parseChildNodeFlags(process.env.PREGON_CHILD_NODE_OPTIONS);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const startedAt = new Date();
const loadAtStart = os.loadavg();
const log = (line: string) => console.error(`[bench] ${line}`);
const server = new URL(testServerUrl());
server.password = '';

let codec: CodecRow[] | null = null;
let e2e: EndToEndResult | null = null;
let submit: SubmitResult | null = null;
let blast: BlastResult | null = null;
let share: ShareResult | null = null;
if (args.only.includes('codec')) {
  log('codec: encodeMessage, encodeMessagePdu, decodePdu');
  codec = runCodecBench();
}
if (args.only.includes('e2e')) {
  log(`e2e: fresh database on ${server.host}`);
  e2e = await runEndToEndBench({ messages: args.messages, log });
}
if (args.only.includes('submit')) {
  log(`submit: ${args.submitMessages} messages a run, windows ${args.windows.join(', ')}`);
  submit = await runSubmitBench({ messages: args.submitMessages, windows: args.windows, log });
}
if (args.only.includes('blast')) {
  const recipients = args.recipients ?? 1_000_000;
  log(
    `blast: ${recipients} subscribers, 100 districts, gateway and dispatcher (${args.oneDispatcher ? 'one process' : 'bulk + urgent'}) as processes`,
  );
  blast = await runBlastBench({
    recipients,
    log,
    children: { nodeFlags: childNodeFlags },
    oneDispatcher: args.oneDispatcher,
  });
}
if (args.only.includes('share')) {
  const messages = args.recipients ?? 100_000;
  log(`share: ${messages} messages from 10 agencies at once`);
  share = await runShareBench({ messages, log, children: { nodeFlags: childNodeFlags } });
}

const rows: ReportRow[] = [];
for (const r of codec ?? []) {
  rows.push({ bench: 'codec', metric: r.name, value: `${f(r.opsPerSecond)} ${r.unit}`, note: r.input });
}
if (e2e) {
  const n = `${e2e.messages} msgs, ${e2e.concurrency} workers`;
  const cpu = (c: CpuSpent) => `${f(c.machineBusy * 100)}% busy, Node ${f(c.processS, 1)} s`;
  const s = (v: number | null) => (v === null ? 'n/a' : `${f(v, 2)} s`);
  rows.push(
    { bench: 'e2e', metric: 'accepted', value: `${e2e.accepted}/${e2e.messages}`, note: n },
    { bench: 'e2e', metric: 'accept rate', value: `${f(e2e.acceptPerSecond)} POST/s` },
    { bench: 'e2e', metric: 'POST latency p50', value: `${f(e2e.postP50Ms, 1)} ms` },
    { bench: 'e2e', metric: 'POST latency p99', value: `${f(e2e.postP99Ms, 1)} ms` },
    { bench: 'e2e', metric: 'first POST -> last accepted', value: s(e2e.lastAcceptedS) },
    {
      bench: 'e2e',
      metric: 'first POST -> last submit',
      value: s(e2e.lastSubmitS),
      note: `${e2e.submits} submit_sm`,
    },
    {
      bench: 'e2e',
      metric: 'first POST -> last delivered',
      value: s(e2e.lastDeliveredS),
      note: e2e.complete ? 'all delivered' : `INCOMPLETE: ${JSON.stringify(e2e.finalStatuses)}`,
    },
    { bench: 'e2e', metric: 'end to end', value: `${f(e2e.endToEndPerSecond)} msgs/s` },
    {
      bench: 'e2e',
      metric: 'peak RSS',
      value: `${f(e2e.peakRssMb)} MB`,
      note: `${f(e2e.rssBeforeStackMb)} MB before the stack`,
    },
    {
      bench: 'e2e',
      metric: 'CPU while accepting',
      value: cpu(e2e.cpuAccepting),
      note: 'machine-wide busy share; Node CPU seconds',
    },
    { bench: 'e2e', metric: 'CPU while draining', value: cpu(e2e.cpuDraining) },
  );
}

for (const w of submit?.windows ?? []) {
  const s = (v: number | null) => (v === null ? 'n/a' : `${f(v, 2)} s`);
  const busy = (c: CpuSpent) => `machine ${f(c.machineBusy * 100)}% busy`;
  const miss = (complete: boolean, submits: number) =>
    complete ? '' : `INCOMPLETE: ${submits}/${submit?.messages} submits; `;
  rows.push(
    {
      bench: 'submit',
      metric: `window ${w.window}: Pregón`,
      value: `${f(w.pregon.submitsPerSecond)} submits/s`,
      note:
        `${miss(w.pregon.complete, w.pregon.submits)}queued (${s(w.pregon.enqueueS)}) -> first submit_sm ` +
        `${s(w.pregon.firstSubmitS)}, last ${s(w.pregon.lastSubmitS)}, longest pause ${s(w.pregon.longestGapS)}; ` +
        `${busy(w.pregon.cpu)}, Node ${f(w.pregon.cpu.processS, 1)} s`,
    },
    {
      bench: 'submit',
      metric: `window ${w.window}: Kannel queued`,
      value: `${f(w.kannel.queued.submitsPerSecond)} submits/s`,
      note:
        `${miss(w.kannel.queued.complete, w.kannel.queued.submits)}sink bind -> last submit_sm ` +
        `${s(w.kannel.queued.lastSubmitS)}, longest pause ${s(w.kannel.queued.longestGapS)}; ${busy(w.kannel.queued.cpu)}`,
    },
    {
      bench: 'submit',
      metric: `window ${w.window}: Kannel live`,
      value: `${f(w.kannel.live.submitsPerSecond)} submits/s`,
      note:
        `${miss(w.kannel.live.complete, w.kannel.live.submits)}first sendsms -> last answer ` +
        `${s(w.kannel.live.pushS)}, -> last submit_sm ${s(w.kannel.live.lastSubmitS)}; ${busy(w.kannel.live.cpu)}`,
    },
  );
}

if (blast) {
  const s = (v: number | null) => (v === null ? 'n/a' : `${f(v, 2)} s`);
  const n = `${f(blast.recipients)} subscribers, ${blast.districts} districts`;
  rows.push(
    { bench: 'blast', metric: 'publish requests answered', value: s(blast.publishedS), note: n },
    { bench: 'blast', metric: 'publish -> first submit', value: s(blast.firstSubmitS) },
    {
      bench: 'blast',
      metric: 'publish -> last submit',
      value: s(blast.lastSubmitS),
      note: `${f(blast.submitted)} submit_sm; target < 180 s`,
    },
    {
      bench: 'blast',
      metric: 'publish -> last receipt applied',
      value: s(blast.lastReceiptS),
      note: blast.complete ? 'every message final' : `NOT COMPLETE: ${JSON.stringify(blast.finalStatuses)}`,
    },
    { bench: 'blast', metric: 'submit rate', value: `${f(blast.submitsPerSecond ?? 0)} msgs/s` },
    {
      bench: 'blast',
      metric: 'peak RSS',
      value: `${f(Math.max(blast.peakRssMb.gateway, blast.peakRssMb.dispatcher, blast.peakRssMb.urgent))} MB`,
      note: `gateway ${f(blast.peakRssMb.gateway)} MB, dispatcher ${f(blast.peakRssMb.dispatcher)} MB${blast.peakRssMb.urgent > 0 ? ` (bulk) + ${f(blast.peakRssMb.urgent)} MB (urgent)` : ''}, bench+SMSC ${f(blast.peakRssMb.bench)} MB; target < 500 each`,
    },
    { bench: 'blast', metric: 'PostgreSQL growth', value: `${f(blast.postgresGrowthMb)} MB` },
    {
      bench: 'blast',
      metric: 'alert publish -> first submit',
      value: s(blast.alert.firstSubmitAfterS),
      note: `${f(blast.alert.submitted)}/${f(blast.alert.recipients)} submitted, last after ${s(blast.alert.lastSubmitAfterS)}; POST answered after ${s(blast.alert.answeredAfterS)}; target < 2 s`,
    },
    {
      bench: 'blast',
      metric: 'keyword reply p50 / p99',
      value: `${f(blast.keywordReplies.p50Ms)} / ${f(blast.keywordReplies.p99Ms)} ms`,
      note: `${blast.keywordReplies.answered}/${blast.keywordReplies.sent} answered, max ${f(blast.keywordReplies.maxMs)} ms; target p99 < 1,000`,
    },
    {
      bench: 'blast',
      metric: 'keyword MO answered p50 / p99',
      value: `${f(blast.keywordReplies.moAnsweredP50Ms)} / ${f(blast.keywordReplies.moAnsweredP99Ms)} ms`,
      note: "the keyword's deliver_sm, sent to answered by the gateway (the SMSC's window, shared with receipts)",
    },
  );
}
if (share) {
  const s = (v: number | null) => (v === null ? 'n/a' : `${f(v, 2)} s`);
  rows.push({
    bench: 'share',
    metric: "Jain's fairness while all send",
    value: f(share.fairness, 3),
    note: `${f(share.messages)} msgs, all ten sending for ${s(share.contendedS)}, last submit ${s(share.lastSubmitS)}, ${f(share.submitsPerSecond ?? 0)} msgs/s`,
  });
  for (const a of share.agencies)
    rows.push({
      bench: 'share',
      metric: `${a.agency} share`,
      value: `${f(a.share * 100, 1)}%`,
      note: `${f(a.queued)} queued, ${f(a.contendedSubmits)} submitted while contended, done at ${s(a.lastSubmitS)}`,
    });
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  platform: `${os.platform()} ${os.release()}`,
  node: process.version,
  // Other work on the machine skews every number here; the 1-minute load average shows it.
  loadAverage1m: { start: loadAtStart[0], end: os.loadavg()[0] },
};
const load = `load ${f(machine.loadAverage1m.start ?? 0, 1)} -> ${f(machine.loadAverage1m.end ?? 0, 1)}`;
console.log(
  `\nPregón bench ${startedAt.toISOString()}: ${machine.cpus} cores (${machine.cpuModel}), ${load}`,
);
console.log(`Node ${machine.node}`);
const postgres = e2e?.postgres ?? submit?.postgres ?? blast?.postgres;
if (postgres) console.log(`PostgreSQL ${postgres} at ${server.host}`);
console.log('');
printTable(rows);
if (submit) {
  console.log(`\nsubmit: ${f(submit.messages)} messages a run to drive_smpp, Pregón vs Kannel bearerbox\n`);
  printColumns(
    ['window', 'Pregón submits/s', 'Kannel submits/s (queued)', 'ratio', 'Kannel live sendsms'],
    submit.windows.map((w) => [
      String(w.window),
      f(w.pregon.submitsPerSecond),
      f(w.kannel.queued.submitsPerSecond),
      w.ratio === null ? 'n/a' : `${f(w.ratio, 2)}×`,
      f(w.kannel.live.submitsPerSecond),
    ]),
  );
}
const path = await writeResult(
  { startedAt: startedAt.toISOString(), args, machine, codec, e2e, submit, blast, share },
  startedAt,
);
console.log(`\nfull result: ${path}`);
if (e2e && (!e2e.complete || e2e.accepted !== e2e.messages)) process.exitCode = 1;
const incomplete = (w: SubmitResult['windows'][number]) =>
  !w.pregon.complete || !w.kannel.queued.complete || !w.kannel.live.complete;
if (submit?.windows.some(incomplete)) process.exitCode = 1;
if (blast && !blast.complete) process.exitCode = 1;
