import { useState } from 'react';
import { api, errorText, type ScheduleRow } from '../api.ts';
import { usePolling } from '../use-polling.ts';

const REFRESH_MS = 10_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

interface Props {
  /** Everyone but viewers may turn a schedule off and on. */
  canEdit: boolean;
  onApiError(error: unknown): void;
}

function when(iso: string | null): string {
  return iso === null ? '' : timeFormat.format(new Date(iso));
}

function lastRun(s: ScheduleRow): string {
  if (s.lastRunAt === null) return 'never';
  const result = s.lastResult
    ? ` (${s.lastResult.outcome}${s.lastResult.missed > 0 ? `, ${s.lastResult.missed} missed` : ''})`
    : '';
  return `${when(s.lastRunAt)}${result}`;
}

/** The agency's recurring schedules: what runs when, in which time zone, and how the last run went. */
export function SchedulesView({ canEdit, onApiError }: Props) {
  const schedules = usePolling(() => api.schedules.list.query(), REFRESH_MS, onApiError);
  const [actionError, setActionError] = useState<string | null>(null);
  const rows = schedules.data ?? [];

  async function toggle(s: ScheduleRow) {
    setActionError(null);
    try {
      await api.schedules.setEnabled.mutate({ schedule: s.id, enabled: !s.enabled });
    } catch (e) {
      setActionError(errorText(e));
    }
    schedules.refresh();
  }

  return (
    <section aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      {(actionError ?? schedules.error) && (
        <p className="error" role="alert">
          {actionError ?? schedules.error}
        </p>
      )}
      <table aria-labelledby="schedules-title" aria-busy={!schedules.loaded}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Sends</th>
            <th scope="col">Service</th>
            <th scope="col">Cron</th>
            <th scope="col">Time zone</th>
            <th scope="col">Enabled</th>
            <th scope="col">Next run</th>
            <th scope="col">Last run</th>
            <th scope="col">Runs</th>
            {canEdit && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.kind}</td>
              <td>{s.service ?? ''}</td>
              <td>
                <code>{s.cron}</code>
              </td>
              <td>{s.timezone}</td>
              <td>{s.enabled ? 'yes' : 'no'}</td>
              <td>{s.nextRunAt && <time dateTime={s.nextRunAt}>{when(s.nextRunAt)}</time>}</td>
              <td>{lastRun(s)}</td>
              <td className="number">{s.runCount}</td>
              {canEdit && (
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`${s.enabled ? 'Disable' : 'Enable'} ${s.name}`}
                    onClick={() => void toggle(s)}
                  >
                    {s.enabled ? 'Disable' : 'Enable'}
                  </button>
                </td>
              )}
            </tr>
          ))}
          {schedules.loaded && rows.length === 0 && (
            <tr>
              <td colSpan={canEdit ? 10 : 9} className="empty">
                No schedules.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
