/** What the console needs of one reported link to measure its submit rate. */
export interface LinkSample {
  key: string;
  holder: string | null;
  submitted: number;
  /** When the holder last reported (database clock, ISO). */
  heartbeatAt: string;
}

export interface LinkRates {
  samples: ReadonlyMap<string, LinkSample>;
  /** Submits per second between the last two reports seen; null until there are two of the same session. */
  rates: ReadonlyMap<string, number | null>;
}

export const noLinkRates: LinkRates = { samples: new Map(), rates: new Map() };

/**
 * Folds a new poll into the rates: each link's submits per second between the previous report the
 * console saw and this one, timed by the reports' own timestamps. A new holder (or a restarted session)
 * starts its counter again, so there is no rate until its second report.
 * @example nextLinkRates(noLinkRates, [{ key: 'c:0', holder: 'gw', submitted: 10, heartbeatAt }])
 */
export function nextLinkRates(previous: LinkRates, links: readonly LinkSample[]): LinkRates {
  const samples = new Map<string, LinkSample>();
  const rates = new Map<string, number | null>();
  for (const link of links) {
    const before = previous.samples.get(link.key);
    const seconds = before ? (Date.parse(link.heartbeatAt) - Date.parse(before.heartbeatAt)) / 1000 : 0;
    const sameSession =
      before !== undefined && before.holder === link.holder && link.submitted >= before.submitted;
    if (sameSession && seconds === 0) {
      // No new report since the last poll: keep what was measured.
      samples.set(link.key, before);
      rates.set(link.key, previous.rates.get(link.key) ?? null);
    } else {
      samples.set(link.key, link);
      rates.set(link.key, sameSession && seconds > 0 ? (link.submitted - before.submitted) / seconds : null);
    }
  }
  return { samples, rates };
}

/** "12.5" for a rate, "—" before there is one. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1);
}

/** How long before its last report a link answered an enquire_link: "4 s ago", "—" if never. */
export function enquireLinkAge(lastEnquireLinkAt: string | null, heartbeatAt: string): string {
  if (lastEnquireLinkAt === null) return '—';
  const seconds = Math.max(0, Math.round((Date.parse(heartbeatAt) - Date.parse(lastEnquireLinkAt)) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
