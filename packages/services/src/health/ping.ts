import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

/** Round trip to PostgreSQL for readiness probes; resolves false instead of throwing. */
export async function pingDatabase({ ctx }: { ctx: ServiceContext }): Promise<boolean> {
  try {
    await ctx.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
