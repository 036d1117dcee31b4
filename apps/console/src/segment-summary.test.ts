import { describe, expect, it } from 'vitest';
import { segmentSummary } from './segment-summary.ts';

describe('segmentSummary', () => {
  it('counts a short GSM message as one segment of 160', () => {
    expect(segmentSummary('Cita confirmada')).toBe('1 segment · gsm7 · 145 characters left in this segment');
  });

  it('splits a long message into 153-character parts', () => {
    expect(segmentSummary('a'.repeat(161))).toMatch(/^2 segments · gsm7 · 145 characters left/);
  });

  it('names the characters that force UCS-2', () => {
    expect(segmentSummary('Hola 😀')).toMatch(/^1 segment · ucs2 \(because of 😀\)/);
  });

  it('says so when there is nothing to send', () => {
    expect(segmentSummary('')).toBe('Empty message');
  });
});
