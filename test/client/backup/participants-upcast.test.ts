// Export files written while participants were a list on the visit still import without losing
// a person (docs/adr/0007-participants-as-rows.md): the list becomes participant rows with the
// deterministic ids, and the rows reach the server (queued list edits stay as the server
// translates them; rows of a never-synced visit get their own create entries).
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../src/client/backup/export-file';
import { importBackup } from '../../../src/client/backup/import-file';
import { sha256Hex } from '../../../src/client/backup/parse';
import { addParticipant, createSite, createVisit } from '../../../src/client/db/mutators';
import { participantsOf } from '../../../src/client/db/queries';
import { legacyParticipantId } from '../../../src/shared/domain/schemas';
import { V0_IDS, V0_JPEG, exportV0 } from './fixtures/export-v0';
import { closeFresh, fresh, pendingMutations } from './seed';

afterEach(closeFresh);

const at = '2025-09-01T10:00:00.000Z';
/** A version-1 file as the list-era app wrote it: one unsynced visit with a list, its create queued. */
function exportV1(): Uint8Array {
  const site = {
    id: 'site-1',
    municipality: 'Hanau',
    quarter: 'Lamboy',
    phase: 'isek',
    yearAdmitted: null,
    notes: '',
    contact: { name: '', organisation: '', email: '', phone: '' },
    createdAt: at,
  };
  const visit = {
    id: 'visit-1',
    siteId: 'site-1',
    date: '2025-09-01',
    phase: 'isek',
    status: 'planned',
    goals: '',
    route: '',
    participants: [
      { name: 'Ayşe', organisation: 'QM', role: '' },
      { name: 'Bernd', organisation: 'AWO', role: 'Gast' },
    ],
    notes: '',
    createdAt: at,
  };
  const entry = (clientSeq: number, entity: string, fields: Record<string, unknown>) => {
    const { id, ...rest } = fields;
    return {
      id: `m-${clientSeq}`,
      clientSeq,
      entity,
      entityId: id,
      op: 'create',
      baseVersion: null,
      fields: rest,
      schemaVersion: 1,
      clientTime: at,
      visitId: entity === 'visit' ? id : null,
      state: 'pending',
      createdAt: 1,
      attempts: 0,
    };
  };
  const files: Record<string, Uint8Array> = {
    'manifest.json': strToU8(
      JSON.stringify({
        format: 'standortbesuch-export',
        version: 1,
        exportedAt: '2025-09-02T08:00:00.000Z',
        appVersion: 'list-era',
        scope: 'all',
      }),
    ),
    'records/site.json': strToU8(JSON.stringify([{ ...site, _v: 0, _deleted: 0 }])),
    'records/visit.json': strToU8(JSON.stringify([{ ...visit, _v: 0, _deleted: 0 }])),
    'outbox.json': strToU8(JSON.stringify([entry(1, 'site', site), entry(2, 'visit', visit)])),
    'blobs.json': strToU8('[]'),
  };
  for (const e of ['checklistItem', 'observation', 'followUp', 'photo'])
    files[`records/${e}.json`] = strToU8('[]');
  return zipSync(files);
}

describe('participants in export files', () => {
  it('version 0: the synced visit’s list becomes a row with the deterministic id, nothing extra queued', async () => {
    const db2 = fresh();
    await importBackup(db2, exportV0(await sha256Hex(V0_JPEG)));
    const rows = await participantsOf(db2, V0_IDS.visit);
    expect(rows.map((r) => [r.id, r.name, r.organisation, r._v])).toEqual([
      [legacyParticipantId(V0_IDS.visit, 0), 'A. Muster', 'IHK', 4],
    ]);
    expect(await db2.visits.get(V0_IDS.visit)).not.toHaveProperty('participants');
    expect((await pendingMutations(db2)).some((m) => m.entity === 'participant')).toBe(false);
  });

  it('version 1: an unsynced visit with a list — rows imported, its queued schema-1 create kept for the server to translate', async () => {
    const db = fresh();
    await importBackup(db, exportV1());
    const rows = await participantsOf(db, 'visit-1');
    expect(rows.map((r) => [r.id, r.name, r.organisation, r.role])).toEqual([
      [legacyParticipantId('visit-1', 0), 'Ayşe', 'QM', ''],
      [legacyParticipantId('visit-1', 1), 'Bernd', 'AWO', 'Gast'],
    ]);
    const pending = await pendingMutations(db);
    expect(pending.map((p) => [p.entity, p.op])).toEqual([
      ['site', 'create'],
      ['visit', 'create'],
    ]);
    const visitCreate = (await db.outbox.toArray()).find((e) => e.entity === 'visit')!;
    expect(visitCreate.schemaVersion).toBe(1);
    expect(visitCreate.fields['participants']).toHaveLength(2);
  });

  it('the current version exports and imports participant rows', async () => {
    const src = fresh();
    const site = await createSite(src, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const visit = await createVisit(src, { siteId: site.id, date: '2026-06-01' });
    await addParticipant(src, visit.id, { name: 'Clara', organisation: 'IHK' });
    const file = await exportBackup(src, 'all', 'test');
    const dst = fresh();
    await importBackup(dst, file);
    expect((await participantsOf(dst, visit.id)).map((p) => [p.name, p.organisation])).toEqual([
      ['Clara', 'IHK'],
    ]);
    expect((await pendingMutations(dst)).filter((m) => m.entity === 'participant')).toHaveLength(1);
  });
});
