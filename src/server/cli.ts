// `npm run admin -- <command>`: account administration on the server machine, working directly
// on the server's store (no running server needed; SQLite's busy_timeout handles a running one):
// the SQLite file in DATA_DIR, or PostgreSQL when DATABASE_URL is set (store/open-store.ts), and
// the photos where the server keeps them (DATA_DIR/photos or the S3_* bucket).
//   create-user --email E --name N --role member|quartiersmanagement|coordinator [--site SITE_ID] [--password P]
//   list-users
//   invite --email E          (a new single-use invite code; the old one becomes void)
//   revoke-tokens --email E   (signs the account out on every device)
//   backup --to FILE          (consistent copy of the SQLite database, also while the server runs;
//                              PostgreSQL: use pg_dump; photos: copy DATA_DIR/photos with any
//                              file tool, they never change)
//   check                     (sync invariants; exit code 1 when one is broken)
//   purge [--days N]          (purge visits deleted more than N days ago, default RETENTION_DAYS or 30;
//                              the running server also does this at start-up and daily)
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Email } from '../shared/auth';
import { Role } from '../shared/domain/schemas';
import { makeAccounts } from './auth/accounts';
import { inviteKeyFromEnv } from './auth/invite-key';
import { loadInviteKey } from './auth/secrets';
import { openPhotoStorage, photoStorageConfig } from './blobs/photo-storage-config';
import type { PhotoStorage } from './blobs/photo-storage';
import { dataPaths } from './config';
import { openStoreFromEnv } from './store/open-store';
import { type ServerDb, openServerDb } from './store/store';
import { purgeExpired, retentionDays } from './retention';

const USAGE = `usage: npm run admin -- <command> [options]
  create-user --email E --name N --role member|quartiersmanagement|coordinator [--site SITE_ID] [--password P]
  list-users
  invite --email E
  revoke-tokens --email E
  backup --to FILE
  check
  purge [--days N]`;

class CliError extends Error {
  override name = 'CliError';
}

/** What the CLI works on: the store, its invite key, and where the photo bytes are. */
type Target = { db: ServerDb; inviteKey: () => Buffer; photos: () => Promise<PhotoStorage> };

/** dbFile: a SQLite file (its photos beside it); undefined: the server's store from the environment. */
async function openTarget(dbFile: string | undefined): Promise<Target> {
  if (dbFile !== undefined)
    return {
      db: openServerDb(dbFile),
      inviteKey: () => loadInviteKey(dbFile),
      photos: () => openPhotoStorage({ kind: 'filesystem', dir: join(dirname(dbFile), 'photos') }),
    };
  const paths = dataPaths();
  const db = await openStoreFromEnv(paths.dbFile);
  return {
    db,
    inviteKey: () => inviteKeyFromEnv(process.env, { dataDir: paths.dataDir, store: db.kind }).key,
    photos: () => openPhotoStorage(photoStorageConfig(paths.photosDir)),
  };
}

export async function runCli(
  argv: string[],
  dbFile?: string,
  out: (line: string) => void = console.log,
): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      site: { type: 'string' },
      password: { type: 'string' },
      to: { type: 'string' },
      days: { type: 'string' },
    },
  });
  const target = await openTarget(dbFile);
  const db = target.db;
  try {
    const accounts = makeAccounts(db, () => new Date(), { inviteKey: target.inviteKey() });
    const userByEmail = async () => {
      const user = await accounts.byEmail(Email.parse(values.email ?? ''));
      if (!user) throw new CliError(`no account with e-mail ${values.email}`);
      return user;
    };
    switch (command) {
      case 'create-user': {
        if (!values.name) throw new CliError('--name is required');
        const { user, inviteCode } = await accounts.createUser({
          email: Email.parse(values.email ?? ''),
          name: values.name,
          role: Role.parse(values.role),
          siteId: values.site ?? null,
          password: values.password,
        });
        out(`created ${user.role} ${user.email} (${user.id})`);
        if (inviteCode) out(`invite code: ${inviteCode}`);
        break;
      }
      case 'list-users':
        for (const u of await accounts.list())
          out(
            [u.email, u.role, u.siteId ?? '-', u.disabled ? 'disabled' : 'active', u.name].join(
              '\t',
            ),
          );
        break;
      case 'invite':
        out(`invite code for ${values.email}: ${await accounts.invite((await userByEmail()).id)}`);
        break;
      case 'revoke-tokens':
        out(
          `revoked ${await accounts.revokeTokens((await userByEmail()).id)} token(s) of ${values.email}`,
        );
        break;
      case 'backup':
        if (!values.to) throw new CliError('--to is required');
        // A store that cannot copy itself (PostgreSQL: pg_dump does) says so; that is the answer.
        await db.maintenance.backup(values.to).catch((e: unknown) => {
          throw new CliError(e instanceof Error ? e.message : String(e));
        });
        out(`database copied to ${values.to}`);
        break;
      case 'check': {
        const report = await db.maintenance.checkInvariants();
        const broken =
          report.seqHoles.length +
          report.liveChildrenOfDeletedVisits.length +
          report.seqAboveCounter;
        out(JSON.stringify(report, null, 2));
        out(
          broken
            ? 'BROKEN: see above'
            : `ok (${report.photosWithoutBytes.length} photo(s) still waiting for their bytes; ` +
                `${report.unreferencedPhotoBytes.n} unreferenced photo file(s), ` +
                `${report.unreferencedPhotoBytes.bytes} bytes; ${report.expiredUploads} expired upload(s))`,
        );
        if (broken) throw new CliError('sync invariants broken');
        break;
      }
      case 'purge': {
        const days =
          values.days === undefined
            ? retentionDays()
            : retentionDays({ RETENTION_DAYS: values.days });
        const r = await purgeExpired(db, await target.photos(), new Date(), days);
        out(
          `purged ${r.visits} visit(s) deleted more than ${days} day(s) ago: ${r.rows} row(s), ${r.photoFiles} photo file(s)`,
        );
        break;
      }
      default:
        throw new CliError(USAGE);
    }
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.name === 'ZodError' ? `invalid option: ${e.message}` : e.message);
    process.exitCode = 1;
  });
}
