// Which invite key the server seals showable invite codes under (auth/secrets.ts), from its
// environment. Every process serving one database must use the same key, or a code one process
// sealed cannot be shown by another:
//   INVITE_KEY       the key itself, base64 of 32 bytes (e.g. `openssl rand -base64 32`);
//   INVITE_KEY_FILE  a file holding it, which must exist (several machines: a file all of them see);
//   neither          DATA_DIR/invite.key, created on first start: right for one SQLite process
//                    and for several processes on one machine; on PostgreSQL the server says that
//                    processes on several machines need one of the two above.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inviteKeyFrom, loadInviteKeyFile } from './secrets';

export class InviteKeyConfigError extends Error {
  override name = 'InviteKeyConfigError';
}

export type InviteKeySource = {
  key: Buffer;
  /** Where the key came from, for logs (never the key). */
  from: string;
  /** A hint for the operator, or null. */
  note: string | null;
};

export function inviteKeyFromEnv(
  env: NodeJS.ProcessEnv,
  opts: { dataDir: string; store: 'sqlite' | 'postgres' },
): InviteKeySource {
  const given = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const inline = given('INVITE_KEY');
  const file = given('INVITE_KEY_FILE');
  if (inline !== undefined && file !== undefined)
    throw new InviteKeyConfigError('set INVITE_KEY or INVITE_KEY_FILE, not both');
  if (inline !== undefined) {
    try {
      return { key: inviteKeyFrom(inline, 'INVITE_KEY'), from: 'INVITE_KEY', note: null };
    } catch (e) {
      throw new InviteKeyConfigError(
        `${(e as Error).message} (base64 of 32 bytes, e.g. from: openssl rand -base64 32)`,
      );
    }
  }
  if (file !== undefined) {
    const path = resolve(file);
    if (!existsSync(path))
      throw new InviteKeyConfigError(
        `INVITE_KEY_FILE ${path} does not exist (make it once: openssl rand -base64 32 > ${path})`,
      );
    try {
      return { key: loadInviteKeyFile(path), from: path, note: null };
    } catch (e) {
      throw new InviteKeyConfigError(`INVITE_KEY_FILE: ${(e as Error).message}`);
    }
  }
  const path = join(opts.dataDir, 'invite.key');
  return {
    key: loadInviteKeyFile(path),
    from: path,
    note:
      opts.store === 'postgres'
        ? `invite codes are sealed under ${path}: server processes on several machines need ` +
          'the same key through INVITE_KEY or INVITE_KEY_FILE'
        : null,
  };
}
