// The admin CLI (src/server/cli.ts) on the server's store from the environment: with
// DATABASE_URL it administers the PostgreSQL database every server process shares (create,
// list, invite, check, purge), and `backup` answers that pg_dump is the tool.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/server/cli';
import { openPostgresServerDb } from '../../src/server/store/postgres/open';
import { PG_URL_ENV, postgresAvailable, testDatabase } from '../support/postgres';

const available = Boolean(process.env[PG_URL_ENV]) || postgresAvailable();
const ENV = ['DATABASE_URL', 'DATA_DIR', 'INVITE_KEY'] as const;

describe.skipIf(!available)('admin CLI on PostgreSQL (DATABASE_URL)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let dataDir = '';
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

  beforeAll(async () => {
    database = await testDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'sb-cli-pg-'));
    process.env['DATABASE_URL'] = database.url;
    process.env['DATA_DIR'] = dataDir;
    process.env['INVITE_KEY'] = Buffer.alloc(32, 3).toString('base64');
  }, 60_000);
  afterAll(async () => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(dataDir, { recursive: true, force: true });
    await database?.release();
  });

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    await runCli(argv, undefined, (l) => out.push(l));
    return out;
  };

  it('administers the shared database and points to pg_dump for backups', async () => {
    const [created, code] = await cli(
      'create-user',
      '--email',
      'cli@example.org',
      '--name',
      'Cli',
      '--role',
      'coordinator',
    );
    expect(created).toMatch(/^created coordinator cli@example.org/);
    expect(code).toMatch(/^invite code: /);
    expect(await cli('list-users')).toEqual(['cli@example.org\tcoordinator\t-\tactive\tCli']);
    expect((await cli('invite', '--email', 'cli@example.org'))[0]).toMatch(
      /^invite code for cli@example.org: /,
    );
    expect((await cli('check')).at(-1)).toMatch(/^ok /);
    expect(await cli('purge', '--days', '0')).toEqual([
      'purged 0 visit(s) deleted more than 0 day(s) ago: 0 row(s), 0 photo file(s)',
    ]);
    await expect(cli('backup', '--to', join(dataDir, 'copy'))).rejects.toThrow(/pg_dump/);

    // It was the PostgreSQL database, not a SQLite file in DATA_DIR.
    const db = await openPostgresServerDb(database.url, { poolSize: 1 });
    try {
      expect((await db.readTx((tx) => tx.users.byEmail('cli@example.org')))?.name).toBe('Cli');
    } finally {
      await db.close();
    }
  });
});
