// Photo bytes and their read scope, attacked over HTTP against the real server process.
// Policy (docs/architecture.md §Photos, "Who reads photo bytes"): a user reads bytes that it sent
// itself (the server verified the hash at the end of its upload), or that a photo row in its read
// scope references whose creator sent them. POST /uploads for stored bytes skips the transfer (200)
// only for a user who may already read them; for everyone else it is exactly an unknown hash
// (201 + Location; the bytes must be sent and match). Dedupe grants nothing and reveals nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TUS_VERSION } from '../../src/shared/blobs';
import { uploadPhoto } from '../support/devices';
import { photoFields } from '../support/rows';
import { fakeJpeg, sha256 } from '../support/jpeg';
import { EVERYONE, startTarget, type Target, type Who } from './support/target';

let t: Target;
/** Site-A and site-B photos by the coordinator (image + thumbnail uploaded, rows synced). */
const photo = { a: { sha: '', thumb: '' }, b: { sha: '', thumb: '' } };
/** One unreferenced upload per account. */
const own = {} as Record<Who, string>;
let width = 100;

const tok = (w: Who) => t.who[w].token;
const blob = (w: Who, sha: string, method: 'HEAD' | 'GET' = 'GET') =>
  t.req(`/api/v1/blobs/${sha}`, { method, token: tok(w) });
const create = (w: Who, sha: string, length = 1500) =>
  t.req('/api/v1/uploads', {
    method: 'POST',
    token: tok(w),
    headers: {
      'Tus-Resumable': TUS_VERSION,
      'Upload-Length': String(length),
      'Upload-Metadata': `sha256 ${Buffer.from(sha).toString('base64')},type ${Buffer.from('image/jpeg').toString('base64')}`,
    },
  });
/** A hash nobody ever stored. */
const unknown = () => sha256(fakeJpeg(++width, 77, 10, 0x13));

async function syncPhoto(w: Who, visitId: string, sha: string, thumb: string) {
  const d = t.device(w);
  const p = { ...photoFields(visitId, sha), thumbSha256: thumb };
  d.enqueue('photo', p.id, 'create', p);
  const { acks } = await d.sync();
  expect(acks.map((a) => a.result.status)).toEqual(['applied']);
  return { device: d, id: p.id };
}

/** Per-account photo quota of this target (PHOTO_QUOTA_BYTES). */
const QUOTA = 2_000_000;

beforeAll(async () => {
  t = await startTarget({ PHOTO_QUOTA_BYTES: String(QUOTA) });
  for (const site of ['a', 'b'] as const) {
    const img = await t.upload('coordinator');
    const thumb = await t.upload('coordinator');
    photo[site] = { sha: img.sha, thumb: thumb.sha };
    await syncPhoto('coordinator', t.sites[site].visitId, img.sha, thumb.sha);
  }
  for (const w of EVERYONE) own[w] = (await t.upload(w)).sha;
}, 90_000);
afterAll(() => t?.stop());

describe('hole 2: photo bytes of another site are not readable by hash', () => {
  it('attack 1: qmA POSTs a site-B hash without bytes: no 200, no grant', async () => {
    const res = await create('qmA', photo.b.sha);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/api\/v1\/uploads\//);
    expect(res.headers.get('upload-offset')).toBe('0');
    expect((await blob('qmA', photo.b.sha)).status).toBe(404);
    expect((await blob('qmA', photo.b.sha, 'HEAD')).status).toBe(404);
  });

  it('attack 2: a photo row in qmA’s own visit citing a site-B hash grants nothing', async () => {
    await syncPhoto('qmA', t.sites.a.visitId, photo.b.sha, photo.b.thumb);
    for (const sha of [photo.b.sha, photo.b.thumb]) {
      expect((await blob('qmA', sha)).status).toBe(404);
      expect((await blob('qmA', sha, 'HEAD')).status).toBe(404);
    }
    // The owners of site B still read it.
    for (const w of ['coordinator', 'member', 'qmB'] as const)
      expect((await blob(w, photo.b.sha)).status).toBe(200);
  });

  it('attack 2b: a row planted before the victim uploads grants nothing once the bytes arrive', async () => {
    const victim = fakeJpeg(++width, 99);
    const sha = sha256(victim);
    await syncPhoto('qmA', t.sites.a.visitId, sha, sha);
    const { device } = await syncPhoto('coordinator', t.sites.b.visitId, sha, sha);
    expect(device.outbox).toEqual([]);
    expect((await create('coordinator', sha, victim.length)).status).toBe(201);
    expect(await uploadPhoto(t.url, tok('coordinator'), victim, sha)).toBe(true);
    expect((await blob('qmB', sha)).status).toBe(200);
    expect((await blob('qmA', sha)).status).toBe(404);
  });

  it('attack 3: no existence oracle: a stored hash the caller may not read answers like an unknown one', async () => {
    const stored = await create('qmA', photo.b.sha, 1500);
    const never = await create('qmA', unknown(), 1500);
    expect(stored.status).toBe(never.status);
    const names = (r: Response) =>
      [...r.headers.keys()].filter((k) => !['date', 'content-length'].includes(k)).sort();
    expect(names(stored)).toEqual(names(never));
    expect(stored.headers.get('upload-offset')).toBe(never.headers.get('upload-offset'));
    const [hs, hn] = [await blob('qmA', photo.b.sha, 'HEAD'), await blob('qmA', unknown(), 'HEAD')];
    expect([hs.status, hn.status]).toEqual([404, 404]);
    const [gs, gn] = [await blob('qmA', photo.b.sha), await blob('qmA', unknown())];
    expect(await gs.text()).toBe(await gn.text());
  });

  it('sending the real bytes of a stored hash makes the sender a reader of them (it has them)', async () => {
    const bytes = fakeJpeg(++width, 50);
    const sha = sha256(bytes);
    expect(await uploadPhoto(t.url, tok('member'), bytes, sha)).toBe(true);
    expect((await blob('qmB', sha)).status).toBe(404);
    expect((await create('qmB', sha, bytes.length)).status).toBe(201);
    expect(await uploadPhoto(t.url, tok('qmB'), bytes, sha)).toBe(true);
    expect((await blob('qmB', sha)).status).toBe(200);
    expect((await create('qmB', sha, bytes.length)).status).toBe(200);
  });

  it('a photo synced before its bytes becomes readable to its scope once its creator’s upload completes', async () => {
    const bytes = fakeJpeg(++width, 60);
    const sha = sha256(bytes);
    await syncPhoto('coordinator', t.sites.a.visitId, sha, sha);
    expect((await blob('qmA', sha, 'HEAD')).status).toBe(404);
    expect(await uploadPhoto(t.url, tok('coordinator'), bytes, sha)).toBe(true);
    expect((await blob('qmA', sha, 'HEAD')).status).toBe(200);
    expect(Buffer.from(await (await blob('qmA', sha)).arrayBuffer()).equals(bytes)).toBe(true);
    expect((await blob('qmB', sha, 'HEAD')).status).toBe(404);
  });

  it('a deleted (restorable) photo row still grants its bytes to its scope', async () => {
    const bytes = fakeJpeg(++width, 61);
    const sha = sha256(bytes);
    expect(await uploadPhoto(t.url, tok('coordinator'), bytes, sha)).toBe(true);
    const { device, id } = await syncPhoto('coordinator', t.sites.a.visitId, sha, sha);
    device.enqueue('photo', id, 'delete', {}, null);
    const { acks } = await device.sync();
    expect(acks.map((a) => a.result.status)).toEqual(['applied']);
    expect((await blob('qmA', sha, 'HEAD')).status).toBe(200);
  });

  describe('matrix: role × bytes × HEAD/GET/POST', () => {
    const other: Record<Who, Who> = {
      coordinator: 'member',
      member: 'qmA',
      qmA: 'qmB',
      qmB: 'coordinator',
    };
    const readsA = (w: Who) => w !== 'qmB';
    const readsB = (w: Who) => w !== 'qmA';
    const CASES: { bytes: string; sha: (w: Who) => string; readable: (w: Who) => boolean }[] = [
      { bytes: 'site-A photo', sha: () => photo.a.sha, readable: readsA },
      { bytes: 'site-A thumbnail', sha: () => photo.a.thumb, readable: readsA },
      { bytes: 'site-B photo', sha: () => photo.b.sha, readable: readsB },
      { bytes: 'own unreferenced upload', sha: (w) => own[w], readable: () => true },
      {
        bytes: "someone else's unreferenced upload",
        sha: (w) => own[other[w]],
        readable: () => false,
      },
      { bytes: 'unknown hash', sha: () => unknown(), readable: () => false },
    ];
    it.each(CASES.flatMap((c) => EVERYONE.map((w) => [c.bytes, w, c] as const)))(
      '%s as %s',
      async (_n, w, c) => {
        const sha = c.sha(w);
        const want = c.readable(w) ? 200 : 404;
        expect((await blob(w, sha, 'HEAD')).status).toBe(want);
        expect((await blob(w, sha)).status).toBe(want);
        const post = await create(w, sha);
        expect(post.status).toBe(c.readable(w) ? 200 : 201);
        // Whatever was asked, the caller still reads exactly what it read before.
        expect((await blob(w, sha, 'HEAD')).status).toBe(want);
      },
    );
  });
});

describe('hole 3: one account may store at most PHOTO_QUOTA_BYTES of photos', () => {
  it('an upload beyond the quota is refused with 507 photo_quota_exceeded; other accounts go on', async () => {
    // Open uploads reserve what they announce, so two near-quota uploads cannot both start.
    const big = 1_200_000;
    const first = await create('qmB', unknown(), big);
    expect(first.status).toBe(201);
    const second = await create('qmB', unknown(), big);
    expect(second.status).toBe(507);
    expect(await second.json()).toMatchObject({ error: 'photo_quota_exceeded' });
    // The same answer for a stored hash qmB may not read: the quota reveals no existence either.
    const stored = await create('qmB', photo.a.sha, big);
    expect(stored.status).toBe(507);
    // Small photos still fit, bytes qmB may read still dedupe (no transfer, nothing charged) …
    const small = fakeJpeg(++width, 40);
    expect(await uploadPhoto(t.url, tok('qmB'), small, sha256(small))).toBe(true);
    expect((await create('qmB', photo.b.sha, big)).status).toBe(200);
    // … and another account is not affected.
    expect((await create('qmA', unknown(), big)).status).toBe(201);
  });
});
