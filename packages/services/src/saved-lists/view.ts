import type { SubscriberFilter } from '@pregon/db';

export interface SavedListView {
  id: string;
  service: string;
  name: string;
  filter: SubscriberFilter;
  createdAt: string;
}

export function savedListView(row: {
  id: string;
  service: string;
  name: string;
  filter: SubscriberFilter;
  createdAt: Date;
}): SavedListView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
