// Why a photo was refused. Codes cross the worker boundary and pick the message in i18n.ts.
export const PHOTO_ERROR = {
  empty: 'empty',
  heic: 'heic',
  unsupported: 'unsupported',
  corrupt: 'corrupt',
  tooLarge: 'tooLarge',
  decode: 'decode',
  encode: 'encode',
  storageFull: 'storageFull',
  noTarget: 'noTarget',
} as const;
export type PhotoErrorCode = (typeof PHOTO_ERROR)[keyof typeof PHOTO_ERROR];

/** A file that cannot become a photo, or a device that cannot store it; nothing was written. */
export class PhotoError extends Error {
  override name = 'PhotoError';
  constructor(readonly code: PhotoErrorCode, detail = '', options?: ErrorOptions) {
    super(detail ? `${code}: ${detail}` : code, options);
  }
}

export function isPhotoErrorCode(v: unknown): v is PhotoErrorCode {
  return typeof v === 'string' && Object.values(PHOTO_ERROR).includes(v as PhotoErrorCode);
}
