import { useId } from 'react';
import { api, type QuotaStateRow } from '../api.ts';
import { quotaBar } from '../quota-usage.ts';
import { usePolling } from '../use-polling.ts';

const REFRESH_MS = 10_000;

interface Props {
  onApiError(error: unknown): void;
}

/** The agency's quotas this day and month: how much is used against its warn and block levels. */
export function QuotasView({ onApiError }: Props) {
  const status = usePolling(() => api.quota.status.query(), REFRESH_MS, onApiError);
  return (
    <section aria-labelledby="quotas-title" className="card">
      <h2 id="quotas-title">Quotas</h2>
      {status.error && (
        <p className="error" role="alert">
          {status.error}
        </p>
      )}
      {status.data && (
        <p className="notice">
          Days and months in {status.data.timezone}. Past the block level, messages end <code>rejected</code>{' '}
          with reason <code>quota_exceeded</code>.
        </p>
      )}
      <ul className="quotas" aria-busy={!status.loaded}>
        {status.data?.quotas.map((q) => (
          <QuotaBar key={q.quota} quota={q} />
        ))}
      </ul>
    </section>
  );
}

function QuotaBar({ quota }: { quota: QuotaStateRow }) {
  const id = useId();
  const bar = quotaBar(quota);
  return (
    <li className="meter">
      <span id={id} className="quota-label">
        {bar.label}
      </span>
      {bar.max !== null && (
        <meter
          aria-labelledby={id}
          min={0}
          max={bar.max}
          low={quota.warn === null ? undefined : Number(quota.warn)}
          high={quota.warn === null ? undefined : Number(quota.warn)}
          optimum={0}
          value={Math.min(bar.used, bar.max)}
        />
      )}
      <span>
        {bar.text}
        {bar.percent !== null && ` — ${bar.percent}%`}
        {bar.level === 'warn' && <strong className="warn"> warning level reached</strong>}
        {bar.level === 'blocked' && <strong className="error"> blocked</strong>}
      </span>
    </li>
  );
}
