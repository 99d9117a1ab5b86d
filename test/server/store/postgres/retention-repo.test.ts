// The PostgreSQL retention store against a real cluster, beyond the store contract
// (test/stores/contract/retention.test.ts): what a purge leaves in the stored rows. The visit and
// its children keep their keys with 'null' data, '{}' versions and writers and no photo hashes;
// their conflicts keep 'null' values and their rejections a 'null' payload; each gets a new seq,
// the visit first, then its children in (entity, id) order, each conflict after its row; their
// history rows are deleted; rows of other visits stay as they were.
import { describe, expect, it } from 'vitest';
import { makeRetentionRepo } from '../../../../src/server/store/postgres/retention-repo';
import { postgresAvailable } from '../../../support/postgres';
import { usePostgresConnection } from './fixtures';

describe.skipIf(!postgresAvailable())('PostgreSQL retention purge', () => {
  const db = usePostgresConnection(2);
  /** The real seq counter, as the sync store takes it. */
  const nextSeq = async () =>
    Number(
      (await db.q.one<{ value: string }>(
        'UPDATE seq_counter SET value = value + 1 RETURNING value',
      ))!.value,
    );
  const repo = () => makeRetentionRepo(db.q, nextSeq);

  async function record(r: {
    entity: string;
    id: string;
    visitId?: string | null;
    deleted?: boolean;
    deletedSeq?: number | null;
    sha256?: string | null;
    thumb?: string | null;
  }): Promise<number> {
    const seq = await nextSeq();
    await db.q.run(
      `INSERT INTO records (entity, id, site_id, visit_id, data, field_versions, field_writers,
         version, created_seq, seq, deleted, deleted_seq, sha256, thumb_sha256)
       VALUES ($1, $2, 's1', $3, $4, '{"a":1}', '{"a":"c1"}', $5, $5, $5, $6, $7, $8, $9)`,
      [
        r.entity,
        r.id,
        r.visitId ?? null,
        JSON.stringify({ id: r.id, text: 'personal' }),
        seq,
        r.deleted ?? false,
        r.deletedSeq ?? null,
        r.sha256 ?? null,
        r.thumb ?? null,
      ],
    );
    return seq;
  }

  it('leaves tombstones, emptied conflicts and rejections under new seqs in that order, and deletes the history', async () => {
    const visitSeq = await record({ entity: 'visit', id: 'v1', deleted: true });
    await db.q.run('UPDATE records SET deleted_seq = $1 WHERE id = $2', [visitSeq, 'v1']);
    await record({
      entity: 'photo',
      id: 'p1',
      visitId: 'v1',
      deleted: true,
      deletedSeq: 7,
      sha256: 'img',
      thumb: 'th',
    });
    await record({ entity: 'observation', id: 'o1', visitId: 'v1' });
    await record({ entity: 'photo', id: 'p-other', visitId: 'v2', sha256: 'other' });
    await db.q.run(`INSERT INTO conflicts (id, entity, entity_id, kind, field, server_value,
        client_value, mutation_id, author, status, resolution, created_at, seq) VALUES
      ('k2', 'observation', 'o1', 'field', 'text', '"a"', '"b"', 'm', 'A', 'open', NULL, 'x', 900),
      ('k1', 'observation', 'o1', 'field', 'text', '"c"', '"d"', 'm', 'A', 'resolved', 'mine', 'x', 901),
      ('k-other', 'photo', 'p-other', 'field', 'caption', '"e"', '"f"', 'm', 'A', 'open', NULL, 'x', 902)`);
    await db.q
      .run(`INSERT INTO rejections (id, mutation_id, client_id, user_id, entity, entity_id, code,
        message, payload, created_at, seq) VALUES
      ('x1', 'm', 'c1', 'u1', 'visit', 'v1', 'forbidden', 'no', '{"goals":"g"}', 'x', 903)`);
    await db.q.run(`INSERT INTO record_history (entity, entity_id, op, field, value, at) VALUES
      ('visit', 'v1', 'create', 'goals', '"g"', 'x'), ('observation', 'o1', 'create', 'text', '"t"', 'x'),
      ('photo', 'p-other', 'create', 'caption', '"c"', 'x')`);
    const counterBefore = Number(
      (await db.q.one<{ value: string }>('SELECT value FROM seq_counter'))!.value,
    );

    const result = await repo().purgeVisit('v1');
    expect(result.rows).toBe(3);
    expect(result.hashes.sort()).toEqual(['img', 'th']);

    const rows = await db.q.query<Record<string, unknown>>(
      `SELECT id, data, field_versions, field_writers, sha256, thumb_sha256, deleted, deleted_seq,
         version, seq FROM records WHERE id IN ('v1', 'p1', 'o1', 'p-other')`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    // The visit first, then its children by (entity, id); each conflict after its row.
    const s = (n: number) => String(counterBefore + n);
    expect(byId.get('v1')).toEqual({
      id: 'v1',
      data: 'null',
      field_versions: '{}',
      field_writers: '{}',
      sha256: null,
      thumb_sha256: null,
      deleted: true,
      deleted_seq: String(visitSeq), // kept: the delete's own seq dates it
      version: s(1),
      seq: s(1),
    });
    expect(await db.q.one("SELECT seq, payload FROM rejections WHERE id = 'x1'")).toEqual({
      seq: s(2),
      payload: 'null',
    });
    expect(byId.get('o1')).toMatchObject({
      data: 'null',
      deleted: true,
      deleted_seq: s(3),
      seq: s(3),
    });
    expect(
      await db.q.query(
        'SELECT id, seq, server_value, client_value, status, resolution FROM conflicts ORDER BY id',
      ),
    ).toEqual([
      {
        id: 'k-other',
        seq: '902',
        server_value: '"e"',
        client_value: '"f"',
        status: 'open',
        resolution: null,
      },
      {
        id: 'k1',
        seq: s(4),
        server_value: 'null',
        client_value: 'null',
        status: 'resolved',
        resolution: 'mine',
      },
      {
        id: 'k2',
        seq: s(5),
        server_value: 'null',
        client_value: 'null',
        status: 'resolved',
        resolution: 'theirs',
      },
    ]);
    expect(byId.get('p1')).toMatchObject({
      data: 'null',
      sha256: null,
      thumb_sha256: null,
      deleted_seq: '7',
      seq: s(6),
    });
    expect(byId.get('p-other')).toMatchObject({ sha256: 'other', deleted: false });
    expect(await db.q.query('SELECT entity_id FROM record_history')).toEqual([
      { entity_id: 'p-other' },
    ]);
    expect(await repo().expiredVisits('9999')).toEqual([]);
  });
});
