// Resumable uploads across two server processes with photos on the file system.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsPhotoStorage } from '../../../src/server/blobs/fs-photo-storage';
import { uploadsAcrossProcessesSuite } from './photo-storage-uploads-suite';

uploadsAcrossProcessesSuite('the file system', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-photos-'));
  return {
    open: () => new FsPhotoStorage(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
