// Where an account stands and when it was last active, in words (the account cards).
import type { AccountSummary } from '../../../shared/auth';
import { lang } from '../../i18n';
import { at } from '../../i18n/accounts';
import { formatDateTime } from '../../i18n/format';
import { relativeTime } from './when';

const medium = (iso: string) => formatDateTime(iso, lang(), undefined, 'medium');

/** Where the account stands, in words. */
export function statusText(a: AccountSummary, now: number = Date.now()): string {
  const open = a.invite && Date.parse(a.invite.expiresAt) > now ? a.invite : null;
  switch (a.status) {
    case 'disabled':
      return at('users.status.disabled');
    case 'active':
      return open
        ? at('users.status.activeInvite', { until: medium(open.expiresAt) })
        : at('users.status.active');
    case 'invited':
      return at('users.status.invited', {
        since: open?.issuedAt ? medium(open.issuedAt) : '—',
        until: open ? medium(open.expiresAt) : '—',
      });
    case 'invite_expired':
      return a.invite
        ? at('users.status.inviteExpired', { until: medium(a.invite.expiresAt) })
        : at('users.status.noInvite');
  }
}

/** The newest of the last sign-in and the last sync, in words ("noch nie" when neither). */
export function lastActive(a: AccountSummary, now: number = Date.now()): string {
  const signIn = a.lastSignInAt ?? '';
  const sync = a.lastSyncAt ?? '';
  if (!signIn && !sync) return at('users.lastActive', { when: at('users.never') });
  const when = relativeTime(sync > signIn ? sync : signIn, lang(), now);
  return at('users.lastActive', {
    when: sync > signIn ? at('users.lastSync', { when }) : at('users.lastSignIn', { when }),
  });
}
