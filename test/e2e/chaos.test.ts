// Network chaos with a real browser, short version for npm test: latency
// 150–2000 ms with jitter, 750 kbps, connection resets, truncated answers and a 5-second outage
// between Chromium and the real server. The long version (30-second outage) is `npm run chaos:long`.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChaos } from './support/chaos-scenario';
import { type RunningServer, startServer } from '../support/server-process';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { DIST_DIR: DIST } });
});
afterAll(async () => {
  await server?.stop();
});

it('a visit with photos captured through a rough network and an outage reaches the server exactly once within three sync cycles', async () => {
  const r = await runChaos(server, { outageMs: 5_000, seed: 7 });
  console.log(
    `chaos: ${JSON.stringify({ cycles: r.cycles, seconds: r.seconds, roughSyncsOk: r.roughSyncsOk, rough: r.rough, stats: r.stats })}`,
  );
  // Faults really happened: delayed chunks and resets or truncations while rough, refused connections in the outage.
  expect(r.rough.delayedChunks).toBeGreaterThan(0);
  expect(r.rough.resets + r.rough.truncations).toBeGreaterThan(0);
  expect(r.stats.refused).toBeGreaterThan(0);
  expect(r.converged).toBe(true);
  expect(r.cycles).toBeLessThanOrEqual(3);
  expect(r.server.observations.sort()).toEqual(r.captured.observations.sort());
  expect(r.server.photos.sort()).toEqual(r.captured.photos.sort());
  expect(r.captured.photos).toHaveLength(3);
  expect(r.server.blobsBad).toEqual([]);
  expect(r.server.blobsOk).toBe(6); // three photos, each with its thumbnail
  expect(r.pageErrors).toEqual([]);
  expect(r.reloads).toEqual([]); // the app never reloaded itself mid-capture
});
