// vitest globalSetup of the `stores` project: ONE PostgreSQL cluster and ONE radosgw for the whole
// run, started side by side before any worker; their coordinates reach the workers through the
// environment (SB_TEST_PG_URL, SB_TEST_S3_*), and both stop at teardown. On CI (CI=true) a backend
// that is not installed fails the run; elsewhere its tests skip and this says why.
import { PG_URL_ENV, type PostgresCluster, postgresAvailable, startPostgres } from './postgres';
import { type Radosgw, S3_ENV, exportS3Env, radosgwAvailable, startRadosgw } from './radosgw';

type Backend<T extends { stop(): Promise<void> }> = {
  readonly name: string;
  /** Set already (an outer process started it, or a developer points at their own). */
  readonly given: boolean;
  available(): boolean;
  start(): Promise<T>;
  publish(started: T): void;
  readonly install: string;
};

const postgres: Backend<PostgresCluster> = {
  name: 'PostgreSQL',
  given: Boolean(process.env[PG_URL_ENV]),
  available: postgresAvailable,
  start: startPostgres,
  publish: (cluster) => (process.env[PG_URL_ENV] = cluster.adminUrl),
  install: 'apt-get install postgresql',
};

const radosgw: Backend<Radosgw> = {
  name: 'radosgw (S3)',
  given: Boolean(process.env[S3_ENV.endpoint]),
  available: radosgwAvailable,
  start: startRadosgw,
  publish: exportS3Env,
  install: 'apt-get install radosgw ceph-mon ceph-osd',
};

async function startBackend<T extends { stop(): Promise<void> }>(
  backend: Backend<T>,
): Promise<T | null> {
  if (backend.given) return null;
  if (!backend.available()) {
    const message = `${backend.name} is not installed (${backend.install})`;
    if (process.env['CI'] === 'true') throw new Error(`stores project on CI: ${message}`);
    console.warn(`stores project: ${message}; its tests skip`);
    return null;
  }
  const started = performance.now();
  const running = await backend.start();
  backend.publish(running);
  const ms = Math.round(performance.now() - started);
  console.log(`stores project: ${backend.name} started in ${ms} ms`);
  return running;
}

export default async function setup(): Promise<() => Promise<void>> {
  const results = await Promise.allSettled([startBackend(postgres), startBackend(radosgw)]);
  const running = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const teardown = async () => {
    await Promise.all(running.map((r) => r.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  return teardown;
}
