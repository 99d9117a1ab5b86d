// The addresses of the visits list, where a signed-in start paints its first screen before the
// database code loads (main.tsx starts the read, app.tsx shows it). A module of its own, so that
// the entry can ask without loading the app's chunk.

/** Is `pathname` the visits list (`/`, `/visits`, `/visits/`)? */
export const isListPath = (pathname: string): boolean => /^\/(visits\/?)?$/.test(pathname);
