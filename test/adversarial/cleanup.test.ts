// Orphan photo bytes and abandoned uploads are cleaned, and nothing anyone could still need is.
// Against the real server process on a real data folder; time cannot be moved in that process,
// so the test restarts it on the same folder with ORPHAN_GRACE_DAYS=0 (the sweep runs at start-up,
// then daily). Expiry of open uploads after UPLOAD_TTL_MS is covered with an injected clock in
// test/server/uploads.test.ts ('incomplete uploads expire after 24 h').
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/server/cli';
import { TUS_VERSION } from '../../src/shared/blobs';
import { uploadPhoto } from '../support/devices';
import { fakeJpeg, sha256 } from '../support/jpeg';
import { photoFields } from '../support/rows';
import { startServer, type RunningServer } from '../support/server-process';
import { startTarget, type Target, type Who } from './support/target';

let t: Target;
let server: RunningServer;
let width = 500;
const sha = {} as Record<'orphan' | 'pending' | 'unseen' | 'live' | 'deleted', string>;
let partial: { location: string; bytes: Buffer };
let orphanBytes: Buffer;
const stale = 'stale-upload-left-by-a-crash';
const fresh = 'upload-being-created-right-now';

const tok = (w: Who) => t.who[w].token;
const fileOf = (s: string) => join(t.server.dataDir, 'photos', s.slice(0, 2), s.slice(2, 4), s);
const tmpOf = (name: string) => join(t.server.dataDir, 'photos', 'tmp', name);
const head = (w: Who, s: string) =>
  fetch(`${server.url}/api/v1/blobs/${s}`, {
    method: 'HEAD',
    headers: { Authorization: `Bearer ${tok(w)}` },
  }).then((r) => r.status);
const newBytes = () => fakeJpeg(++width, 70);
/** `npm run admin -- check` on the running server's file: its count of unreferenced photo files. */
async function unreferenced(): Promise<number> {
  const out: string[] = [];
  await runCli(['check'], join(t.server.dataDir, 'standortbesuch.sqlite'), (l) => out.push(l));
  const m = /(\d+) unreferenced photo file/.exec(out.at(-1) ?? '');
  if (!m) throw new Error(`admin check said: ${out.at(-1)}`);
  return Number(m[1]);
}
let before = 0;

async function restart(env: Record<string, string>) {
  await server.kill();
  server = await startServer({ dataDir: t.server.dataDir, env });
}

async function photoRow(visitId: string, s: string) {
  const d = t.device('coordinator');
  const p = { ...photoFields(visitId, s), thumbSha256: s };
  d.enqueue('photo', p.id, 'create', p);
  await d.sync();
  return { d, id: p.id };
}

beforeAll(async () => {
  t = await startTarget();
  server = t.server;
  // Bytes a member sent and never referenced; the member's device then synced with nothing waiting.
  ({ sha: sha.orphan, bytes: orphanBytes } = await t.upload('member'));
  expect((await t.device('member').sync()).response.results).toEqual([]);
  // qmA's bytes, and a qmA device that announced two changes but delivered only one: its row for
  // these bytes may still come.
  sha.pending = (await t.upload('qmA')).sha;
  const q = t.device('qmA');
  const first = q.mutation('visit', t.sites.a.visitId, 'patch', { goals: 'x' }, null);
  q.mutation('visit', t.sites.a.visitId, 'patch', { goals: 'y' }, null);
  await q.post([first]);
  // The coordinator's bytes; the coordinator's setup device has not synced since.
  sha.unseen = (await t.upload('coordinator')).sha;
  // Bytes a live photo row references, and bytes of a deleted (restorable) photo.
  sha.live = (await t.upload('coordinator')).sha;
  await photoRow(t.sites.a.visitId, sha.live);
  sha.deleted = (await t.upload('coordinator')).sha;
  const { d, id } = await photoRow(t.sites.b.visitId, sha.deleted);
  d.enqueue('photo', id, 'delete', {}, null);
  await d.sync();
  // An upload in progress (half its bytes sent).
  const bytes = newBytes();
  const created = await fetch(`${t.url}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${tok('member')}`,
      'Tus-Resumable': TUS_VERSION,
      'Upload-Length': String(bytes.length),
      'Upload-Metadata': `sha256 ${Buffer.from(sha256(bytes)).toString('base64')}`,
    },
  });
  expect(created.status).toBe(201);
  partial = { location: created.headers.get('location')!, bytes };
  const half = await fetch(`${t.url}${partial.location}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${tok('member')}`,
      'Tus-Resumable': TUS_VERSION,
      'Content-Type': 'application/offset+octet-stream',
      'Upload-Offset': '0',
    },
    body: bytes.subarray(0, 500) as Uint8Array<ArrayBuffer>,
  });
  expect(half.status).toBe(204);
  // Temp files no upload owns: one two days old (a crash between its steps), one just written.
  mkdirSync(join(t.server.dataDir, 'photos', 'tmp'), { recursive: true });
  writeFileSync(tmpOf(stale), 'x'.repeat(1000));
  const old = new Date(Date.now() - 2 * 86_400_000);
  utimesSync(tmpOf(stale), old, old);
  writeFileSync(tmpOf(fresh), 'x');
}, 90_000);
afterAll(async () => {
  await server?.kill();
  await t?.stop();
});

describe('hole 8: orphan photo bytes and abandoned uploads are cleaned', () => {
  it('within the grace period (default 7 days) nothing is swept', async () => {
    await restart({});
    for (const s of Object.values(sha)) expect(existsSync(fileOf(s))).toBe(true);
    before = await unreferenced(); // admin check reports them (orphan, pending, unseen, …)
    expect(before).toBeGreaterThanOrEqual(3);
    expect(await head('member', sha.orphan)).toBe(200);
    // The stale temp file is swept at start-up already (no upload owns it); the fresh one stays.
    expect(existsSync(tmpOf(stale))).toBe(false);
    expect(existsSync(tmpOf(fresh))).toBe(true);
  }, 60_000);

  it('after the grace period orphan bytes are deleted; bytes anyone may still need are kept', async () => {
    await restart({ ORPHAN_GRACE_DAYS: '0' });
    expect(existsSync(fileOf(sha.orphan))).toBe(false);
    expect(await head('member', sha.orphan)).toBe(404);
    expect(await unreferenced()).toBe(before - 1);
    // Kept: a live row's bytes, a deleted (restorable) row's bytes, bytes whose sender has a
    // device with changes not yet delivered, bytes whose sender has a device not seen since.
    for (const k of ['live', 'deleted', 'pending', 'unseen'] as const)
      expect(existsSync(fileOf(sha[k])), k).toBe(true);
    expect(await head('qmA', sha.live)).toBe(200);
    expect(await head('qmB', sha.deleted)).toBe(200);
    expect(await head('qmA', sha.pending)).toBe(200);
    expect(await head('coordinator', sha.unseen)).toBe(200);
  }, 60_000);

  it('an upload in progress survives the sweep and the restart, and resumes', async () => {
    const tus = { Authorization: `Bearer ${tok('member')}`, 'Tus-Resumable': TUS_VERSION };
    const probe = await fetch(`${server.url}${partial.location}`, { method: 'HEAD', headers: tus });
    expect(probe.headers.get('upload-offset')).toBe('500');
    const rest = await fetch(`${server.url}${partial.location}`, {
      method: 'PATCH',
      headers: {
        ...tus,
        'Content-Type': 'application/offset+octet-stream',
        'Upload-Offset': '500',
      },
      body: partial.bytes.subarray(500) as Uint8Array<ArrayBuffer>,
    });
    expect(rest.status).toBe(204);
    expect(await head('member', sha256(partial.bytes))).toBe(200);
  });

  it('swept bytes can be sent again', async () => {
    expect(await uploadPhoto(server.url, tok('member'), orphanBytes, sha.orphan)).toBe(true);
    expect(await head('member', sha.orphan)).toBe(200);
    expect(existsSync(fileOf(sha.orphan))).toBe(true);
  });
});
