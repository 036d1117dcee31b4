import { useEffect } from 'react';
import { api } from '../api.ts';
import { moOutcome } from '../mo-outcome.ts';
import { usePolling } from '../use-polling.ts';
import { CursorPager, useCursorPages } from './CursorPager.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const REFRESH_MS = 3_000;
const PAGE = 50;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

interface Props {
  onApiError(error: unknown): void;
}

/** Citizens' texts to the agency's numbers, newest first, with what the keyword engine did. */
export function InboundView({ onApiError }: Props) {
  const pages = useCursorPages();
  const { before } = pages;
  const log = usePolling(
    () => api.inbound.list.query({ limit: PAGE, ...(before === undefined ? {} : { before }) }),
    REFRESH_MS,
    onApiError,
  );
  const { refresh } = log;
  // A new cursor means a new page to fetch now, not at the next tick.
  useEffect(refresh, [before]);
  const rows = log.data ?? [];

  return (
    <section aria-labelledby="inbound-title">
      <h2 id="inbound-title">Inbound messages</h2>
      {log.error && (
        <p className="error" role="alert">
          {log.error}
        </p>
      )}
      <table aria-labelledby="inbound-title" aria-busy={!log.loaded}>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Text</th>
            <th scope="col">Keyword engine</th>
            <th scope="col">Reply</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => {
            const outcome = moOutcome(m);
            return (
              <tr key={m.id}>
                <td>
                  <time dateTime={m.receivedAt}>{timeFormat.format(new Date(m.receivedAt))}</time>
                </td>
                <td>{m.from}</td>
                <td>{m.to}</td>
                <td className="text">{m.text}</td>
                <td>
                  <span className={`badge badge-${outcome.tone}`}>{outcome.label}</span>
                </td>
                <td className="text">
                  {m.reply && (
                    <>
                      {m.reply.text} <StatusBadge status={m.reply.status} />
                    </>
                  )}
                </td>
              </tr>
            );
          })}
          {log.loaded && rows.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                {pages.paged ? 'No older messages.' : 'No inbound messages yet.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <CursorPager label="Inbound message pages" pages={pages} rows={rows} pageSize={PAGE} />
    </section>
  );
}
