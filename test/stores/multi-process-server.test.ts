// The real server (src/server/main.ts) as several processes on one PostgreSQL database
// (DATABASE_URL), on a real cluster: each serves health and sign-in; two started at the same
// moment on a fresh database both serve, migrated it once, one of them leads and only that one
// made the first account (one invite code, and it redeems); a session made through one works
// on the other; an invite code sealed by one is shown by the other when both have the same
// INVITE_KEY, and not when each made its own key; with photos in an S3 bucket, an upload begun
// on one process ends on the other. Without DATABASE_URL the server is the single SQLite process
// it always was (same lines printed).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TUS_VERSION } from '../../src/shared/blobs';
import { POSTGRES_SCHEMA_VERSION } from '../../src/server/store/postgres/migrate';
import { fakeJpeg, sha256 } from '../support/jpeg';
import { PG_URL_ENV, postgresAvailable, testDatabase } from '../support/postgres';
import { radosgwAvailable, s3FromEnv, s3TestClient, testS3 } from '../support/radosgw';

const available = Boolean(process.env[PG_URL_ENV]) || postgresAvailable();
const s3Available = s3FromEnv() !== null || radosgwAvailable();
const ROOT = resolve(import.meta.dirname, '../..');

type Server = {
  url: string;
  proc: ChildProcess;
  /** Every stdout line so far. */
  out: string[];
  err: () => string;
};

const running: Server[] = [];
const folders: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-multi-'));
  folders.push(dir);
  return dir;
}

/** Starts main.ts with `env` on a free port; resolves once it listens. */
async function startMain(env: Record<string, string>): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const server: Server = { url: '', proc, out, err: () => err };
  running.push(server);
  server.url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start in 60 s: ${err}`)), 60_000);
    proc.once('exit', (code) => fail(new Error(`exited with ${code}: ${err}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      out.push(line);
      if (!line.startsWith('{"event":"listening"')) return;
      clearTimeout(timer);
      ok((JSON.parse(line) as { url: string }).url);
    });
  });
  return server;
}

async function stop(s: Server) {
  if (s.proc.exitCode === null && s.proc.signalCode === null) {
    const exited = new Promise((ok) => s.proc.once('exit', ok));
    s.proc.kill('SIGTERM');
    await exited;
  }
}

/** The lines after `listening` have been printed in the same callback; give the pipe a moment. */
const settled = () => new Promise((r) => setTimeout(r, 200));

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('main.ts without DATABASE_URL', () => {
  it('is the one SQLite process in DATA_DIR it always was', async () => {
    const dataDir = tempDir();
    const s = await startMain({ DATA_DIR: dataDir });
    await settled();
    const dbFile = join(dataDir, 'standortbesuch.sqlite');
    expect(existsSync(dbFile)).toBe(true);
    expect(existsSync(join(dataDir, 'invite.key'))).toBe(true);
    const lines = s.out.filter((l) => !l.startsWith('{"event":"listening"'));
    expect(lines[0]).toBe(`Standortbesuch läuft auf ${s.url} (Daten: ${dbFile})`);
    expect(lines[1]).toMatch(
      /^Erste Anmeldung: .* den Code [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4} eingeben$/,
    );
    expect(lines[2]).toBe(
      '(Konto koordination@standortbesuch.local, Rolle Koordination; der Code gilt 14 Tage und nur einmal.)',
    );
    expect(lines).toHaveLength(3);
    expect(s.err()).toBe('');
  }, 90_000);
});

describe.skipIf(!available)('main.ts on PostgreSQL (DATABASE_URL)', () => {
  const databases: Awaited<ReturnType<typeof testDatabase>>[] = [];
  const freshDatabase = async () => {
    const db = await testDatabase();
    databases.push(db);
    return db.url;
  };
  afterAll(async () => {
    await Promise.all(databases.map((db) => db.release()));
  });

  it('serves health and sign-in, and prints where the data is without the password', async () => {
    const url = await freshDatabase();
    // The test cluster trusts every connection: the password is there only to be hidden.
    const withPassword = url.replace('postgres@', 'postgres:secret-word@');
    const s = await startMain({
      DATA_DIR: tempDir(),
      DATABASE_URL: withPassword,
      DATABASE_POOL_SIZE: '3',
      ADMIN_EMAIL: 'chefin@example.org',
      ADMIN_PASSWORD: 'the admin password',
    });
    await settled();
    expect((await fetch(`${s.url}/api/v1/health`)).status).toBe(200);
    const login = await fetch(
      `${s.url}/api/v1/auth/login`,
      json({ email: 'chefin@example.org', password: 'the admin password' }),
    );
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    expect((await fetch(`${s.url}/api/v1/auth/me`, { headers: bearer(token) })).status).toBe(200);
    expect(s.out).toContain('{"event":"maintenance","leader":true}');
    const data = s.out.find((l) => l.startsWith('Standortbesuch läuft'));
    expect(data).toContain(`(Daten: postgres://postgres@127.0.0.1:`);
    expect(s.out.join('\n')).not.toContain('secret-word');
    // Several machines need a shared invite key: the server says so.
    expect(s.err()).toContain('"event":"invite_key"');
  }, 90_000);

  it('two processes started together on a fresh database: both serve, one migration, one leader, one first account', async () => {
    const url = await freshDatabase();
    const inviteKey = Buffer.alloc(32, 7).toString('base64');
    // Two machines: each its own DATA_DIR, one INVITE_KEY.
    const env = () => ({ DATA_DIR: tempDir(), DATABASE_URL: url, INVITE_KEY: inviteKey });
    const [a, b] = await Promise.all([startMain(env()), startMain(env())]);
    await settled();

    for (const s of [a, b]) expect((await fetch(`${s.url}/api/v1/health`)).status).toBe(200);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const steps = await admin.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(steps.rows.map((r) => r.version)).toEqual(
        Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
      );
    } finally {
      await admin.end();
    }
    const leaders = [a, b].map((s) => s.out.includes('{"event":"maintenance","leader":true}'));
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const followers = [a, b].map((s) => s.out.includes('{"event":"maintenance","leader":false}'));
    expect(followers.filter(Boolean)).toHaveLength(1);

    // Only the leader made the first account and printed its code.
    const codes = [a, b].flatMap((s) =>
      s.out.flatMap((l) => /den Code ([A-Z2-9-]{14}) eingeben/.exec(l)?.[1] ?? []),
    );
    expect(codes).toHaveLength(1);
    const [leader, other] = leaders[0] ? [a, b] : [b, a];
    const redeemed = await fetch(
      `${other.url}/api/v1/auth/redeem`,
      json({ inviteCode: codes[0], password: 'a long enough password', name: 'Chefin' }),
    );
    expect(redeemed.status).toBe(200);
    const { token } = (await redeemed.json()) as { token: string };
    expect((await fetch(`${leader.url}/api/v1/auth/me`, { headers: bearer(token) })).status).toBe(
      200,
    );

    // An invite sealed by one process is shown again by the other (same INVITE_KEY).
    const created = await fetch(`${leader.url}/api/v1/users`, {
      ...json({ email: 'neu@example.org', name: 'Neu', role: 'coordinator' }),
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
    });
    expect(created.status).toBe(201);
    const { user, inviteCode } = (await created.json()) as {
      user: { id: string };
      inviteCode: string;
    };
    const shown = await fetch(`${other.url}/api/v1/users/${user.id}/invite`, {
      headers: bearer(token),
    });
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { inviteCode: string }).inviteCode).toBe(inviteCode);

    // A third process with a key of its own (another DATA_DIR, no INVITE_KEY) cannot show it.
    const stranger = await startMain({ DATA_DIR: tempDir(), DATABASE_URL: url });
    const unreadable = await fetch(`${stranger.url}/api/v1/users/${user.id}/invite`, {
      headers: bearer(token),
    });
    expect(unreadable.status).toBe(409);
  }, 120_000);

  it.skipIf(!s3Available)(
    'with photos in an S3 bucket: an upload begun on one process ends on the other, and both serve it',
    async () => {
      const url = await freshDatabase();
      const s3 = await testS3();
      const bucket = `multi-${Date.now().toString(36)}`;
      const raw = s3TestClient(s3);
      await raw.makeBucket(bucket, s3.region);
      try {
        const env = () => ({
          DATA_DIR: tempDir(),
          DATABASE_URL: url,
          INVITE_KEY: Buffer.alloc(32, 9).toString('base64'),
          ADMIN_EMAIL: 'fotos@example.org',
          ADMIN_PASSWORD: 'the admin password',
          S3_ENDPOINT: s3.endpoint,
          S3_BUCKET: bucket,
          S3_ACCESS_KEY_ID: s3.accessKey,
          S3_SECRET_ACCESS_KEY: s3.secretKey,
          S3_REGION: s3.region,
        });
        const [a, b] = await Promise.all([startMain(env()), startMain(env())]);
        const login = await fetch(
          `${a.url}/api/v1/auth/login`,
          json({ email: 'fotos@example.org', password: 'the admin password' }),
        );
        const { token } = (await login.json()) as { token: string };
        const bytes = fakeJpeg(640, 480, 200_000);
        const digest = sha256(bytes);
        const tus = { ...bearer(token), 'Tus-Resumable': TUS_VERSION };
        const created = await fetch(`${a.url}/api/v1/uploads`, {
          method: 'POST',
          headers: {
            ...tus,
            'Upload-Length': String(bytes.length),
            'Upload-Metadata': `sha256 ${Buffer.from(digest).toString('base64')}`,
          },
        });
        expect(created.status).toBe(201);
        const location = created.headers.get('location')!;
        const patch = (base: string, from: number, to: number) =>
          fetch(`${base}${location}`, {
            method: 'PATCH',
            headers: {
              ...tus,
              'Content-Type': 'application/offset+octet-stream',
              'Upload-Offset': String(from),
            },
            body: new Uint8Array(bytes.subarray(from, to)),
          });
        expect((await patch(a.url, 0, 80_000)).status).toBe(204);
        expect((await patch(b.url, 80_000, bytes.length)).status).toBe(204);
        for (const s of [a, b]) {
          const got = await fetch(`${s.url}/api/v1/blobs/${digest}`, { headers: bearer(token) });
          expect(got.status).toBe(200);
          expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
        }
        // The bytes are in the bucket, not in either process's DATA_DIR.
        const keys: string[] = [];
        for await (const o of raw.listObjectsV2(bucket, '', true)) keys.push(o.name as string);
        expect(keys).toContain(`photos/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`);
      } finally {
        await Promise.all(running.splice(0).map(stop));
        const left: string[] = [];
        for await (const o of raw.listObjectsV2(bucket, '', true)) left.push(o.name as string);
        if (left.length) await raw.removeObjects(bucket, left);
        await raw.removeBucket(bucket);
        await s3.release();
      }
    },
    120_000,
  );
});
