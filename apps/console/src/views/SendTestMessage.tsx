import { type FormEvent, useId, useState } from 'react';
import { api, errorText } from '../api.ts';
import { segmentSummary } from '../segment-summary.ts';

interface Props {
  /** The selected agency's display name. */
  agencyName: string;
  onSent(): void;
}

type Outcome = { kind: 'sent'; id: string; status: string } | { kind: 'failed'; message: string } | null;

/** Sends one message as the selected agency, with a live segment and encoding counter. */
export function SendTestMessage({ agencyName, onSent }: Props) {
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const counterId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const sent = await api.messages.send.mutate({ to: to.trim(), text });
      setOutcome({ kind: 'sent', id: sent.id, status: sent.status });
      setText('');
      onSent();
    } catch (e) {
      setOutcome({ kind: 'failed', message: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="send-title" className="card">
      <h2 id="send-title">Send a test message</h2>
      <form className="send" onSubmit={submit}>
        <label>
          To
          <input
            type="tel"
            required
            placeholder="+34600000001"
            pattern="\+[1-9][0-9]{6,14}"
            title="E.164: a + followed by 7 to 15 digits"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <label>
          Text
          <textarea
            required
            rows={3}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={counterId}
          />
        </label>
        <p id={counterId} className="counter" aria-live="polite">
          {segmentSummary(text)}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : `Send as ${agencyName}`}
        </button>
        {outcome?.kind === 'sent' && (
          <p className="ok" role="status">
            Accepted: message {outcome.id} is {outcome.status}.
          </p>
        )}
        {outcome?.kind === 'failed' && (
          <p className="error" role="alert">
            {outcome.message}
          </p>
        )}
      </form>
    </section>
  );
}
