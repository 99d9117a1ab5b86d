// The invariants of a scale run, checked after the traffic stopped, every outbox drained and every
// device pulled to the end. Each check compares what the devices did and saw with the stored rows
// (read with plain SQL, not through the server) and names every difference:
//   (a) exactly once: per device, applied_mutations holds clientSeq 1..n, each with the mutation
//       id the device sent under it, all 'applied', and the device's lastClientSeq is n; every
//       text the device wrote is in the history exactly once, and no other text of it;
//   (b) nothing lost: every record a device wrote exists, live, with its device's last text;
//       nothing exists that nobody wrote; no mutation was rejected or made a conflict;
//   (c) no cursor skip or repeat: every row in a device's scope is at or below its final cursor,
//       and the device holds it at the stored version with the stored row (a hash of it); it
//       holds nothing outside its scope (repeats and order were checked on the wire);
//   (d) photo bytes: every photo's image and thumbnail read back through the API (as its sender
//       and as a coordinator) and straight from the storage hash to their SHA-256, and the
//       blobs row has their size;
//   (e) the server's own check (ServerDb.maintenance.checkInvariants): no seq holes, no photo
//       without bytes, nothing above the seq counter, no missed cascade.
import { CHECKLIST_TEMPLATES } from '../../src/shared/domain/checklist-templates';
import type { ServerDb } from '../../src/server/store/store';
import { sha256 } from '../support/jpeg';
import type { Backend } from './backends';
import { type ScaleDevice, TEXT_FIELD, rowHash } from './device';

export type Problem = { check: 'a' | 'b' | 'c' | 'd' | 'e' | 'wire'; message: string };

export type CheckInput = {
  devices: ScaleDevice[];
  backend: Backend;
  db: ServerDb;
  /** The sites the run created and the coordinator that created them. */
  siteIds: string[];
  admin: { token: string };
  /** Where to read photo bytes through the API. */
  baseUrl: string;
};

type RecordRow = {
  entity: string;
  id: string;
  site_id: string | null;
  version: number | string;
  seq: number | string;
  deleted: boolean | number;
  data: string | null;
};

const MAX_PER_CHECK = 20;

export async function runChecks(input: CheckInput): Promise<Problem[]> {
  const problems: Problem[] = [];
  const counts = new Map<Problem['check'], number>();
  const problem = (check: Problem['check'], message: string) => {
    const n = (counts.get(check) ?? 0) + 1;
    counts.set(check, n);
    if (n <= MAX_PER_CHECK) problems.push({ check, message });
    else if (n === MAX_PER_CHECK + 1)
      problems.push({ check, message: '… more problems of this check not listed' });
  };
  const { sql } = input.backend;

  const records = await sql.all<RecordRow>(
    'SELECT entity, id, site_id, version, seq, deleted, data FROM records',
  );
  const byKey = new Map(records.map((r) => [`${r.entity}:${r.id}`, r]));

  // (a) exactly once
  for (const d of input.devices) {
    const rows = await sql.all<{
      client_seq: number | string;
      mutation_id: string;
      status: string;
    }>(
      'SELECT client_seq, mutation_id, status FROM applied_mutations WHERE client_id = ? ORDER BY client_seq',
      [d.clientId],
    );
    if (rows.length !== d.seq)
      problem('a', `device ${d.index}: ${rows.length} applied mutations stored, ${d.seq} sent`);
    for (const [i, r] of rows.entries()) {
      const seq = Number(r.client_seq);
      if (seq !== i + 1) {
        problem('a', `device ${d.index}: clientSeq ${i + 1} missing (next stored: ${seq})`);
        break;
      }
      if (r.mutation_id !== d.mutationIds[i])
        problem('a', `device ${d.index}: clientSeq ${seq} stored with another mutation id`);
      if (r.status !== 'applied')
        problem('a', `device ${d.index}: clientSeq ${seq} stored as ${r.status}`);
    }
    const client = await sql.all<{ last_client_seq: number | string }>(
      'SELECT last_client_seq FROM clients WHERE client_id = ?',
      [d.clientId],
    );
    if (Number(client[0]?.last_client_seq ?? -1) !== d.seq)
      problem(
        'a',
        `device ${d.index}: lastClientSeq ${client[0]?.last_client_seq ?? 'missing'}, sent ${d.seq}`,
      );
    // A create's row holds all its fields (field null); a patch's row one field.
    const history = await sql.all<{
      entity: keyof typeof TEXT_FIELD;
      field: string | null;
      value: string;
    }>(
      `SELECT entity, field, value FROM record_history WHERE client_id = ? AND (
         (entity = 'visit' AND field = '${TEXT_FIELD.visit}') OR
         (entity = 'observation' AND field = '${TEXT_FIELD.observation}') OR
         (entity = 'photo' AND field = '${TEXT_FIELD.photo}') OR
         (entity IN ('visit', 'observation', 'photo') AND op = 'create' AND field IS NULL))`,
      [d.clientId],
    );
    const times = new Map<string, number>();
    for (const h of history) {
      const value = JSON.parse(h.value) as unknown;
      const text =
        h.field === null ? (value as Record<string, unknown>)[TEXT_FIELD[h.entity]] : value;
      if (typeof text === 'string') times.set(text, (times.get(text) ?? 0) + 1);
    }
    const seen = new Set<string>();
    for (const [text, n] of times) {
      seen.add(text);
      if (!d.textsWritten.has(text))
        problem(
          'a',
          `device ${d.index}: history holds text ${JSON.stringify(text)} it never wrote`,
        );
      else if (n !== 1)
        problem('a', `device ${d.index}: text ${JSON.stringify(text)} written ${n} times`);
    }
    for (const text of d.textsWritten)
      if (!seen.has(text)) problem('a', `device ${d.index}: text "${text}" not in the history`);
  }

  // (b) nothing lost, nothing extra
  const written = new Set<string>();
  for (const d of input.devices)
    for (const [key, e] of d.expected) {
      written.add(key);
      const row = byKey.get(key);
      if (!row?.data) {
        problem('b', `device ${d.index}: ${key} is not stored`);
        continue;
      }
      if (row.deleted) problem('b', `device ${d.index}: ${key} is deleted`);
      const value = (JSON.parse(row.data) as Record<string, unknown>)[e.field];
      if (value !== e.text)
        problem(
          'b',
          `device ${d.index}: ${key} ${e.field} is ${JSON.stringify(value)}, last written "${e.text}"`,
        );
    }
  const sites = new Set(input.siteIds.map((id) => `site:${id}`));
  const extra = records.filter(
    (r) =>
      !written.has(`${r.entity}:${r.id}`) &&
      !sites.has(`${r.entity}:${r.id}`) &&
      r.entity !== 'checklistTemplate',
  );
  for (const r of extra) problem('b', `${r.entity}:${r.id} stored, but nobody wrote it`);
  const templates = records.filter((r) => r.entity === 'checklistTemplate').length;
  if (templates !== CHECKLIST_TEMPLATES.length)
    problem('b', `${templates} checklist templates stored, ${CHECKLIST_TEMPLATES.length} shipped`);
  for (const s of sites) if (!byKey.has(s)) problem('b', `${s} is not stored`);
  const conflicts = await sql.all<{ id: string; site_id: string | null; seq: number | string }>(
    'SELECT id, site_id, seq FROM conflicts',
  );
  const rejections = await sql.all<{ id: string; user_id: string; seq: number | string }>(
    'SELECT id, user_id, seq FROM rejections',
  );
  if (conflicts.length)
    problem('b', `${conflicts.length} conflicts recorded; nobody wrote another's field`);
  if (rejections.length) problem('b', `${rejections.length} mutations rejected`);

  // (c) every row in scope pulled at its stored version, nothing else
  for (const d of input.devices) {
    const scopedSite = d.account.role === 'quartiersmanagement' ? d.account.siteId : null;
    const cursor = Number(d.cursor ?? 0);
    const inScope = new Map<string, { seq: number; version: number; rowHash: string | null }>();
    for (const r of records)
      if (scopedSite === null || r.site_id === null || r.site_id === scopedSite)
        inScope.set(`${r.entity}:${r.id}`, {
          seq: Number(r.seq),
          version: Number(r.version),
          rowHash: r.data === null ? null : rowHash(JSON.parse(r.data)),
        });
    for (const c of conflicts)
      if (scopedSite === null || c.site_id === scopedSite)
        inScope.set(`conflict:${c.id}`, {
          seq: Number(c.seq),
          version: Number(c.seq),
          rowHash: null,
        });
    for (const x of rejections)
      if (x.user_id === d.account.id)
        inScope.set(`rejection:${x.id}`, {
          seq: Number(x.seq),
          version: Number(x.seq),
          rowHash: null,
        });
    for (const [key, want] of inScope) {
      if (want.seq > cursor) {
        problem(
          'c',
          `device ${d.index}: ${key} at seq ${want.seq} above its final cursor ${cursor}`,
        );
        continue;
      }
      const held = d.pulled.get(key);
      if (!held) problem('c', `device ${d.index}: never pulled ${key} (seq ${want.seq})`);
      else if (held.version !== want.version)
        problem(
          'c',
          `device ${d.index}: holds ${key} at version ${held.version}, stored ${want.version}`,
        );
      else if (want.rowHash !== null && held.rowHash !== want.rowHash)
        problem('c', `device ${d.index}: holds ${key} with another row than stored`);
    }
    for (const key of d.pulled.keys())
      if (!inScope.has(key)) problem('c', `device ${d.index}: pulled ${key}, not in its scope`);
  }

  // (d) photo bytes, through the API and straight from the storage
  const blobs = new Map(
    (
      await sql.all<{ sha256: string; size: number | string }>('SELECT sha256, size FROM blobs')
    ).map((b) => [b.sha256, Number(b.size)]),
  );
  const get = async (sha: string, token: string) => {
    const res = await fetch(`${input.baseUrl}/api/v1/blobs/${sha}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  for (const d of input.devices)
    for (const p of d.photos)
      for (const bytes of [p.image, p.thumb]) {
        const sha = bytes.sha256;
        if (blobs.get(sha) !== bytes.bytes.length)
          problem('d', `photo ${p.id}: blobs row for ${sha} has size ${blobs.get(sha) ?? 'none'}`);
        for (const [who, token] of [
          ['its sender', d.account.token],
          ['a coordinator', input.admin.token],
        ] as const) {
          const got = await get(sha, token);
          if (got.status !== 200 || sha256(got.bytes) !== sha)
            problem(
              'd',
              `photo ${p.id}: GET ${sha} as ${who}: ${got.status}, ${got.bytes.length} bytes, hash ${got.status === 200 ? sha256(got.bytes) : '-'}`,
            );
        }
        const stored = await input.backend.photoObject(sha);
        if (!stored) problem('d', `photo ${p.id}: no stored object for ${sha}`);
        else if (sha256(stored) !== sha)
          problem('d', `photo ${p.id}: stored object of ${sha} hashes to ${sha256(stored)}`);
      }

  // (e) the server's own invariant check
  const report = await input.db.maintenance.checkInvariants();
  if (report.seqHoles.length)
    problem('e', `seqHoles: ${JSON.stringify(report.seqHoles.slice(0, 5))}`);
  if (report.photosWithoutBytes.length)
    problem('e', `photosWithoutBytes: ${JSON.stringify(report.photosWithoutBytes.slice(0, 5))}`);
  if (report.seqAboveCounter) problem('e', `seqAboveCounter: ${report.seqAboveCounter}`);
  if (report.liveChildrenOfDeletedVisits.length)
    problem(
      'e',
      `liveChildrenOfDeletedVisits: ${JSON.stringify(report.liveChildrenOfDeletedVisits.slice(0, 5))}`,
    );
  return problems;
}
