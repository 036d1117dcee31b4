import { type FormEvent, useState } from 'react';
import { api, errorText, type WebhookEventName, type WebhookRow } from '../api.ts';
import type { Polled } from '../use-polling.ts';
import { usePolling } from '../use-polling.ts';
import { disabledText, summarizeAttempt, WEBHOOK_EVENTS } from '../webhook-health.ts';

const ATTEMPTS_REFRESH_MS = 5_000;
const ATTEMPTS_SHOWN = 10;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const formatTime = (iso: string) => timeFormat.format(new Date(iso));

interface Props {
  /** The agency's webhooks, polled by the section so the warning banner and this page agree. */
  webhooks: Polled<WebhookRow[]>;
  onApiError(error: unknown): void;
}

/** A secret the server returned once: shown until the admin dismisses it. */
interface Revealed {
  url: string;
  secret: string;
}

/** Agency admins: the agency's webhooks, their health and latest attempts, and their management. */
export function WebhooksView({ webhooks, onApiError }: Props) {
  const [actionError, setActionError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const rows = webhooks.data ?? [];

  async function act(run: () => Promise<void>) {
    setActionError(null);
    try {
      await run();
    } catch (e) {
      setActionError(errorText(e));
      onApiError(e);
    }
    webhooks.refresh();
  }

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      {(actionError ?? webhooks.error) && (
        <p className="error" role="alert">
          {actionError ?? webhooks.error}
        </p>
      )}
      {revealed && (
        <div className="secret" role="status" aria-label="New signing secret">
          <p>
            Signing secret for <code>{revealed.url}</code>: <code>{revealed.secret}</code>
          </p>
          <p className="hint">Store it now: it is not shown again.</p>
          <button type="button" className="secondary" onClick={() => setRevealed(null)}>
            I stored it
          </button>
        </div>
      )}
      <CreateWebhook
        onCreated={(created) => {
          setRevealed(created);
          webhooks.refresh();
        }}
        onApiError={onApiError}
      />
      {webhooks.loaded && rows.length === 0 && <p className="empty">No webhooks.</p>}
      {rows.map((h) => (
        <article key={h.id} className="webhook" aria-label={`Webhook ${h.url}`}>
          <h3>
            <code>{h.url}</code>{' '}
            <span className={`badge ${h.enabled ? 'badge-good' : 'badge-bad'}`}>
              {h.enabled ? 'enabled' : 'disabled'}
            </span>
          </h3>
          <p>
            Events: {h.events.join(', ')}
            {h.enabled && h.consecutiveFailures > 0 && (
              <span className="warn"> · {h.consecutiveFailures} failed deliveries in a row</span>
            )}
          </p>
          {!h.enabled && <p className="warn">{disabledText(h, formatTime)}</p>}
          {h.previousSecretExpiresAt && (
            <p className="hint">
              The previous secret also signs until {formatTime(h.previousSecretExpiresAt)}.
            </p>
          )}
          <div className="actions">
            <button
              type="button"
              aria-label={`${h.enabled ? 'Disable' : 'Re-enable'} ${h.url}`}
              onClick={() =>
                void act(async () => {
                  await api.webhooks.setEnabled.mutate({ id: h.id, enabled: !h.enabled });
                })
              }
            >
              {h.enabled ? 'Disable' : 'Re-enable'}
            </button>
            <button
              type="button"
              className="secondary"
              aria-label={`Rotate secret of ${h.url}`}
              onClick={() =>
                void act(async () => {
                  const rotated = await api.webhooks.rotateSecret.mutate({ id: h.id });
                  setRevealed({ url: h.url, secret: rotated.secret });
                })
              }
            >
              Rotate secret
            </button>
            <button
              type="button"
              className="secondary"
              aria-label={`Delete ${h.url}`}
              onClick={() => {
                if (!window.confirm(`Delete the webhook ${h.url} and its attempt log?`)) return;
                void act(async () => {
                  await api.webhooks.delete.mutate({ id: h.id });
                });
              }}
            >
              Delete
            </button>
          </div>
          <Attempts hook={h} onApiError={onApiError} />
        </article>
      ))}
    </section>
  );
}

function Attempts({ hook, onApiError }: { hook: WebhookRow; onApiError(error: unknown): void }) {
  const attempts = usePolling(
    () => api.webhooks.attempts.query({ id: hook.id, limit: ATTEMPTS_SHOWN }),
    ATTEMPTS_REFRESH_MS,
    onApiError,
  );
  const rows = attempts.data ?? [];
  const title = `Latest attempts to ${hook.url}`;
  return (
    <table aria-label={title} aria-busy={!attempts.loaded}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Try</th>
          <th scope="col">Result</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => {
          const s = summarizeAttempt(a);
          return (
            <tr key={a.id}>
              <td>
                <time dateTime={a.at}>{formatTime(a.at)}</time>
              </td>
              <td>{a.eventType}</td>
              <td className="number">{a.attempt}</td>
              <td>
                <span className={`badge ${s.ok ? 'badge-good' : 'badge-bad'}`}>{s.ok ? 'ok' : 'failed'}</span>{' '}
                {s.outcome}
              </td>
              <td className="number">{s.duration}</td>
            </tr>
          );
        })}
        {attempts.error && (
          <tr>
            <td colSpan={5} className="error">
              {attempts.error}
            </td>
          </tr>
        )}
        {attempts.loaded && !attempts.error && rows.length === 0 && (
          <tr>
            <td colSpan={5} className="empty">
              No attempts yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function CreateWebhook({
  onCreated,
  onApiError,
}: {
  onCreated(created: Revealed): void;
  onApiError(error: unknown): void;
}) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventName[]>(['message.status']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const created = await api.webhooks.create.mutate({ url: url.trim(), events });
      setUrl('');
      onCreated({ url: created.url, secret: created.secret });
    } catch (err) {
      setError(errorText(err));
      onApiError(err);
    } finally {
      setBusy(false);
    }
  }

  function toggle(id: WebhookEventName, on: boolean) {
    setEvents((current) => (on ? [...current, id] : current.filter((x) => x !== id)));
  }

  return (
    <form className="grid-form" aria-labelledby="webhook-add-title" onSubmit={(e) => void submit(e)}>
      <h3 id="webhook-add-title">Add a webhook</h3>
      <label>
        Webhook URL
        <input
          type="url"
          required
          value={url}
          placeholder="https://systems.example.org/pregon"
          aria-invalid={error ? true : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev.id} className="inline">
            <input
              type="checkbox"
              checked={events.includes(ev.id)}
              onChange={(e) => toggle(ev.id, e.target.checked)}
            />
            {ev.label} <code>{ev.id}</code>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy || events.length === 0}>
          Add webhook
        </button>
        {error && (
          <p className="error field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
