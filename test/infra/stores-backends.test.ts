// The stores project's backends work as its tests expect: the globalSetup's PostgreSQL cluster and
// radosgw reach this worker through the environment and answer (an S3 round trip with signed
// requests, a SQL query), and a radosgw of a test's own leaves no daemon or folder behind, neither
// after stop() nor when the process that started it is killed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PG_URL_ENV } from '../support/postgres';
import { radosgwAvailable, s3FromEnv, s3TestClient, startRadosgw } from '../support/radosgw';

const onCi = process.env['CI'] === 'true';
const ROOT = join(import.meta.dirname, '../..');

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Is the process there and not a zombie waiting to be reaped? */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function daemonPids(configFile: string): number[] {
  return readFileSync(join(dirname(configFile), 'pids'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => Number(line.split(' ')[1]));
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('the globalSetup backends', () => {
  it('are both there on CI', () => {
    if (!onCi) return;
    expect(process.env[PG_URL_ENV]).toBeTruthy();
    expect(s3FromEnv()).not.toBeNull();
  });

  it.skipIf(!process.env[PG_URL_ENV])('PostgreSQL 15 answers on the admin URL', async () => {
    const client = new pg.Client({ connectionString: process.env[PG_URL_ENV] });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string }>(
        "SELECT current_setting('server_version') AS v",
      );
      expect(rows[0]?.v).toMatch(/^15\./);
    } finally {
      await client.end();
    }
  });

  it.skipIf(!s3FromEnv())('radosgw stores and returns an object under the test keys', async () => {
    const s3 = s3FromEnv()!;
    const client = s3TestClient(s3);
    const bucket = `infra-${randomBytes(4).toString('hex')}`;
    await client.makeBucket(bucket);
    const bytes = randomBytes(300_000);
    await client.putObject(bucket, 'a/b', bytes, bytes.length);
    expect((await client.statObject(bucket, 'a/b')).size).toBe(bytes.length);
    expect((await readAll(await client.getObject(bucket, 'a/b'))).equals(bytes)).toBe(true);
    await client.removeObject(bucket, 'a/b');
    await client.removeBucket(bucket);
  });

  it.skipIf(!s3FromEnv())('radosgw refuses a request signed with a wrong secret', async () => {
    const client = s3TestClient(s3FromEnv()!, 'not-the-secret');
    await expect(client.listBuckets()).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

describe.skipIf(!radosgwAvailable())('a radosgw of its own', () => {
  it('stop() ends every daemon and removes its folder', async () => {
    const rgw = await startRadosgw();
    const pids = daemonPids(rgw.configFile);
    expect(pids).toHaveLength(3);
    expect(pids.every(running)).toBe(true);
    expect((await fetch(rgw.endpoint)).status).toBe(200);
    await rgw.stop();
    expect(pids.filter(running)).toEqual([]);
    expect(existsSync(dirname(rgw.configFile))).toBe(false);
  });

  it('leaves nothing behind when the process that started it is killed', async () => {
    // A child process starts a radosgw, prints its folder, then waits to be killed.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { startRadosgw } from ${JSON.stringify(join(ROOT, 'test/support/radosgw.ts'))};
         const rgw = await startRadosgw();
         console.log(rgw.configFile);
         setInterval(() => {}, 1000);`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const configFile = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting`)));
    });
    const pids = daemonPids(configFile);
    expect(pids.every(running)).toBe(true);
    child.kill('SIGKILL');
    expect(await until(() => pids.every((p) => !running(p)), 10_000)).toBe(true);
    expect(await until(() => !existsSync(dirname(configFile)), 10_000)).toBe(true);
  });
});
