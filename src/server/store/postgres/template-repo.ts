// Reads behind the template rules in PostgreSQL (docs/architecture.md §Templates), answering
// exactly as the SQLite store does (store/sqlite/template-repo.ts). `inUse` is one probe of the
// partial expression index records_item_template (schema.ts: its expression is the one below);
// the template rows are few (one per version), so `itemKeys` reads them all, in id order as
// SQLite's primary key yields them (the first template listing an item id names it).
import type { TemplateStore } from '../template-types';
import type { Async } from '../types';
import type { Queryable } from './queryable';

/** Does a checklist item name this template version ($1)? Exported for the query-plan test. */
export const TEMPLATE_IN_USE_SQL = `SELECT 1 FROM records
  WHERE entity = 'checklistItem' AND stored_json(data) ->> 'templateId' = $1 LIMIT 1`;

export function makeTemplateRepo(db: Queryable): Async<TemplateStore> {
  return {
    inUse: async (id) => (await db.one(TEMPLATE_IN_USE_SQL, [id])) !== null,
    async itemKeys() {
      const rows = await db.query<{ key: string; items: string | null }>(
        `SELECT stored_json(data) ->> 'key' AS key, (stored_json(data) -> 'items')::text AS items
         FROM records WHERE entity = 'checklistTemplate' AND data <> 'null' ORDER BY id`,
      );
      const keys = new Map<string, string>();
      for (const row of rows) {
        const items = JSON.parse(row.items ?? '[]') as { id?: unknown }[];
        for (const i of Array.isArray(items) ? items : [])
          if (typeof i?.id === 'string' && !keys.has(i.id)) keys.set(i.id, row.key);
      }
      return keys;
    },
  };
}
