// A visit photo put into a device's database the way the capture screen stores it: the
// 1600×1200 full-size JPEG and its 320×240 thumbnail.
import { addPhoto } from '../../../src/client/db/photos';
import type { AppDb } from '../../../src/client/db/schema';
import { sha256 } from '../../support/jpeg';

const jpegBlob = (bytes: Uint8Array) =>
  new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });

/** Adds one photo of the visit (no observation): `image` 1600×1200, `thumb` 320×240. */
export function addVisitPhoto(db: AppDb, visitId: string, image: Uint8Array, thumb: Uint8Array) {
  return addPhoto(
    db,
    { visitId, observationId: null },
    { sha256: sha256(image), blob: jpegBlob(image), width: 1600, height: 1200 },
    { sha256: sha256(thumb), blob: jpegBlob(thumb), width: 320, height: 240 },
  );
}
