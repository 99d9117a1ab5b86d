// The part of Rollup's output bundle the build steps read (first-visit-shell-build.ts,
// export-assets-build.ts): chunks, their static imports and the CSS and assets they load.
type Chunk = {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets?: Set<string> };
};
type Asset = { type: 'asset'; fileName: string; source: string | Uint8Array };
export type Bundle = Record<string, Chunk | Asset>;
export type { Chunk };

/** `fileNames` and every chunk they import statically, transitively. */
export function closure(bundle: Bundle, fileNames: string[]): Chunk[] {
  const seen = new Map<string, Chunk>();
  const queue = [...fileNames];
  while (queue.length) {
    const name = queue.shift()!;
    const chunk = bundle[name];
    if (seen.has(name) || !chunk || chunk.type !== 'chunk') continue;
    seen.set(name, chunk);
    queue.push(...chunk.imports);
  }
  return [...seen.values()];
}

/** The chunks of the bundle. */
export function chunksOf(bundle: Bundle): Chunk[] {
  return Object.values(bundle).filter((c): c is Chunk => c.type === 'chunk');
}

/** The chunk built from the module whose path ends with `module`; throws when there is none. */
export function chunkOf(bundle: Bundle, module: string): Chunk {
  const found = chunksOf(bundle).find((c) =>
    c.facadeModuleId?.replaceAll('\\', '/').endsWith(module),
  );
  if (!found) throw new Error(`no chunk in the build is made from ${module}`);
  return found;
}

/** The file names the entry chunks load statically (index.html's scripts). */
export function entryClosure(bundle: Bundle): Set<string> {
  const entry = chunksOf(bundle)
    .filter((c) => c.isEntry)
    .map((c) => c.fileName);
  return new Set(closure(bundle, entry).map((c) => c.fileName));
}
