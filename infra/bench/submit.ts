import { createTestDatabase } from '@pregon/db/testing';
import { type CpuSpent, cpuSnapshot, cpuSpent } from './cpu-meter.ts';
import { freePort, holdSmsboxPort, type SubmitSink, startDriveSmpp } from './drive-smpp.ts';
import { pushSendsms, startKannel } from './kannel.ts';
import { openMessageCounter } from './message-counts.ts';
import { startPregonSubmitSide } from './pregon-submit.ts';

export interface SubmitOptions {
  readonly messages: number;
  readonly windows: readonly number[];
  /** Concurrent keep-alive sendsms workers against Kannel; default 20. */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

export interface SideResult {
  /** submit_sm the sink answered. */
  readonly submits: number;
  readonly complete: boolean;
  /** Seconds from the start of the measured phase to the last submit_sm at the sink. */
  readonly lastSubmitS: number | null;
  /** Seconds from the start to the first submit_sm at the sink. */
  readonly firstSubmitS: number | null;
  readonly submitsPerSecond: number | null;
  /** The longest pause between two submit_sm at the sink, in seconds. */
  readonly longestGapS: number;
  readonly cpu: CpuSpent;
}

export interface PregonWindowResult extends SideResult {
  /** Seconds the one INSERT transaction (rows, history, prepare jobs) took before the clock started. */
  readonly enqueueS: number;
  /** Seconds from the commit to the last `submitted` history row (the outcome stored). */
  readonly lastSubmittedRowS: number | null;
  readonly statuses: Readonly<Record<string, number>>;
}

export interface KannelRunResult extends SideResult {
  readonly accepted: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
  /** Seconds from the first sendsms request to the last answer. */
  readonly pushS: number;
}

export interface KannelWindowResult {
  /** Messages already queued in bearerbox when the sink comes up; timed from its bind. */
  readonly queued: KannelRunResult;
  /** sendsms while bound; timed from the first request. */
  readonly live: KannelRunResult;
}

export interface SubmitWindowResult {
  readonly window: number;
  readonly pregon: PregonWindowResult;
  readonly kannel: KannelWindowResult;
  /** Pregón submits/s divided by Kannel's. */
  readonly ratio: number | null;
}

export interface SubmitResult {
  readonly messages: number;
  readonly concurrency: number;
  readonly postgres: string;
  readonly windows: readonly SubmitWindowResult[];
}

const TEXT = (i: number) => `Recordatorio: cita el martes 3 a las 10:30 en el CS Benimaclet. Ref ${i}`;

/** Spanish mobiles under a per-run prefix (+3461<k>), so each run's route picks its own carrier. */
function recipients(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
}

function sideResult(sink: SubmitSink, startedAt: number, complete: boolean, cpu: CpuSpent): SideResult {
  const last = sink.lastSubmitAt();
  const first = sink.firstSubmitAt();
  const lastSubmitS = last === null ? null : (last - startedAt) / 1000;
  return {
    submits: sink.submits(),
    complete,
    lastSubmitS,
    firstSubmitS: first === null ? null : (first - startedAt) / 1000,
    submitsPerSecond: lastSubmitS === null || lastSubmitS <= 0 ? null : sink.submits() / lastSubmitS,
    longestGapS: sink.longestGapMs() / 1000,
    cpu,
  };
}

/**
 * For each window: Kannel's bearerbox, then Pregón's gateway, each pushing `messages` to its own
 * fresh drive_smpp (Kannel's C test SMSC), timed until the sink has answered every submit_sm.
 */
export async function runSubmitBench(options: SubmitOptions): Promise<SubmitResult> {
  const log = options.log ?? (() => {});
  const n = options.messages;
  const concurrency = options.concurrency ?? 20;
  const timeoutMs = 60_000 + 20 * n;
  const smsboxPort = await holdSmsboxPort();
  const db = await createTestDatabase('bench');
  try {
    const counter = await openMessageCounter(db.url);
    try {
      const postgres = await counter.serverVersion();
      log(`submit: starting the stack on a fresh database`);
      const pregon = await startPregonSubmitSide(db.url);
      try {
        const results: SubmitWindowResult[] = [];
        let submittedBefore = 0;
        for (const [k, window] of options.windows.entries()) {
          const prefix = `+3461${k}`;
          const kannel = await runKannel(window, n, concurrency, prefix, timeoutMs, log);

          const sink = await startDriveSmpp(await freePort());
          try {
            const carrier = await pregon.addSinkCarrier({ window, port: sink.port, prefix });
            log(`submit: window ${window}: Pregón, ${n} messages queued for ${carrier}`);
            const enqueueStart = performance.now();
            await pregon.enqueue(recipients(prefix, n), TEXT);
            const startedAt = performance.now();
            const wallAtStart = Date.now();
            const cpuAtStart = cpuSnapshot();
            const complete = await sink.waitFor(n, timeoutMs);
            const cpu = cpuSpent(cpuAtStart);
            // The outcome rows commit just after the last submit_sm_resp; wait for them (bounded).
            let statuses = await counter.counts();
            const settle = performance.now() + 10_000;
            while ((statuses.submitted ?? 0) < submittedBefore + n && performance.now() < settle) {
              await new Promise((r) => setTimeout(r, 100));
              statuses = await counter.counts();
            }
            submittedBefore = statuses.submitted ?? 0;
            const lastRow = await counter.lastEventAt('submitted');
            const side = sideResult(sink, startedAt, complete, cpu);
            const result: PregonWindowResult = {
              ...side,
              enqueueS: (startedAt - enqueueStart) / 1000,
              lastSubmittedRowS: lastRow === null ? null : (lastRow - wallAtStart) / 1000,
              statuses,
            };
            const ratio =
              result.submitsPerSecond !== null && kannel.queued.submitsPerSecond !== null
                ? result.submitsPerSecond / kannel.queued.submitsPerSecond
                : null;
            log(
              `submit: window ${window}: Pregón ${result.submits}/${n} in ${result.lastSubmitS?.toFixed(2)} s, ` +
                `Kannel queued ${kannel.queued.submits}/${n} in ${kannel.queued.lastSubmitS?.toFixed(2)} s, ` +
                `live ${kannel.live.submits}/${n} in ${kannel.live.lastSubmitS?.toFixed(2)} s`,
            );
            results.push({ window, pregon: result, kannel, ratio });
          } finally {
            if (!sink.exited()) await sink.stop().catch(() => {});
          }
        }
        return { messages: n, concurrency, postgres, windows: results };
      } finally {
        await pregon.close();
      }
    } finally {
      await counter.close();
    }
  } finally {
    await db.drop();
    await smsboxPort.close();
  }
}

async function runKannel(
  window: number,
  n: number,
  concurrency: number,
  prefix: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<KannelWindowResult> {
  const to = recipients(prefix, n);
  const message = (i: number) => ({ to: to[i] ?? '', from: 'SALUT', text: TEXT(i) });

  // Queued: bearerbox takes every message while its SMSC is still down, then the sink comes up.
  const port = await freePort();
  const kannel = await startKannel({ smscPort: port, window, waitOnline: false });
  let queued: KannelRunResult;
  let sink: SubmitSink | null = null;
  try {
    log(`submit: window ${window}: Kannel, ${n} sendsms queued with the sink down`);
    const load = await pushSendsms(kannel, n, concurrency, message);
    sink = await startDriveSmpp(port);
    const cpuAtStart = cpuSnapshot();
    const drained = await sink.waitFor(load.accepted, timeoutMs);
    const cpu = cpuSpent(cpuAtStart);
    const boundAt = sink.firstBindAt() ?? sink.firstSubmitAt() ?? performance.now();
    queued = {
      ...sideResult(sink, boundAt, drained && load.accepted === n, cpu),
      accepted: load.accepted,
      refused: load.refused,
      errors: load.errors,
      pushS: (load.finishedAt - load.startedAt) / 1000,
    };
  } finally {
    await kannel.stop();
    await sink?.stop();
  }

  // Live: sendsms against a bound bearerbox, timed from the first request.
  const liveSink = await startDriveSmpp(await freePort());
  try {
    const live = await startKannel({ smscPort: liveSink.port, window });
    try {
      log(`submit: window ${window}: Kannel, ${n} sendsms from ${concurrency} workers while bound`);
      const cpuAtStart = cpuSnapshot();
      const load = await pushSendsms(live, n, concurrency, message);
      const drained = await liveSink.waitFor(load.accepted, timeoutMs);
      const cpu = cpuSpent(cpuAtStart);
      return {
        queued,
        live: {
          ...sideResult(liveSink, load.startedAt, drained && load.accepted === n, cpu),
          accepted: load.accepted,
          refused: load.refused,
          errors: load.errors,
          pushS: (load.finishedAt - load.startedAt) / 1000,
        },
      };
    } finally {
      await live.stop();
    }
  } finally {
    await liveSink.stop();
  }
}
