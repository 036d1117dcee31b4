import type { AppRouter } from '@pregon/api';
import { createTRPCClient, httpBatchLink, type TRPCClient, TRPCClientError } from '@trpc/client';

const TOKEN_KEY = 'pregon.session';
const AGENCY_KEY = 'pregon.agency';

/** Where the console keeps its session between reloads (localStorage: one tab logs in, all do). */
export const savedSession = {
  token: () => localStorage.getItem(TOKEN_KEY),
  agency: () => localStorage.getItem(AGENCY_KEY),
  save(token: string) {
    localStorage.setItem(TOKEN_KEY, token);
  },
  selectAgency(slug: string) {
    localStorage.setItem(AGENCY_KEY, slug);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(AGENCY_KEY);
  },
};

/** The typed client for the gateway's /trpc; every call carries the session and the selected agency. */
export const api: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/trpc',
      headers() {
        const token = savedSession.token();
        const agency = savedSession.agency();
        return {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(agency ? { 'x-pregon-agency': agency } : {}),
        };
      },
    }),
  ],
});

export type SessionUser = Awaited<ReturnType<typeof api.auth.me.query>>;
export type MessageRow = Awaited<ReturnType<typeof api.messages.list.query>>[number];
export type AgencyRow = Awaited<ReturnType<typeof api.agencies.list.query>>[number];
export type CarrierRow = Awaited<ReturnType<typeof api.carriers.list.query>>[number];
export type ServiceRow = Awaited<ReturnType<typeof api.services.list.query>>[number];
export type NumberRow = Awaited<ReturnType<typeof api.keywords.list.query>>[number];
export type KeywordInput = Parameters<typeof api.keywords.add.mutate>[0];
export type SubscriberQuery = Parameters<typeof api.subscribers.list.query>[0];
export type SubscriberPage = Awaited<ReturnType<typeof api.subscribers.list.query>>;
export type ImportReport = Awaited<ReturnType<typeof api.subscribers.import.mutate>>;
export type OptOutRow = Awaited<ReturnType<typeof api.optOuts.list.query>>[number];
export type InboundRow = Awaited<ReturnType<typeof api.inbound.list.query>>[number];
export type BroadcastRow = Awaited<ReturnType<typeof api.broadcasts.list.query>>['broadcasts'][number];
export type BroadcastStatusName = BroadcastRow['status'];
export type BroadcastProgressData = Awaited<ReturnType<typeof api.broadcasts.get.query>>['progress'];
export type QuotaStateRow = Awaited<ReturnType<typeof api.quota.status.query>>['quotas'][number];
export type ScheduleRow = Awaited<ReturnType<typeof api.schedules.list.query>>[number];
export type WebhookRow = Awaited<ReturnType<typeof api.webhooks.list.query>>[number];
export type WebhookAttemptRow = Awaited<ReturnType<typeof api.webhooks.attempts.query>>[number];
export type WebhookEventName = NonNullable<
  Parameters<typeof api.webhooks.create.mutate>[0]['events']
>[number];
export type DeadLetterRow = Awaited<ReturnType<typeof api.deadLetters.list.query>>['deadLetters'][number];

/** True when the server says the session is gone, so the console should show the login form. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}

/** A message fit to show the user: the server's own words, or a plain note when the network failed. */
export function errorText(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message || 'The request failed';
  return 'Could not reach the server. Check your connection and try again.';
}
