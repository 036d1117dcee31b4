import { type Database, inboundNumbers, type Tx, withNoTenant } from '@pregon/db';
import { eq, sql } from 'drizzle-orm';
import type { ExtraStopWord, NumberWord } from './match.ts';
import type { Language } from './normalise.ts';

/** A word on a number, with the agency and service it belongs to. */
export interface OwnedWord extends NumberWord {
  keyword: string;
  tenantId: string;
  serviceId: string;
}

/** What the engine knows about the number an MO was sent to, before any tenant is known. */
export interface NumberContext {
  id: string;
  /** Replies go out from this address. */
  sender: string;
  dedicated: { tenantId: string; serviceId: string } | null;
  words: OwnedWord[];
  /** Agencies' own STOP words answered on this number (pregon_number_stop_words). */
  stopWords: ExtraStopWord[];
}

/** Digits only: '+34 911 000 000' and '0034911000000' name the same number as '34911000000'. */
export function numberKey(address: string): string {
  return address.replace(/\D/g, '').replace(/^00/, '');
}

/** The number and every keyword word on it, across agencies (pregon_number_keywords). */
export async function loadNumberContext(db: Database, destination: string): Promise<NumberContext | null> {
  return withNoTenant(db, async (tx) => {
    const [n] = await tx
      .select()
      .from(inboundNumbers)
      .where(eq(inboundNumbers.number, numberKey(destination)));
    if (!n) return null;
    const words = await tx.execute<{
      word: string;
      language: Language;
      keyword_id: string;
      keyword: string;
      tenant_id: string;
      service_id: string;
    }>(sql`select * from pregon_number_keywords(${n.id}::uuid)`);
    const stopWords = await tx.execute<{ word: string; language: Language; tenant_id: string }>(
      sql`select * from pregon_number_stop_words(${n.id}::uuid)`,
    );
    return {
      id: n.id,
      sender: n.sender,
      dedicated:
        n.dedicatedTenantId !== null && n.dedicatedServiceId !== null
          ? { tenantId: n.dedicatedTenantId, serviceId: n.dedicatedServiceId }
          : null,
      words: words.map((w) => ({
        word: w.word,
        language: w.language,
        keywordId: w.keyword_id,
        keyword: w.keyword,
        tenantId: w.tenant_id,
        serviceId: w.service_id,
      })),
      stopWords: stopWords.map((w) => ({ word: w.word, language: w.language, tenantId: w.tenant_id })),
    };
  });
}

/** Agencies with a service on the number: the dedicated owner, then keyword owners in keyword order. */
export function tenantsOnNumber(n: NumberContext): string[] {
  return [...new Set([...(n.dedicated ? [n.dedicated.tenantId] : []), ...n.words.map((w) => w.tenantId)])];
}

/** One agency's services on the number. */
export function servicesOnNumber(n: NumberContext, tenantId: string): string[] {
  const dedicated = n.dedicated?.tenantId === tenantId ? [n.dedicated.serviceId] : [];
  return [
    ...new Set([...dedicated, ...n.words.filter((w) => w.tenantId === tenantId).map((w) => w.serviceId)]),
  ];
}

/** The agency (and service) that last wrote to this phone from this number (pregon_last_contact). */
export async function lastContact(
  db: Database,
  phone: string,
  sender: string,
): Promise<{ tenantId: string; serviceId: string | null } | null> {
  const [row] = await withNoTenant(db, (tx: Tx) =>
    tx.execute<{ tenant_id: string; service_id: string | null }>(
      sql`select * from pregon_last_contact(${phone}, ${sender})`,
    ),
  );
  return row ? { tenantId: row.tenant_id, serviceId: row.service_id } : null;
}
