// Accounts and tokens for reliability runs, written straight into DATA_DIR's SQLite file with the
// server's own account code (as the admin CLI does). Tokens issued here skip the sign-in rate
// limit, so 50 simulated devices can start at once without 50 logins from one IP.
import { makeAccounts } from '../../../src/server/auth/accounts';
import { dataPaths } from '../../../src/server/config';
import { openServerDb } from '../../../src/server/store/sqlite/open';
import type { Role } from '../../../src/shared/domain/schemas';

export const RELIABILITY_PASSWORD = 'reliability password 1';

export type SeededAccount = { id: string; email: string; role: Role; siteId: string | null; token: string };

export async function seedAccounts(dataDir: string, specs: { role: Role; siteId?: string | null }[]): Promise<SeededAccount[]> {
  const db = openServerDb(dataPaths({ DATA_DIR: dataDir }).dbFile);
  try {
    const accounts = makeAccounts(db, () => new Date());
    const out: SeededAccount[] = [];
    for (const [i, spec] of specs.entries()) {
      const email = `rel-${process.pid}-${Date.now()}-${i}@example.org`;
      const { user } = await accounts.createUser({ email, name: `Gerät ${i}`, role: spec.role, siteId: spec.siteId ?? null, password: RELIABILITY_PASSWORD });
      const { token } = await accounts.login(email, RELIABILITY_PASSWORD);
      out.push({ id: user.id, email, role: user.role, siteId: user.siteId, token });
    }
    return out;
  } finally {
    db.close();
  }
}
