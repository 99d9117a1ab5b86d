// Sign in with email + password, or redeem an invite code with a new password.
// Also used inline to sign in again after a 401 (the data on the device stays).
import { Show, createSignal, createUniqueId } from 'solid-js';
import {
  ApiRequestError,
  NetworkError,
  RateLimitedError,
  UnauthorizedError,
} from '../../session/errors';
import { useSession } from '../shell/use-session';
import { lang, setLang, t } from '../../i18n';
import { st } from '../../i18n/session';
import { serverProblem } from '../../i18n/server';
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

function Field(props: {
  label: string;
  name: string;
  type: string;
  value: string;
  onInput: (v: string) => void;
  autocomplete: string;
  required?: boolean;
  minLength?: number;
}) {
  const id = createUniqueId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        minLength={props.minLength}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}

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
      <Show
        when={mode() === 'password'}
        fallback={
          <>
            <Field
              label={st('signin.invite')}
              name="inviteCode"
              type="text"
              value={code()}
              onInput={setCode}
              autocomplete="one-time-code"
            />
            <Field
              label={st('signin.name')}
              name="name"
              type="text"
              value={name()}
              onInput={setName}
              autocomplete="name"
              required={false}
            />
            <Field
              label={st('signin.newPassword')}
              name="newPassword"
              type="password"
              value={password()}
              onInput={setPassword}
              autocomplete="new-password"
              minLength={10}
            />
          </>
        }
      >
        <Field
          label={st('signin.email')}
          name="email"
          type="email"
          value={email()}
          onInput={setEmail}
          autocomplete="username"
        />
        <Field
          label={st('signin.password')}
          name="password"
          type="password"
          value={password()}
          onInput={setPassword}
          autocomplete="current-password"
        />
      </Show>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
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
  return (
    <main id="main" class="page narrow signin">
      <h1>{t('app.title')}</h1>
      <h2>{st('signin.title')}</h2>
      <p>{st('signin.intro')}</p>
      <SignInForm />
      <p class="row">
        <button
          type="button"
          class="link-button"
          lang="de"
          aria-pressed={lang() === 'de'}
          onClick={() => setLang('de')}
        >
          Deutsch
        </button>
        <button
          type="button"
          class="link-button"
          lang="en"
          aria-pressed={lang() === 'en'}
          onClick={() => setLang('en')}
        >
          English
        </button>
      </p>
    </main>
  );
}
