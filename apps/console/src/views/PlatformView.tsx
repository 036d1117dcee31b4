import { type AgencyRow, api, type CarrierRow } from '../api.ts';
import { usePolling } from '../use-polling.ts';

const REFRESH_MS = 5_000;

interface Props {
  onApiError(error: unknown): void;
}

/** Platform admins: every agency and every carrier with the live state of its links. */
export function PlatformView({ onApiError }: Props) {
  const agencies = usePolling(() => api.agencies.list.query(), REFRESH_MS, onApiError);
  const carriers = usePolling(() => api.carriers.list.query(), REFRESH_MS, onApiError);
  return (
    <>
      <AgenciesTable rows={agencies.data} error={agencies.error} loaded={agencies.loaded} />
      <CarriersTable rows={carriers.data} error={carriers.error} loaded={carriers.loaded} />
    </>
  );
}

interface TableProps<T> {
  rows: T[] | undefined;
  error: string | null;
  loaded: boolean;
}

function AgenciesTable({ rows, error, loaded }: TableProps<AgencyRow>) {
  return (
    <section aria-labelledby="agencies-title">
      <h2 id="agencies-title">Agencies</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table aria-labelledby="agencies-title" aria-busy={!loaded}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Kind</th>
            <th scope="col">Time zone</th>
            <th scope="col">Members</th>
            <th scope="col">Active API keys</th>
            <th scope="col">Messages</th>
          </tr>
        </thead>
        <tbody>
          {rows?.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{a.slug}</td>
              <td>{a.kind}</td>
              <td>{a.timezone}</td>
              <td className="number">{a.members}</td>
              <td className="number">{a.activeApiKeys}</td>
              <td className="number">{a.messages}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CarriersTable({ rows, error, loaded }: TableProps<CarrierRow>) {
  return (
    <section aria-labelledby="carriers-title">
      <h2 id="carriers-title">Carrier links</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table aria-labelledby="carriers-title" aria-busy={!loaded}>
        <thead>
          <tr>
            <th scope="col">Carrier</th>
            <th scope="col">SMSC</th>
            <th scope="col">Routes</th>
            <th scope="col">Link</th>
            <th scope="col">State</th>
            <th scope="col">Outstanding</th>
            <th scope="col">Submitted</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {rows?.flatMap((c) => {
            const common = {
              carrier: `${c.name}${c.enabled ? '' : ' (disabled)'}`,
              smsc: `${c.tls ? 'tls://' : ''}${c.host}:${c.port}`,
              routes: c.routes.map((r) => r.prefix).join(', '),
            };
            if (c.links.length === 0) {
              return [
                <tr key={c.id}>
                  <td>{common.carrier}</td>
                  <td>{common.smsc}</td>
                  <td>{common.routes}</td>
                  <td colSpan={5} className="empty">
                    No link reported yet
                  </td>
                </tr>,
              ];
            }
            return c.links.map((l) => (
              <tr key={`${c.id}:${l.ordinal}`}>
                <td>{common.carrier}</td>
                <td>{common.smsc}</td>
                <td>{common.routes}</td>
                <td>#{l.ordinal}</td>
                <td>
                  <span className={`badge badge-${l.state === 'bound' ? 'good' : 'bad'}`}>{l.state}</span>
                </td>
                <td className="number">{l.outstanding}</td>
                <td className="number">{l.submitted}</td>
                <td>{l.lastError ?? ''}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </section>
  );
}
