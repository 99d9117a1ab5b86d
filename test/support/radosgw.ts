// Throwaway S3-compatible storage for tests: a single-node Ceph cluster (one monitor, one
// in-memory OSD) with a radosgw on 127.0.0.1 at a free port, no authentication between the
// daemons, everything in a temporary folder, and one S3 user with fixed keys. Start about 2 s
// (the monitor's proposal interval and the client's tick are shortened from their 1 s and 5 s).
//
// No daemon outlives its test process: each runs in its own process group, and a detached
// watchdog holding the group ids on a pipe kills every group and removes the folder when the
// pipe closes — on stop(), and equally when the test process dies without calling it.
// One cluster serves a whole run when the stores project's globalSetup starts it (its
// coordinates reach the workers as SB_TEST_S3_*); testS3() lets a test file run without it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { Client } from 'minio';

const BIN = process.env['SB_TEST_CEPH_BIN'] ?? '/usr/bin';
const BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph'];

/** The environment variables carrying the run's shared S3 endpoint to the test workers. */
export const S3_ENV = {
  endpoint: 'SB_TEST_S3_ENDPOINT',
  accessKey: 'SB_TEST_S3_ACCESS_KEY',
  secretKey: 'SB_TEST_S3_SECRET_KEY',
  region: 'SB_TEST_S3_REGION',
} as const;

export type S3Coordinates = {
  /** http://127.0.0.1:<port>; path-style addressing. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Any region signs; us-east-1 keeps clients from sending a location constraint. */
  readonly region: string;
};

export type Radosgw = S3Coordinates & {
  /** The radosgw-admin/ceph configuration file (for tests that inspect the cluster). */
  readonly configFile: string;
  stop(): Promise<void>;
};

const ACCESS_KEY = 'SBTESTACCESSKEY00000';
const SECRET_KEY = 'sbtestsecretkey0000000000000000000000000';
const REGION = 'us-east-1';
export const TEST_S3_USER = 'sb-tests';

const run = promisify(execFile);

/** Are the Ceph monitor, OSD, radosgw and their tools installed? */
export function radosgwAvailable(): boolean {
  return BINARIES.every((b) => existsSync(join(BIN, b)));
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${monPort}
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc secure
ms client mode = crc secure
ms mon service mode = crc secure
ms service mode = crc secure
ms cluster mode = crc secure
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
keyring = ${dir}/keyring
mon data = ${dir}/mon
mon allow pool size one = true
mon max pg per osd = 1000
mon data avail warn = 0
mon data avail crit = 0
paxos propose interval = 0.01
paxos min wait = 0.001
objecter tick interval = 0.2
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 1
osd pool default pgp num = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd data = ${dir}/osd
osd objectstore = memstore
memstore device bytes = 1073741824

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
rgw thread pool size = 32
`;
}

/** The end of a daemon's log, for an error message. */
function logTail(dir: string, name: string): string {
  const file = join(dir, 'log', `${name}.log`);
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
}

/**
 * Spawns the detached watchdog: it reads process-group ids from its stdin until the pipe closes,
 * then kills every group, waits until they are gone and removes the folder.
 */
function startWatchdog(dir: string): ChildProcess {
  const script = `
groups=""
while read -r g; do groups="$groups $g"; done
for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
i=0
while [ $i -lt 100 ]; do
  alive=""
  for g in $groups; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
  [ -z "$alive" ] && break
  sleep 0.05; i=$((i + 1))
done
rm -rf "$1"
`;
  const dog = spawn('/bin/bash', ['-c', script, 'sb-rgw-watchdog', dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  dog.unref();
  (dog.stdin as Socket | null)?.unref();
  return dog;
}

type Cluster = {
  readonly conf: string;
  daemon(name: string, bin: string, args: string[]): ChildProcess;
  tool(bin: string, args: string[]): Promise<string>;
  stop(): Promise<void>;
};

function cluster(dir: string): Cluster {
  const conf = join(dir, 'ceph.conf');
  const dog = startWatchdog(dir);
  const exited = new Promise<void>((resolve) => dog.once('exit', () => resolve()));
  let stopped = false;
  return {
    conf,
    daemon(name, bin, args) {
      const out = openSync(join(dir, 'log', `${name}.out`), 'a');
      const child = spawn(join(BIN, bin), ['-c', conf, ...args, '-f'], {
        detached: true,
        stdio: ['ignore', out, out],
      });
      closeSync(out);
      child.unref();
      if (child.pid === undefined) throw new Error(`${bin} did not start`);
      dog.stdin?.write(`${child.pid}\n`);
      appendFileSync(join(dir, 'pids'), `${name} ${child.pid}\n`);
      return child;
    },
    async tool(bin, args) {
      const { stdout } = await run(join(BIN, bin), ['-c', conf, ...args], {
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    },
    async stop() {
      if (!stopped) {
        stopped = true;
        dog.ref(); // keeps this process alive until the watchdog is done
        dog.stdin?.end();
      }
      await exited;
    },
  };
}

/** Resolves once the endpoint answers HTTP at all; rejects when radosgw exits first. */
async function waitForHttp(endpoint: string, rgw: ChildProcess, timeoutMs: number): Promise<void> {
  let exitCode: number | null = null;
  rgw.once('exit', (code) => (exitCode = code ?? -1));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== null) throw new Error(`radosgw exited (${exitCode}) before answering`);
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`radosgw did not answer at ${endpoint}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function startOnce(): Promise<Radosgw> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rgw-'));
  for (const sub of ['run', 'log', 'mon', 'osd', 'rgw']) mkdirSync(join(dir, sub));
  const c = cluster(dir);
  try {
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const fsid = crypto.randomUUID();
    writeFileSync(c.conf, cephConf(dir, fsid, monPort, rgwPort));
    const monmap = join(dir, 'monmap');
    await run(join(BIN, 'monmaptool'), [
      '--create',
      '--addv',
      'a',
      `[v2:127.0.0.1:${monPort}]`,
      '--fsid',
      fsid,
      monmap,
    ]);
    await run(join(BIN, 'ceph-mon'), ['-c', c.conf, '-i', 'a', '--mkfs', '--monmap', monmap]);
    c.daemon('mon.a', 'ceph-mon', ['-i', 'a']);

    const osdUuid = crypto.randomUUID();
    const osdId = (await c.tool('ceph', ['--connect-timeout', '30', 'osd', 'new', osdUuid])).trim();
    await run(join(BIN, 'ceph-osd'), ['-c', c.conf, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid]);
    c.daemon(`osd.${osdId}`, 'ceph-osd', ['-i', osdId]);

    // Creates radosgw's pools on the way, so it also waits until the OSD serves.
    await c.tool('radosgw-admin', [
      'user',
      'create',
      `--uid=${TEST_S3_USER}`,
      '--display-name=tests',
      `--access-key=${ACCESS_KEY}`,
      `--secret=${SECRET_KEY}`,
    ]);
    const rgw = c.daemon('client.rgw', 'radosgw', ['-n', 'client.rgw']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    try {
      await waitForHttp(endpoint, rgw, 30_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${logTail(dir, 'client.rgw')}`);
    }
    return {
      endpoint,
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      region: REGION,
      configFile: c.conf,
      stop: () => c.stop(),
    };
  } catch (e) {
    await c.stop();
    throw e;
  }
}

/** Starts a new single-node cluster with radosgw (about 2 s here); retried on a taken port. */
export async function startRadosgw(): Promise<Radosgw> {
  if (!radosgwAvailable()) throw new Error(`Ceph binaries (${BINARIES.join(', ')}) not in ${BIN}`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** The run's shared endpoint from the environment, or null when none was started. */
export function s3FromEnv(): S3Coordinates | null {
  const endpoint = process.env[S3_ENV.endpoint];
  const accessKey = process.env[S3_ENV.accessKey];
  const secretKey = process.env[S3_ENV.secretKey];
  if (!endpoint || !accessKey || !secretKey) return null;
  return { endpoint, accessKey, secretKey, region: process.env[S3_ENV.region] ?? REGION };
}

/** Puts a running endpoint's coordinates into the environment (before workers start). */
export function exportS3Env(s3: S3Coordinates): void {
  process.env[S3_ENV.endpoint] = s3.endpoint;
  process.env[S3_ENV.accessKey] = s3.accessKey;
  process.env[S3_ENV.secretKey] = s3.secretKey;
  process.env[S3_ENV.region] = s3.region;
}

/**
 * S3 for one test file: the run's shared endpoint when SB_TEST_S3_* is set, else a radosgw of its
 * own (release() stops it). Tests make their own bucket with a unique name.
 */
export async function testS3(): Promise<S3Coordinates & { release(): Promise<void> }> {
  const shared = s3FromEnv();
  if (shared) return { ...shared, release: async () => undefined };
  const own = await startRadosgw();
  return { ...own, release: () => own.stop() };
}

/** A minio client on the test gateway (path-style, as the server's S3 storage talks to it). */
export function s3TestClient(s3: S3Coordinates, secretKey = s3.secretKey): Client {
  const url = new URL(s3.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: url.protocol === 'https:',
    accessKey: s3.accessKey,
    secretKey,
    region: s3.region,
    pathStyle: true,
  });
}
