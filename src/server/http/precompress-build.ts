// Build step (vite.config.ts): after the bundle and the service worker are written, every
// compressible file in dist/ gets a brotli (quality 11) and a gzip (level 9) copy next to it —
// `x.js.br`, `x.js.gz` — which static.ts serves by `Accept-Encoding` (docs/architecture.md
// §Transport). A copy that is not smaller than the file is not written. Already-compressed formats
// (png, woff2, jpeg) are left alone. The service worker's precache globs (vite.config.ts) match
// the plain names only, so the copies are never precached.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';
import { COMPRESSIBLE_EXTENSIONS } from './encoding';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Writes the .br and .gz copies for every compressible file under `dir`; returns what it wrote. */
export async function precompressDir(dir: string): Promise<{ file: string; encoding: string }[]> {
  const files = (await filesUnder(resolve(dir))).filter((f) =>
    COMPRESSIBLE_EXTENSIONS.has(extname(f)),
  );
  const written: { file: string; encoding: string }[] = [];
  // zlib's async calls run on libuv's thread pool: the files compress in parallel.
  await Promise.all(
    files.map(async (file) => {
      const raw = await readFile(file);
      const font = extname(file) === '.ttf' || extname(file) === '.otf';
      const [br, gzipped] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: font
              ? constants.BROTLI_MODE_FONT
              : constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gz(raw, { level: 9 }),
      ]);
      for (const [encoding, bytes] of [
        ['br', br],
        ['gz', gzipped],
      ] as const) {
        if (bytes.length >= raw.length) continue;
        await writeFile(`${file}.${encoding}`, bytes);
        written.push({ file, encoding });
      }
    }),
  );
  return written;
}

/** Vite plugin: precompresses the output folder last, after vite-plugin-pwa wrote sw.js. */
export function precompressPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'standortbesuch:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await precompressDir(outDir);
      },
    },
  };
}
