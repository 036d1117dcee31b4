import type { SessionUser } from '../api.ts';
import type { Section } from './AppHeader.tsx';
import { BroadcastsView } from './BroadcastsView.tsx';
import { InboundView } from './InboundView.tsx';
import { KeywordsView } from './KeywordsView.tsx';
import { MessagesView } from './MessagesView.tsx';
import { OptOutsView } from './OptOutsView.tsx';
import { QuotasView } from './QuotasView.tsx';
import { SchedulesView } from './SchedulesView.tsx';
import { SubscribersView } from './SubscribersView.tsx';

interface Props {
  section: Exclude<Section, 'platform'>;
  user: SessionUser;
  agency: string;
  onApiError(error: unknown): void;
}

/** One page of the selected agency (the server scopes every call to it). */
export function AgencySection({ section, user, agency, onApiError }: Props) {
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
    case 'messages':
      return <MessagesView agencyName={membership?.name ?? agency} onApiError={onApiError} />;
  }
}
