import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCarrierSecrets, isSealed, requireSecrets } from './carrier-secrets.ts';

describe('carrier secrets', () => {
  const secrets = createCarrierSecrets(randomBytes(32));

  it('seals as enc:v1:<iv>:<tag>:<ciphertext> and opens back, with a fresh IV each time', () => {
    const a = secrets.seal('s3cr€t');
    const b = secrets.seal('s3cr€t');
    expect(a).toMatch(/^enc:v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(a).not.toContain('s3cr');
    expect(a).not.toBe(b);
    expect(secrets.open(a)).toBe('s3cr€t');
    expect(secrets.open(secrets.seal(''))).toBe('');
    expect(isSealed(a)).toBe(true);
  });

  it('opens legacy plaintext rows as they are', () => {
    expect(secrets.open('secret')).toBe('secret');
    expect(isSealed('secret')).toBe(false);
  });

  it('refuses a tampered value or the wrong key instead of returning garbage', () => {
    const sealed = secrets.seal('password');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), body.toString('base64')].join(':');
    expect(() => secrets.open(tampered)).toThrow(/does not open/);
    expect(() => createCarrierSecrets(randomBytes(32)).open(sealed)).toThrow(/does not open/);
    expect(() => secrets.open('enc:v1:abc')).toThrow(/malformed/);
  });

  it('wants a 32-byte key, and loads a lazy key only on first use', () => {
    expect(() => createCarrierSecrets(randomBytes(16)).seal('x')).toThrow(/32 bytes/);
    let loads = 0;
    const lazy = createCarrierSecrets(() => {
      loads++;
      return randomBytes(32);
    });
    expect(loads).toBe(0);
    expect(lazy.open(lazy.seal('pw'))).toBe('pw');
    expect(loads).toBe(1);
  });

  it('MACs with a subkey per purpose: stable under one key, different across purposes and keys', () => {
    const key = randomBytes(32);
    const one = createCarrierSecrets(key);
    const mac = one.mac('signup-code', 'id:123456');
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(createCarrierSecrets(key).mac('signup-code', 'id:123456')).toBe(mac);
    expect(one.mac('other', 'id:123456')).not.toBe(mac);
    expect(one.mac('signup-code', 'id:123457')).not.toBe(mac);
    expect(secrets.mac('signup-code', 'id:123456')).not.toBe(mac);
  });

  it('requireSecrets fails loudly when a process has no key', () => {
    expect(() => requireSecrets(undefined)).toThrow(/no carrier secret key/);
  });
});
