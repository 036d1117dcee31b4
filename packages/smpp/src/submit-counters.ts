import type { SubmitOutcome } from './submit-outcome.ts';

/** Running totals for EsmeSession.stats(). */
export class SubmitCounters {
  submitted = 0;
  accepted = 0;
  rejected = 0;
  throttled = 0;
  unknown = 0;
  receipts = 0;
  reconnects = 0;

  record(o: SubmitOutcome): void {
    if (o.kind === 'accepted') this.accepted += 1;
    else if (o.kind === 'rejected') this.rejected += 1;
    else if (o.kind === 'throttled') this.throttled += 1;
    else if (o.kind === 'unknown') this.unknown += 1;
  }

  snapshot() {
    const { submitted, accepted, rejected, throttled, unknown, receipts, reconnects } = this;
    return { submitted, accepted, rejected, throttled, unknown, receipts, reconnects };
  }
}
