// The export warm-up's list (src/server/http/export-assets-build.ts): which files it names, from
// a bundle shaped like the one Vite hands to generateBundle.
import { describe, expect, it } from 'vitest';
import { chunk, entry } from '../support/bundle-fixture';
import type { Bundle } from '../../src/server/http/bundle-graph';
import { exportAssetFiles } from '../../src/server/http/export-assets-build';

const bundle: Bundle = {
  'assets/index.js': entry('assets/index.js', ['assets/solid.js']),
  'assets/solid.js': chunk('assets/solid.js', []),
  'assets/render-pdf-A1.js': chunk(
    'assets/render-pdf-A1.js',
    ['assets/pdf-lib.js', 'assets/solid.js'],
    {
      facadeModuleId: '/repo/src/client/reports/render-pdf.ts',
    },
  ),
  'assets/pdf-lib.js': chunk('assets/pdf-lib.js', []),
  'assets/pdf-fonts-B2.js': chunk('assets/pdf-fonts-B2.js', [], {
    facadeModuleId: '/repo/src/client/reports/pdf-fonts.ts',
    viteMetadata: {
      importedCss: new Set(),
      importedAssets: new Set([
        'assets/DejaVuSans-subset-C3.ttf',
        'assets/DejaVuSans-Bold-subset-D4.ttf',
      ]),
    },
  }),
  'assets/visits-list.js': chunk('assets/visits-list.js', ['assets/solid.js'], {
    facadeModuleId: '/repo/src/client/app/pages/visits-page.tsx',
  }),
  'index.html': { type: 'asset', fileName: 'index.html', source: '' },
};

describe('the export warm-up list', () => {
  it('names the export chunks, their static imports and their fonts, not what the entry loads', () => {
    expect(
      exportAssetFiles(bundle, [
        'src/client/reports/render-pdf.ts',
        'src/client/reports/pdf-fonts.ts',
      ]),
    ).toEqual([
      '/assets/DejaVuSans-Bold-subset-D4.ttf',
      '/assets/DejaVuSans-subset-C3.ttf',
      '/assets/pdf-fonts-B2.js',
      '/assets/pdf-lib.js',
      '/assets/render-pdf-A1.js',
    ]);
  });

  it('fails the build when an export module made no chunk (renamed or no longer lazy)', () => {
    expect(() => exportAssetFiles(bundle, ['src/client/reports/render-docx.ts'])).toThrow(
      /no chunk in the build is made from src\/client\/reports\/render-docx\.ts/,
    );
  });
});
