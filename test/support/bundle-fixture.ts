// Parts of a bundle shaped like the one Vite hands to generateBundle, for the tests of the build
// steps that read it (src/server/http/bundle-graph.ts and its users).

/** A chunk `fileName` importing `imports` statically; `extra` sets the rest (isEntry, facadeModuleId …). */
export const chunk = (
  fileName: string,
  imports: string[],
  extra: Record<string, unknown> = {},
) => ({
  type: 'chunk' as const,
  fileName,
  isEntry: false,
  facadeModuleId: null,
  imports,
  ...extra,
});

/** The entry chunk, made from src/client/main.tsx, importing `imports`. */
export const entry = (fileName: string, imports: string[]) =>
  chunk(fileName, imports, { isEntry: true, facadeModuleId: '/repo/src/client/main.tsx' });
