// The people of the policy tables (test/shared/*policy*.test.ts): one of each role, a
// Quartiersmanagement account at its own site, at another and without one, and disabled accounts.
import type { User } from '../../src/shared/auth';

const person = (role: User['role'], over: Partial<User> = {}): User => ({
  id: `u-${role}`,
  email: `${role}@example.org`,
  name: role,
  role,
  siteId: role === 'quartiersmanagement' ? 'site-a' : null,
  disabled: false,
  ...over,
});

export const PEOPLE = {
  coordinator: person('coordinator'),
  member: person('member'),
  qm: person('quartiersmanagement'),
  qmOtherSite: person('quartiersmanagement', { siteId: 'site-b' }),
  qmWithoutSite: person('quartiersmanagement', { siteId: null }),
  disabledCoordinator: person('coordinator', { disabled: true }),
  disabledMember: person('member', { disabled: true }),
} as const;
export type Person = keyof typeof PEOPLE;
