// The list of files exports need beyond what the service worker precaches, written by the build
// (src/server/http/export-assets-build.ts) and fetched ahead by the app (client/reports/warm-up.ts).

/** Its file name at the root of the built app. */
export const EXPORT_ASSETS = 'export-assets.json';

/** Absolute paths of the files, as the app requests them. */
export type ExportAssets = { files: string[] };
