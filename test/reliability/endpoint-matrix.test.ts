// Every HTTP endpoint (src/server/app.ts) × every credential: no token, garbage, expired, revoked,
// disabled account, signed out → 401; and for valid tokens every role with its own and another
// site (member, quartiersmanagement of site A, of site B, coordinator) on the blob and upload
// endpoints. Sync mutations per role and the users API per role are in test/server/roles.test.ts.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_TTL_MS } from '../../src/server/auth/accounts';
import {
  type Harness,
  makeDevice,
  makeHarness,
  photoFields,
  siteFields,
  visitFields,
} from '../support/server';
import { fakeJpeg, sha256 } from '../support/jpeg';

type Who = 'member' | 'qmOwn' | 'qmOther' | 'coordinator';
const WHO: Who[] = ['member', 'qmOwn', 'qmOther', 'coordinator'];
let h: Harness;
let now = Date.now();
const tokens = {} as Record<Who | 'expired' | 'revoked' | 'disabled' | 'loggedOut', string>;
const ids = {} as Record<Who, string>;
const emails = {} as Record<Who, string>;
let shaA = '',
  shaB = '',
  shaMember = '';
let width = 1000;
/** Bytes never uploaded before (a stored hash would answer POST with 200 and no upload). */
const freshJpeg = () => fakeJpeg(++width, 100);

async function upload(token: string, bytes: Buffer, finish = true): Promise<string> {
  const c = await h.createUpload(token, bytes.length, sha256(bytes));
  const loc = c.headers.get('location')!;
  if (finish) await patch(token, loc, bytes);
  return loc;
}
const patch = (token: string, loc: string, bytes: Buffer) => h.patchUpload(token, loc, bytes);

beforeAll(async () => {
  h = await makeHarness({ clock: () => new Date(now) });
  tokens.expired = (await h.user('member')).token;
  now += TOKEN_TTL_MS + 1; // every token issued before this instant is expired
  const coord = await h.user('coordinator');
  const c = makeDevice(h, coord.token);
  const a = siteFields(),
    b = siteFields(),
    va = visitFields(a.id),
    vb = visitFields(b.id);
  const bytesA = fakeJpeg(200, 100),
    bytesB = fakeJpeg(201, 100),
    bytesM = fakeJpeg(202, 100);
  shaA = sha256(bytesA);
  shaB = sha256(bytesB);
  shaMember = sha256(bytesM);
  await upload(coord.token, bytesA);
  await upload(coord.token, bytesB);
  const pa = photoFields(va.id, shaA),
    pb = photoFields(vb.id, shaB);
  const res = await c.sync([
    c.mutation('site', a.id, 'create', a),
    c.mutation('site', b.id, 'create', b),
    c.mutation('visit', va.id, 'create', va),
    c.mutation('visit', vb.id, 'create', vb),
    c.mutation('photo', pa.id, 'create', pa),
    c.mutation('photo', pb.id, 'create', pb),
  ]);
  expect(res.results.every((r) => r.status === 'applied')).toBe(true);
  const made = {
    member: await h.user('member'),
    qmOwn: await h.user('quartiersmanagement', a.id),
    qmOther: await h.user('quartiersmanagement', b.id),
    coordinator: coord,
  };
  for (const w of WHO) {
    tokens[w] = made[w].token;
    ids[w] = made[w].id;
    emails[w] = made[w].email;
  }
  await upload(tokens.member, bytesM);
  const revoked = await h.user('member');
  tokens.revoked = revoked.token;
  await h.app.accounts.revokeTokens(revoked.id);
  const disabled = await h.user('member');
  tokens.disabled = disabled.token;
  expect(
    (
      await h.req(`/api/v1/users/${disabled.id}`, {
        method: 'PATCH',
        token: coord.token,
        json: { disabled: true },
      })
    ).status,
  ).toBe(200);
  const out = await h.user('member');
  tokens.loggedOut = out.token;
  expect((await h.req('/api/v1/auth/logout', { method: 'POST', token: out.token })).status).toBe(
    204,
  );
});
afterAll(() => h.close());

/** Every endpoint that needs a token (each call builds what it consumes). */
const AUTHENTICATED: { name: string; call: (token: string) => Promise<Response> }[] = [
  { name: 'GET /auth/me', call: (t) => h.req('/api/v1/auth/me', { token: t }) },
  {
    name: 'POST /auth/logout',
    call: (t) => h.req('/api/v1/auth/logout', { method: 'POST', token: t }),
  },
  {
    name: 'POST /sync',
    call: (t) => {
      const d = makeDevice(h, t);
      return d.post(d.request([]));
    },
  },
  { name: 'GET /users', call: (t) => h.req('/api/v1/users', { token: t }) },
  {
    name: 'POST /users',
    call: (t) =>
      h.req('/api/v1/users', {
        method: 'POST',
        token: t,
        json: { email: `${uuidv7()}@example.org`, name: 'X', role: 'member' },
      }),
  },
  {
    name: 'PATCH /users/:id',
    call: (t) =>
      h.req(`/api/v1/users/${ids.member}`, { method: 'PATCH', token: t, json: { name: 'Y' } }),
  },
  {
    name: 'POST /users/:id/invite',
    call: (t) => h.req(`/api/v1/users/${ids.member}/invite`, { method: 'POST', token: t }),
  },
  {
    name: 'HEAD /blobs/:sha',
    call: (t) => h.req(`/api/v1/blobs/${shaA}`, { method: 'HEAD', token: t }),
  },
  { name: 'GET /blobs/:sha', call: (t) => h.req(`/api/v1/blobs/${shaA}`, { token: t }) },
  {
    name: 'POST /uploads',
    call: (t) => h.createUpload(t, 10, 'c'.repeat(64)),
  },
  {
    name: 'HEAD /uploads/:id',
    call: async (t) =>
      h.req(await upload(tokens.member, freshJpeg(), false), { method: 'HEAD', token: t }),
  },
  {
    name: 'PATCH /uploads/:id',
    call: async (t) => {
      const bytes = freshJpeg();
      return patch(t, await upload(tokens.member, bytes, false), bytes);
    },
  },
];

describe('credentials that must not work', () => {
  const BAD = ['none', 'garbage', 'expired', 'revoked', 'disabled', 'loggedOut'] as const;
  const tokenOf = (b: (typeof BAD)[number]) =>
    b === 'none' ? '' : b === 'garbage' ? 'x'.repeat(43) : tokens[b];
  it.each(AUTHENTICATED.flatMap((e) => BAD.map((b) => [e.name, b, e] as const)))(
    '%s with a %s token → 401',
    async (_n, bad, e) => {
      const res = await e.call(tokenOf(bad));
      expect(res.status).toBe(401);
    },
  );

  it('public endpoints: health answers anyone; login and redeem with wrong secrets are 401', async () => {
    expect((await h.req('/api/v1/health')).status).toBe(200);
    expect(
      (
        await h.req('/api/v1/auth/login', {
          method: 'POST',
          json: { email: emails.member, password: 'falsches passwort' },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.req('/api/v1/auth/redeem', {
          method: 'POST',
          json: { inviteCode: 'AAAA-BBBB-CCCC', password: 'ein neues passwort' },
        })
      ).status,
    ).toBe(401);
  });
});

describe('roles × own/other site on blobs and uploads', () => {
  // member and coordinator read every site; a quartiersmanagement only its own (qmOwn: site A).
  const ROWS: {
    name: string;
    call: (t: string) => Promise<Response>;
    expect: Record<Who, number>;
  }[] = [
    // HEAD and GET of a site-A and of a site-B photo.
    ...(['A', 'B'] as const).flatMap((site) =>
      (['HEAD', 'GET'] as const).map((method) => ({
        name: `${method} blob of a site-${site} photo`,
        call: (t: string) =>
          h.req(`/api/v1/blobs/${site === 'A' ? shaA : shaB}`, { method, token: t }),
        expect: {
          member: 200,
          qmOwn: site === 'A' ? 200 : 404,
          qmOther: site === 'A' ? 404 : 200,
          coordinator: 200,
        },
      })),
    ),
    {
      name: "GET a member's unreferenced upload",
      call: (t) => h.req(`/api/v1/blobs/${shaMember}`, { token: t }),
      expect: { member: 200, qmOwn: 404, qmOther: 404, coordinator: 404 },
    },
    {
      name: 'GET a hash nobody stored',
      call: (t) => h.req(`/api/v1/blobs/${'d'.repeat(64)}`, { token: t }),
      expect: { member: 404, qmOwn: 404, qmOther: 404, coordinator: 404 },
    },
    {
      name: 'POST /uploads (new bytes)',
      call: (t) => h.createUpload(t, 10, uuidv7().replace(/-/g, '').padEnd(64, '0')),
      expect: { member: 201, qmOwn: 201, qmOther: 201, coordinator: 201 },
    },
    {
      name: "HEAD a member's open upload",
      call: async (t) =>
        h.req(await upload(tokens.member, freshJpeg(), false), { method: 'HEAD', token: t }),
      expect: { member: 200, qmOwn: 404, qmOther: 404, coordinator: 404 },
    },
    {
      name: "PATCH a member's open upload",
      call: async (t) => {
        const bytes = freshJpeg();
        return patch(t, await upload(tokens.member, bytes, false), bytes);
      },
      expect: { member: 204, qmOwn: 404, qmOther: 404, coordinator: 404 },
    },
    {
      name: 'POST /sync',
      call: (t) => {
        const d = makeDevice(h, t);
        return d.post(d.request([]));
      },
      expect: { member: 200, qmOwn: 200, qmOther: 200, coordinator: 200 },
    },
    {
      name: 'GET /auth/me',
      call: (t) => h.req('/api/v1/auth/me', { token: t }),
      expect: { member: 200, qmOwn: 200, qmOther: 200, coordinator: 200 },
    },
  ];
  it.each(ROWS.flatMap((r) => WHO.map((w) => [r.name, w, r] as const)))(
    '%s as %s',
    async (_n, who, row) => {
      expect((await row.call(tokens[who])).status).toBe(row.expect[who]);
    },
  );

  it("another user's clientId is refused (403) even with a valid token", async () => {
    const d = makeDevice(h, tokens.member);
    expect((await d.post(d.request([]))).status).toBe(200);
    d.token = tokens.coordinator;
    expect((await d.post(d.request([]))).status).toBe(403);
  });
});
