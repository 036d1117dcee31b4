import type { SessionUser } from '../api.ts';

export type Section =
  | 'messages'
  | 'broadcasts'
  | 'schedules'
  | 'keywords'
  | 'subscribers'
  | 'opt-outs'
  | 'inbound'
  | 'quotas'
  | 'webhooks'
  | 'platform';

/** The selected agency's pages, in the order the header lists them. */
const AGENCY_SECTIONS: ReadonlyArray<{ id: Section; label: string; adminOnly?: boolean }> = [
  { id: 'messages', label: 'Messages' },
  { id: 'broadcasts', label: 'Broadcasts' },
  { id: 'schedules', label: 'Schedules' },
  { id: 'keywords', label: 'Keywords' },
  { id: 'subscribers', label: 'Subscribers' },
  { id: 'opt-outs', label: 'Opt-outs' },
  { id: 'inbound', label: 'Inbound' },
  { id: 'quotas', label: 'Quotas' },
  { id: 'webhooks', label: 'Webhooks', adminOnly: true },
];

interface Props {
  user: SessionUser;
  agency: string;
  section: Section;
  /** Counts that need the user's attention, shown on the tab (disabled webhooks). */
  badges?: Partial<Record<Section, number>>;
  onSection(section: Section): void;
  onAgency(slug: string): void;
  onLogout(): void;
}

export function AppHeader({ user, agency, section, badges, onSection, onAgency, onLogout }: Props) {
  const current = user.memberships.find((m) => m.slug === agency);
  const isAdmin = current?.role === 'agency_admin' || user.isPlatformAdmin;
  return (
    <header className="app-header">
      <span className="brand">Pregón</span>
      <nav aria-label="Sections">
        {AGENCY_SECTIONS.filter((s) => isAdmin || !s.adminOnly).map((s) => (
          <button
            key={s.id}
            type="button"
            aria-current={section === s.id ? 'page' : undefined}
            onClick={() => onSection(s.id)}
          >
            {s.label}
            {(badges?.[s.id] ?? 0) > 0 && (
              <>
                {' '}
                <span className="badge badge-bad tab-badge">{badges?.[s.id]}</span>
              </>
            )}
          </button>
        ))}
        {user.isPlatformAdmin && (
          <button
            type="button"
            aria-current={section === 'platform' ? 'page' : undefined}
            onClick={() => onSection('platform')}
          >
            Platform
          </button>
        )}
      </nav>
      <div className="session">
        {user.memberships.length > 1 ? (
          <label>
            Agency{' '}
            <select value={agency} onChange={(e) => onAgency(e.target.value)}>
              {user.memberships.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>{current?.name}</span>
        )}
        <span className="user" title={current ? `Role: ${current.role}` : undefined}>
          {user.name || user.email}
        </span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </div>
    </header>
  );
}
