// The store contract, the activity log of a create's one row of all its fields (field null, its
// value an object of them, sync/history-writer.ts): it reads as one entry per field, in the order the create set them,
// with the values the rows one per field written before it read (values cut alike, NUL and lone
// surrogates kept); a later change of a field shows the create's value as the one before it; and
// keyset pages never split a create's entries, neither skipping nor repeating one.
import { beforeAll, expect, it } from 'vitest';
import type { ActivityRow } from '../../../src/server/store/activity-types';
import type { NewHistoryEntry } from '../../../src/server/store/types';
import { person } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString();
const CUT = 12;

/** A create's fields: short and long text (cut by code points), NUL, a lone surrogate, kinds. */
const created: Record<string, unknown> = {
  text: 'Ü'.repeat(20),
  emoji: '😀'.repeat(20),
  // 18 UTF-16 units, 10 code points: whole at a cut of 12.
  fewEmoji: '😀'.repeat(8),
  place: 'Markt',
  nul: 'vor\u0000nach',
  lone: 'x\ud800y',
  rating: 4,
  flag: false,
  tags: ['a', 'b', 'c', 'd', 'e', 'f'],
  nothing: null,
};

const meta = (entityId: string, minute: number, op: NewHistoryEntry['op'] = 'create') => ({
  ...{ entity: 'observation', entityId, siteId: null, visitId: null, op },
  ...{ userId: 'cora', clientId: null, at: at(minute), conflictId: null },
});

eachStore('activity log of a create in one row', (s) => {
  beforeAll(async () => {
    await s.write(async (tx) => {
      await tx.users.insert({ ...person('cora', 'Cora'), role: 'coordinator' });
      // As written before creates became one row: one row per field.
      await tx.history.insert(
        Object.entries(created).map(([field, value]) => ({ ...meta('old', 1), field, value })),
      );
      await tx.history.insert([{ ...meta('new', 2), field: null, value: created }]);
      await tx.history.insert([
        { ...meta('new', 3, 'patch'), field: 'text', value: 'später' },
        { ...meta('new', 3, 'patch'), field: 'nothing', value: 'gesetzt' },
      ]);
      const third = { place: 'Ufer', rating: 2 };
      await tx.history.insert([{ ...meta('third', 4), field: null, value: third }]);
    });
  });

  const page = (o: { limit?: number; before?: ActivityRow | null; valueMax?: number } = {}) =>
    s.read((tx) =>
      tx.activity.page({
        filter: {},
        before: o.before ? { at: o.before.at, seq: o.before.seq } : null,
        limit: o.limit ?? 100,
        maxBytes: 1_000_000,
        valueMax: o.valueMax ?? CUT,
      }),
    );
  const entry = (r: ActivityRow) => [r.entityId, r.op, r.field, r.value, r.valueCut];

  it.each([CUT, Number.MAX_SAFE_INTEGER])(
    'reads a create as one entry per field, as the rows one per field read (cut at %i)',
    async (valueMax) => {
      const { rows } = await page({ valueMax });
      const of = (id: string) => rows.filter((r) => r.entityId === id && r.op === 'create');
      const fresh = of('new');
      expect(fresh.map((r) => r.field)).toEqual(Object.keys(created));
      expect(new Set(fresh.map((r) => r.seq)).size).toBe(1);
      const strip = (r: ActivityRow) => [r.field, r.value, r.valueCut, r.previous, r.previousCut];
      // The rows one per field come newest first, so their fields in reverse. A text with a NUL
      // cut in SQL ends at the NUL (SQLite) or reads U+FFFD (PostgreSQL); here it stays.
      const butNul = (rs: ActivityRow[]) => rs.filter((r) => r.field !== 'nul').map(strip);
      expect(butNul(fresh)).toEqual(butNul(of('old')).reverse());
      const text = fresh.find((r) => r.field === 'text')!;
      if (valueMax === CUT) {
        expect([text.value, text.valueCut]).toEqual([null, 'Ü'.repeat(CUT)]);
        const emoji = fresh.find((r) => r.field === 'emoji')!;
        expect(emoji.valueCut).toBe('😀'.repeat(CUT));
        const few = fresh.find((r) => r.field === 'fewEmoji')!;
        expect([few.value, few.valueCut]).toEqual([JSON.stringify('😀'.repeat(8)), null]);
        const tags = fresh.find((r) => r.field === 'tags')!;
        expect(tags.valueCut).toBe(JSON.stringify(created['tags']).slice(0, CUT));
        expect(fresh.find((r) => r.field === 'nul')!.valueCut).toBe('vor\u0000nach');
      } else {
        for (const r of fresh) expect(JSON.parse(r.value!)).toEqual(created[r.field!]);
        expect(fresh.find((r) => r.field === 'nul')!.value).toBe(JSON.stringify('vor\u0000nach'));
      }
      expect(fresh.find((r) => r.field === 'nothing')).toMatchObject({ value: null });
    },
  );

  it("shows the create's value of a field as the one before a later change of it", async () => {
    const { rows } = await page({ valueMax: 1000 });
    const patch = (field: string) =>
      rows.find((r) => r.entityId === 'new' && r.op === 'patch' && r.field === field)!;
    expect(patch('text')).toMatchObject({ previous: JSON.stringify(created['text']) });
    expect(patch('nothing')).toMatchObject({ previous: null, value: '"gesetzt"' });
  });

  it.each([1, 2, 3, 5, 9, 10])(
    "pages of %i never split a create's entries, neither skipping nor repeating one",
    async (limit) => {
      const whole = (await page()).rows.map(entry);
      const seen: unknown[] = [];
      let before: ActivityRow | null = null;
      for (let n = 0; n < 40; n++) {
        const p = await page({ limit, before });
        const seqs = new Set(p.rows.map((r) => r.seq));
        // At most `limit` entries, unless the page is one create's entries alone.
        if (p.rows.length > limit) expect(seqs.size).toBe(1);
        seen.push(...p.rows.map(entry));
        if (!p.hasMore) break;
        before = p.rows.at(-1)!;
      }
      expect(seen).toEqual(whole);
    },
  );
});
