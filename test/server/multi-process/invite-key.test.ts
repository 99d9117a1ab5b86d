// The invite key from the environment (auth/invite-key.ts): INVITE_KEY, INVITE_KEY_FILE or the
// file DATA_DIR/invite.key made on first start (the SQLite default, unchanged), with a note on
// PostgreSQL that processes on several machines need a shared key.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InviteKeyConfigError, inviteKeyFromEnv } from '../../../src/server/auth/invite-key';
import { loadInviteKey } from '../../../src/server/auth/secrets';

let dataDir = '';
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-invite-key-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const KEY = Buffer.alloc(32, 42);

describe('inviteKeyFromEnv', () => {
  it('defaults to DATA_DIR/invite.key: the same key as before on SQLite, kept across starts', () => {
    const first = inviteKeyFromEnv({}, { dataDir, store: 'sqlite' });
    expect(first.from).toBe(join(dataDir, 'invite.key'));
    expect(first.note).toBeNull();
    expect(first.key).toHaveLength(32);
    expect(inviteKeyFromEnv({}, { dataDir, store: 'sqlite' }).key).toEqual(first.key);
    expect(loadInviteKey(join(dataDir, 'standortbesuch.sqlite'))).toEqual(first.key);
  });

  it('on PostgreSQL the default file comes with a note on several machines', () => {
    const source = inviteKeyFromEnv({}, { dataDir, store: 'postgres' });
    expect(source.note).toMatch(
      /several machines need the same key through INVITE_KEY or INVITE_KEY_FILE/,
    );
  });

  it('takes INVITE_KEY (base64 of 32 bytes) and writes no file', () => {
    const source = inviteKeyFromEnv(
      { INVITE_KEY: KEY.toString('base64') },
      { dataDir, store: 'postgres' },
    );
    expect(source).toEqual({ key: KEY, from: 'INVITE_KEY', note: null });
    expect(() => readFileSync(join(dataDir, 'invite.key'))).toThrow();
  });

  it('takes INVITE_KEY_FILE, which must exist', () => {
    const file = join(dataDir, 'shared.key');
    expect(() =>
      inviteKeyFromEnv({ INVITE_KEY_FILE: file }, { dataDir, store: 'postgres' }),
    ).toThrow(/does not exist \(make it once: openssl rand -base64 32 >/);
    writeFileSync(file, `${KEY.toString('base64')}\n`);
    const source = inviteKeyFromEnv({ INVITE_KEY_FILE: file }, { dataDir, store: 'postgres' });
    expect(source).toEqual({ key: KEY, from: file, note: null });
  });

  it('refuses a key of the wrong size and both variables at once', () => {
    expect(() =>
      inviteKeyFromEnv(
        { INVITE_KEY: Buffer.alloc(16).toString('base64') },
        { dataDir, store: 'sqlite' },
      ),
    ).toThrow(InviteKeyConfigError);
    const file = join(dataDir, 'short.key');
    writeFileSync(file, 'c2hvcnQ=\n');
    expect(() => inviteKeyFromEnv({ INVITE_KEY_FILE: file }, { dataDir, store: 'sqlite' })).toThrow(
      /INVITE_KEY_FILE: .* does not hold a 32-byte key/,
    );
    expect(() =>
      inviteKeyFromEnv(
        { INVITE_KEY: KEY.toString('base64'), INVITE_KEY_FILE: file },
        { dataDir, store: 'sqlite' },
      ),
    ).toThrow('set INVITE_KEY or INVITE_KEY_FILE, not both');
  });
});
