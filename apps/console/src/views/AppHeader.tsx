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
  | 'platform';

/** The selected agency's pages, in the order the header lists them. */
const AGENCY_SECTIONS: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'messages', label: 'Messages' },
  { id: 'broadcasts', label: 'Broadcasts' },
  { id: 'schedules', label: 'Schedules' },
  { id: 'keywords', label: 'Keywords' },
  { id: 'subscribers', label: 'Subscribers' },
  { id: 'opt-outs', label: 'Opt-outs' },
  { id: 'inbound', label: 'Inbound' },
  { id: 'quotas', label: 'Quotas' },
];

interface Props {
  user: SessionUser;
  agency: string;
  section: Section;
  onSection(section: Section): void;
  onAgency(slug: string): void;
  onLogout(): void;
}

export function AppHeader({ user, agency, section, onSection, onAgency, onLogout }: Props) {
  const current = user.memberships.find((m) => m.slug === agency);
  return (
    <header className="app-header">
      <span className="brand">Pregón</span>
      <nav aria-label="Sections">
        {AGENCY_SECTIONS.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-current={section === s.id ? 'page' : undefined}
            onClick={() => onSection(s.id)}
          >
            {s.label}
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
