// The one policy (src/shared/policy.ts) as a table: role × entity × operation, at the user's own
// site and at another, for disabled accounts and Quartiersmanagement accounts at another site and
// without one (test/support/people.ts).
// The server enforces these answers (test/server/roles.test.ts) and the app offers only what
// they allow, so a wrong cell here is an action offered and then refused, or one hidden for
// nothing.
import { describe, expect, it } from 'vitest';
import { ENTITY_SCHEMAS, type EntityName } from '../../src/shared/domain/schemas';
import {
  type WriteOp,
  canCreate,
  canEditSite,
  canEditTemplates,
  canManageUsers,
  canReadRecord,
  canReadSite,
  canResolveConflict,
  canSeeActivity,
  canSeeOverview,
  canWrite,
  defaultPerspective,
  mayDeleteVisit,
  visitSites,
} from '../../src/shared/policy';
import { PEOPLE, type Person } from '../support/people';

const OPS: WriteOp[] = ['create', 'patch', 'delete', 'restore'];
const CHILDREN = (Object.keys(ENTITY_SCHEMAS) as EntityName[]).filter(
  (e) => e !== 'site' && e !== 'visit',
);

/** The expected answer for one cell; `own` = the record was created by this person. */
function expected(p: Person, entity: EntityName, op: WriteOp, site: string, own: boolean) {
  if (p.startsWith('disabled') || p === 'qmWithoutSite') return false;
  if (entity === 'site') return p === 'coordinator';
  // templates belong to no site: only coordinators keep them
  if (entity === 'checklistTemplate') return p === 'coordinator';
  // offers belong to no site either: members register their own, coordinators keep any
  if (entity === 'offer')
    return p === 'coordinator' || (p.startsWith('member') && (op === 'create' || own));
  if (p === 'qm' && site !== 'site-a') return false;
  if (p === 'qmOtherSite' && site !== 'site-b') return false;
  if (entity === 'visit' && op === 'delete') return p === 'coordinator' || own;
  // a review comment is its author's: others may only add their own (coordinators settle any)
  if (entity === 'reviewComment' && op !== 'create') return p === 'coordinator' || own;
  return true;
}

describe('shared policy: who may write what', () => {
  const cells: [Person, EntityName, WriteOp, string, boolean][] = [];
  for (const p of Object.keys(PEOPLE) as Person[])
    for (const entity of ['site', 'visit', ...CHILDREN] as EntityName[])
      for (const op of OPS)
        for (const site of ['site-a', 'site-b'])
          for (const own of [false, true]) cells.push([p, entity, op, site, own]);

  it.each(cells)('%s %s %s at %s (own: %s)', (p, entity, op, site, own) => {
    const u = PEOPLE[p];
    const siteless = entity === 'site' || entity === 'checklistTemplate' || entity === 'offer';
    const target = { siteId: siteless ? null : site, createdBy: own ? u.id : 'someone' };
    expect(canWrite(u, entity, op, target)).toBe(expected(p, entity, op, site, own));
  });

  it('canCreate is the create column: QM only at its site, nobody but a coordinator a site', () => {
    expect(canCreate(PEOPLE.qm, 'site', { siteId: null })).toBe(false);
    expect(canCreate(PEOPLE.member, 'site', { siteId: null })).toBe(false);
    expect(canCreate(PEOPLE.coordinator, 'site', { siteId: null })).toBe(true);
    expect(canCreate(PEOPLE.disabledCoordinator, 'site', { siteId: null })).toBe(false);
    expect(canCreate(PEOPLE.qm, 'visit', { siteId: 'site-a' })).toBe(true);
    expect(canCreate(PEOPLE.qm, 'visit', { siteId: 'site-b' })).toBe(false);
    expect(canCreate(PEOPLE.qmWithoutSite, 'visit', { siteId: 'site-a' })).toBe(false);
    expect(canCreate(PEOPLE.member, 'observation', { siteId: 'site-b' })).toBe(true);
  });

  it('canEditSite: coordinators only, and only while enabled', () => {
    const allowed = (Object.keys(PEOPLE) as Person[]).filter((p) => canEditSite(PEOPLE[p]));
    expect(allowed).toEqual(['coordinator']);
  });

  it('mayDeleteVisit: own visits, any for a coordinator; an unknown creator is not "own"', () => {
    const at = (siteId: string, createdBy: string | null) => ({ siteId, createdBy });
    expect(mayDeleteVisit(PEOPLE.member, at('site-b', 'u-member'))).toBe(true);
    expect(mayDeleteVisit(PEOPLE.member, at('site-b', 'u-other'))).toBe(false);
    expect(mayDeleteVisit(PEOPLE.member, at('site-b', null))).toBe(false);
    expect(mayDeleteVisit(PEOPLE.coordinator, at('site-b', null))).toBe(true);
    expect(mayDeleteVisit(PEOPLE.qm, at('site-a', 'u-quartiersmanagement'))).toBe(true);
    expect(mayDeleteVisit(PEOPLE.qm, at('site-b', 'u-quartiersmanagement'))).toBe(false);
    expect(mayDeleteVisit(PEOPLE.disabledMember, at('site-b', 'u-member'))).toBe(false);
  });

  it('visitSites: the sites a visit may be started at', () => {
    const sites = [{ id: 'site-a' }, { id: 'site-b' }];
    expect(visitSites(PEOPLE.member, sites)).toEqual(sites);
    expect(visitSites(PEOPLE.coordinator, sites)).toEqual(sites);
    expect(visitSites(PEOPLE.qm, sites)).toEqual([{ id: 'site-a' }]);
    expect(visitSites(PEOPLE.qmWithoutSite, sites)).toEqual([]);
    expect(visitSites(PEOPLE.disabledMember, sites)).toEqual([]);
  });

  it('canResolveConflict: only where the user may patch (a member never decides a site)', () => {
    const t = (siteId: string | null) => ({ siteId, createdBy: null });
    expect(canResolveConflict(PEOPLE.member, 'site', t('site-a'))).toBe(false);
    expect(canResolveConflict(PEOPLE.coordinator, 'site', t('site-a'))).toBe(true);
    expect(canResolveConflict(PEOPLE.member, 'observation', t('site-b'))).toBe(true);
    expect(canResolveConflict(PEOPLE.qm, 'observation', t('site-a'))).toBe(true);
    expect(canResolveConflict(PEOPLE.qm, 'observation', t('site-b'))).toBe(false);
    expect(canResolveConflict(PEOPLE.member, 'visit', t('site-b'))).toBe(true);
  });

  it('users, the cross-site overview, the activity log, templates: coordinators while enabled', () => {
    for (const p of Object.keys(PEOPLE) as Person[]) {
      expect(canManageUsers(PEOPLE[p]), p).toBe(p === 'coordinator');
      expect(canSeeOverview(PEOPLE[p]), p).toBe(p === 'coordinator');
      expect(canSeeActivity(PEOPLE[p]), p).toBe(p === 'coordinator');
      expect(canEditTemplates(PEOPLE[p]), p).toBe(p === 'coordinator');
    }
  });

  it('reads: QM only its site; a QM without a site reads none', () => {
    expect(canReadSite(PEOPLE.qm, 'site-a')).toBe(true);
    expect(canReadSite(PEOPLE.qm, 'site-b')).toBe(false);
    expect(canReadSite(PEOPLE.qmWithoutSite, 'site-a')).toBe(false);
    expect(canReadSite(PEOPLE.qmWithoutSite, null)).toBe(false);
    expect(canReadSite(PEOPLE.member, 'site-b')).toBe(true);
    // a record without a site (a template) is everyone's to read
    expect(canReadRecord(PEOPLE.qmWithoutSite, null)).toBe(true);
    expect(canReadRecord(PEOPLE.qm, 'site-b')).toBe(false);
  });

  it('default perspective: the Quartiersmanagement records the local view', () => {
    expect(defaultPerspective('quartiersmanagement')).toBe('local');
    expect(defaultPerspective('member')).toBe('outside');
    expect(defaultPerspective('coordinator')).toBe('outside');
  });
});
