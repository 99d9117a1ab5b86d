// The invariants of docs/architecture.md §Invariants as checks, run after heal + quiesce. Each returns problems
// as strings so a failing seed prints all of them at once.
import { SYNCED_TABLES, type AppDb } from '../../../src/client/db/schema';
import { ensureBlob } from '../../../src/client/sync/blob-download';
import { bytesOf, sha256Hex } from '../../../src/client/sync/blob-bytes';
import type { EntityName } from '../../../src/shared/domain/schemas';
import type { Device } from './device';
import type { SentMutation } from './network';
import type { SimServer } from '../../support/server';

type Applied = { client_id: string; client_seq: number; mutation_id: string; status: string };

/** Ledger + no gaps: every locally committed mutation is on the server exactly once, seqs 1..n. */
export async function checkLedger(server: SimServer, devices: Device[]): Promise<string[]> {
  const problems: string[] = [];
  for (const d of devices) {
    const clientId = await d.clientId();
    if (d.ledger.length === 0) continue;
    if (!clientId) {
      problems.push(`${d.name}: committed mutations but has no clientId`);
      continue;
    }
    const rows = server.query<Applied>(
      'SELECT client_id, client_seq, mutation_id, status FROM applied_mutations WHERE client_id = ? ORDER BY client_seq',
      clientId,
    );
    if (rows.length !== d.ledger.length)
      problems.push(
        `${d.name}: ledger has ${d.ledger.length} mutations, server applied ${rows.length}`,
      );
    rows.forEach((r, i) => {
      if (r.client_seq !== i + 1)
        problems.push(`${d.name}: gap at clientSeq ${i + 1} (server has ${r.client_seq})`);
      const mine = d.ledger.find((l) => l.clientSeq === r.client_seq);
      if (!mine || mine.id !== r.mutation_id)
        problems.push(
          `${d.name}: seq ${r.client_seq} applied as ${r.mutation_id}, device committed ${mine?.id}`,
        );
      if (!['applied', 'conflict', 'rejected'].includes(r.status))
        problems.push(`${d.name}: seq ${r.client_seq} has status ${r.status}`);
      // Whether a rejection was right is the reference model's call (support/model.ts).
    });
    for (const r of rows.filter((r) => r.status === 'conflict'))
      problems.push(...conflictRecorded(server, d.name, r.mutation_id));
  }
  return problems;
}

/** Where a device ran a mutation: client id and seq of each time the server recorded it. */
const runs = (server: SimServer, mutationId: string) =>
  server.query<{ client_id: string; client_seq: number; result_json: string }>(
    'SELECT client_id, client_seq, result_json FROM applied_mutations WHERE mutation_id = ?',
    mutationId,
  );

/**
 * A mutation answered 'conflict' has each conflict it names on the server, holding its value or
 * a later save of the same device (a later save of the field joins the open conflict, §Merge).
 */
function conflictRecorded(server: SimServer, device: string, mutationId: string): string[] {
  const problems: string[] = [];
  const mine = runs(server, mutationId);
  const ids = new Set(
    mine.flatMap(
      (r) => (JSON.parse(r.result_json) as { conflictIds?: string[] }).conflictIds ?? [],
    ),
  );
  if (ids.size === 0) problems.push(`${device}: mutation ${mutationId} is 'conflict' without ids`);
  for (const id of ids) {
    const [c] = server.query<{ mutation_id: string }>(
      'SELECT mutation_id FROM conflicts WHERE id = ?',
      id,
    );
    if (!c) {
      problems.push(`${device}: mutation ${mutationId} is 'conflict' without a conflict record`);
      continue;
    }
    if (c.mutation_id === mutationId) continue;
    const later = runs(server, c.mutation_id).some((l) =>
      mine.some((m) => m.client_id === l.client_id && m.client_seq < l.client_seq),
    );
    if (!later)
      problems.push(
        `${device}: conflict ${id} of mutation ${mutationId} holds ${c.mutation_id}, no later save of that device`,
      );
  }
  return problems;
}

const strip = (row: Record<string, unknown>) => {
  const { _base, ...rest } = row;
  return rest;
};

async function snapshot(db: AppDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  // A refused create stays on its device with its rejection until the person decides (I2).
  const refused = new Set(
    (await db.rejections.where('resolved').equals(0).toArray()).map((r) => r.entityId),
  );
  for (const t of SYNCED_TABLES)
    out[t] = (await db[t].orderBy('id').toArray())
      .filter((r) => !refused.has(r.id))
      .map((r) => strip(r as Record<string, unknown>));
  out['conflicts'] = await db.conflicts.orderBy('id').toArray();
  return out;
}

/** Convergence: every tab's tables equal a fresh observer's copy of the server; outboxes empty; cursors equal. */
export async function checkConvergence(devices: Device[], observer: Device): Promise<string[]> {
  const problems: string[] = [];
  const truth = await snapshot(observer.db);
  const truthCursor = await observer.cursor();
  for (const d of devices) {
    for (const [i, tab] of d.tabs.entries()) {
      const mine = await snapshot(tab.db);
      for (const [table, rows] of Object.entries(truth)) {
        const a = JSON.stringify(mine[table]);
        const b = JSON.stringify(rows);
        if (a !== b)
          problems.push(
            `${d.name}/tab${i}: ${table} differs from the server\n  device: ${a.slice(0, 600)}\n  server: ${b.slice(0, 600)}`,
          );
      }
      const pending = await tab.db.outbox.count();
      if (pending > 0) problems.push(`${d.name}/tab${i}: ${pending} outbox entries left`);
    }
    const c = await d.cursor();
    if (c !== truthCursor) problems.push(`${d.name}: cursor ${c} != server ${truthCursor}`);
  }
  return problems;
}

/** No resurrection: a record someone deleted and nobody restored stays a tombstone. */
export async function checkNoResurrection(devices: Device[], observer: Device): Promise<string[]> {
  const deleted = new Set<string>();
  const restored = new Set<string>();
  for (const d of devices) {
    // After a restored backup, devices resend independently: a delete that arrives before another
    // device resent the record's create is refused (not_found) and stays with its author as a
    // rejection it can send again (docs/adr/0006-device-recovery.md) — visible, not lost.
    const refused = new Set(
      (await d.db.rejections.toArray())
        .filter((r) => r.code === 'not_found')
        .map((r) => r.mutationId),
    );
    for (const l of d.ledger) {
      if (l.op === 'delete' && !refused.has(l.id)) deleted.add(`${l.entity}:${l.entityId}`);
      if (l.op === 'restore') restored.add(`${l.entity}:${l.entityId}`);
      // Resolving a delete conflict may restore its record on purpose.
      const c =
        l.entity === 'conflictResolution' ? await observer.db.conflicts.get(l.entityId) : undefined;
      if (c) restored.add(`${c.entity}:${c.entityId}`);
    }
  }
  const problems: string[] = [];
  for (const k of deleted) {
    if (restored.has(k)) continue;
    const [entity, id] = k.split(':') as [string, string];
    const row = await observer.db.entityTable(entity as EntityName).get(id);
    if (row && row._deleted !== 1) problems.push(`${k} was deleted and never restored but is live`);
  }
  return problems;
}

/** Blobs: every photo's bytes are on the server with the right hash; no device lost bytes it took. */
export async function checkPhotos(
  server: SimServer,
  devices: Device[],
  observer: Device,
): Promise<string[]> {
  const problems: string[] = [];
  const stored = new Set(
    server.query<{ sha256: string }>('SELECT sha256 FROM blobs').map((r) => r.sha256),
  );
  for (const d of devices) {
    for (const sha of d.captured) {
      if (!(await d.db.blobs.get(sha)))
        problems.push(`${d.name}: local bytes of ${sha.slice(0, 8)} are gone`);
      const st = (await d.db.blobState.get(sha))?.state;
      if (st !== 'uploaded')
        problems.push(
          `${d.name}: blob ${sha.slice(0, 8)} is '${st}', not uploaded: ${JSON.stringify(d.tabs.map((t) => t.engine.uploadFailures().get(sha)))} ${JSON.stringify(await d.db.blobState.get(sha))}`,
        );
      if (!stored.has(sha)) problems.push(`${d.name}: server lacks blob ${sha.slice(0, 8)}`);
    }
  }
  const photos = await observer.db.photos.filter((p) => !p._deleted).toArray();
  for (const p of photos) {
    if (!stored.has(p.sha256) || !stored.has(p.thumbSha256))
      problems.push(`photo ${p.id}: bytes missing on the server`);
  }
  for (const p of photos.slice(0, 2)) {
    const data = await ensureBlob(observer.db, p.sha256).catch((e: Error) => e);
    if (data instanceof Error)
      problems.push(`observer cannot download ${p.sha256.slice(0, 8)}: ${data.message}`);
    else if ((await sha256Hex((await bytesOf(data)).bytes)) !== p.sha256)
      problems.push(`downloaded ${p.sha256.slice(0, 8)} has another hash`);
  }
  return problems;
}

/**
 * Ledger by content, for runs where devices may change identity (a restored server, a cloned
 * profile): every mutation a device committed is applied on the server exactly once under one of
 * the clientIds that device (or the profile it was copied from) used, possibly re-sent with a new
 * mutation id — unless a restored backup gave it up: the server had confirmed it and the device
 * had already dropped it from its outbox, so the backup's older state legitimately lacks it.
 * Nothing still waiting on a device at the restore may be lost, and nothing may be applied twice.
 */
export async function checkLedgerByContent(
  server: SimServer,
  devices: Device[],
  sent: Map<string, SentMutation>,
  givenUp: Set<string>,
  noEffect: Set<string>,
): Promise<{ problems: string[]; lost: number; resentNoOps: number }> {
  const problems: string[] = [];
  const content = (m: {
    entity: string;
    entityId: string;
    op: string;
    fields: Record<string, unknown>;
  }) => {
    // The outbox keeps a create's fields without the id; the wire carries it (transport.ts).
    const { id: _id, ...fields } = m.fields;
    return `${m.entity}|${m.entityId}|${m.op}|${JSON.stringify(fields)}`;
  };
  const rows = server.query<{ client_id: string; mutation_id: string; status: string }>(
    'SELECT client_id, mutation_id, status FROM applied_mutations',
  );
  const pool = new Map<string, { clientId: string; mutationId: string; used: boolean }[]>();
  for (const r of rows) {
    const m = sent.get(`${r.client_id}/${r.mutation_id}`);
    if (!m) continue;
    const k = content(m);
    pool.set(k, [
      ...(pool.get(k) ?? []),
      { clientId: r.client_id, mutationId: r.mutation_id, used: false },
    ]);
  }
  for (const d of devices) await d.clientId();
  let lost = 0;
  for (const d of devices) {
    // A copied profile sends what it inherited under whichever identity it ends up with.
    const ids = new Set(
      devices.filter((x) => x.family === d.family).flatMap((x) => [...x.clientIds]),
    );
    for (const l of d.ledger) {
      const free = (pool.get(content(l)) ?? []).filter((c) => !c.used && ids.has(c.clientId));
      // The arrival that had an effect is the one the device meant; a later no-op is a re-send.
      const hit = free.find((c) => !noEffect.has(`${c.clientId}/${c.mutationId}`)) ?? free[0];
      if (hit) hit.used = true;
      else if (givenUp.has(l.id)) lost++;
      else
        problems.push(
          `${d.name}: committed ${l.entity} ${l.op} ${l.entityId} (seq ${l.clientSeq}) never reached the server`,
        );
    }
  }
  // A copied profile holds the same waiting entries as its original; once one of the two took a
  // new identity it sends them again. A second arrival that changed nothing is harmless.
  const mine = new Set(devices.flatMap((d) => [...d.clientIds]));
  let resentNoOps = 0;
  for (const [k, list] of pool)
    for (const c of list) {
      if (c.used || !mine.has(c.clientId)) continue;
      if (list.some((x) => x.used) && noEffect.has(`${c.clientId}/${c.mutationId}`)) resentNoOps++;
      else problems.push(`applied but never committed, or twice: ${k.slice(0, 200)}`);
    }
  return { problems, lost, resentNoOps };
}
