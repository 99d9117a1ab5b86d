// GET /api/v1/activity: the coordinators' activity log across sites, on rows that real pushes
// wrote into record_history (docs/architecture.md §History). Who may read it, what each filter
// keeps, keyset pages, the CSV file and the answers to bad queries.
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/client/reports/render-csv';
import { ACTIVITY_VALUE_MAX_CHARS, type ActivityPage } from '../../src/shared/activity';
import { activityPageSql } from '../../src/server/store/sqlite/activity-repo';
import {
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  siteFields,
  visitFields,
} from '../support/server';

// Noon UTC: the same calendar day in every time zone the server might run in (±11 h).
const DAY = (d: number) => Date.UTC(2026, 10, d, 12);
const GOALS = 'Müllabfuhr; „Grün“ und "Spielplatz"\nzweite Zeile';
const FORMULA = '=HYPERLINK("http://x";"klick")';
const LONG = 'Ä'.repeat(20_000);

let h: Harness;
let now = DAY(2);
let coord: Awaited<ReturnType<Harness['user']>>;
let member: Awaited<ReturnType<Harness['user']>>;
let qm: Awaited<ReturnType<Harness['user']>>;
let disabled: Awaited<ReturnType<Harness['user']>>;
const siteA = siteFields();
const siteB = { ...siteFields(), municipality: 'Gießen', quarter: 'Nordstadt' };
const visitA = visitFields(siteA.id);
const visitB = visitFields(siteB.id);
const obs = observationFields(visitB.id);
const longObs = { ...observationFields(visitA.id), text: LONG };

async function get(query: string, token = coord.token, headers: Record<string, string> = {}) {
  return h.req(`/api/v1/activity${query}`, { token, headers });
}
async function page(query: string): Promise<ActivityPage> {
  const res = await get(query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ActivityPage;
}
/** Every entry of a query, one big page (the seeded data is far below the limit). */
async function all(query = '') {
  const p = await page(`?limit=200${query}`);
  expect(p.next).toBeNull();
  return p.entries;
}

beforeAll(async () => {
  h = await makeHarness({ clock: () => new Date(now) });
  coord = await h.user('coordinator');
  member = await h.user('member');
  disabled = await h.user('member');
  const a = makeDevice(h, coord.token);
  const b = makeDevice(h, member.token);
  // Day 2: the coordinator creates site A with a visit; day 3: site B with a visit.
  await a.sync([
    a.mutation('site', siteA.id, 'create', siteA),
    a.mutation('visit', visitA.id, 'create', visitA),
  ]);
  now = DAY(3);
  await a.sync([
    a.mutation('site', siteB.id, 'create', siteB),
    a.mutation('visit', visitB.id, 'create', visitB),
  ]);
  qm = await h.user('quartiersmanagement', siteA.id);
  // Day 4: the member writes goals and notes on visit A; day 5: an observation on visit B.
  now = DAY(4);
  const pulled = await b.sync();
  const seen = pulled.changes.find((c) => c.entityId === visitA.id)!.version;
  await b.sync([b.mutation('visit', visitA.id, 'patch', { goals: GOALS, notes: FORMULA }, seen)]);
  now = DAY(5);
  await b.sync([b.mutation('observation', obs.id, 'create', obs)]);
  // Day 6: a long text (the page shortens it, the CSV keeps it whole).
  now = DAY(6);
  await a.sync([a.mutation('observation', longObs.id, 'create', longObs)]);
  const res = await h.req(`/api/v1/users/${disabled.id}`, {
    method: 'PATCH',
    token: coord.token,
    json: { disabled: true },
  });
  expect(res.status).toBe(200);
});
afterAll(() => h.close());

describe('who may read the activity log', () => {
  it('coordinators only: member and Quartiersmanagement 403, a disabled account and no token 401', async () => {
    expect((await get('')).status).toBe(200);
    for (const u of [member, qm]) {
      const res = await get('', u.token);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('forbidden');
    }
    expect((await get('', disabled.token)).status).toBe(401);
    expect((await h.req('/api/v1/activity')).status).toBe(401);
    expect((await get('?format=csv', member.token)).status).toBe(403);
  });
});

describe('filters', () => {
  it('without a filter: every change, newest first, with who, role, site and visit date', async () => {
    const entries = await all();
    expect(entries.length).toBeGreaterThan(20);
    const keys = entries.map((e) => [e.at, e.seq] as const);
    const sorted = [...keys].sort((x, y) => (x[0] === y[0] ? y[1] - x[1] : x[0] < y[0] ? 1 : -1));
    expect(keys).toEqual(sorted);
    const goals = entries.find(
      (e) => e.entity === 'visit' && e.field === 'goals' && e.op === 'patch',
    );
    expect(goals).toMatchObject({
      entityId: visitA.id,
      by: { id: member.id, name: 'member user', role: 'member' },
      site: { id: siteA.id, municipality: 'Offenbach', quarter: 'Nordend' },
      visitDate: visitA.date,
      from: { value: '', truncated: false },
      to: { value: GOALS, truncated: false },
    });
  });

  it('by person', async () => {
    const entries = await all(`&userId=${member.id}`);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.by?.id === member.id)).toBe(true);
    expect(entries.map((e) => e.field)).toEqual(expect.arrayContaining(['goals', 'notes', 'text']));
    expect(await all(`&userId=${uuidv7()}`)).toEqual([]);
  });

  it('by site', async () => {
    const entries = await all(`&siteId=${siteB.id}`);
    expect(entries.every((e) => e.site?.id === siteB.id)).toBe(true);
    expect(new Set(entries.map((e) => e.entityId))).toEqual(new Set([visitB.id, obs.id, siteB.id]));
    expect(entries.find((e) => e.entity === 'observation')?.site).toMatchObject({
      municipality: 'Gießen',
    });
  });

  it('by period: from and to are whole days, both inclusive', async () => {
    const day4 = await all('&from=2026-11-04&to=2026-11-04');
    expect(day4.length).toBeGreaterThan(0);
    expect(new Set(day4.map((e) => e.entityId))).toEqual(new Set([visitA.id]));
    const days3to5 = await all('&from=2026-11-03&to=2026-11-05');
    expect(new Set(days3to5.map((e) => e.at.slice(0, 10)))).toEqual(
      new Set(['2026-11-03', '2026-11-04', '2026-11-05']),
    );
    // Each open end still finds something, so `every` cannot pass on an empty answer.
    const fromDay6 = await all('&from=2026-11-06');
    expect(fromDay6.length).toBeGreaterThan(0);
    expect(fromDay6.every((e) => e.entityId === longObs.id)).toBe(true);
    const toDay2 = await all('&to=2026-11-02');
    expect(toDay2.length).toBeGreaterThan(0);
    expect(toDay2.every((e) => e.at.startsWith('2026-11-02'))).toBe(true);
  });

  it('by kind of record, and filters together', async () => {
    const observations = await all('&entity=observation');
    expect(new Set(observations.map((e) => e.entityId))).toEqual(new Set([obs.id, longObs.id]));
    const both = await all(`&entity=observation&siteId=${siteA.id}&userId=${coord.id}`);
    expect(new Set(both.map((e) => e.entityId))).toEqual(new Set([longObs.id]));
    expect(await all(`&entity=observation&userId=${member.id}&from=2026-11-06`)).toEqual([]);
  });
});

describe('pages', () => {
  it.each(['', '&from=2026-11-03&to=2026-11-05'])(
    'keyset pages of 3 neither skip nor repeat nor split a create, also among entries of the same instant (%s)',
    async (period) => {
      const whole = (await all(period)).map((e) => e.seq);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const p: ActivityPage = await page(
          `?limit=3${period}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        // At most 3, or one create's fields (a create's entries are never split across pages).
        if (p.entries.length > 3) expect(new Set(p.entries.map((e) => e.seq)).size).toBe(1);
        seen.push(...p.entries.map((e) => e.seq));
        cursor = p.next;
      } while (cursor);
      expect(seen).toEqual(whole);
    },
  );

  it('a cursor past the end of the period starts at its end', async () => {
    const period = '&from=2026-11-03&to=2026-11-05';
    const late = encodeURIComponent('2026-12-31T00:00:00.000Z~999999');
    expect((await page(`?limit=4${period}&cursor=${late}`)).entries).toEqual(
      (await page(`?limit=4${period}`)).entries,
    );
  });

  it('a long value reaches the page shortened and flagged; the byte budget bounds a page', async () => {
    const [text] = await all(`&entity=observation&from=2026-11-06`).then((es) =>
      es.filter((e) => e.field === 'text'),
    );
    expect(text?.to).toEqual({ value: LONG.slice(0, ACTIVITY_VALUE_MAX_CHARS), truncated: true });
    const res = await get('?limit=200');
    expect((await res.text()).length).toBeLessThan(300 * 1024);
  });

  it('a site and period filter is served by the (site_id, at) index: no scan, no sort', () => {
    const raw = new Database(h.dbFile, { readonly: true });
    try {
      const filter = { siteId: siteA.id, fromIso: 'a', toIso: 'b' };
      for (const withCursor of [false, true]) {
        const plan = (
          raw
            .prepare(`EXPLAIN QUERY PLAN ${activityPageSql(filter, withCursor)}`)
            .all({ ...filter, beforeAt: 'z', beforeSeq: 1, limit: 1, valueMax: 1 }) as {
            detail: string;
          }[]
        ).map((r) => r.detail);
        expect(plan).toContainEqual(
          expect.stringMatching(
            /^SEARCH h USING INDEX record_history_site_at \(site_id=\? AND at>/,
          ),
        );
        expect(plan.filter((d) => /^SCAN (h|p)\b|TEMP B-TREE/.test(d))).toEqual([]);
      }
      const byPerson = raw
        .prepare(`EXPLAIN QUERY PLAN ${activityPageSql({ userId: 'u', fromIso: 'a' }, false)}`)
        .all({ userId: 'u', fromIso: 'a', limit: 1, valueMax: 1 }) as { detail: string }[];
      expect(byPerson.map((r) => r.detail).join('\n')).toMatch(
        /SEARCH h USING INDEX record_history_user_at/,
      );
    } finally {
      raw.close();
    }
  });
});

describe('CSV export', () => {
  it('the whole period: BOM, ";", quoting of ; " and line breaks, formula guard, umlauts, file name', async () => {
    const res = await get('?format=csv&from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="aktivitaet-2026-11-01-bis-2026-11-30.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain(`"${GOALS.replace(/"/g, '""')}"`);
    const rows = parseCsv(text, ';');
    const [header, ...body] = rows;
    expect(header).toEqual([
      'Zeitpunkt',
      'Person',
      'Rolle',
      'Standort',
      'Eintrag',
      'Eintrags-ID',
      'Besuch vom',
      'Besuchs-ID',
      'Feld',
      'Vorher',
      'Nachher',
      'Vorgang',
      'Konflikt-ID',
    ]);
    expect(body.length).toBe((await all('&from=2026-11-01&to=2026-11-30')).length);
    const goals = body.find((r) => r[8] === 'goals');
    expect(goals).toEqual([
      expect.stringMatching(/^2026-11-04 \d\d:\d\d:\d\d$/),
      'member user',
      'Bündnismitglied',
      'Offenbach – Nordend',
      'Besuch',
      visitA.id,
      visitA.date,
      visitA.id,
      'goals',
      '',
      GOALS,
      'geändert',
      '',
    ]);
    expect(body.find((r) => r[8] === 'notes' && r[11] === 'geändert')?.[10]).toBe(`'${FORMULA}`);
    expect(body.find((r) => r[3] === 'Gießen – Nordstadt')).toBeDefined();
    expect(body.find((r) => r[5] === longObs.id && r[8] === 'text')?.[10]).toBe(LONG);
  });

  it('English, gzip when accepted, and a file name for an open period', async () => {
    const res = await get('?format=csv&lang=en&to=2026-11-04', coord.token, {
      'Accept-Encoding': 'gzip, br',
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="activity-to-2026-11-04.csv"',
    );
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ''), ',');
    expect(header?.[0]).toBe('Time');
    expect(body.find((r) => r[8] === 'goals')?.slice(1, 5)).toEqual([
      'member user',
      'Alliance member',
      'Offenbach – Nordend',
      'Visit',
    ]);
    expect(body.every((r) => r[0]! <= '2026-11-05')).toBe(true);
  });
});

describe('bad queries are 400 with a code', () => {
  it.each([
    ['?from=2026-11-05&to=2026-11-04', 'invalid_period', 'from'],
    ['?siteId=../etc', 'invalid', 'siteId'],
    ['?userId=a%20b', 'invalid', 'userId'],
    ['?limit=100000', 'invalid', 'limit'],
    ['?limit=0', 'invalid', 'limit'],
    ['?limit=abc', 'invalid', 'limit'],
    ['?from=2026-02-30', 'invalid', 'from'],
    ['?entity=users', 'invalid', 'entity'],
    ['?cursor=yesterday', 'invalid', 'cursor'],
    ['?format=xlsx', 'invalid', 'format'],
    ['?sort=asc', 'invalid', ''],
  ])('%s → %s', async (query, code, path) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; path?: string };
    expect(body.error).toBe(code);
    expect(body.path ?? '').toBe(path);
  });
});
