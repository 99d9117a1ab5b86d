// Scans server storage (DATA_DIR/photos and the SQLite files) for photo metadata that could
// locate a person or identify a device: Exif/XMP segments, GPS coordinates, serial numbers.
import exifr from 'exifr';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasMetadataSegment } from '../../../src/server/blobs/jpeg';

export type Finding = { file: string; reason: string };

const SIGNATURES = ['Exif\0\0', 'http://ns.adobe.com/xap/1.0/'].map((s) =>
  Buffer.from(s, 'latin1'),
);

export async function scanPhoto(file: string, bytes: Uint8Array): Promise<Finding[]> {
  const out: Finding[] = [];
  if (hasMetadataSegment(bytes)) out.push({ file, reason: 'Exif/XMP APP1 segment' });
  const meta = (await exifr
    .parse(Buffer.from(bytes), { tiff: true, exif: true, gps: true, xmp: true, iptc: true })
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (meta && (meta['latitude'] !== undefined || meta['GPSLatitude'] !== undefined))
    out.push({ file, reason: 'GPS position' });
  for (const key of [
    'SerialNumber',
    'BodySerialNumber',
    'LensSerialNumber',
    'InternalSerialNumber',
  ]) {
    if (meta?.[key] !== undefined) out.push({ file, reason: key });
  }
  return out;
}

export async function scanStorage(
  photosDir: string,
  dbFile: string,
): Promise<{ photos: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let photos = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else {
        photos++;
        findings.push(...(await scanPhoto(path, readFileSync(path))));
      }
    }
  };
  if (existsSync(photosDir)) await walk(photosDir);
  for (const file of [dbFile, `${dbFile}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const sig of SIGNATURES)
      if (bytes.includes(sig))
        findings.push({ file, reason: `contains ${JSON.stringify(sig.toString('latin1'))}` });
  }
  return { photos, findings };
}
