import { useState } from 'react';
import { api, type DeadLetterRow, errorText } from '../api.ts';
import { usePolling } from '../use-polling.ts';

const REFRESH_MS = 10_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

interface Props {
  onApiError(error: unknown): void;
}

function carried(d: DeadLetterRow): string {
  const parts = [];
  if (d.messages > 0) parts.push(`${d.messages} message${d.messages === 1 ? '' : 's'}`);
  if (d.receipts > 0) parts.push(`${d.receipts} receipt${d.receipts === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** Platform admins: jobs that exhausted their retries, why, and a retry for each. */
export function DeadLettersView({ onApiError }: Props) {
  const letters = usePolling(() => api.deadLetters.list.query(), REFRESH_MS, onApiError);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const rows = letters.data?.deadLetters ?? [];

  async function retry(d: DeadLetterRow) {
    setActionError(null);
    setNotice(null);
    setRetrying(d.id);
    try {
      const done = await api.deadLetters.retry.mutate({ jobId: d.id });
      setNotice(`Job ${done.id} (${done.queue}) is queued again.`);
    } catch (e) {
      setActionError(errorText(e));
      onApiError(e);
    } finally {
      setRetrying(null);
    }
    letters.refresh();
  }

  return (
    <section aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead letters</h2>
      {(actionError ?? letters.error) && (
        <p className="error" role="alert">
          {actionError ?? letters.error}
        </p>
      )}
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      <table aria-labelledby="dead-letters-title" aria-busy={!letters.loaded}>
        <thead>
          <tr>
            <th scope="col">Failed</th>
            <th scope="col">Queue</th>
            <th scope="col">Reason</th>
            <th scope="col">Attempts</th>
            <th scope="col">Carried</th>
            <th scope="col">Agencies</th>
            <th scope="col">Job</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>
                {d.failedAt && <time dateTime={d.failedAt}>{timeFormat.format(new Date(d.failedAt))}</time>}
              </td>
              <td>{d.queue}</td>
              <td className="text">{d.reason}</td>
              <td className="number">{d.attempts}</td>
              <td>{carried(d)}</td>
              <td className="number">{d.tenantIds.length}</td>
              <td>
                <code>{d.id}</code>
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Retry job ${d.id}`}
                  disabled={retrying === d.id}
                  onClick={() => void retry(d)}
                >
                  Retry
                </button>
              </td>
            </tr>
          ))}
          {letters.loaded && !letters.error && rows.length === 0 && (
            <tr>
              <td colSpan={8} className="empty">
                No dead letters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
