import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { api, errorText, type ServiceRow, type SubscriberPage } from '../api.ts';
import {
  attributesText,
  exportFileName,
  NO_FILTERS,
  type SubscriberFilters,
  subscriberQuery,
} from '../subscriber-filter.ts';
import { usePolling } from '../use-polling.ts';
import { ImportSubscribers } from './ImportSubscribers.tsx';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

interface Props {
  onApiError(error: unknown): void;
}

/** A service's subscribers: filter, page through, import a CSV and export one. */
export function SubscribersView({ onApiError }: Props) {
  const services = usePolling(() => api.services.list.query(), 60_000, onApiError);
  const [chosen, setChosen] = useState<string | null>(null);
  const serviceId = useId();
  const service = chosen ?? services.data?.[0]?.slug ?? null;
  return (
    <>
      <section aria-labelledby="subscribers-service-title" className="card">
        <h2 id="subscribers-service-title">Subscribers</h2>
        {services.error && (
          <p className="error" role="alert">
            {services.error}
          </p>
        )}
        {services.loaded && services.data?.length === 0 && (
          <p className="notice">This agency has no service yet.</p>
        )}
        {services.data && services.data.length > 0 && (
          <label htmlFor={serviceId} className="inline">
            Service{' '}
            <select id={serviceId} value={service ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {services.data.map((s: ServiceRow) => (
                <option key={s.slug} value={s.slug}>
                  {s.name} ({s.slug})
                </option>
              ))}
            </select>
          </label>
        )}
      </section>
      {service !== null && <ServiceSubscribers key={service} service={service} onApiError={onApiError} />}
    </>
  );
}

function ServiceSubscribers({ service, onApiError }: { service: string; onApiError(error: unknown): void }) {
  const [draft, setDraft] = useState<SubscriberFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<SubscriberFilters>(NO_FILTERS);
  // The `after` cursor of each page shown so far: the last is the current page's.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<SubscriberPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [reloads, setReloads] = useState(0);
  const after = cursors.at(-1);

  useEffect(() => {
    // `reloads` is read so an import or a retry fetches the page again.
    void reloads;
    const query = subscriberQuery(service, filters, after);
    if (!query.ok) {
      setError(query.message);
      setBusy(false);
      return;
    }
    let alive = true;
    setBusy(true);
    api.subscribers.list
      .query(query.query)
      .then((p) => {
        if (!alive) return;
        setPage(p);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setError(errorText(e));
        onApiError(e);
      })
      .finally(() => alive && setBusy(false));
    return () => {
      alive = false;
    };
  }, [service, filters, after, reloads, onApiError]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setCursors([undefined]);
  }

  function set<K extends keyof SubscriberFilters>(key: K, value: SubscriberFilters[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
  }

  return (
    <>
      <ImportSubscribers service={service} onImported={reload} />
      <section aria-labelledby="subscriber-list-title">
        <h2 id="subscriber-list-title">Subscribers of {service}</h2>
        <form className="filters" onSubmit={apply} aria-label="Filter subscribers">
          <label>
            Status
            <select
              value={draft.status}
              onChange={(e) => set('status', e.target.value as SubscriberFilters['status'])}
            >
              <option value="">any</option>
              <option value="active">active</option>
              <option value="pending">pending</option>
              <option value="opted_out">opted out</option>
            </select>
          </label>
          <label>
            Language
            <select
              value={draft.language}
              onChange={(e) => set('language', e.target.value as SubscriberFilters['language'])}
            >
              <option value="">any</option>
              <option value="es">es</option>
              <option value="ca">ca</option>
              <option value="en">en</option>
            </select>
          </label>
          <label>
            Attribute
            <input
              value={draft.attributeName}
              placeholder="district"
              onChange={(e) => set('attributeName', e.target.value)}
            />
          </label>
          <label>
            Attribute value
            <input
              value={draft.attributeValue}
              placeholder="12"
              onChange={(e) => set('attributeValue', e.target.value)}
            />
          </label>
          <label>
            Phone contains
            <input
              type="search"
              inputMode="tel"
              value={draft.phone}
              placeholder="600 12"
              onChange={(e) => set('phone', e.target.value)}
            />
          </label>
          <div className="actions">
            <button type="submit">Apply filters</button>
            <button type="button" className="secondary" onClick={clear}>
              Clear
            </button>
            <ExportButton service={service} />
          </div>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <table aria-labelledby="subscriber-list-title" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">Phone</th>
              <th scope="col">Status</th>
              <th scope="col">Language</th>
              <th scope="col">Attributes</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {page?.subscribers.map((s) => (
              <tr key={s.phone}>
                <td>{s.phone}</td>
                <td>{s.status.replace('_', ' ')}</td>
                <td>{s.language}</td>
                <td>{attributesText(s.attributes)}</td>
                <td>
                  <time dateTime={s.updatedAt}>{timeFormat.format(new Date(s.updatedAt))}</time>
                </td>
              </tr>
            ))}
            {!busy && page?.subscribers.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No subscribers match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <nav className="pager" aria-label="Subscriber pages">
          <button
            type="button"
            className="secondary"
            disabled={cursors.length <= 1 || busy}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous page
          </button>
          <span>Page {cursors.length}</span>
          <button
            type="button"
            className="secondary"
            disabled={!page?.next || busy}
            onClick={() => page?.next && setCursors((c) => [...c, page.next ?? undefined])}
          >
            Next page
          </button>
        </nav>
      </section>
    </>
  );
}

/** Downloads the service's active subscribers as CSV, in the format the import reads. */
function ExportButton({ service }: { service: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { csv } = await api.subscribers.export.query({ serviceSlug: service });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFileName(service, new Date());
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={download} disabled={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
