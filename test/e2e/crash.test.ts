// Browser crash, short version for npm test: three SIGKILLs of the whole
// Chromium right after "Auf diesem Gerät gespeichert"; after each relaunch with the same profile
// the record is there. 20 runs: `npm run crash:long`.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCrashes } from './support/crash-scenario';
import { type RunningServer, startServer } from '../support/server-process';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { DIST_DIR: DIST } });
});
afterAll(async () => {
  await server?.stop();
});

it('a record saved on the device survives a browser kill right after "Auf diesem Gerät gespeichert", three times', async () => {
  const r = await runCrashes(server, 3);
  console.log(`crash: ${JSON.stringify(r)}`);
  expect(r.missing).toEqual([]);
  expect(r.found).toBe(3);
});
