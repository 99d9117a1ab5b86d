// One account in the coordinators' list, phone first (a card, not a table row): name, e-mail,
// role and the site it is bound to, where it stands (invite open since …, expired, active,
// disabled), when it was last active, and what a coordinator can do with it. Every action is
// one the server accepts for a coordinator (docs/architecture.md §Auth).
import { Show, createSignal } from 'solid-js';
import type { AccountSummary, InviteIssued } from '../../../shared/auth';
import type { Site } from '../../../shared/domain/schemas';
import { ROLES } from '../../../shared/domain/vocab';
import { label, lang } from '../../i18n';
import { at } from '../../i18n/accounts';
import { formatDateTime } from '../../i18n/format';
import { FormError } from '../components/form';
import { BindingEditor } from './binding-editor';
import type { Binding } from './consequences';
import { InvitePanel } from './invite-panel';
import { problem } from './problem';
import { lastActive, statusText } from './account-words';

const medium = (iso: string) => formatDateTime(iso, lang(), undefined, 'medium');

export function AccountCard(props: {
  account: AccountSummary;
  self: boolean;
  sites: readonly Site[];
  siteLabel: (id: string) => string;
  /** The code to show (just issued or asked for); null: the panel is closed. */
  invite: InviteIssued | null;
  onShowInvite: () => Promise<void>;
  onNewInvite: () => Promise<void>;
  onHideInvite: () => void;
  onSave: (next: Binding) => Promise<void>;
  onToggleDisabled: () => Promise<void>;
}) {
  const a = () => props.account;
  const name = () => a().name || a().email;
  const [editing, setEditing] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const open = () =>
    a().invite !== null && Date.parse(a().invite!.expiresAt) > Date.now() ? a().invite : null;

  async function run(f: () => Promise<void>) {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    }
  }
  const binding = () =>
    a().role === 'quartiersmanagement'
      ? a().siteId
        ? props.siteLabel(a().siteId!)
        : at('users.siteNotHere')
      : at('users.allSites');
  const lastTitle = () => {
    const t = [a().lastSignInAt, a().lastSyncAt].filter(Boolean).sort().at(-1);
    return t ? medium(t) : undefined;
  };

  return (
    <li
      class="card account-card"
      data-testid="user-row"
      data-status={a().status}
      aria-label={name()}
    >
      <p class="account-name">
        <strong>{name()}</strong>
        <Show when={a().status === 'disabled'}>
          {' '}
          <span class="status status-disabled">{at('users.disabled')}</span>
        </Show>
      </p>
      <p class="muted account-email">{a().email}</p>
      <p data-testid="account-binding">
        {label(ROLES[a().role])} · {binding()}
      </p>
      <p class="muted" data-testid="account-status">
        {statusText(a())}
      </p>
      <p class="muted" data-testid="account-activity" title={lastTitle()}>
        {lastActive(a())}
      </p>
      <Show when={open() && !open()!.showable && !props.invite}>
        <p class="muted">{at('users.inviteNotShowable')}</p>
      </Show>
      <div class="row account-actions">
        <Show when={open()?.showable && !props.invite && a().status !== 'disabled'}>
          <button
            type="button"
            class="btn"
            aria-label={at('users.showInviteFor', { name: name() })}
            onClick={() => run(props.onShowInvite)}
          >
            {at('users.showInvite')}
          </button>
        </Show>
        <Show when={a().status !== 'disabled'}>
          <button
            type="button"
            class="btn"
            aria-label={at('users.reissueFor', { name: name() })}
            onClick={() =>
              run(async () => {
                if (open() && !confirm(at('users.reissueConfirm', { name: name() }))) return;
                await props.onNewInvite();
              })
            }
          >
            {at('users.reissue')}
          </button>
        </Show>
        <Show when={!props.self && !editing()}>
          <button
            type="button"
            class="btn"
            aria-label={at('users.changeFor', { name: name() })}
            onClick={() => setEditing(true)}
          >
            {at('users.change')}
          </button>
        </Show>
        <Show when={!props.self}>
          <button
            type="button"
            class={a().disabled ? 'link-button' : 'link-button danger'}
            onClick={() =>
              run(async () => {
                if (!a().disabled && !confirm(at('users.disableConfirm', { name: name() }))) return;
                await props.onToggleDisabled();
              })
            }
          >
            {a().disabled
              ? at('users.enable', { name: name() })
              : at('users.disable', { name: name() })}
          </button>
        </Show>
      </div>
      <Show when={props.invite}>
        {(invite) => (
          <InvitePanel name={name()} invite={invite()} onHide={() => props.onHideInvite()} />
        )}
      </Show>
      <Show when={editing()}>
        <BindingEditor
          account={a()}
          sites={props.sites}
          siteLabel={props.siteLabel}
          onSave={(next) =>
            run(async () => {
              await props.onSave(next);
              setEditing(false);
            })
          }
          onClose={() => setEditing(false)}
        />
      </Show>
      <FormError message={error() === null ? null : problem(error())} />
    </li>
  );
}
