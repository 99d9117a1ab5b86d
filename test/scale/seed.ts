// Accounts for a scale run, written through the server's own account code on the run's store
// (what `npm run admin -- create-user` does), each with a bearer token issued directly: fifty
// devices start at once without fifty sign-ins. The first account is a coordinator with a
// password, so a starting server finds a usable coordinator and bootstraps none of its own.
import { randomBytes } from 'node:crypto';
import { makeAccounts } from '../../src/server/auth/accounts';
import { sha256Hex } from '../../src/server/auth/secrets';
import type { ServerDb } from '../../src/server/store/store';
import type { Role } from '../../src/shared/domain/schemas';

export type ScaleAccount = { id: string; role: Role; siteId: string | null; token: string };

const TOKEN_LIFETIME_MS = 24 * 3600_000;

export async function seedAccounts(
  db: ServerDb,
  specs: { role: Role; siteId: string | null }[],
): Promise<ScaleAccount[]> {
  const accounts = makeAccounts(db, () => new Date());
  const tag = `${process.pid}-${Date.now()}`;
  const out: ScaleAccount[] = [];
  for (const [i, spec] of specs.entries()) {
    const { user } = await accounts.createUser({
      email: `scale-${tag}-${i}@example.org`,
      name: `Gerät ${i}`,
      role: spec.role,
      siteId: spec.siteId,
      ...(i === 0 ? { password: 'scale run password 1' } : {}),
    });
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await db.writeTx((tx) =>
      tx.users.insertToken(sha256Hex(token), user.id, now, now + TOKEN_LIFETIME_MS),
    );
    out.push({ id: user.id, role: user.role, siteId: user.siteId, token });
  }
  return out;
}
