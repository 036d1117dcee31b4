import type { ApiKeyPrincipal } from './authenticate-api-key.ts';

/**
 * Remembers resolved API keys for a few seconds so a busy client costs no database round trip per
 * request. A revoked key keeps working for at most `ttlMs` in a process that has it cached.
 */
export class ApiKeyCache {
  readonly ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { principal: ApiKeyPrincipal; until: number }>();

  constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  get(secretHash: string, now = Date.now()): ApiKeyPrincipal | undefined {
    const hit = this.#entries.get(secretHash);
    if (!hit) return undefined;
    if (hit.until > now) return hit.principal;
    this.#entries.delete(secretHash);
    return undefined;
  }

  set(secretHash: string, principal: ApiKeyPrincipal, now = Date.now()): void {
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(secretHash, { principal, until: now + this.ttlMs });
  }
}
