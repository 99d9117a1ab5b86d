// Route /users (coordinators): create a member / Quartiersmanagement / coordinator account with
// an invite code, and the account list as cards (users/account-card.tsx): role and site binding,
// invite state, last activity; show an open invite code again, issue a new one, change role or
// site with a confirmation of what happens to the person's queued work, disable or enable.
// Online only — accounts live on the server; the server enforces the role again.
import { For, Show, createResource, createSignal, createUniqueId } from 'solid-js';
import type { InviteIssued, User } from '../../../shared/auth';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { lang } from '../../i18n';
import {
  type ApiOptions,
  createUser,
  listUsers,
  newInvite,
  showInvite,
  updateUser,
} from '../../session/api';
import { useSession } from '../shell/use-session';
import { at } from '../../i18n/accounts';
import { ChoiceField, createForm, FormError, InputField } from '../components/form';
import { siteName } from '../site-name';
import { AccountCard } from '../users/account-card';
import { roleOptions, siteChoices } from '../users/choices';
import { problem } from '../users/problem';
import '../styles/session.css';
import '../styles/users.css';
import { usePageTitle } from '../shell/page-title';
import { latestOf } from '../latest';

type Role = User['role'];

export default function UsersPage() {
  usePageTitle(() => at('users.title'));
  const session = useSession();
  const db = useDb();
  const opts = (): ApiOptions => ({ token: session.token() });
  const [users, { refetch }] = createResource(() => listUsers(opts()));
  // The list as last loaded, kept while a refetch runs (latest.ts); none after a failed load:
  // reading an errored resource throws, and offline the page then stayed on "Lädt …".
  const list = () => latestOf(users) ?? [];
  // Cards are keyed by account id, so a refetch updates them in place (an open editor or an
  // error line stays where it is) instead of building new ones.
  const accountIds = () => list().map((u) => u.id);
  const byId = (id: string) => list().find((u) => u.id === id);
  const sites = createLiveQuery(
    () => db,
    (d) => d.sites.filter((s) => s._deleted === 0).toArray(),
  );
  const liveSites = () => sites() ?? [];
  const siteLabel = (id: string) => {
    const s = liveSites().find((x) => x.id === id);
    return s ? siteName(s) : at('users.siteNotHere');
  };
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  // Codes on show, by account: several stay visible at once (each until hidden).
  const [codes, setCodes] = createSignal<Record<string, InviteIssued>>({});
  const showCode = (id: string, invite: InviteIssued | null) =>
    setCodes((c) => {
      const { [id]: _old, ...rest } = c;
      return invite ? { ...rest, [id]: invite } : rest;
    });
  /** A code on show while the list still has it open (redeemed or replaced elsewhere: gone). */
  const shownCode = (id: string, openUntil: string | undefined) => {
    const c = codes()[id];
    return c && c.expiresAt === openUntil ? c : null;
  };
  const form = createForm({ email: '', name: '', role: 'member' as Role, siteId: '' });
  const ids = {
    email: createUniqueId(),
    name: createUniqueId(),
    role: createUniqueId(),
    site: createUniqueId(),
  };
  const isQm = () => form.values().role === 'quartiersmanagement';

  /** Runs an action; refetches the list afterwards, also when it failed (it may have changed). */
  async function refreshing(f: () => Promise<void>) {
    try {
      await f();
    } finally {
      await refetch();
    }
  }

  /** The open code again; when it is gone meanwhile (redeemed, expired) the list says so. */
  async function reveal(id: string) {
    try {
      showCode(id, await showInvite(id, opts()));
    } catch (e) {
      await refetch();
      throw e;
    }
  }
  const reissue = (id: string) =>
    refreshing(async () => {
      showCode(id, await newInvite(id, opts()));
    });

  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const f = form.values();
    try {
      await refreshing(async () => {
        const r = await createUser(
          {
            email: f.email,
            name: f.name,
            role: f.role,
            siteId: f.role === 'quartiersmanagement' ? f.siteId || null : null,
          },
          opts(),
        );
        showCode(r.user.id, r);
        setNotice(at('users.created', { name: r.user.name || r.user.email }));
        form.reset();
      });
    } catch (err) {
      setError(problem(err));
    }
  };

  return (
    <section class="page narrow stack">
      <h1>{at('users.title')}</h1>
      <FormError message={error() ?? (users.error ? problem(users.error) : null)} />
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
          options={roleOptions(lang(), liveSites().length > 0)}
          selected={form.values().role}
          onChange={(role) =>
            form.set({
              role: role as Role,
              siteId: form.values().siteId || (liveSites()[0]?.id ?? ''),
            })
          }
        />
        <Show when={isQm()}>
          <ChoiceField
            id={ids.site}
            label={at('users.site')}
            options={siteChoices(liveSites(), null, siteLabel)}
            selected={form.values().siteId}
            required
            onChange={(siteId) => form.set({ siteId })}
          />
        </Show>
        <Show when={liveSites().length === 0 && sites() !== undefined}>
          <p class="muted">{at('users.noSites')}</p>
        </Show>
        <button type="submit" class="btn primary" disabled={isQm() && !form.values().siteId}>
          {at('users.create')}
        </button>
        <Show when={notice()}>
          <p role="status">{notice()}</p>
        </Show>
      </form>
      <section class="stack" aria-labelledby="list-h">
        <h2 id="list-h">{at('users.list')}</h2>
        <Show when={list().length > 0} fallback={<p>{users.loading ? '…' : at('users.empty')}</p>}>
          <ul class="cards">
            <For each={accountIds()}>
              {(id) => (
                <Show when={byId(id)}>
                  {(u) => (
                    <AccountCard
                      account={u()}
                      self={id === session.session().user.id}
                      sites={liveSites()}
                      siteLabel={siteLabel}
                      invite={shownCode(id, u().invite?.expiresAt)}
                      onShowInvite={() => reveal(id)}
                      onNewInvite={() => reissue(id)}
                      onHideInvite={() => showCode(id, null)}
                      onSave={(next) =>
                        refreshing(async () => {
                          await updateUser(id, next, opts());
                        })
                      }
                      onToggleDisabled={() =>
                        refreshing(async () => {
                          const disable = !u().disabled;
                          await updateUser(id, { disabled: disable }, opts());
                          if (disable) showCode(id, null);
                        })
                      }
                    />
                  )}
                </Show>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </section>
  );
}
