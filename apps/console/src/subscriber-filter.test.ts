import { describe, expect, it } from 'vitest';
import { attributesText, exportFileName, NO_FILTERS, subscriberQuery } from './subscriber-filter.ts';

describe('subscriberQuery', () => {
  it('sends only the filters given, with the page cursor', () => {
    expect(subscriberQuery('citas', NO_FILTERS)).toEqual({
      ok: true,
      query: { serviceSlug: 'citas', limit: 50 },
    });
    expect(
      subscriberQuery(
        'citas',
        {
          status: 'active',
          language: 'ca',
          attributeName: ' Zone ',
          attributeValue: ' Ribera ',
          phone: ' 600 ',
        },
        '+34600000001',
      ),
    ).toEqual({
      ok: true,
      query: {
        serviceSlug: 'citas',
        status: 'active',
        language: 'ca',
        attribute: { name: 'zone', value: 'Ribera' },
        phone: '600',
        limit: 50,
        after: '+34600000001',
      },
    });
  });

  it('needs both halves of an attribute filter', () => {
    expect(subscriberQuery('citas', { ...NO_FILTERS, attributeName: 'zone' })).toMatchObject({ ok: false });
    expect(subscriberQuery('citas', { ...NO_FILTERS, attributeValue: 'Ribera' })).toMatchObject({
      ok: false,
    });
  });
});

describe('attributesText and exportFileName', () => {
  it('lists attributes by name', () => {
    expect(attributesText({ zone: 'Ribera', district: '12' })).toBe('district=12, zone=Ribera');
    expect(attributesText({})).toBe('');
  });
  it('dates the export file in UTC', () => {
    expect(exportFileName('citas', new Date('2026-11-26T23:30:00-02:00'))).toBe(
      'citas-subscribers-2026-11-27.csv',
    );
  });
});
