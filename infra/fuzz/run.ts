// Long fuzz run: `pnpm exec node infra/fuzz/run.ts --inputs 2000000 [--seed N] [--connections N]`.
// Millions of mutated PDUs through the decoder, then thousands of garbage streams at each live listener.
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { frameOf, fuzzDecoder, loadGoldenPdus } from '@pregon/smpp/fuzzing';
import { fuzzListener } from './listener-fuzz.ts';
import { listenerTargets } from './listener-targets.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '2000000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    connections: { type: 'string', default: '3000' },
  },
  strict: true,
});
const inputs = Number(values.inputs);
const seed = Number(values.seed);
const connections = Number(values.connections);
if (![inputs, seed, connections].every((n) => Number.isInteger(n) && n >= 0)) {
  console.error('usage: node infra/fuzz/run.ts [--inputs N] [--seed N] [--connections N]');
  process.exit(2);
}

const golden = loadGoldenPdus().map(frameOf);
const heapMb = () => {
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
};
const log = (line: object) => console.log(JSON.stringify(line));

const heapBefore = heapMb();
let started = performance.now();
const decoder = fuzzDecoder({
  inputs,
  seed,
  golden,
  onProgress: (done) => {
    if (done > 0 && done % 500_000 === 0) log({ phase: 'decoder', done, heapMb: heapMb() });
  },
});
log({
  phase: 'decoder',
  seed,
  ...decoder,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  heapMbBefore: heapBefore,
  heapMbAfter: heapMb(),
});

let failed = decoder.failures.length > 0 || decoder.maxBuffered > decoder.maxLength;
for (const target of listenerTargets) {
  const endpoint = await target.start();
  const before = heapMb();
  started = performance.now();
  const report = await fuzzListener(endpoint, { connections, perConnection: 60, parallel: 20, seed, golden });
  const after = heapMb();
  log({
    phase: 'listener',
    target: target.name,
    seed,
    ...report,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    heapMbBefore: before,
    heapMbAfter: after,
  });
  await endpoint.close();
  failed ||= report.hung > 0;
}
process.exit(failed ? 1 : 0);
