import { useEffect, useRef } from 'react';
import { api, type SessionUser, type WebhookRow } from './api.ts';
import { type Polled, usePolling } from './use-polling.ts';

const REFRESH_MS = 5_000;

/** Webhooks are managed by the agency's admins (and platform admins); nobody else may list them. */
export function isWebhookAdmin(user: SessionUser, agency: string): boolean {
  return user.memberships.find((m) => m.slug === agency)?.role === 'agency_admin' || user.isPlatformAdmin;
}

/**
 * The selected agency's webhooks, polled once for the header's badge, the warning banner and the
 * Webhooks page. A list fetched for the previously selected agency is never shown for the new one.
 */
export function useAgencyWebhooks(
  user: SessionUser | null,
  agency: string | null,
  onApiError: (error: unknown) => void,
): Polled<WebhookRow[]> {
  const admin = user !== null && agency !== null && isWebhookAdmin(user, agency);
  const polled = usePolling(
    async () => ({ agency, rows: admin ? await api.webhooks.list.query() : [] }),
    REFRESH_MS,
    onApiError,
  );
  const refresh = useRef(polled.refresh);
  refresh.current = polled.refresh;
  // A new agency or role must not wait for the next tick.
  useEffect(() => refresh.current(), [agency, admin]);
  const current = polled.data?.agency === agency ? polled.data.rows : undefined;
  return { ...polled, data: current, loaded: polled.loaded && current !== undefined };
}
