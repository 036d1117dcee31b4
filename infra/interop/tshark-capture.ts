import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Fails with the fix when tshark is missing (.ci/run installs it). */
export function requireTshark(): void {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'pipe' });
  } catch {
    throw new Error('tshark is not installed: apt-get install -y tshark (see .ci/run)');
  }
}

/** A live loopback capture of one TCP port with tshark; needs CAP_NET_RAW (root here). */
export class LoopbackCapture {
  readonly file: string;
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #stderr: string[] = [];
  readonly #exited: Promise<number | null>;

  private constructor(port: number) {
    this.port = port;
    this.file = path.join(mkdtempSync(path.join(tmpdir(), 'pregon-pcap-')), 'smpp.pcapng');
    this.#child = spawn('tshark', ['-i', 'lo', '-f', `tcp port ${port}`, '-w', this.file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child.stderr?.on('data', (d: Buffer) => this.#stderr.push(d.toString()));
    this.#exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  /** Starts capturing and resolves once tshark says it is capturing; throws its stderr if it cannot. */
  static async start(port: number, timeoutMs = 15_000): Promise<LoopbackCapture> {
    const c = new LoopbackCapture(port);
    const deadline = Date.now() + timeoutMs;
    while (!c.#stderr.join('').includes('Capturing on')) {
      if (c.#child.exitCode !== null || Date.now() > deadline) {
        c.#child.kill('SIGKILL');
        throw new Error(`tshark could not capture on lo: ${c.#stderr.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // "Capturing on" comes before dumpcap really captures: probe the port until packets reach the file.
    const empty = c.#size();
    while (c.#size() <= empty) {
      if (Date.now() > deadline) throw new Error('tshark captured nothing on lo');
      await probe(port);
      await new Promise((r) => setTimeout(r, 50));
    }
    return c;
  }

  #size(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  /** Stops the capture; tshark flushes the file on SIGINT. */
  async stop(): Promise<void> {
    await new Promise((r) => setTimeout(r, 300)); // let the last segments reach the capture buffer
    this.#child.kill('SIGINT');
    await this.#exited;
  }

  /** Runs tshark on the file with the port decoded as SMPP; returns one array of fields per line. */
  fields(filter: string, fields: readonly string[]): string[][] {
    const out = execFileSync(
      'tshark',
      [
        '-r',
        this.file,
        '-d',
        `tcp.port==${this.port},smpp`,
        '-Y',
        filter,
        '-T',
        'fields',
        ...fields.flatMap((f) => ['-e', f]),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
  }
}

function probe(port: number): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.end());
    s.on('error', () => resolve());
    s.on('close', () => resolve());
  });
}
