// The PostgreSQL template store against a real cluster, beyond the store contract
// (test/stores/contract/templates.test.ts): whether a template version is in use is one probe of
// the partial expression index records_item_template, and a template version whose stored data
// is JSON null (as purged rows are kept) names no item.
import { describe, expect, it } from 'vitest';
import { CHECKLIST_TEMPLATES } from '../../../../src/shared/domain/checklist-templates';
import {
  TEMPLATE_IN_USE_SQL,
  makeTemplateRepo,
} from '../../../../src/server/store/postgres/template-repo';
import { postgresAvailable } from '../../../support/postgres';
import { usePostgresConnection } from './fixtures';

describe.skipIf(!postgresAvailable())('PostgreSQL template store', () => {
  const db = usePostgresConnection(2);

  it('answers whether a version is in use through the partial expression index records_item_template', async () => {
    await db.q.run('SET enable_seqscan = off');
    try {
      const plan = await db.q.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${TEMPLATE_IN_USE_SQL.replace('$1', "'prep'")}`,
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(
        /Index (Only )?Scan using records_item_template/,
      );
    } finally {
      await db.q.run('RESET enable_seqscan');
    }
  });

  it('maps no item to a template version whose data is JSON null', async () => {
    await db.q.run(
      `INSERT INTO records (entity, id, data, field_versions, field_writers, version, created_seq, seq)
       VALUES ('checklistTemplate', 'A-purged', 'null', '{}', '{}', 1001, 1001, 1001)`,
    );
    const seeded = new Map(CHECKLIST_TEMPLATES.flatMap((t) => t.items.map((i) => [i.id, t.key])));
    expect(await makeTemplateRepo(db.q).itemKeys()).toEqual(seeded);
  });
});
