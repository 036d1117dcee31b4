import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '@pregon/domain';

const KEY_BYTES = 32;

/** Decodes a base64 key of exactly 32 bytes, or undefined when it is not one (for env validation). */
export function decodeSecretKey(base64: string): Buffer | undefined {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

/**
 * The key that seals carrier passwords: `PREGON_SECRET_KEY` when given, else a development key kept in
 * `<home>/secret.key` (created once with mode 0600, so `pnpm start`, the CLI and every process agree).
 * @example loadSecretKey({ home: '.pregon' }) // the same 32 bytes on every call
 */
export function loadSecretKey(options: { key?: Uint8Array | undefined; home: string }): Uint8Array {
  if (options.key) return options.key;
  const file = join(options.home, 'secret.key');
  mkdirSync(options.home, { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: link fails if another process won the race, and nobody
  // ever reads a half-written key.
  if (!existsSync(file)) {
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  const key = decodeSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new AppError('INTERNAL', `${file} does not hold a base64 32-byte key; fix or delete it`);
  return key;
}
