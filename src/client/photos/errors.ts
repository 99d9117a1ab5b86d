// Why a photo was refused: the code list lives in src/shared/photo-errors.ts so the texts
// (src/client/i18n/photos.ts) can name every code without importing upward.
import { PHOTO_ERROR, type PhotoErrorCode } from '../../shared/photo-errors';

export { PHOTO_ERROR };

/** A file that cannot become a photo, or a device that cannot store it; nothing was written. */
export class PhotoError extends Error {
  override name = 'PhotoError';
  constructor(
    readonly code: PhotoErrorCode,
    detail = '',
    options?: ErrorOptions,
  ) {
    super(detail ? `${code}: ${detail}` : code, options);
  }
}

export function isPhotoErrorCode(v: unknown): v is PhotoErrorCode {
  return typeof v === 'string' && Object.values(PHOTO_ERROR).includes(v as PhotoErrorCode);
}
