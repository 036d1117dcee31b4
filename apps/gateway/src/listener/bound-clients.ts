import type { SmppClientPrincipal } from '@pregon/services';
import type { EsmeConnection } from './esme-connection.ts';

interface ClientBinds {
  principal: SmppClientPrincipal;
  readonly connections: Set<EsmeConnection>;
  next: number;
}

/** The binds each SMPP client holds on this listener: the max_binds check and receipt routing. */
export class BoundClients {
  readonly #clients = new Map<string, ClientBinds>();

  /** Registers a bind; false when the client already holds its max_binds. */
  tryAdd(conn: EsmeConnection, principal: SmppClientPrincipal): boolean {
    const entry = this.#clients.get(principal.clientId) ?? {
      principal,
      connections: new Set<EsmeConnection>(),
      next: 0,
    };
    if (entry.connections.size >= principal.maxBinds) return false;
    entry.principal = principal;
    entry.connections.add(conn);
    this.#clients.set(principal.clientId, entry);
    return true;
  }

  remove(conn: EsmeConnection): void {
    for (const [clientId, entry] of this.#clients) {
      if (entry.connections.delete(conn) && entry.connections.size === 0) this.#clients.delete(clientId);
    }
  }

  /** Clients with at least one bind that can take deliver_sm (receiver or transceiver). */
  receiving(): SmppClientPrincipal[] {
    return [...this.#clients.values()]
      .filter((e) => [...e.connections].some((c) => c.canReceive))
      .map((e) => e.principal);
  }

  /** One of the client's receiving binds, in turn; null when it has none left. */
  receiver(clientId: string): EsmeConnection | null {
    const entry = this.#clients.get(clientId);
    if (entry === undefined) return null;
    const receivers = [...entry.connections].filter((c) => c.canReceive);
    if (receivers.length === 0) return null;
    entry.next = (entry.next + 1) % receivers.length;
    return receivers[entry.next] ?? null;
  }

  count(clientId: string): number {
    return this.#clients.get(clientId)?.connections.size ?? 0;
  }
}
