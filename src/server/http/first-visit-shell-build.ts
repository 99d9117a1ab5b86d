// Build step (vite.config.ts): a second shell, first-visit.html, that names the sign-in page's
// chunks, so that a first visit loads them together with the entry script instead of after it.
// A device without a session always opens on the sign-in form (the session lives in this
// device's storage), and that form is a lazy route: without these links its modules are
// requested only once the entry script ran, one more round trip before the first screen
// (Lighthouse, Slow 4G and 4× CPU: the largest paint about 0.3 s earlier). The server sends this
// shell to navigations only (static.ts). Under the service worker a navigation is
// answered with the precached index.html, which stays without these links, so a signed-in
// device's first screen loads nothing of the sign-in form.
import type { Plugin } from 'vite';
import { type Bundle, chunkOf, closure, entryClosure } from './bundle-graph.js';

export type { Bundle };

/** The file the server sends to a navigation that no service worker answered. */
export const FIRST_VISIT_SHELL = 'first-visit.html';

/**
 * The `<link>`s that load the chunk built from the module whose path ends with `pageModule`, its
 * static imports and their CSS, leaving out what the entry chunk loads already. Throws when no
 * chunk holds that module: a renamed page must not lose its preload silently.
 */
export function routePreloadLinks(bundle: Bundle, pageModule: string): string[] {
  const page = chunkOf(bundle, pageModule);
  const loaded = entryClosure(bundle);
  const needed = closure(bundle, [page.fileName]).filter((c) => !loaded.has(c.fileName));
  const css = new Set(needed.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]));
  return [
    ...needed.map((c) => `<link rel="modulepreload" crossorigin href="/${c.fileName}">`),
    ...[...css].map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`),
  ];
}

/** index.html with `links` at the end of its head. */
export function withLinks(html: string, links: string[]): string {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error('index.html has no </head>');
  const head = links.map((l) => `\n    ${l}`).join('');
  return `${html.slice(0, at).trimEnd()}${head}\n  ${html.slice(at)}`;
}

/** Writes first-visit.html: the built index.html plus the preload links of `pageModule`. */
export function signInPreloadPlugin(pageModule: string): Plugin {
  return {
    name: 'standortbesuch:sign-in-preload',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, output) {
        const bundle = output as unknown as Bundle;
        const shell = bundle['index.html'];
        if (shell?.type !== 'asset') throw new Error('the build wrote no index.html');
        const html =
          typeof shell.source === 'string' ? shell.source : new TextDecoder().decode(shell.source);
        this.emitFile({
          type: 'asset',
          fileName: FIRST_VISIT_SHELL,
          source: withLinks(html, routePreloadLinks(bundle, pageModule)),
        });
      },
    },
  };
}
