import type { InboundRow } from './api.ts';

export type Tone = 'pending' | 'good' | 'bad' | 'neutral';

const UNANSWERED: Record<NonNullable<InboundRow['unanswered']>, string> = {
  rate_limited: 'flood-limited',
  reply_limit: 'no reply: hourly reply cap reached',
  auto_reply: 'no reply: looks like an auto-responder',
};

function scope(optedOut: InboundRow['optedOut']): string {
  if (optedOut.length === 0) return 'nothing left to leave';
  if (optedOut.some((o) => o.service === null)) return 'opted out of every service on the number';
  return `opted out of ${optedOut.map((o) => o.service).join(', ')}`;
}

/**
 * What the keyword engine did with an MO, in a few words for the MO log, and a tone for its badge.
 * @example moOutcome(row) -> { label: 'Keyword ALERTAS CENTRO: joined alertas', tone: 'good' }
 */
export function moOutcome(
  row: Pick<InboundRow, 'reading' | 'unanswered' | 'joined' | 'optedOut' | 'reply'>,
): {
  label: string;
  tone: Tone;
} {
  const { reading } = row;
  let label: string;
  let tone: Tone;
  switch (reading.kind) {
    case 'keyword': {
      const words = [reading.keyword ?? '?', ...reading.args].join(' ');
      const typo = reading.typo ? ' (typo forgiven)' : '';
      label = `Keyword ${words}${typo}: ${row.joined === null ? 'not joined' : `joined ${row.joined}`}`;
      tone = row.joined === null ? 'neutral' : 'good';
      break;
    }
    case 'stop':
      label = `STOP: ${scope(row.optedOut)}`;
      tone = 'neutral';
      break;
    case 'start':
      label = 'START: back in';
      tone = 'good';
      break;
    case 'help':
      label = 'Help';
      tone = 'neutral';
      break;
    case 'language':
      label = 'Language change';
      tone = 'neutral';
      break;
    case 'confirm':
      label = row.joined === null ? 'Confirmation, nothing pending' : `Confirmation: joined ${row.joined}`;
      tone = row.joined === null ? 'neutral' : 'good';
      break;
    default:
      label = row.reply === null ? 'Unmatched' : 'Unmatched: help reply sent';
      tone = 'pending';
  }
  if (row.unanswered !== null) {
    label = `${label} (${UNANSWERED[row.unanswered]})`;
    if (row.unanswered === 'rate_limited') tone = 'bad';
  }
  return { label, tone };
}
