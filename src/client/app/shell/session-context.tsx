// The sign-in gate: reads the stored session without any network, shows the sign-in form
// when there is none, and otherwise renders the app for that user (one database per user;
// switching users remounts everything below). A 401 only flags "sign in again" — the
// database and its outbox stay untouched. A signed-out device (no pointer in localStorage)
// shows the form without loading the database code; a signed-in one reads its session with
// IndexedDB itself (session/read-session.ts) while Dexie loads; the session store loads when needed.
import {
  type JSX,
  Match,
  Suspense,
  Switch,
  createSignal,
  lazy,
  onCleanup,
  onMount,
} from 'solid-js';
import type { Session } from '../../../shared/auth';
import { EngineHost, type SyncEngineLike } from './engine-host';
import { type SessionApi, SessionContext } from './use-session';
import { t } from '../../i18n';
import { POINTER_KEY, isExpired, lastUserId } from '../../session/pointer';
import { loadSession } from '../../session/read-session';

const store = () => import('../../session/store');

// Only a signed-out device needs the form (and it is online then): keep it off the first load.
const SignInPage = lazy(() =>
  import('../pages/sign-in-page').then((m) => ({ default: m.SignInPage })),
);

type Phase = 'loading' | 'signedOut' | 'signedIn';

let early: Promise<Session | null> | null = null;

/** Starts reading the stored session now (main.tsx, before it requests the app's chunks), so
 * that the read overlaps their download; the gate takes the answer when it mounts. */
export function readSessionEarly(): void {
  early ??= loadSession().catch(() => null);
}

export function SessionGate(props: {
  children: (userId: string) => JSX.Element;
  baseUrl?: string;
}) {
  const [phase, setPhase] = createSignal<Phase>('loading');
  const [session, setSession] = createSignal<Session | null>(null);
  const [unauthorized, setUnauthorized] = createSignal(false);
  const [updateRequired, setUpdateRequired] = createSignal(false);
  const [engine, setEngine] = createSignal<SyncEngineLike | null>(null);
  // eslint-disable-next-line solid/reactivity -- the API address is fixed for the app's lifetime
  const api = { baseUrl: props.baseUrl ?? '' };

  // Another tab signed out or switched accounts: this tab's database may be gone; start over.
  const onStorage = (e: StorageEvent) => {
    if (e.key === POINTER_KEY && e.newValue !== session()?.user.id) location.reload();
  };
  window.addEventListener('storage', onStorage);
  onCleanup(() => window.removeEventListener('storage', onStorage));

  onMount(async () => {
    const started = early;
    early = null;
    const s = lastUserId() ? await (started ?? loadSession()).catch(() => null) : null;
    setSession(s);
    setPhase(s ? 'signedIn' : 'signedOut');
  });

  // Bound to one user: an engine still finishing a run for the previous account must never
  // send that account's outbox with the next account's token.
  const tokenOf = (userId: string) => {
    const s = session();
    return s && s.user.id === userId ? s.token : null;
  };

  async function adopt(s: Session) {
    await (await store()).saveSession(s);
    setUnauthorized(false);
    setSession(s);
    setPhase('signedIn');
    void engine()
      ?.syncNow()
      .catch(() => {});
  }

  // The account may have changed on the server (role, site binding): after a successful sync,
  // at most once a minute, the stored user is replaced by the server's (session/refresh-user.ts).
  let userAskedAt = 0;
  function refreshUser() {
    const s = session();
    if (!s || Date.now() - userAskedAt < 60_000) return;
    userAskedAt = Date.now();
    void import('../../session/refresh-user')
      .then((m) => m.refreshSessionUser(s))
      // eslint-disable-next-line solid/reactivity -- read once when the answer arrives
      .then((next) => {
        if (next && session()?.token === next.token) setSession(next);
      })
      .catch(() => {});
  }

  const value: SessionApi = {
    session: () => session()!,
    token: () => session()?.token ?? null,
    needsReauth: () => unauthorized() || (session() ? isExpired(session()!) : false),
    updateRequired,
    engine,
    // The API client and its schemas load on first use: the gate itself stays small.
    signIn: async (email, password) =>
      adopt(await (await import('../../session/api')).login(email, password, api)),
    redeem: async (code, password, name) =>
      adopt(await (await import('../../session/api')).redeem(code, password, name, api)),
    logout: async () => {
      const s = session();
      if (!s) return;
      const { assertCanLogout, logout: doLogout } = await import('../../session/logout');
      const db = (await store()).openUserDb(s.user.id);
      try {
        await assertCanLogout(db);
      } finally {
        db.close();
      }
      // The sync run in flight ends (aborted) before the token is revoked and the database goes.
      await engine()?.stop();
      setPhase('loading'); // unmounts the app and the engine, closing their connections
      try {
        await doLogout(s.user.id, s.token, { api });
      } catch (e) {
        setPhase('signedIn');
        throw e;
      }
      setSession(null);
      setPhase('signedOut');
    },
  };

  return (
    <SessionContext.Provider value={value}>
      <Switch>
        <Match when={phase() === 'loading'}>
          <p class="muted" role="status">
            {t('common.loading')}
          </p>
        </Match>
        <Match when={phase() === 'signedOut'}>
          <Suspense>
            <SignInPage />
          </Suspense>
        </Match>
        <Match when={phase() === 'signedIn' && session()?.user.id} keyed>
          {(userId) => (
            <>
              <EngineHost
                userId={userId}
                baseUrl={api.baseUrl}
                getToken={() => tokenOf(userId)}
                onEngine={setEngine}
                onAuthError={() => setUnauthorized(true)}
                onUpdateRequired={() => setUpdateRequired(true)}
                onSyncOk={() => {
                  setUnauthorized(false);
                  refreshUser();
                }}
              />
              {props.children(userId)}
            </>
          )}
        </Match>
      </Switch>
    </SessionContext.Provider>
  );
}
