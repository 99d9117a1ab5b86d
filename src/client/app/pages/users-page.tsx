// Route /users (coordinators): list accounts, create a member / Quartiersmanagement /
// coordinator account with an invite code, hand out a new code, disable or enable.
// Online only — accounts live on the server; the server enforces the role again.
import { For, Show, createResource, createSignal, createUniqueId } from 'solid-js';
import type { User } from '../../../shared/auth';
import { ROLES } from '../../../shared/domain/vocab';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { label, lang } from '../../i18n';
import {
  type ApiOptions,
  ApiRequestError,
  NetworkError,
  createUser,
  listUsers,
  newInvite,
  updateUser,
} from '../../session/api';
import { useSession } from '../shell/use-session';
import { at } from '../../i18n/accounts';
import { serverProblem } from '../../i18n/server';
import {
  ChoiceField,
  createForm,
  FormError,
  InputField,
  vocabOptions,
  withNone,
} from '../components/form';
import { siteOptions } from '../site-name';
import '../styles/session.css';

type Role = User['role'];

function problem(e: unknown): string {
  if (e instanceof NetworkError) return at('users.offline');
  if (e instanceof ApiRequestError)
    return e.status === 403 ? at('users.forbidden') : serverProblem(e);
  return e instanceof Error ? e.message : String(e);
}

export default function UsersPage() {
  const session = useSession();
  const db = useDb();
  const opts = (): ApiOptions => ({ token: session.token() });
  const [users, { refetch }] = createResource(() => listUsers(opts()));
  // Read only when ready: reading an errored resource throws, and offline (NetworkError) the
  // page then stayed on "Lädt …" instead of saying it needs the server.
  const list = () => (users.state === 'ready' ? users() : undefined) ?? [];
  const sites = createLiveQuery(
    () => db,
    (d) => d.sites.filter((s) => s._deleted === 0).toArray(),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [invite, setInvite] = createSignal<{ email: string; code: string } | null>(null);
  const form = createForm({ email: '', name: '', role: 'member' as Role, siteId: '' });
  const ids = {
    email: createUniqueId(),
    name: createUniqueId(),
    role: createUniqueId(),
    site: createUniqueId(),
  };

  async function act(f: () => Promise<void>) {
    setError(null);
    try {
      await f();
      await refetch();
    } catch (e) {
      setError(problem(e));
    }
  }
  const create = (e: SubmitEvent) => {
    e.preventDefault();
    const f = form.values();
    return act(async () => {
      const r = await createUser(
        { email: f.email, name: f.name, role: f.role, siteId: f.siteId || null },
        opts(),
      );
      setInvite({ email: r.user.email, code: r.inviteCode });
      form.reset();
    });
  };

  return (
    <section class="page narrow stack">
      <h1>{at('users.title')}</h1>
      <FormError message={error() ?? (users.error ? problem(users.error) : null)} />
      <Show when={invite()}>
        {(i) => (
          <div class="card" role="status" data-testid="invite-code">
            <p>
              {at('users.invite', { email: i().email, code: '' })}
              <strong>
                <code>{i().code}</code>
              </strong>
            </p>
            <p class="muted">{at('users.inviteHint')}</p>
          </div>
        )}
      </Show>
      <form class="card stack" onSubmit={create} aria-labelledby="create-h">
        <h2 id="create-h">{at('users.create')}</h2>
        <InputField id={ids.name} label={at('users.name')} required {...form.text('name')} />
        <InputField
          id={ids.email}
          label={at('users.email')}
          type="email"
          required
          {...form.text('email')}
        />
        <ChoiceField
          id={ids.role}
          label={at('users.role')}
          options={vocabOptions(ROLES, lang())}
          selected={form.values().role}
          onChange={(role) => form.set({ role: role as Role })}
        />
        <ChoiceField
          id={ids.site}
          label={at('users.site')}
          options={withNone(at('users.noSite'), siteOptions(sites()))}
          selected={form.values().siteId}
          required={form.values().role === 'quartiersmanagement'}
          onChange={(siteId) => form.set({ siteId })}
        />
        <button type="submit" class="btn primary">
          {at('users.create')}
        </button>
      </form>
      <section class="stack" aria-labelledby="list-h">
        <h2 id="list-h">{at('users.list')}</h2>
        <Show when={list().length > 0} fallback={<p>{users.loading ? '…' : at('users.empty')}</p>}>
          <ul class="list">
            <For each={list()}>
              {(u) => (
                <li class="card" data-testid="user-row">
                  <p>
                    <strong>{u.name || u.email}</strong> · {u.email} · {label(ROLES[u.role])}
                    {u.disabled ? ` · ${at('users.disabled')}` : ''}
                  </p>
                  <div class="row">
                    <button
                      type="button"
                      class="btn"
                      onClick={() =>
                        act(async () => {
                          setInvite({
                            email: u.email,
                            code: (await newInvite(u.id, opts())).inviteCode,
                          });
                        })
                      }
                    >
                      {at('users.newInvite', { name: u.name || u.email })}
                    </button>
                    <Show when={u.id !== session.session().user.id}>
                      <button
                        type="button"
                        class="btn"
                        onClick={() =>
                          act(async () => {
                            await updateUser(u.id, { disabled: !u.disabled }, opts());
                          })
                        }
                      >
                        {u.disabled
                          ? at('users.enable', { name: u.name || u.email })
                          : at('users.disable', { name: u.name || u.email })}
                      </button>
                    </Show>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </section>
  );
}
