// Accounts on a server's data folder, the one way tests get people: written straight into its
// SQLite file with the server's own account code, as the admin CLI does (SQLite's busy_timeout
// covers a running server process). `createAccount` + `signIn` for browser tests (through the
// real login form, as a person would); `seedAccounts` for HTTP devices, with tokens issued
// directly so 50 simulated devices can start at once without 50 logins from one IP.
import type { Page } from 'playwright-core';
import { makeAccounts } from '../../src/server/auth/accounts';
import { runCli } from '../../src/server/cli';
import { dataPaths } from '../../src/server/config';
import { openServerDb } from '../../src/server/store/store';
import type { Role } from '../../src/shared/domain/schemas';
import type { RunningServer } from './server-process';

export type Account = {
  email: string;
  password: string;
  name: string;
  role: 'member' | 'quartiersmanagement' | 'coordinator';
  siteId?: string;
};

const PASSWORD = 'e2e-passwort-123';
const defaults = new Map<string, Promise<Account>>();
let n = 0;

/** Creates an account with a password on the server behind `server`. */
export async function createAccount(
  server: RunningServer,
  a: Partial<Account> = {},
): Promise<Account> {
  const account: Account = {
    email: a.email ?? `person-${process.pid}-${++n}@example.org`,
    password: a.password ?? PASSWORD,
    name: a.name ?? `Person ${n}`,
    role: a.role ?? 'coordinator',
    ...(a.siteId ? { siteId: a.siteId } : {}),
  };
  const args = [
    'create-user',
    '--email',
    account.email,
    '--name',
    account.name,
    '--role',
    account.role,
    '--password',
    account.password,
  ];
  if (account.siteId) args.push('--site', account.siteId);
  await runCli(args, dataPaths({ DATA_DIR: server.dataDir }).dbFile, () => {});
  return account;
}

/** One coordinator account per server, created on first use. */
export function defaultAccount(server: RunningServer): Promise<Account> {
  let p = defaults.get(server.url);
  if (!p) {
    p = createAccount(server, { name: 'Testkoordination' });
    defaults.set(server.url, p);
  }
  return p;
}

/**
 * Signs `page` in through the login form (opening the app first if needed) and waits until the
 * app shell shows. Returns the account. A page that is already signed in is left as it is.
 */
export async function signIn(
  page: Page,
  server: RunningServer,
  account?: Account,
): Promise<Account> {
  const who = account ?? (await defaultAccount(server));
  if (!page.url().startsWith(server.url)) await page.goto(server.url);
  const form = page.getByRole('button', { name: 'Anmelden', exact: true });
  const shell = page.getByRole('banner'); // the app header: only the signed-in app has one
  await form.or(shell).first().waitFor({ timeout: 30_000 });
  if (await shell.isVisible()) return who;
  await page.getByLabel('E-Mail').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await form.click();
  await shell.waitFor({ timeout: 30_000 });
  return who;
}

// Accounts with tokens for HTTP devices (reliability runs).
export const RELIABILITY_PASSWORD = 'reliability password 1';

export type SeededAccount = {
  id: string;
  email: string;
  role: Role;
  siteId: string | null;
  token: string;
};

export async function seedAccounts(
  dataDir: string,
  specs: { role: Role; siteId?: string | null }[],
): Promise<SeededAccount[]> {
  const db = openServerDb(dataPaths({ DATA_DIR: dataDir }).dbFile);
  try {
    const accounts = makeAccounts(db, () => new Date());
    const out: SeededAccount[] = [];
    for (const [i, spec] of specs.entries()) {
      const email = `rel-${process.pid}-${Date.now()}-${i}@example.org`;
      const { user } = await accounts.createUser({
        email,
        name: `Gerät ${i}`,
        role: spec.role,
        siteId: spec.siteId ?? null,
        password: RELIABILITY_PASSWORD,
      });
      const { token } = await accounts.login(email, RELIABILITY_PASSWORD);
      out.push({ id: user.id, email, role: user.role, siteId: user.siteId, token });
    }
    return out;
  } finally {
    await db.close();
  }
}
