// What the server acknowledged during a reliability run, and the checks that every
// acknowledged effect is in the SQLite file and the photo folder (opened read-only after a kill).
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { Mutation, MutationResult } from '../../../src/shared/protocol';
import { sha256 } from '../../support/jpeg';

export class LostAcknowledgement extends Error {
  override name = 'LostAcknowledgement';
}

export type AckedMutation = { clientId: string; mutation: Mutation; result: MutationResult };

export function makeLedger() {
  const mutations = new Map<string, AckedMutation>();
  const photos = new Set<string>();
  /** Texts sent per observation, in order: a later (unacknowledged) one may legitimately have won. */
  const texts = new Map<string, string[]>();
  return {
    mutations,
    photos,
    texts,
    sent(m: Mutation) {
      if (m.entity === 'observation' && typeof m.fields['text'] === 'string') {
        const list = texts.get(m.entityId) ?? [];
        list.push(m.fields['text']);
        texts.set(m.entityId, list);
      }
    },
    acked(clientId: string, mutation: Mutation, result: MutationResult) {
      if (result.status === 'duplicate') return; // a retry of something already in the ledger (or committed unacknowledged)
      mutations.set(mutation.id, { clientId, mutation, result });
    },
  };
}
export type Ledger = ReturnType<typeof makeLedger>;

/** Opens the database read-only and checks integrity plus every acknowledged effect. Returns counters. */
export function verifyOnDisk(dbFile: string, photosDir: string, ledger: Ledger) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new LostAcknowledgement(`integrity_check: ${String(integrity)}`);
    const applied = db.prepare(
      'SELECT mutation_id, status FROM applied_mutations WHERE client_id = ? AND client_seq = ?',
    );
    const record = db.prepare('SELECT data, seq FROM records WHERE entity = ? AND id = ?');
    const latestAckedText = new Map<string, string>();
    for (const { clientId, mutation: m, result } of ledger.mutations.values()) {
      const row = applied.get(clientId, m.clientSeq) as
        { mutation_id: string; status: string } | undefined;
      if (!row || row.mutation_id !== m.id || row.status !== result.status)
        throw new LostAcknowledgement(
          `mutation ${m.id} (${clientId}#${m.clientSeq}) acknowledged as ${result.status}, stored: ${JSON.stringify(row)}`,
        );
      if (result.status !== 'applied' || m.entity === 'conflictResolution') continue;
      const rec = record.get(m.entity, m.entityId) as { data: string; seq: number } | undefined;
      if (!rec || (result.serverSeq !== undefined && rec.seq < result.serverSeq))
        throw new LostAcknowledgement(
          `${m.entity} ${m.entityId}: acknowledged at seq ${result.serverSeq}, stored ${rec?.seq}`,
        );
      if (m.entity === 'observation' && typeof m.fields['text'] === 'string')
        latestAckedText.set(m.entityId, m.fields['text']);
    }
    for (const [id, text] of latestAckedText) {
      const stored = (
        JSON.parse((record.get('observation', id) as { data: string }).data) as { text: string }
      ).text;
      const sent = ledger.texts.get(id) ?? [];
      if (sent.indexOf(stored) < sent.lastIndexOf(text))
        throw new LostAcknowledgement(
          `observation ${id}: text "${stored}" is older than the acknowledged "${text}"`,
        );
    }
    const blob = db.prepare('SELECT size FROM blobs WHERE sha256 = ?');
    for (const sha of ledger.photos) {
      if (!blob.get(sha)) throw new LostAcknowledgement(`photo ${sha}: no blobs row`);
      const bytes = readFileSync(pathFor(photosDir, sha));
      if (sha256(bytes) !== sha)
        throw new LostAcknowledgement(`photo ${sha}: file bytes do not match`);
    }
    const globalSeq = (
      db.prepare("SELECT value FROM counters WHERE name = 'global_seq'").get() as { value: number }
    ).value;
    const records = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    const blobs = (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n;
    return { globalSeq, records, blobs };
  } finally {
    db.close();
  }
}

/** Where BlobStore keeps a blob (src/server/blobs/blob-store.ts pathFor). */
export const pathFor = (photosDir: string, sha: string) =>
  `${photosDir}/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
