// What a change of an account's role or site does, in words, for the confirmation before it is
// saved (docs/architecture.md §Auth "scope change"). The server reads the account per request:
// a new read scope makes the device reset at its next sync (§Pull step 4); its changes queued for
// what it can no longer see come back as rejections it can export or discard; nothing of the
// old site stays on it once those are discarded (test/client/sync/scope-change.test.ts).
import type { User } from '../../../shared/auth';
import { ROLES } from '../../../shared/domain/vocab';
import { label } from '../../i18n';
import { at } from '../../i18n/accounts';

export type Binding = Pick<User, 'role' | 'siteId'>;

/** The site an account reads: its one site, or null for every site. */
const scopeOf = (b: Binding) => (b.role === 'quartiersmanagement' ? b.siteId : null);

/**
 * The sentences the confirmation shows, in order; empty when nothing changes. `site` names a
 * site by its id (from this device's synced sites).
 */
export function consequences(
  name: string,
  before: Binding,
  after: Binding,
  site: (id: string) => string,
): string[] {
  const from = scopeOf(before);
  const to = scopeOf(after);
  if (before.role === after.role && from === to) return [];
  const out: string[] = [];
  if (before.role !== after.role)
    out.push(at('users.effect.role', { name, role: label(ROLES[after.role]) }));
  if (from !== to) {
    if (to === null) out.push(at('users.effect.allSites', { name }));
    else if (from === null) out.push(at('users.effect.toSite', { name, to: site(to) }));
    else out.push(at('users.effect.moveSite', { name, to: site(to), from: site(from) }));
    if (to !== null) {
      out.push(
        from === null
          ? at('users.effect.refusedOther', { name })
          : at('users.effect.refusedOld', { name, from: site(from) }),
      );
      out.push(at('users.effect.resetNarrow', { name, to: site(to) }));
    } else out.push(at('users.effect.resetWide', { name }));
  }
  if (before.role === 'coordinator' && after.role !== 'coordinator')
    out.push(at('users.effect.loseCoordination', { name }));
  if (before.role !== 'coordinator' && after.role === 'coordinator')
    out.push(at('users.effect.gainCoordination', { name }));
  out.push(at('users.effect.when', { name }));
  return out;
}
