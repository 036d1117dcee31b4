import type { SubscriberQuery } from './api.ts';

export const PAGE_SIZE = 50;

/** The subscriber filters as typed; empty strings mean "any". */
export interface SubscriberFilters {
  status: '' | 'active' | 'pending' | 'opted_out';
  language: '' | 'es' | 'ca' | 'en';
  attributeName: string;
  attributeValue: string;
  phone: string;
}

export const NO_FILTERS: SubscriberFilters = {
  status: '',
  language: '',
  attributeName: '',
  attributeValue: '',
  phone: '',
};

/**
 * The `subscribers.list` input for a service, its filters and the page cursor, or why the filters
 * cannot be used (an attribute needs both a name and a value).
 * @example subscriberQuery('citas', { ...NO_FILTERS, phone: ' 600 ' }) -> { ok: true, query: { serviceSlug: 'citas', phone: '600', limit: 50 } }
 */
export function subscriberQuery(
  serviceSlug: string,
  f: SubscriberFilters,
  after?: string,
): { ok: true; query: SubscriberQuery } | { ok: false; message: string } {
  const name = f.attributeName.trim().toLowerCase();
  const value = f.attributeValue.trim();
  if ((name === '') !== (value === ''))
    return { ok: false, message: 'To filter by attribute, give both its name and its value.' };
  const phone = f.phone.trim();
  return {
    ok: true,
    query: {
      serviceSlug,
      ...(f.status === '' ? {} : { status: f.status }),
      ...(f.language === '' ? {} : { language: f.language }),
      ...(name === '' ? {} : { attribute: { name, value } }),
      ...(phone === '' ? {} : { phone }),
      limit: PAGE_SIZE,
      ...(after === undefined ? {} : { after }),
    },
  };
}

/** `district=12, zone=Centro`: a subscriber's attributes on one line, by name. */
export function attributesText(attributes: Record<string, string>): string {
  return Object.keys(attributes)
    .sort()
    .map((k) => `${k}=${attributes[k]}`)
    .join(', ');
}

/** The file name an export downloads as: `citas-subscribers-2026-11-26.csv` (UTC date). */
export function exportFileName(serviceSlug: string, at: Date): string {
  return `${serviceSlug}-subscribers-${at.toISOString().slice(0, 10)}.csv`;
}
