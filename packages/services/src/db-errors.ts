/** True when a unique constraint rejected the write (SQLSTATE 23505), wherever drizzle wrapped it. */
export function uniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: unknown }).code === '23505') return true;
  }
  return false;
}
