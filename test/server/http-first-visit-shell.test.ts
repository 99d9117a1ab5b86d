// The first visit's shell (src/server/http/first-visit-shell-build.ts): which chunks it names,
// from a bundle shaped like the one Vite hands to generateBundle.
import { describe, expect, it } from 'vitest';
import { chunk, entry } from '../support/bundle-fixture';
import {
  type Bundle,
  routePreloadLinks,
  withLinks,
} from '../../src/server/http/first-visit-shell-build';

const bundle: Bundle = {
  'assets/index.js': entry('assets/index.js', ['assets/solid.js']),
  'assets/solid.js': chunk('assets/solid.js', []),
  'assets/sign-in-page.js': chunk('assets/sign-in-page.js', ['assets/form.js', 'assets/solid.js'], {
    facadeModuleId: '/repo/src/client/app/pages/sign-in-page.tsx',
    viteMetadata: { importedCss: new Set(['assets/session.css']) },
  }),
  'assets/form.js': chunk('assets/form.js', ['assets/errors.js'], {
    viteMetadata: { importedCss: new Set(['assets/form.css', 'assets/session.css']) },
  }),
  'assets/errors.js': chunk('assets/errors.js', []),
  'assets/visits-list.js': chunk('assets/visits-list.js', ['assets/solid.js'], {
    facadeModuleId: '/repo/src/client/app/pages/visits-page.tsx',
  }),
  'index.html': { type: 'asset', fileName: 'index.html', source: '' },
};

describe('the sign-in page preload links', () => {
  it("name the page's chunk, its static imports and their CSS once, not what the entry loads", () => {
    expect(routePreloadLinks(bundle, 'src/client/app/pages/sign-in-page.tsx')).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/sign-in-page.js">',
      '<link rel="modulepreload" crossorigin href="/assets/form.js">',
      '<link rel="modulepreload" crossorigin href="/assets/errors.js">',
      '<link rel="stylesheet" crossorigin href="/assets/session.css">',
      '<link rel="stylesheet" crossorigin href="/assets/form.css">',
    ]);
  });

  it('a page no chunk is made from fails the build', () => {
    expect(() => routePreloadLinks(bundle, 'src/client/app/pages/sign-in.tsx')).toThrow(
      'no chunk in the build is made from src/client/app/pages/sign-in.tsx',
    );
  });

  it('go at the end of the head; a page without a head fails the build', () => {
    const html = '<html>\n  <head>\n    <title>x</title>\n  </head>\n  <body></body>\n</html>';
    expect(withLinks(html, ['<link a>', '<link b>'])).toBe(
      '<html>\n  <head>\n    <title>x</title>\n    <link a>\n    <link b>\n  </head>\n  <body></body>\n</html>',
    );
    expect(() => withLinks('<html><body></body></html>', ['<link a>'])).toThrow('no </head>');
  });
});
