import { api, type MessageRow } from '../api.ts';
import { usePolling } from '../use-polling.ts';
import { SendTestMessage } from './SendTestMessage.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const REFRESH_MS = 2_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

interface Props {
  agencyName: string;
  onApiError(error: unknown): void;
}

/** The selected agency's newest messages, refreshed every 2 s so statuses move on their own. */
export function MessagesView({ agencyName, onApiError }: Props) {
  const messages = usePolling(() => api.messages.list.query({ limit: 50 }), REFRESH_MS, onApiError);

  return (
    <>
      <SendTestMessage agencyName={agencyName} onSent={messages.refresh} />
      <section aria-labelledby="messages-title">
        <h2 id="messages-title">Messages</h2>
        {messages.error && (
          <p className="error" role="alert">
            {messages.error}
          </p>
        )}
        <table aria-labelledby="messages-title" aria-busy={!messages.loaded}>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">To</th>
              <th scope="col">From</th>
              <th scope="col">Text</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Segments</th>
            </tr>
          </thead>
          <tbody>
            {messages.data?.map((m) => (
              <MessageRowView key={m.id} message={m} />
            ))}
            {messages.loaded && messages.data?.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No messages yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}

function MessageRowView({ message: m }: { message: MessageRow }) {
  return (
    <tr>
      <td>
        <time dateTime={m.createdAt}>{timeFormat.format(new Date(m.createdAt))}</time>
      </td>
      <td>{m.to}</td>
      <td>{m.from}</td>
      <td className="text">{m.text}</td>
      <td>
        <StatusBadge status={m.status} />
      </td>
      <td>{m.reason ?? ''}</td>
      <td className="number">{m.segments ?? ''}</td>
    </tr>
  );
}
