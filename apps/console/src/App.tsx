import { useCallback, useEffect, useState } from 'react';
import { api, isUnauthorized, type SessionUser, savedSession } from './api.ts';
import { useAgencyWebhooks } from './use-agency-webhooks.ts';
import { AgencySection } from './views/AgencySection.tsx';
import { AppHeader, type Section } from './views/AppHeader.tsx';
import { LoginView } from './views/LoginView.tsx';
import { PlatformView } from './views/PlatformView.tsx';
import { autoDisabled } from './webhook-health.ts';

type State =
  | { kind: 'restoring' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'signed-in'; user: SessionUser; agency: string; section: Section };

/** The agency to act as: the saved one if still a membership, else the first agency, else the first. */
function pickAgency(user: SessionUser, saved: string | null): string {
  const slugs = user.memberships.map((m) => m.slug);
  if (saved !== null && slugs.includes(saved)) return saved;
  return (user.memberships.find((m) => m.kind === 'agency') ?? user.memberships[0])?.slug ?? '';
}

function signedIn(user: SessionUser): State {
  const agency = pickAgency(user, savedSession.agency());
  savedSession.selectAgency(agency);
  return { kind: 'signed-in', user, agency, section: 'messages' };
}

export function App() {
  const [state, setState] = useState<State>(() =>
    savedSession.token() ? { kind: 'restoring' } : { kind: 'signed-out', notice: null },
  );

  useEffect(() => {
    if (state.kind !== 'restoring') return;
    api.auth.me
      .query()
      .then((user) => setState(signedIn(user)))
      .catch((error: unknown) => {
        savedSession.clear();
        setState({
          kind: 'signed-out',
          notice: isUnauthorized(error) ? 'Your session has ended. Log in again.' : null,
        });
      });
  }, [state.kind]);

  /** Any call answering UNAUTHORIZED means the session expired: back to the login form. */
  const onApiError = useCallback((error: unknown) => {
    if (!isUnauthorized(error)) return;
    savedSession.clear();
    setState({ kind: 'signed-out', notice: 'Your session has ended. Log in again.' });
  }, []);
  const webhooks = useAgencyWebhooks(
    state.kind === 'signed-in' ? state.user : null,
    state.kind === 'signed-in' ? state.agency : null,
    onApiError,
  );

  if (state.kind === 'restoring') {
    return (
      <main className="centered" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  }

  if (state.kind === 'signed-out') {
    return (
      <LoginView
        notice={state.notice}
        onLoggedIn={(token, user) => {
          savedSession.save(token);
          setState(signedIn(user));
        }}
      />
    );
  }

  const { user, agency, section } = state;
  const current = section === 'platform' && !user.isPlatformAdmin ? 'messages' : section;
  return (
    <>
      <AppHeader
        user={user}
        agency={agency}
        section={current}
        badges={{ webhooks: autoDisabled(webhooks.data ?? []).length }}
        onSection={(next) => setState({ ...state, section: next })}
        onAgency={(slug) => {
          savedSession.selectAgency(slug);
          setState({ ...state, agency: slug });
        }}
        onLogout={() => {
          void api.auth.logout.mutate().catch(() => {
            // The server may already have dropped the session; the console forgets it either way.
          });
          savedSession.clear();
          setState({ kind: 'signed-out', notice: null });
        }}
      />
      <main>
        {current === 'platform' ? (
          <PlatformView onApiError={onApiError} />
        ) : (
          <AgencySection
            key={agency}
            section={current}
            user={user}
            agency={agency}
            webhooks={webhooks}
            onApiError={onApiError}
          />
        )}
      </main>
    </>
  );
}
