// Why a photo not on this device could not be fetched: offline is said as "no connection" even
// when the sync engine (which registers the server access) has not started yet after a reload;
// online without that access it is "signed out".
import { afterEach, expect, it, vi } from 'vitest';
import { BlobUnavailableError, ensureBlob } from '../../../src/client/sync/blob-download';
import { makeTestDb } from '../../support/fake-db';

afterEach(() => vi.unstubAllGlobals());

const reason = (p: Promise<unknown>) =>
  p.then(
    () => 'fetched',
    (e: unknown) => (e instanceof BlobUnavailableError ? e.code : String(e)),
  );

it('offline without a registered access: offline, not signed out', async () => {
  const db = makeTestDb();
  vi.stubGlobal('navigator', { onLine: false });
  expect(await reason(ensureBlob(db, 'a'.repeat(64), undefined))).toBe('offline');
  vi.stubGlobal('navigator', { onLine: true });
  expect(await reason(ensureBlob(db, 'a'.repeat(64), undefined))).toBe('signed_out');
});
