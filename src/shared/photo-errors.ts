// Why the device refused a photo. The codes cross the photo worker's boundary; the client's
// texts (src/client/i18n/photos.ts) turn each one into words.
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
