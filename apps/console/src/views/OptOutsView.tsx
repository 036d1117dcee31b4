import { useEffect } from 'react';
import { api, type OptOutRow } from '../api.ts';
import { usePolling } from '../use-polling.ts';
import { CursorPager, useCursorPages } from './CursorPager.tsx';

const REFRESH_MS = 5_000;
const PAGE = 50;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

const SOURCES: Record<string, string> = {
  sms_stop: 'STOP by SMS',
  sms_stop_all: 'STOP ALL by SMS',
  console: 'console',
  api: 'API',
};

interface Props {
  onApiError(error: unknown): void;
}

function scope(o: OptOutRow): string {
  if (o.service !== null) return `service ${o.service}`;
  return o.number === null ? 'every service' : `every service on ${o.number}`;
}

/** The agency's opt-out ledger, newest first: who left what, when, through which message. */
export function OptOutsView({ onApiError }: Props) {
  const pages = useCursorPages();
  const { before } = pages;
  const ledger = usePolling(
    () => api.optOuts.list.query({ limit: PAGE, ...(before === undefined ? {} : { before }) }),
    REFRESH_MS,
    onApiError,
  );
  const { refresh } = ledger;
  // A new cursor means a new page to fetch now, not at the next tick.
  useEffect(refresh, [before]);
  const rows = ledger.data ?? [];

  return (
    <section aria-labelledby="opt-outs-title">
      <h2 id="opt-outs-title">Opt-outs</h2>
      <p className="notice">
        Every send path checks this ledger: a message to a number in it ends <code>rejected</code> with reason{' '}
        <code>opted_out</code>.
      </p>
      {ledger.error && (
        <p className="error" role="alert">
          {ledger.error}
        </p>
      )}
      <table aria-labelledby="opt-outs-title" aria-busy={!ledger.loaded}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Phone</th>
            <th scope="col">Scope</th>
            <th scope="col">How</th>
            <th scope="col">Message</th>
            <th scope="col">Messages blocked</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id}>
              <td>
                <time dateTime={o.at}>{timeFormat.format(new Date(o.at))}</time>
              </td>
              <td>{o.phone}</td>
              <td>{scope(o)}</td>
              <td>{SOURCES[o.source] ?? o.source}</td>
              <td className="text">{o.via === null ? '' : (o.via.text ?? '(purged by retention)')}</td>
              <td className="number">{o.blocked}</td>
              <td>
                {o.revokedAt === null ? (
                  'active'
                ) : (
                  <>
                    back since <time dateTime={o.revokedAt}>{timeFormat.format(new Date(o.revokedAt))}</time>
                  </>
                )}
              </td>
            </tr>
          ))}
          {ledger.loaded && rows.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                {pages.paged ? 'No older opt-outs.' : 'Nobody has opted out.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <CursorPager label="Opt-out pages" pages={pages} rows={rows} pageSize={PAGE} />
    </section>
  );
}
