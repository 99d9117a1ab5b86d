// Reads behind the template rules (docs/architecture.md §Templates). `inUse` reads the partial
// expression index records_item_template (migration 10), one index probe however many items
// are stored; the template rows are few (one per version), so `itemKeys` reads them all.
import type Database from 'better-sqlite3';
import type { TemplateStore } from '../template-types';

export function makeTemplateRepo(db: Database.Database): TemplateStore {
  const used = db.prepare(
    `SELECT 1 FROM records WHERE entity = 'checklistItem' AND data ->> '$.templateId' = ? LIMIT 1`,
  );
  const versions = db.prepare(
    `SELECT data ->> '$.key' AS key, data -> '$.items' AS items FROM records
      WHERE entity = 'checklistTemplate' AND data <> 'null'`,
  );
  return {
    inUse: (id) => used.get(id) !== undefined,
    itemKeys() {
      const keys = new Map<string, string>();
      for (const row of versions.iterate() as Iterable<{ key: string; items: string | null }>) {
        const items = JSON.parse(row.items ?? '[]') as { id?: unknown }[];
        for (const i of Array.isArray(items) ? items : [])
          if (typeof i?.id === 'string' && !keys.has(i.id)) keys.set(i.id, row.key);
      }
      return keys;
    },
  };
}
