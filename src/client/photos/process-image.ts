// Decode → orient → downscale → JPEG, for the worker and for the main-thread fallback.
// Re-encoding through a canvas drops EXIF/XMP entirely; location survives only as Photo.lat/lng.
import { PHOTO_ERROR, PhotoError } from './errors';
import { sha256Hex } from './hash';
import { readImageHeader } from './image-header';

export const LONG_EDGE = { min: 1024, max: 2560, default: 1600 } as const;
export const JPEG_QUALITY = 0.8;
export const THUMB_EDGE = 320;
export const THUMB_QUALITY = 0.75;

export type ProcessOptions = { longEdge: number };
export type EncodedImage = { blob: Blob; sha256: string; width: number; height: number };
export type ProcessedPhoto = { image: EncodedImage; thumb: EncodedImage };

type Source = ImageBitmap | HTMLImageElement;
type Surface = {
  draw(src: Source | OffscreenCanvas | HTMLCanvasElement, w: number, h: number): void;
  encode(q: number): Promise<Blob>;
  canvas: OffscreenCanvas | HTMLCanvasElement;
  release(): void;
};

export function clampLongEdge(n: number): number {
  return Math.min(LONG_EDGE.max, Math.max(LONG_EDGE.min, Math.round(n) || LONG_EDGE.default));
}

/** Fit inside a square of `edge`, never upscale. */
export function fitLongEdge(w: number, h: number, edge: number): { width: number; height: number } {
  const scale = Math.min(1, edge / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

function makeSurface(w: number, h: number): Surface {
  const canvas: OffscreenCanvas | HTMLCanvasElement =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(w, h)
      : Object.assign(document.createElement('canvas'), { width: w, height: h });
  const ctx = canvas.getContext('2d', { alpha: false }) as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new PhotoError(PHOTO_ERROR.encode, 'no 2d context');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return {
    canvas,
    draw(src, dw, dh) {
      ctx.fillStyle = '#fff'; // transparent PNG/WebP areas become white, not black
      ctx.fillRect(0, 0, dw, dh);
      ctx.drawImage(src, 0, 0, dw, dh);
    },
    async encode(quality) {
      const blob =
        'convertToBlob' in canvas
          ? await canvas.convertToBlob({ type: 'image/jpeg', quality })
          : await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/jpeg', quality));
      // Some engines silently hand back PNG for a type they cannot encode.
      if (!blob || blob.type !== 'image/jpeg')
        throw new PhotoError(PHOTO_ERROR.encode, `got ${blob?.type ?? 'nothing'}`);
      return blob;
    },
    release() {
      canvas.width = 1;
      canvas.height = 1;
    }, // iOS hoards canvas memory otherwise
  };
}

/** Oriented decode: createImageBitmap honours EXIF orientation with 'from-image'; <img> does by default. */
async function decode(
  file: Blob,
): Promise<{ src: Source; width: number; height: number; close(): void }> {
  try {
    if (typeof createImageBitmap === 'function') {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { src: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    }
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } finally {
      URL.revokeObjectURL(url);
    }
    return { src: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } catch (e) {
    throw new PhotoError(PHOTO_ERROR.decode, String(e), { cause: e });
  }
}

async function encoded(
  surface: Surface,
  w: number,
  h: number,
  quality: number,
): Promise<EncodedImage> {
  const blob = await surface.encode(quality);
  return { blob, sha256: await sha256Hex(blob), width: w, height: h };
}

/** The whole pipeline; throws PhotoError with a code for every refusal. */
export async function processImage(file: Blob, opts: ProcessOptions): Promise<ProcessedPhoto> {
  await readImageHeader(file); // type + pixel budget before any decode
  const decoded = await decode(file);
  try {
    const size = fitLongEdge(decoded.width, decoded.height, clampLongEdge(opts.longEdge));
    const main = makeSurface(size.width, size.height);
    main.draw(decoded.src, size.width, size.height);
    decoded.close();
    const image = await encoded(main, size.width, size.height, JPEG_QUALITY);
    const t = fitLongEdge(size.width, size.height, THUMB_EDGE);
    const small = makeSurface(t.width, t.height);
    small.draw(main.canvas, t.width, t.height);
    main.release();
    const thumb = await encoded(small, t.width, t.height, THUMB_QUALITY);
    small.release();
    return { image, thumb };
  } finally {
    decoded.close();
  }
}
