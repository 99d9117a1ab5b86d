// The client side of the RxDB peer: an RxDB database on its Dexie storage (over fake-indexeddb,
// as our engine runs in the benches), one collection per table of ours, each replicated with
// RxDB's own replicateRxCollection to the server of support/rxdb-server.ts by pull/push handlers
// over fetch, in batches of 500 (as our pull pages).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb/plugins/core';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';

export type RxDoc = { id: string; updatedAt: number; [k: string]: unknown };
const BATCH = 500;
let n = 0;

/** A fresh RxDB database with one collection per name; documents are `{ id, updatedAt, … }`. */
export async function openRxdb(tables: readonly string[]): Promise<RxDatabase> {
  const db = await createRxDatabase({
    name: `peer-rxdb-${process.pid}-${++n}`,
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
    multiInstance: false,
  });
  const schema = {
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: {
      id: { type: 'string', maxLength: 100 },
      updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    },
    required: ['id', 'updatedAt'],
  } as const;
  await db.addCollections(Object.fromEntries(tables.map((t) => [t.toLowerCase(), { schema }])));
  return db;
}

export function collectionOf(db: RxDatabase, table: string): RxCollection {
  return db.collections[table.toLowerCase()]!;
}

/** Replicates every collection once in both directions (RxDB's initial replication) and stops. */
export async function replicateOnce(db: RxDatabase, baseUrl: string): Promise<void> {
  const states = Object.entries(db.collections).map(([name, collection]) =>
    replicateRxCollection<RxDoc, { id: string; updatedAt: number }>({
      collection: collection as RxCollection<RxDoc>,
      replicationIdentifier: `peer-${name}-${baseUrl}`,
      live: false,
      retryTime: 1000,
      waitForLeadership: false,
      push: {
        batchSize: BATCH,
        async handler(rows) {
          const res = await fetch(`${baseUrl}/${name}/push`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(rows),
          });
          if (!res.ok) throw new Error(`push ${name}: ${res.status}`);
          return (await res.json()) as (RxDoc & { _deleted: boolean })[];
        },
      },
      pull: {
        batchSize: BATCH,
        async handler(checkpoint, batchSize) {
          const q = new URLSearchParams({
            id: checkpoint?.id ?? '',
            updatedAt: String(checkpoint?.updatedAt ?? 0),
            batchSize: String(batchSize),
          });
          const res = await fetch(`${baseUrl}/${name}/pull?${q}`);
          if (!res.ok) throw new Error(`pull ${name}: ${res.status}`);
          return (await res.json()) as {
            documents: (RxDoc & { _deleted: boolean })[];
            checkpoint: { id: string; updatedAt: number };
          };
        },
      },
    }),
  );
  const errors: unknown[] = [];
  const subs = states.map((s) => s.error$.subscribe((e) => errors.push(e)));
  await Promise.all(states.map((s) => s.awaitInitialReplication()));
  for (const s of subs) s.unsubscribe();
  await Promise.all(states.map((s) => s.cancel()));
  if (errors.length) throw new Error(`RxDB replication: ${String(errors[0])}`);
}
