import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '@pregon/domain';

const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
// NIST SP 800-38D §8.2: a 96-bit random IV per encryption; the 128-bit tag authenticates the rest.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens carrier passwords (AES-256-GCM) so the database never holds them in clear. */
export interface CarrierSecrets {
  /** `enc:v1:<iv>:<tag>:<ciphertext>`, each part base64; a fresh IV every time. */
  seal(plain: string): string;
  /** The clear password of a stored value; legacy rows without the prefix are returned as they are. */
  open(stored: string): string;
  /** HMAC-SHA256 (hex) of `data` under a subkey of the server key for `purpose` (e.g. signup codes). */
  mac(purpose: string, data: string): string;
}

/** True when a stored password is already sealed (legacy plaintext rows are not). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/**
 * Carrier password sealing with a 32-byte key, or a loader called on first use (so a process that
 * never touches a password never creates a key file).
 * @example const secrets = createCarrierSecrets(randomBytes(32)); secrets.open(secrets.seal('pw')) // 'pw'
 */
export function createCarrierSecrets(key: Uint8Array | (() => Uint8Array)): CarrierSecrets {
  let loaded: Buffer | undefined;
  const keyBytes = (): Buffer => {
    if (loaded) return loaded;
    const raw = Buffer.from(typeof key === 'function' ? key() : key);
    if (raw.length !== KEY_BYTES)
      throw new AppError('INTERNAL', `the carrier secret key must be ${KEY_BYTES} bytes, got ${raw.length}`);
    loaded = raw;
    return raw;
  };
  const subkeys = new Map<string, Buffer>();
  const subkey = (purpose: string): Buffer => {
    let k = subkeys.get(purpose);
    if (!k) {
      // RFC 5869 HKDF: a MAC never uses the sealing key itself, and each purpose gets its own key.
      k = Buffer.from(hkdfSync('sha256', keyBytes(), Buffer.alloc(0), `pregon:${purpose}`, KEY_BYTES));
      subkeys.set(purpose, k);
    }
    return k;
  };
  return {
    mac(purpose, data) {
      return createHmac('sha256', subkey(purpose)).update(data, 'utf8').digest('hex');
    },
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes(), iv, { authTagLength: TAG_BYTES });
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64'));
      return `${PREFIX}${parts.join(':')}`;
    },
    open(stored) {
      if (!isSealed(stored)) return stored;
      const [iv, tag, body] = stored
        .slice(PREFIX.length)
        .split(':')
        .map((p) => Buffer.from(p, 'base64'));
      if (!iv || !tag || !body || iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
        throw new AppError('INTERNAL', 'a stored carrier password is malformed');
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyBytes(), iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AppError(
          'INTERNAL',
          'a stored carrier password does not open with this key (is PREGON_SECRET_KEY the one it was sealed with?)',
          { cause },
        );
      }
    },
  };
}

/** Carrier secrets from a context, or a clear error: storing a password in clear is never a fallback. */
export function requireSecrets(secrets: CarrierSecrets | undefined): CarrierSecrets {
  if (secrets) return secrets;
  throw new AppError('INTERNAL', 'no carrier secret key is configured for this process');
}
