import { strToU8, zipSync, unzipSync, strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupFileError } from '../../../src/client/backup/errors';
import { exportBackup } from '../../../src/client/backup/export-file';
import { importBackup } from '../../../src/client/backup/import-file';
import { StorageFullError } from '../../../src/client/db/errors';
import type { AppDb } from '../../../src/client/db/schema';
import { breakTable } from '../../support/table-fault';
import { closeFresh, fresh, seedDevice, snapshot } from './seed';

afterEach(closeFresh);

/** A target with its own data, to prove a refused import leaves it exactly as it was. */
async function targetWithData() {
  const target = fresh();
  await seedDevice(target, 100);
  return { target, before: await picture(target) };
}
async function picture(db: AppDb) {
  return {
    ...(await snapshot(db)),
    outbox: await db.outbox.toArray(),
    meta: await db.meta.toArray(),
  };
}
async function validExport() {
  const src = fresh();
  const s = await seedDevice(src);
  return { file: await exportBackup(src, 'all', 'test'), s };
}
function edit(file: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(file);
  change(files);
  return zipSync(files);
}
async function refused(target: AppDb, file: Uint8Array): Promise<BackupFileError> {
  const err = await importBackup(target, file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BackupFileError);
  return err as BackupFileError;
}

describe('a bad file is refused with a clear reason and writes nothing', () => {
  it('damaged ZIP (truncated)', async () => {
    const { file } = await validExport();
    const { target, before } = await targetWithData();
    expect((await refused(target, file.slice(0, Math.floor(file.length / 2)))).code).toBe(
      'damaged',
    );
    expect((await refused(target, new Uint8Array([1, 2, 3, 4, 5]))).code).toBe('damaged');
    expect(await picture(target)).toEqual(before);
  });

  it('foreign ZIP (no manifest, or another format)', async () => {
    const { target, before } = await targetWithData();
    expect((await refused(target, zipSync({ 'readme.txt': strToU8('hello') }))).code).toBe(
      'foreign',
    );
    const other = zipSync({
      'manifest.json': strToU8(JSON.stringify({ format: 'other-app', version: 1 })),
    });
    expect((await refused(target, other)).code).toBe('foreign');
    expect(await picture(target)).toEqual(before);
  });

  it('a ZIP with one invalid record names the record and writes none of the valid ones', async () => {
    const { file } = await validExport();
    const broken = edit(file, (f) => {
      const rows = JSON.parse(strFromU8(f['records/observation.json']!)) as Record<
        string,
        unknown
      >[];
      rows[1] = { ...rows[1], rating: 9 };
      f['records/observation.json'] = strToU8(JSON.stringify(rows));
    });
    const target = fresh();
    const err = await refused(target, broken);
    expect(err.code).toBe('invalid');
    expect(err.issues[0]?.path).toBe('records/observation.json:1.rating');
    expect(await target.sites.count()).toBe(0);
    expect(await target.outbox.count()).toBe(0);
    expect(await target.blobs.count()).toBe(0);
  });

  it('photo bytes that do not match their hash', async () => {
    const { file, s } = await validExport();
    const broken = edit(file, (f) => {
      const b = f[`blobs/${s.newPhoto.sha256}`]!;
      b[10] = (b[10]! + 1) & 0xff;
    });
    const { target, before } = await targetWithData();
    const err = await refused(target, broken);
    expect(err.issues.map((i) => i.code)).toContain('hash');
    expect(await picture(target)).toEqual(before);
  });

  it('a file from a newer app version', async () => {
    const { file } = await validExport();
    const newer = edit(file, (f) => {
      const m = JSON.parse(strFromU8(f['manifest.json']!)) as object;
      f['manifest.json'] = strToU8(JSON.stringify({ ...m, version: 99 }));
    });
    const { target, before } = await targetWithData();
    expect((await refused(target, newer)).code).toBe('too-new');
    expect(await picture(target)).toEqual(before);
  });
});

describe('the device runs out of space during an import', () => {
  it('reports StorageFullError, leaves nothing half-written and keeps the earlier data', async () => {
    const { file } = await validExport();
    const { target, before } = await targetWithData();
    // The third photo blob hits the quota, after rows and outbox entries were written in the same transaction.
    let n = 0;
    const repair = breakTable(target, 'blobs', 'add', (add) =>
      ++n === 3 ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : add(),
    );
    const err = await importBackup(target, file).catch((e: unknown) => e);
    repair();
    expect(n).toBe(3);
    expect(err).toBeInstanceOf(StorageFullError);
    expect(await picture(target)).toEqual(before);
  });
});
