// Opaque random secrets (bearer tokens, invite codes) and the hashes the database stores instead.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const newToken = () => randomBytes(32).toString('base64url');
/** Invite codes are typed by people: 12 characters without look-alikes, grouped by 4. */
export function newInviteCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}
export const normaliseInviteCode = (code: string) =>
  code
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

// Invite codes a coordinator may show again until they are used (docs/architecture.md §Auth):
// sealed with AES-256-GCM under the server's invite key, which lives in a file beside the
// database (never in it), so a copy or backup of the database alone reveals no code. The
// invite's hash is the associated data: a sealed code opens only for its own invite row.
const SEAL_VERSION = 'v1';

export function sealInviteCode(code: string, key: Buffer, inviteHash: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(inviteHash));
  const data = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return [SEAL_VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The code, or null when it was sealed under another key (or is damaged). */
export function openInviteCode(sealed: string, key: Buffer, inviteHash: string): string | null {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== SEAL_VERSION || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(inviteHash));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}

/** A fresh 32-byte invite key (a server without a key file keeps one for its lifetime). */
export const newInviteKey = () => randomBytes(32);

/**
 * The invite key of the database `dbFile`: the file `invite.key` beside it (32 random bytes,
 * base64, mode 0600), created on first use. Losing it loses nothing but the ability to show
 * open codes again (they still redeem; the coordinator issues a new one to see a code).
 */
export function loadInviteKey(dbFile: string): Buffer {
  if (dbFile === ':memory:') return newInviteKey();
  return loadInviteKeyFile(join(dirname(dbFile), 'invite.key'));
}

/** The key in `file` (base64 of 32 bytes), written there first when the file does not exist. */
export function loadInviteKeyFile(file: string): Buffer {
  if (!existsSync(file)) {
    // Written whole under a temporary name, then linked into place: never a half-written key,
    // and of two processes starting at once (server and CLI, or several servers) the first
    // link wins.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${newInviteKey().toString('base64')}\n`, { mode: 0o600, flush: true });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  return inviteKeyFrom(readFileSync(file, 'utf8'), file);
}

/** A key from its base64 text (`source` names where it came from in the error). */
export function inviteKeyFrom(base64: string, source: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${source} does not hold a 32-byte key`);
  return key;
}
