// Sign in with email + password, or redeem an invite code with a new password.
// Also used inline to sign in again after a 401 (the data on the device stays).
import { For, createSignal, createUniqueId } from 'solid-js';
import {
  ApiRequestError,
  NetworkError,
  RateLimitedError,
  UnauthorizedError,
} from '../../session/errors';
import { useSession } from '../shell/use-session';
import { lang, setLang, t } from '../../i18n';
import { st } from '../../i18n/session';
import { usePageTitle } from '../shell/page-title';
import { serverProblem } from '../../i18n/server';
import { FormError, InputField } from '../components/form';
import '../styles/session.css';

function messageOf(e: unknown): string {
  if (e instanceof UnauthorizedError) return st('signin.wrong');
  if (e instanceof RateLimitedError) return st('signin.rate');
  if (e instanceof NetworkError) return st('signin.offline');
  if (e instanceof ApiRequestError && (e.status === 400 || e.status === 404 || e.status === 410))
    return st('signin.wrong');
  if (e instanceof ApiRequestError) return st('signin.failed', { msg: serverProblem(e) });
  return st('signin.failed', { msg: e instanceof Error ? e.message : String(e) });
}

type FieldSpec = {
  label: Parameters<typeof st>[0];
  name: 'email' | 'password' | 'inviteCode' | 'name' | 'newPassword';
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  required?: boolean;
  minLength?: number;
};

const PASSWORD_FIELDS: readonly FieldSpec[] = [
  { label: 'signin.email', name: 'email', type: 'email', autocomplete: 'username' },
  {
    label: 'signin.password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
  },
];

const INVITE_FIELDS: readonly FieldSpec[] = [
  { label: 'signin.invite', name: 'inviteCode', type: 'text', autocomplete: 'one-time-code' },
  { label: 'signin.name', name: 'name', type: 'text', autocomplete: 'name', required: false },
  {
    label: 'signin.newPassword',
    name: 'newPassword',
    type: 'password',
    autocomplete: 'new-password',
    minLength: 10,
  },
];

const LANGUAGES = [
  ['de', 'Deutsch'],
  ['en', 'English'],
] as const;

export function SignInForm(props: { email?: string; onDone?: () => void }) {
  const session = useSession();
  const [mode, setMode] = createSignal<'password' | 'invite'>('password');
  // eslint-disable-next-line solid/reactivity -- only the initial value of the field; the user edits it from there
  const [email, setEmail] = createSignal(props.email ?? '');
  const [password, setPassword] = createSignal('');
  const [code, setCode] = createSignal('');
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const values = { email, password, inviteCode: code, name, newPassword: password };
  const setters = {
    email: setEmail,
    password: setPassword,
    inviteCode: setCode,
    name: setName,
    newPassword: setPassword,
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode() === 'password') await session.signIn(email(), password());
      else await session.redeem(code(), password(), name() || undefined);
      setPassword('');
      props.onDone?.();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card stack" onSubmit={submit} aria-busy={busy()}>
      <For each={mode() === 'password' ? PASSWORD_FIELDS : INVITE_FIELDS}>
        {(f) => {
          const id = createUniqueId();
          return (
            <InputField
              id={id}
              label={st(f.label)}
              name={f.name}
              type={f.type}
              value={values[f.name]()}
              onInput={setters[f.name]}
              autocomplete={f.autocomplete}
              required={f.required ?? true}
              minLength={f.minLength}
            />
          );
        }}
      </For>
      <FormError message={error()} />
      <button type="submit" class="btn primary" disabled={busy()}>
        {busy()
          ? st('signin.busy')
          : mode() === 'password'
            ? st('signin.submit')
            : st('signin.redeem')}
      </button>
      <button
        type="button"
        class="link-button"
        onClick={() => {
          setError(null);
          setMode(mode() === 'password' ? 'invite' : 'password');
        }}
      >
        {mode() === 'password' ? st('signin.withInvite') : st('signin.withPassword')}
      </button>
    </form>
  );
}

export function SignInPage() {
  usePageTitle(() => st('signin.title'));
  return (
    <main id="main" class="page narrow signin">
      <h1>{t('app.title')}</h1>
      <h2>{st('signin.title')}</h2>
      <p>{st('signin.intro')}</p>
      <SignInForm />
      <p class="row">
        <For each={LANGUAGES}>
          {([code, name]) => (
            <button
              type="button"
              class="link-button"
              lang={code}
              aria-pressed={lang() === code}
              onClick={() => setLang(code)}
            >
              {name}
            </button>
          )}
        </For>
      </p>
    </main>
  );
}
