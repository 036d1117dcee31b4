import type { SessionUser } from '../api.ts';

export type Section = 'messages' | 'platform';

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
        <button
          type="button"
          aria-current={section === 'messages' ? 'page' : undefined}
          onClick={() => onSection('messages')}
        >
          Messages
        </button>
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
