import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Fails with the fix when Debian's Net::SMPP is missing (.ci/run installs libnet-smpp-perl). */
export function requireNetSmpp(): void {
  try {
    execFileSync('perl', ['-MNet::SMPP', '-MJSON::PP', '-e', '1'], { stdio: 'pipe' });
  } catch {
    throw new Error('Net::SMPP is not installed: apt-get install -y libnet-smpp-perl (see .ci/run)');
  }
}

export type PeerEvent = Readonly<Record<string, unknown>> & { readonly event: string };

/** A Perl Net::SMPP peer (a script in infra/interop) whose stdout is one JSON event a line. */
export class PerlPeer {
  readonly events: PeerEvent[] = [];
  readonly stderr: string[] = [];
  readonly #child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(script: string, args: readonly string[] = []) {
    this.#child = spawn('perl', [path.join(here, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const { stdout, stderr } = this.#child;
    if (stdout === null || stderr === null) throw new Error('perl has no stdio');
    createInterface({ input: stdout }).on('line', (line) => {
      this.events.push(JSON.parse(line) as PeerEvent);
    });
    createInterface({ input: stderr }).on('line', (line) => this.stderr.push(line));
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  /** Waits until `count` events named `event` arrived; throws with the peer's stderr on timeout. */
  async waitFor(event: string, count = 1, timeoutMs = 10_000): Promise<PeerEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.filter((e) => e.event === event);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no ${count}x ${event} from ${this.#child.spawnfile}; stderr: ${this.stderr.join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null) this.#child.kill('SIGTERM');
    await this.exited;
  }
}
