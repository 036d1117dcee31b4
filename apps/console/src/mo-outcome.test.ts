import { describe, expect, it } from 'vitest';
import { moOutcome } from './mo-outcome.ts';

const base = {
  reading: { kind: 'unknown' as const, keyword: null, args: [], typo: false },
  unanswered: null,
  joined: null,
  optedOut: [],
  reply: null,
};

describe('moOutcome', () => {
  it('names the keyword, its arguments and whether the phone joined', () => {
    expect(
      moOutcome({
        ...base,
        reading: { kind: 'keyword', keyword: 'ALERTAS', args: ['CENTRO'], typo: true },
        joined: 'alertas',
      }),
    ).toEqual({ label: 'Keyword ALERTAS CENTRO (typo forgiven): joined alertas', tone: 'good' });
    expect(
      moOutcome({ ...base, reading: { kind: 'keyword', keyword: 'ALERTAS', args: ['SUR'], typo: false } }),
    ).toEqual({ label: 'Keyword ALERTAS SUR: not joined', tone: 'neutral' });
  });

  it('says what a STOP left', () => {
    const stop = { ...base, reading: { ...base.reading, kind: 'stop' as const } };
    expect(moOutcome({ ...stop, optedOut: [{ service: 'alertas' }] }).label).toBe(
      'STOP: opted out of alertas',
    );
    expect(moOutcome({ ...stop, optedOut: [{ service: null }] }).label).toBe(
      'STOP: opted out of every service on the number',
    );
    expect(moOutcome(stop).label).toBe('STOP: nothing left to leave');
  });

  it('marks unmatched text and floods', () => {
    expect(moOutcome({ ...base, reply: { text: 'Envía ALERTAS', status: 'delivered' } })).toEqual({
      label: 'Unmatched: help reply sent',
      tone: 'pending',
    });
    expect(
      moOutcome({ ...base, reading: { ...base.reading, kind: 'help' }, unanswered: 'rate_limited' }),
    ).toEqual({ label: 'Help (flood-limited)', tone: 'bad' });
    expect(moOutcome({ ...base, unanswered: 'auto_reply' }).label).toBe(
      'Unmatched (no reply: looks like an auto-responder)',
    );
  });
});
