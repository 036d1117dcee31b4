import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One record of /work/shared/fixtures/smpp/pdus.jsonl (see its README). */
export interface GoldenPdu {
  readonly name: string;
  readonly command: string;
  readonly hex: string;
  readonly fields: Readonly<Record<string, unknown>> & {
    readonly command_id: number;
    readonly command_status: number;
    readonly sequence_number: number;
    readonly tlvs?: Readonly<Record<string, string>>;
  };
  readonly text: string | null;
}

// Fixtures live beside the repo (dev checkout and CI alike): <repoRoot>/../shared/fixtures/smpp.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/smpp');

export function loadGoldenPdus(): GoldenPdu[] {
  return readFileSync(path.join(fixturesDir, 'pdus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GoldenPdu);
}

export function frameOf(g: GoldenPdu): Buffer {
  return Buffer.from(g.hex, 'hex');
}
