// Route /account: who is signed in, signing in again after a 401, and the guarded logout.
import { A, useNavigate } from '@solidjs/router';
import { Show, createSignal } from 'solid-js';
import { ROLES } from '../../../shared/domain/vocab';
import { canManageUsers } from '../../../shared/policy';
import { BackupPanel } from '../components/backup-panel';
import { label } from '../../i18n';
import { LogoutBlockedError } from '../../session/logout';
import { useSession } from '../shell/use-session';
import { SignInForm } from './sign-in-page';
import { st } from '../../i18n/session';
import { at } from '../../i18n/accounts';
import { yt } from '../../i18n/sync';
import { photosWaitingText } from '../../sync/indicator-state';
import { FormError } from '../components/form';
import '../styles/session.css';
import { usePageTitle } from '../shell/page-title';

export default function AccountPage() {
  usePageTitle(() => at('account.title'));
  const session = useSession();
  const navigate = useNavigate();
  const user = () => session.session().user;
  const [busy, setBusy] = createSignal(false);
  const [blocked, setBlocked] = createSignal<{ changes: number; photos: number } | null>(null);
  const blockedText = () => {
    const b = blocked()!;
    if (b.photos === 0) return at('account.logoutBlocked', { n: b.changes });
    const what = [
      b.changes > 0 ? yt('sync.waiting', { n: b.changes }) : '',
      photosWaitingText(b.photos),
    ];
    return at('account.logoutBlockedPhotos', { what: what.filter(Boolean).join(', ') });
  };
  const [error, setError] = createSignal<string | null>(null);

  async function logout() {
    setError(null);
    setBlocked(null);
    if (!confirm(at('account.logoutConfirm'))) return;
    setBusy(true);
    try {
      await session.logout();
    } catch (e) {
      if (e instanceof LogoutBlockedError) setBlocked({ changes: e.waiting, photos: e.photos });
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page narrow stack">
      <h1>{at('account.title')}</h1>
      <Show when={session.needsReauth()}>
        <section class="card stack" aria-labelledby="reauth-h">
          <h2 id="reauth-h">{st('signin.reauth')}</h2>
          <p>{st('signin.reauthIntro')}</p>
          <SignInForm email={user().email} onDone={() => navigate('/')} />
        </section>
      </Show>
      <p data-testid="signed-in-as">
        {at('account.signedInAs', { name: user().name || user().email, email: user().email })}
      </p>
      <p>{at('account.role', { role: label(ROLES[user().role]) })}</p>
      <Show when={canManageUsers(user())}>
        <A href="/users">{at('account.users')}</A>
      </Show>
      <button type="button" class="btn" onClick={logout} disabled={busy()}>
        {busy() ? at('account.logoutBusy') : at('account.logout')}
      </button>
      <Show when={blocked() !== null}>
        <div class="card stack" role="alert" data-testid="logout-blocked">
          <p>{blockedText()}</p>
          <button
            type="button"
            class="btn primary"
            onClick={() => void session.engine()?.syncNow()}
          >
            {yt('sync.now')}
          </button>
          <BackupPanel />
        </div>
      </Show>
      <FormError message={error()} />
    </section>
  );
}
