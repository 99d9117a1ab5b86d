// Review comments and checklist template versions travel in export files like every record
// (docs/architecture.md §Review comments, §Templates): a comment or a template written offline
// survives export → wipe → import with its queued create, and a file written before they existed
// (version 2) still imports.
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../src/client/backup/export-file';
import { importBackup } from '../../../src/client/backup/import-file';
import { addComment } from '../../../src/client/db/comment-mutators';
import { createTemplate } from '../../../src/client/db/template-mutators';
import { commentsOfVisit } from '../../../src/client/db/comment-queries';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { IDBFactory } from '../../support/fake-db';
import { closeFresh, fresh } from './seed';

afterEach(closeFresh);

async function deviceWithComment(db: AppDb) {
  const site = await createSite(db, { municipality: 'Gießen', quarter: 'Nordstadt' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-03-02' });
  const obs = await addObservation(db, { visitId: visit.id, fieldId: 'climate', text: 'Bäume' });
  const comment = await addComment(db, {
    visitId: visit.id,
    target: { entity: 'observation', id: obs.id },
    text: 'Welche Straße?',
    author: 'K',
  });
  return { visit, comment };
}

describe('review comments in export files', () => {
  for (const scope of ['all', 'unsynced'] as const)
    it(`an offline comment survives export (${scope}) → wipe → import, its create still queued`, async () => {
      const factory = new IDBFactory();
      const source = fresh(factory, 'device');
      const { visit, comment } = await deviceWithComment(source);
      const file = await exportBackup(source, scope, 'test');
      await source.delete();
      const target = fresh(factory, 'device');
      await importBackup(target, file);
      expect(await commentsOfVisit(target, visit.id)).toMatchObject([
        { id: comment.id, text: 'Welche Straße?' },
      ]);
      const queued = (await target.outbox.toArray()).filter((e) => e.entity === 'reviewComment');
      expect(queued).toMatchObject([{ op: 'create', entityId: comment.id, visitId: visit.id }]);
    });

  it('a template made offline survives export (unsynced) → wipe → import, its create still queued', async () => {
    const factory = new IDBFactory();
    const source = fresh(factory, 'device');
    const made = await createTemplate(source, { de: 'Nachbesprechung', en: 'Debrief' });
    const file = await exportBackup(source, 'unsynced', 'test');
    await source.delete();
    const target = fresh(factory, 'device');
    await importBackup(target, file);
    expect(await target.checklistTemplates.get(made.id)).toMatchObject({
      title: { de: 'Nachbesprechung' },
      status: 'draft',
    });
    const queued = (await target.outbox.toArray()).filter((e) => e.entity === 'checklistTemplate');
    expect(queued).toMatchObject([{ op: 'create', entityId: made.id }]);
  });

  it('a version-2 file (no comments file) imports', async () => {
    const source = fresh();
    const { visit } = await deviceWithComment(source);
    const files = unzipSync(await exportBackup(source, 'all', 'test'));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as object;
    files['manifest.json'] = new TextEncoder().encode(JSON.stringify({ ...manifest, version: 2 }));
    delete files['records/reviewComment.json'];
    delete files['records/checklistTemplate.json'];
    // a version-2 device had no comments, so none waits in its outbox either
    const outbox = JSON.parse(new TextDecoder().decode(files['outbox.json'])) as {
      entity: string;
    }[];
    files['outbox.json'] = new TextEncoder().encode(
      JSON.stringify(outbox.filter((e) => e.entity !== 'reviewComment')),
    );
    const target = fresh();
    await importBackup(target, zipSync(files));
    expect(await target.visits.get(visit.id)).toBeDefined();
    expect(await commentsOfVisit(target, visit.id)).toEqual([]);
  });
});
