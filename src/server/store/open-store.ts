// Which store the server (main.ts) and the admin CLI open, from their environment:
//   nothing set          SQLite, the file standortbesuch.sqlite in DATA_DIR (the default; one
//                        server process);
//   DATABASE_URL         PostgreSQL (postgres://user:password@host:port/database), shared by any
//                        number of server processes;
//   DATABASE_POOL_SIZE   connections per process to PostgreSQL (default 10; each process opens
//                        one more, held for its life, to say which process runs the periodic jobs).
import { openPostgresServerDb } from './postgres/open';
import { openServerDb } from './sqlite/open';
import type { ServerDb } from './types';

export class StoreConfigError extends Error {
  override name = 'StoreConfigError';
}

export type StoreConfig =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize?: number };

/** The store `env` asks for; `sqliteFile` is the file when it asks for none. */
export function storeConfig(sqliteFile: string, env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const url = value('DATABASE_URL');
  const pool = value('DATABASE_POOL_SIZE');
  if (url === undefined) {
    if (pool !== undefined)
      throw new StoreConfigError(
        'DATABASE_POOL_SIZE set, but PostgreSQL is used only with DATABASE_URL',
      );
    return { kind: 'sqlite', file: sqliteFile };
  }
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new StoreConfigError(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/standortbesuch',
    );
  if (pool === undefined) return { kind: 'postgres', url };
  const poolSize = Number(pool);
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new StoreConfigError(`DATABASE_POOL_SIZE must be a whole number ≥ 1, got "${pool}"`);
  return { kind: 'postgres', url, poolSize };
}

/** Opens the store a config names (PostgreSQL: migrated before it answers). */
export async function openStore(config: StoreConfig): Promise<ServerDb> {
  if (config.kind === 'sqlite') return openServerDb(config.file);
  return openPostgresServerDb(config.url, { poolSize: config.poolSize });
}

/** The store of this environment: storeConfig, then openStore. */
export function openStoreFromEnv(
  sqliteFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerDb> {
  return openStore(storeConfig(sqliteFile, env));
}
