// An invite code on an account card: the code, until when it works, how the person signs in
// with it (this server's address), and a copy button. Shown right after the account is made,
// after "Neue Einladung", and again on "Einladung anzeigen" for as long as the code is open.
import { Show, createSignal } from 'solid-js';
import type { InviteIssued } from '../../../shared/auth';
import { lang } from '../../i18n';
import { at } from '../../i18n/accounts';
import { formatDateTime } from '../../i18n/format';

export function InvitePanel(props: { name: string; invite: InviteIssued; onHide: () => void }) {
  const [copied, setCopied] = createSignal<'no' | 'yes' | 'failed'>('no');
  const url = () => `${location.origin}/`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.invite.inviteCode);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div
      class="invite-panel"
      role="region"
      aria-label={at('users.inviteFor', { name: props.name })}
      data-testid="invite-code"
    >
      <p class="muted">{at('users.inviteFor', { name: props.name })}</p>
      <p>
        <code class="invite-code">{props.invite.inviteCode}</code>
      </p>
      <p class="muted">
        {at('users.inviteValid', {
          until: formatDateTime(props.invite.expiresAt, lang(), undefined, 'medium'),
        })}
      </p>
      <p class="invite-how">{at('users.inviteHow', { name: props.name, url: url() })}</p>
      <div class="row">
        <button type="button" class="btn" onClick={copy}>
          {copied() === 'yes' ? at('users.copied') : at('users.copy')}
        </button>
        <button type="button" class="link-button" onClick={() => props.onHide()}>
          {at('users.hideInvite')}
        </button>
      </div>
      <Show when={copied() === 'failed'}>
        <p class="field-error" role="alert">
          {at('users.copyFailed')}
        </p>
      </Show>
    </div>
  );
}
