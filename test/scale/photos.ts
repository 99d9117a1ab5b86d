// Photos for a scale run: JPEGs the server accepts (test/support/jpeg.ts), each with its own
// bytes (a seeded random scan without 0xFF, so no marker appears inside it), so every photo has
// its own SHA-256 and a lost or swapped object shows in the hash.
import { fakeJpeg, sha256 } from '../support/jpeg';
import type { Rng } from '../support/prng';

export type PhotoBytes = { bytes: Buffer; sha256: string; width: number; height: number };

export function makePhoto(rng: Rng, size: number, width = 1600, height = 1200): PhotoBytes {
  const bytes = fakeJpeg(width, height, size);
  const scanStart = bytes.length - size - 2;
  for (let i = scanStart; i < scanStart + size; i++) bytes[i] = rng.int(0xff);
  return { bytes, sha256: sha256(bytes), width, height };
}
