import { describe, expect, it } from 'vitest';
import { receivedAlphabet } from './data-coding.ts';

describe('receivedAlphabet', () => {
  it.each([
    [0x00, 'gsm7'],
    [0x01, 'ascii'],
    [0x02, 'binary'],
    [0x03, 'latin1'],
    [0x04, 'binary'],
    [0x06, 'binary'],
    [0x08, 'ucs2'],
    [0x0f, 'gsm7'],
    [0x10, 'gsm7'],
    [0x11, 'gsm7'],
    [0x14, 'binary'],
    [0x18, 'ucs2'],
    [0x19, 'ucs2'],
    [0x1c, 'gsm7'],
    [0x20, 'binary'],
    [0x48, 'ucs2'],
    [0x90, 'gsm7'],
    [0xc0, 'gsm7'],
    [0xd8, 'gsm7'],
    [0xe0, 'ucs2'],
    [0xf0, 'gsm7'],
    [0xf1, 'gsm7'],
    [0xf4, 'binary'],
    [0xf6, 'binary'],
  ])('data_coding 0x%s reads as %s', (dataCoding, alphabet) => {
    expect(receivedAlphabet(dataCoding)).toBe(alphabet);
  });
});
