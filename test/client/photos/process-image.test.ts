// The pipeline's logic with a stand-in canvas (node has none): the real encoders run in the e2e test.
import { afterEach, describe, expect, it } from 'vitest';
import { PhotoError } from '../../../src/client/photos/errors';
import { processImage } from '../../../src/client/photos/process-image';
import { jpegHeader } from '../../support/jpeg';

const g = globalThis as Record<string, unknown>;
afterEach(() => {
  delete g.OffscreenCanvas;
  delete g.createImageBitmap;
});

function fakeCanvas(encodedType: string, decoded = { width: 3000, height: 4000 }) {
  const calls: string[] = [];
  g.createImageBitmap = async (_src: Blob, opts: { imageOrientation?: string }) => {
    calls.push(`decode ${opts.imageOrientation}`);
    return {
      ...decoded,
      close() {
        calls.push('close');
      },
    };
  };
  g.OffscreenCanvas = class {
    constructor(
      public width: number,
      public height: number,
    ) {
      calls.push(`canvas ${width}x${height}`);
    }
    getContext() {
      return {
        fillRect() {},
        drawImage() {},
        imageSmoothingEnabled: false,
        imageSmoothingQuality: 'low',
        fillStyle: '',
      };
    }
    async convertToBlob(o: { type: string; quality: number }) {
      calls.push(`encode ${o.type} ${o.quality}`);
      return new Blob([new Uint8Array([this.width & 0xff, this.height & 0xff])], {
        type: encodedType,
      });
    }
  };
  return calls;
}

const file = new Blob([jpegHeader(4000, 3000) as BlobPart], { type: 'image/jpeg' });

describe('processImage', () => {
  it('decodes with EXIF orientation, fits 1600 px, encodes JPEG 0.8 and a 320 px thumbnail, hashes both', async () => {
    const calls = fakeCanvas('image/jpeg');
    const out = await processImage(file, { longEdge: 1600 });
    expect(calls).toContain('decode from-image');
    expect(calls).toContain('canvas 1200x1600');
    expect(calls).toContain('encode image/jpeg 0.8');
    expect(calls).toContain('canvas 240x320');
    expect(out.image).toMatchObject({ width: 1200, height: 1600 });
    expect(out.thumb).toMatchObject({ width: 240, height: 320 });
    expect(out.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.thumb.sha256).not.toBe(out.image.sha256);
  });

  it('refuses an encoder that silently returns PNG', async () => {
    fakeCanvas('image/png');
    const err = await processImage(file, { longEdge: 1600 }).catch((e) => e);
    expect(err).toBeInstanceOf(PhotoError);
    expect((err as PhotoError).code).toBe('encode');
  });

  it('never decodes a file whose header says more than 40 MP', async () => {
    const calls = fakeCanvas('image/jpeg');
    const err = await processImage(new Blob([jpegHeader(9000, 6000) as BlobPart]), {
      longEdge: 1600,
    }).catch((e) => e);
    expect((err as PhotoError).code).toBe('tooLarge');
    expect(calls).toEqual([]);
  });

  it('turns a decoder failure into a decode error', async () => {
    fakeCanvas('image/jpeg');
    g.createImageBitmap = async () => {
      throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    };
    const err = await processImage(file, { longEdge: 1600 }).catch((e) => e);
    expect((err as PhotoError).code).toBe('decode');
  });
});
