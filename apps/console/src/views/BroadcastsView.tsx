import { useRef, useState } from 'react';
import { api, type BroadcastProgressData, type BroadcastRow, errorText } from '../api.ts';
import {
  broadcastActions,
  formatEta,
  isActive,
  progressSummary,
  stillMoving,
} from '../broadcast-progress.ts';
import { usePolling } from '../use-polling.ts';

const REFRESH_MS = 2_000;
const LISTED = 20;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

interface Props {
  /** Agency admins and operators steer broadcasts; viewers only watch. */
  canSteer: boolean;
  onApiError(error: unknown): void;
}

type Row = { broadcast: BroadcastRow; progress: BroadcastProgressData | undefined };

/** The agency's latest broadcasts with live progress, paused, resumed or cancelled from here. */
export function BroadcastsView({ canSteer, onApiError }: Props) {
  // Counts that can no longer move are asked once and kept (a million-row count every 2 s is waste).
  const settled = useRef(new Map<string, BroadcastProgressData>());
  const list = usePolling<Row[]>(
    async () => {
      const { broadcasts } = await api.broadcasts.list.query({ limit: LISTED });
      const ask = broadcasts.filter((b) => !settled.current.has(b.id));
      const fresh = await Promise.all(ask.map((b) => api.broadcasts.get.query({ id: b.id })));
      const byId = new Map(fresh.map((v) => [v.id, v]));
      const now = new Date();
      for (const v of fresh) if (!stillMoving(v, v.progress, now)) settled.current.set(v.id, v.progress);
      return broadcasts.map((b) => {
        const live = byId.get(b.id);
        return { broadcast: live ?? b, progress: live?.progress ?? settled.current.get(b.id) };
      });
    },
    REFRESH_MS,
    onApiError,
  );
  const [actionError, setActionError] = useState<string | null>(null);

  async function act(kind: 'pause' | 'resume' | 'cancel', b: BroadcastRow) {
    if (
      kind === 'cancel' &&
      !window.confirm(`Cancel "${b.name}"? Messages not yet submitted will not be sent.`)
    )
      return;
    setActionError(null);
    try {
      await api.broadcasts[kind].mutate({ id: b.id });
    } catch (e) {
      setActionError(errorText(e));
    }
    list.refresh();
  }

  const rows = list.data ?? [];
  return (
    <section aria-labelledby="broadcasts-title">
      <h2 id="broadcasts-title">Broadcasts</h2>
      {(list.error ?? actionError) && (
        <p className="error" role="alert">
          {actionError ?? list.error}
        </p>
      )}
      <table aria-labelledby="broadcasts-title" aria-busy={!list.loaded}>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Name</th>
            <th scope="col">Service</th>
            <th scope="col">Lane</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Waiting</th>
            <th scope="col">Submitted</th>
            <th scope="col">Delivered</th>
            <th scope="col">Failed</th>
            <th scope="col">Rejected</th>
            <th scope="col">Rate/min</th>
            <th scope="col">ETA</th>
            {canSteer && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ broadcast: b, progress }) => (
            <BroadcastRowView key={b.id} broadcast={b} progress={progress} canSteer={canSteer} onAct={act} />
          ))}
          {list.loaded && rows.length === 0 && (
            <tr>
              <td colSpan={canSteer ? 14 : 13} className="empty">
                No broadcasts yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function BroadcastRowView({
  broadcast: b,
  progress,
  canSteer,
  onAct,
}: {
  broadcast: BroadcastRow;
  progress: BroadcastProgressData | undefined;
  canSteer: boolean;
  onAct(kind: 'pause' | 'resume' | 'cancel', b: BroadcastRow): void;
}) {
  const s = progress ? progressSummary(progress) : null;
  const allowed = broadcastActions(b.status);
  return (
    <tr>
      <td>
        <time dateTime={b.createdAt}>{timeFormat.format(new Date(b.createdAt))}</time>
      </td>
      <td>{b.name}</td>
      <td>{b.service}</td>
      <td>{b.lane}</td>
      <td>{b.status}</td>
      <td>
        {s && (
          <span className="meter">
            <progress value={s.done} max={Math.max(s.total, 1)} aria-label={`Progress of ${b.name}`} />
            <span>
              {s.done}/{s.total} ({s.percent}%)
            </span>
          </span>
        )}
      </td>
      <td className="number">{s?.waiting ?? ''}</td>
      <td className="number">{s?.submitted ?? ''}</td>
      <td className="number">{s?.delivered ?? ''}</td>
      <td className="number">{s?.failed ?? ''}</td>
      <td className="number">{s?.rejected ?? ''}</td>
      <td className="number">{progress?.ratePerMinute ?? ''}</td>
      <td>{isActive(b.status) && progress ? formatEta(progress.etaSeconds) : ''}</td>
      {canSteer && (
        <td className="actions">
          {allowed.pause && (
            <button
              type="button"
              className="secondary"
              aria-label={`Pause ${b.name}`}
              onClick={() => onAct('pause', b)}
            >
              Pause
            </button>
          )}
          {allowed.resume && (
            <button
              type="button"
              className="secondary"
              aria-label={`Resume ${b.name}`}
              onClick={() => onAct('resume', b)}
            >
              Resume
            </button>
          )}
          {allowed.cancel && (
            <button
              type="button"
              className="secondary"
              aria-label={`Cancel ${b.name}`}
              onClick={() => onAct('cancel', b)}
            >
              Cancel
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
