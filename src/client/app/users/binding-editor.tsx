// Change an account's role and site, in two steps: choose, then read what the change does
// (consequences.ts) and confirm. A Quartiersmanagement account is always given a site: the role
// is offered only when this device knows a site, and the site choice has no empty entry.
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import type { AccountSummary } from '../../../shared/auth';
import type { Site } from '../../../shared/domain/schemas';
import { lang } from '../../i18n';
import { at } from '../../i18n/accounts';
import { ChoiceField, type Option } from '../components/form';
import { type Binding, consequences } from './consequences';
import { roleOptions, siteChoices } from './choices';

export function BindingEditor(props: {
  account: AccountSummary;
  sites: readonly Site[];
  siteLabel: (id: string) => string;
  onSave: (next: Binding) => Promise<void>;
  onClose: () => void;
}) {
  const ids = { role: createUniqueId(), site: createUniqueId(), title: createUniqueId() };
  // eslint-disable-next-line solid/reactivity -- the editor starts from the account as it is when opened
  const [role, setRole] = createSignal<Binding['role']>(props.account.role);
  // eslint-disable-next-line solid/reactivity -- as above
  const [siteId, setSiteId] = createSignal(props.account.siteId ?? props.sites[0]?.id ?? '');
  const [review, setReview] = createSignal<string[] | null>(null);
  const [busy, setBusy] = createSignal(false);
  const next = (): Binding => ({
    role: role(),
    siteId: role() === 'quartiersmanagement' ? siteId() || null : null,
  });
  const name = () => props.account.name || props.account.email;
  const sites = (): Option[] => siteChoices(props.sites, props.account.siteId, props.siteLabel);
  const ready = () => role() !== 'quartiersmanagement' || siteId() !== '';

  async function save() {
    setBusy(true);
    try {
      await props.onSave(next());
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="binding-editor stack" role="group" aria-labelledby={ids.title}>
      <p id={ids.title}>
        <strong>{at('users.changeTitle', { name: name() })}</strong>
      </p>
      <Show
        when={review()}
        fallback={
          <>
            <ChoiceField
              id={ids.role}
              label={at('users.role')}
              options={roleOptions(
                lang(),
                props.sites.length > 0 || role() === 'quartiersmanagement',
              )}
              selected={role()}
              onChange={(r) => {
                setRole(r as Binding['role']);
                if (r === 'quartiersmanagement' && !siteId()) setSiteId(props.sites[0]?.id ?? '');
              }}
            />
            <Show when={role() === 'quartiersmanagement'}>
              <ChoiceField
                id={ids.site}
                label={at('users.site')}
                options={sites()}
                selected={siteId()}
                required
                onChange={setSiteId}
              />
            </Show>
            <Show when={props.sites.length === 0}>
              <p class="muted">{at('users.noSites')}</p>
            </Show>
            <div class="row">
              <button
                type="button"
                class="btn primary"
                disabled={!ready()}
                onClick={() =>
                  setReview(consequences(name(), props.account, next(), props.siteLabel))
                }
              >
                {at('users.review')}
              </button>
              <button type="button" class="link-button" onClick={() => props.onClose()}>
                {at('users.cancel')}
              </button>
            </div>
          </>
        }
      >
        {(lines) => (
          <Show
            when={lines().length > 0}
            fallback={
              <>
                <p role="status">{at('users.unchanged')}</p>
                <button type="button" class="link-button" onClick={() => setReview(null)}>
                  {at('users.cancel')}
                </button>
              </>
            }
          >
            <div class="confirm-box" role="alert" data-testid="binding-confirm">
              <p>
                <strong>{at('users.confirmTitle')}</strong>
              </p>
              <ul>
                <For each={lines()}>{(line) => <li>{line}</li>}</For>
              </ul>
            </div>
            <div class="row">
              <button type="button" class="btn primary" disabled={busy()} onClick={save}>
                {at('users.confirmChange')}
              </button>
              <button type="button" class="link-button" onClick={() => setReview(null)}>
                {at('users.cancel')}
              </button>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
