// Build step (vite.config.ts): export-assets.json, the files exports need that the service
// worker's precache leaves out (the export code: pdf-lib, docx …; the PDF fonts). The app fetches
// them once a service worker controls it (src/client/reports/warm-up.ts), so the worker's runtime
// cache holds them before a trip without signal. Fetching instead of importing: the modules are
// not run on a phone that does not export (importing them cost about 46 ms of main thread
// unthrottled, 185 ms at 4× CPU, on every start that opened a visit page).
import type { Plugin } from 'vite';
import { EXPORT_ASSETS, type ExportAssets } from '../../shared/export-assets.js';
import { type Bundle, chunkOf, closure, entryClosure } from './bundle-graph.js';

/**
 * The chunks built from `modules` (paths as they end) with their static imports, leaving out what
 * the entry loads, and the assets (fonts) those chunks reference, as absolute paths. Chunks the
 * precache holds are on the list too: the service worker answers them from there. Throws when
 * a module made no chunk: a renamed export module must not drop out of the warm-up silently.
 */
export function exportAssetFiles(bundle: Bundle, modules: readonly string[]): string[] {
  const loaded = entryClosure(bundle);
  const chunks = closure(
    bundle,
    modules.map((m) => chunkOf(bundle, m).fileName),
  ).filter((c) => !loaded.has(c.fileName));
  const files = new Set<string>();
  for (const c of chunks) {
    files.add(c.fileName);
    for (const a of c.viteMetadata?.importedAssets ?? []) files.add(a);
  }
  return [...files].sort().map((f) => `/${f}`);
}

/** Writes export-assets.json for `modules`. */
export function exportAssetsPlugin(modules: readonly string[]): Plugin {
  return {
    name: 'standortbesuch:export-assets',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, output) {
        const list: ExportAssets = {
          files: exportAssetFiles(output as unknown as Bundle, modules),
        };
        this.emitFile({ type: 'asset', fileName: EXPORT_ASSETS, source: JSON.stringify(list) });
      },
    },
  };
}
