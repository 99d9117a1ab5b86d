// How cost grows with the data: 1k, 10k and 100k observations (100 per visit) on the real server
// (child process), seeded through the sync protocol. For each size a fresh device — the real
// sync engine on fake-indexeddb in node, loopback without link emulation — pulls everything:
//   scale_pull_ms_1k / _10k / _100k
// and then runs the visit page's own queries (src/client/db/queries.ts and what the page's
// components ask: visit, site, checklist, observations, follow-ups, the visit's photo strip, one
// photo strip per observation, the visit's and the header's sync summaries) for one visit of
// 100 observations, all at once as the page's live queries do; median of 15:
//   scale_query_ms_1k / _10k / _100k   (goal at 100k: ≤ 100 ms)
// fake-indexeddb is a pure-JS IndexedDB, slower than a browser's; the curve's shape is the point.
// SCALE_SIZES=1000,10000 runs only those sizes (the 100k step takes ~2 min: seeding + pull).
import { v7 as uuidv7 } from 'uuid';
import {
  getSite,
  getVisit,
  checklistOf,
  followUpsOf,
  observationsOf,
} from '../../src/client/db/queries';
import { listPhotos } from '../../src/client/db/photos';
import type { AppDb } from '../../src/client/db/schema';
import { syncSummary, visitSyncSummary } from '../../src/client/db/sync-queries';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from '../support/fake-db';
import { startServer } from '../support/server-process';
import type { Bench, FigureSpec } from './run';
import { postJson } from './support/post';
import { assertAllApplied, createRequests, type Create } from './support/sync-seed';

const ADMIN = { email: 'scale-bench@example.org', password: 'scale bench password 123' };
const PER_VISIT = 100;
const SIZES = process.env.SCALE_SIZES
  ? process.env.SCALE_SIZES.split(',').map(Number)
  : [1_000, 10_000, 100_000];
const label = (n: number) => `${n / 1000}k`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The visit page's reads for one visit, concurrently; resolves when all are in. */
async function visitPageQueries(db: AppDb, visitId: string): Promise<number> {
  const visit = await getVisit(db, visitId);
  const [, , observations] = await Promise.all([
    getSite(db, visit!.siteId),
    checklistOf(db, visitId),
    observationsOf(db, visitId),
    followUpsOf(db, visitId),
    listPhotos(db, visitId, null),
    visitSyncSummary(db, visitId),
    syncSummary(db),
  ]);
  await Promise.all(observations.map((o) => listPhotos(db, visitId, o.id)));
  return observations.length;
}

export const figures: Record<string, FigureSpec> = Object.fromEntries(
  SIZES.flatMap((size) => [
    [
      `scale_pull_ms_${label(size)}`,
      {
        goal: `≤ ${size * 1.5}`,
        times: `a fresh device's first sync of ${size / 1000}k observations (100 per visit), from the first request until the last page is stored in IndexedDB (real engine on fake-indexeddb in Node, server process on loopback, no link emulation)`,
      },
    ],
    [
      `scale_query_ms_${label(size)}`,
      {
        goal: '≤ 100',
        times: `the visit page's queries for one visit of 100 observations with ${size / 1000}k observations stored, all at once as the page's live queries ask (fake-indexeddb; median of 15)`,
      },
    ],
  ]),
);

const bench: Bench = async (report) => {
  const server = await startServer({
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  try {
    const post = (path: string, body: unknown, token?: string) =>
      postJson(server.url, path, body, token);
    const { token } = (await post('/api/v1/auth/login', ADMIN)) as { token: string };
    const now = new Date().toISOString();
    // Each push as a device of its own (pushes run concurrently); every one must apply. The
    // account's sync rate limit answers 429 when seeding outruns it: wait and send again, as a
    // device does.
    const push = async (rows: Create[]) => {
      for (const body of createRequests(rows)) {
        for (let attempt = 0; ; attempt++) {
          try {
            assertAllApplied(
              (await post('/api/v1/sync', body, token)) as { results: { status: string }[] },
            );
            break;
          } catch (e) {
            if (attempt > 100 || !String((e as Error).message).includes(': 429 ')) throw e;
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
      }
    };
    const siteId = uuidv7();
    await push([
      {
        entity: 'site',
        id: siteId,
        fields: {
          id: siteId,
          municipality: 'Kassel',
          quarter: 'Nord-Holland',
          phase: 'isek',
          yearAdmitted: null,
          contact: { name: '', organisation: '', email: '', phone: '' },
          notes: '',
          createdAt: now,
        },
      },
    ]);

    const visits: string[] = [];
    let seeded = 0;
    for (const size of SIZES) {
      // Seed up to `size` observations: a visit, then its observations, in pushes of ≤ 100.
      const seedStarted = performance.now();
      const jobs: Promise<unknown>[] = [];
      while (seeded < size) {
        const visitId = uuidv7();
        visits.push(visitId);
        await push([
          {
            entity: 'visit',
            id: visitId,
            fields: {
              id: visitId,
              siteId,
              date: `2025-${String((visits.length % 12) + 1).padStart(2, '0')}-15`,
              phase: 'isek',
              status: 'done',
              goals: `Besuch ${visits.length}`,
              route: '',
              notes: '',
              createdAt: now,
            },
          },
        ]);
        const obs = Array.from({ length: PER_VISIT }, (_, o): Create => {
          const id = uuidv7();
          return {
            entity: 'observation',
            id,
            fields: {
              id,
              visitId,
              fieldId: 'housing',
              kind: 'challenge',
              perspective: o % 2 ? 'local' : 'outside',
              rating: (o % 5) + 1,
              text: `Beobachtung ${o}: Der Platz vor der Schule wird nachmittags stark genutzt, es fehlen Sitzgelegenheiten und Schatten.`,
              place: 'Marktplatz',
              lat: null,
              lng: null,
              author: 'Bench',
              createdAt: new Date(Date.parse(now) + o).toISOString(),
            },
          };
        });
        jobs.push(push(obs));
        if (jobs.length >= 4) await Promise.all(jobs.splice(0));
        seeded += PER_VISIT;
      }
      await Promise.all(jobs);
      console.error(
        `# scale: server seeded to ${label(size)} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
      );

      const db = makeTestDb();
      const engine = createSyncEngine(db, {
        baseUrl: server.url,
        getToken: () => token,
        appVersion: 'bench',
      });
      const t0 = performance.now();
      for (let i = 0; ; i++) {
        const out = await engine.syncNow();
        if (out.status !== 'ok') throw new Error(`pull failed: ${out.status}`);
        if (!out.more) break;
        if (i > 1000) throw new Error('pull did not finish');
      }
      const pullMs = performance.now() - t0;
      const got = await db.observations.count();
      if (got !== size) throw new Error(`pulled ${got} of ${size} observations`);
      report({
        name: `scale_pull_ms_${label(size)}`,
        value: Math.round(pullMs),
        unit: 'ms',
        goal: `≤ ${size * 1.5}`,
        note: `fresh device, ${size} observations in ${visits.length} visits, loopback; ${((pullMs / size) * 1000).toFixed(0)} µs per observation; goal: linear, 1.5 s per 1,000 (bulk local write on a phone)`,
      });

      const target = visits[visits.length >> 1]!;
      await visitPageQueries(db, target); // warm-up
      const runs: number[] = [];
      for (let i = 0; i < 15; i++) {
        const q0 = performance.now();
        const n = await visitPageQueries(db, target);
        runs.push(performance.now() - q0);
        if (n !== PER_VISIT) throw new Error(`visit shows ${n} of ${PER_VISIT} observations`);
      }
      report({
        name: `scale_query_ms_${label(size)}`,
        value: Math.round(median(runs) * 10) / 10,
        unit: 'ms',
        goal: '≤ 100',
        note: `visit page queries for 1 visit of ${PER_VISIT} observations with ${size} in the database (fake-indexeddb); min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)} ms`,
      });
      db.close();
    }
  } finally {
    await server.stop();
  }
};
export default bench;
