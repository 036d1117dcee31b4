import type { WebhookRow } from '../api.ts';
import { autoDisabled, disabledText } from '../webhook-health.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const formatTime = (iso: string) => timeFormat.format(new Date(iso));

/** Tells the agency, on every page, that the platform stopped sending to a failing webhook. */
export function WebhookBanner({ hooks }: { hooks: WebhookRow[] | undefined }) {
  const off = autoDisabled(hooks ?? []);
  if (off.length === 0) return null;
  return (
    <div className="banner-warn" role="alert" aria-label="Disabled webhooks">
      <strong>{off.length === 1 ? 'A webhook was disabled' : `${off.length} webhooks were disabled`}</strong>
      <ul>
        {off.map((h) => (
          <li key={h.id}>
            <code>{h.url}</code>: {disabledText(h, formatTime)}
          </li>
        ))}
      </ul>
      <p>Fix the receiver, then re-enable it on the Webhooks page.</p>
    </div>
  );
}
