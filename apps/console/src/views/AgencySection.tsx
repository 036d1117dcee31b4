import type { SessionUser, WebhookRow } from '../api.ts';
import { isWebhookAdmin } from '../use-agency-webhooks.ts';
import type { Polled } from '../use-polling.ts';
import type { Section } from './AppHeader.tsx';
import { BroadcastsView } from './BroadcastsView.tsx';
import { InboundView } from './InboundView.tsx';
import { KeywordsView } from './KeywordsView.tsx';
import { MessagesView } from './MessagesView.tsx';
import { OptOutsView } from './OptOutsView.tsx';
import { QuotasView } from './QuotasView.tsx';
import { SchedulesView } from './SchedulesView.tsx';
import { SubscribersView } from './SubscribersView.tsx';
import { WebhookBanner } from './WebhookBanner.tsx';
import { WebhooksView } from './WebhooksView.tsx';

interface Props {
  section: Exclude<Section, 'platform'>;
  user: SessionUser;
  agency: string;
  /** The agency's webhooks, polled by the app for the header badge, the banner and the Webhooks page. */
  webhooks: Polled<WebhookRow[]>;
  onApiError(error: unknown): void;
}

/**
 * One page of the selected agency (the server scopes every call to it), under a warning when the
 * platform disabled one of its webhooks: admins learn it on whichever page they are.
 */
export function AgencySection(props: Props) {
  return (
    <>
      <WebhookBanner hooks={props.webhooks.data} />
      <AgencyPage {...props} />
    </>
  );
}

function AgencyPage({ section, user, agency, onApiError, webhooks }: Props) {
  const membership = user.memberships.find((m) => m.slug === agency);
  switch (section) {
    case 'keywords':
      return (
        <KeywordsView
          canEdit={membership?.role === 'agency_admin' || user.isPlatformAdmin}
          onApiError={onApiError}
        />
      );
    case 'subscribers':
      return <SubscribersView onApiError={onApiError} />;
    case 'opt-outs':
      return <OptOutsView onApiError={onApiError} />;
    case 'inbound':
      return <InboundView onApiError={onApiError} />;
    case 'broadcasts':
      return <BroadcastsView canSteer={membership?.role !== 'viewer'} onApiError={onApiError} />;
    case 'schedules':
      return <SchedulesView canEdit={membership?.role !== 'viewer'} onApiError={onApiError} />;
    case 'quotas':
      return <QuotasView onApiError={onApiError} />;
    case 'webhooks':
      return isWebhookAdmin(user, agency) ? (
        <WebhooksView webhooks={webhooks} onApiError={onApiError} />
      ) : (
        <p className="notice">Only agency admins manage webhooks.</p>
      );
    case 'messages':
      return <MessagesView agencyName={membership?.name ?? agency} onApiError={onApiError} />;
  }
}
