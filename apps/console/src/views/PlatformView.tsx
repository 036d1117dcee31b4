import { type AgencyRow, api } from '../api.ts';
import { usePolling } from '../use-polling.ts';
import { CarrierLinksTable } from './CarrierLinksTable.tsx';
import { DeadLettersView } from './DeadLettersView.tsx';

const REFRESH_MS = 5_000;

interface Props {
  onApiError(error: unknown): void;
}

/** Platform admins: every agency, every carrier with the live state of its links, and dead letters. */
export function PlatformView({ onApiError }: Props) {
  const agencies = usePolling(() => api.agencies.list.query(), REFRESH_MS, onApiError);
  const carriers = usePolling(() => api.carriers.list.query(), REFRESH_MS, onApiError);
  return (
    <>
      <AgenciesTable rows={agencies.data} error={agencies.error} loaded={agencies.loaded} />
      <CarrierLinksTable rows={carriers.data} error={carriers.error} loaded={carriers.loaded} />
      <DeadLettersView onApiError={onApiError} />
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
