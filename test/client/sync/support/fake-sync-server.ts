// A tiny in-memory reference of the server's sync semantics (docs/architecture.md §Push, §Merge), so the
// engine can be tested before and independently of src/server. Scriptable: `script` may answer
// a request itself (status codes, faults) before the reference logic runs.
import { type Mutation, type MutationResult, SyncRequest, type SyncResponse } from '../../../../src/shared/protocol';

type Row = { entity: string; id: string; row: Record<string, unknown>; version: number; seq: number; deleted: boolean; fv: Record<string, { seq: number; client: string; clientSeq: number }> };
type Client = { last: number; results: Map<number, MutationResult> };

export type FakeServer = {
  fetch: typeof fetch;
  requests: SyncRequest[];
  rows: Map<string, Row>;
  conflicts: { id: string; mutationId: string; field: string | null }[];
  clients: Map<string, Client>;
  script: ((req: SyncRequest, n: number) => Response | null) | null;
};

export function createFakeSyncServer(): FakeServer {
  let seq = 0;
  const s: FakeServer = { fetch: null as never, requests: [], rows: new Map(), conflicts: [], clients: new Map(), script: null };
  const changes: { seq: number; entity: string; entityId: string }[] = [];
  const records = new Map<string, Record<string, unknown>>();
  const bump = (entity: string, entityId: string) => {
    seq++;
    changes.push({ seq, entity, entityId });
    return seq;
  };

  function apply(clientId: string, m: Mutation): MutationResult {
    const k = `${m.entity}:${m.entityId}`;
    const cur = s.rows.get(k);
    const conflictIds: string[] = [];
    let wrote = false;
    if (!cur) {
      if (m.op !== 'create') return { id: m.id, clientSeq: m.clientSeq, status: 'rejected', error: { code: 'not_found', message: 'no such row' } };
      const at = bump(m.entity, m.entityId);
      const fv = Object.fromEntries(Object.keys(m.fields).map((f) => [f, { seq: at, client: clientId, clientSeq: m.clientSeq }]));
      s.rows.set(k, { entity: m.entity, id: m.entityId, row: { ...m.fields, id: m.entityId }, version: at, seq: at, deleted: false, fv });
      return { id: m.id, clientSeq: m.clientSeq, status: 'applied', serverSeq: at };
    }
    const seen = (f: string) => {
      const v = cur.fv[f];
      return !v || v.seq <= (m.baseVersion ?? 0) || (v.client === clientId && v.clientSeq < m.clientSeq);
    };
    const next = { ...cur.row };
    const changed: string[] = [];
    if (m.op === 'delete' || m.op === 'restore') {
      if (cur.deleted !== (m.op === 'delete')) { cur.deleted = m.op === 'delete'; wrote = true; }
    } else {
      for (const [f, v] of Object.entries(m.fields)) {
        if (JSON.stringify(cur.row[f]) === JSON.stringify(v)) continue;
        if (seen(f) && !cur.deleted) { next[f] = v; changed.push(f); continue; }
        const id = `c${s.conflicts.length + 1}`;
        s.conflicts.push({ id, mutationId: m.id, field: f });
        records.set(id, { id, entity: m.entity, entityId: m.entityId, kind: cur.deleted ? 'edit_on_deleted' : 'field', field: f, serverValue: cur.row[f] ?? null, clientValue: v, mutationId: m.id, author: clientId, status: 'open', resolution: null, createdAt: new Date(0).toISOString() });
        bump('conflict', id);
        conflictIds.push(id);
      }
    }
    if (changed.length > 0 || wrote) {
      const at = bump(m.entity, m.entityId);
      for (const f of changed) cur.fv[f] = { seq: at, client: clientId, clientSeq: m.clientSeq };
      Object.assign(cur, { row: next, version: at, seq: at });
      return { id: m.id, clientSeq: m.clientSeq, status: conflictIds.length ? 'conflict' : 'applied', serverSeq: at, ...(conflictIds.length ? { conflictIds } : {}) };
    }
    return { id: m.id, clientSeq: m.clientSeq, status: conflictIds.length ? 'conflict' : 'applied', ...(conflictIds.length ? { conflictIds } : {}) };
  }

  s.fetch = async (_input, init) => {
    const req = SyncRequest.parse(JSON.parse(String(init?.body)));
    s.requests.push(req);
    const scripted = s.script?.(req, s.requests.length);
    if (scripted) return scripted;
    let c = s.clients.get(req.clientId);
    if (!c) s.clients.set(req.clientId, (c = { last: 0, results: new Map() }));
    const results: MutationResult[] = [];
    for (const m of req.mutations) {
      if (m.clientSeq <= c.last) { results.push({ ...c.results.get(m.clientSeq)!, status: 'duplicate' }); continue; }
      if (m.clientSeq > c.last + 1) {
        if (results.length === 0) return Response.json({ error: 'gap', expected: c.last + 1 }, { status: 409 });
        break;
      }
      const r = apply(req.clientId, m);
      c.results.set(m.clientSeq, r);
      c.last = m.clientSeq;
      results.push(r);
    }
    const cursor = Number(req.cursor ?? 0);
    const latest = new Map<string, number>();
    for (const ch of changes) latest.set(`${ch.entity}:${ch.entityId}`, ch.seq);
    const page = changes.filter((ch) => ch.seq > cursor && latest.get(`${ch.entity}:${ch.entityId}`) === ch.seq).slice(0, req.pullLimit);
    const out: SyncResponse = {
      protocol: 1, results, lastClientSeq: c.last, cursor: String(page.at(-1)?.seq ?? Math.max(cursor, 0)),
      hasMore: page.length === req.pullLimit && page.at(-1)!.seq < seq,
      changes: page.map((ch) => {
        if (ch.entity === 'conflict') return { seq: ch.seq, entity: 'conflict', entityId: ch.entityId, version: ch.seq, deleted: false, row: records.get(ch.entityId)! };
        const r = s.rows.get(`${ch.entity}:${ch.entityId}`)!;
        return { seq: ch.seq, entity: ch.entity as never, entityId: ch.entityId, version: r.version, deleted: r.deleted, row: r.row };
      }),
      minSchemaVersion: 1, serverTime: new Date(0).toISOString(),
    };
    return Response.json(out);
  };
  return s;
}
