import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSecretKey, loadSecretKey } from './secret-key.ts';

const homes: string[] = [];
const newHome = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pregon-key-'));
  homes.push(dir);
  return join(dir, '.pregon');
};
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe('secret key', () => {
  it('decodes base64 of exactly 32 bytes only', () => {
    const key = randomBytes(32);
    expect(decodeSecretKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(decodeSecretKey(randomBytes(31).toString('base64'))).toBeUndefined();
    expect(decodeSecretKey('not base64!')).toBeUndefined();
  });

  it('uses the configured key without touching the home directory', () => {
    const key = randomBytes(32);
    const home = newHome();
    expect(loadSecretKey({ key, home })).toBe(key);
    expect(() => statSync(home)).toThrow();
  });

  it('creates <home>/secret.key once, mode 0600, and returns the same key afterwards', () => {
    const home = newHome();
    const first = loadSecretKey({ home });
    const file = join(home, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first).length).toBe(32);
    expect(Buffer.from(loadSecretKey({ home })).equals(Buffer.from(first))).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(Buffer.from(first).toString('base64'));
  });

  it('refuses a damaged key file rather than making a new key', () => {
    const home = newHome();
    loadSecretKey({ home });
    writeFileSync(join(home, 'secret.key'), 'short\n');
    expect(() => loadSecretKey({ home })).toThrow(/does not hold a base64 32-byte key/);
  });
});
