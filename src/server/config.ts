// Where the server keeps its data: DATA_DIR (default ./data) holds the SQLite file and photos/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function dataPaths(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = resolve(env['DATA_DIR'] ?? join(ROOT, 'data'));
  mkdirSync(dataDir, { recursive: true });
  return {
    dataDir,
    dbFile: join(dataDir, 'standortbesuch.sqlite'),
    photosDir: join(dataDir, 'photos'),
  };
}
