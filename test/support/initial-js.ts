// The JavaScript the first route loads, measured on the built dist/: the entry
// script(s) of index.html, their modulepreloads, and every module they import
// statically (transitively). Shared by the budget test and the benchmark.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_KB = 60;

export type Chunk = { file: string; bytes: number; gzipBytes: number; hasZod: boolean };

function staticImports(code: string): string[] {
  const out: string[] = [];
  // `import ... from "./x.js"` and bare `import "./x.js"`; dynamic import() is excluded.
  const re = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]!);
  return out;
}

export function initialChunks(distDir: string): Chunk[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const roots = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ].map((u) => u.replace(/^\//, ''));
  return staticClosure(distDir, roots);
}

/** The given chunks (paths relative to distDir) and everything they import statically. */
export function staticClosure(distDir: string, roots: string[]): Chunk[] {
  const seen = new Map<string, Chunk>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const full = join(distDir, file);
    if (!existsSync(full))
      throw new Error(`index.html references ${file}, which is not in ${distDir}`);
    const buf = readFileSync(full);
    const code = buf.toString('utf8');
    seen.set(file, {
      file,
      bytes: buf.length,
      gzipBytes: gzipSync(buf, { level: 9 }).length,
      hasZod: code.includes('ZodError'),
    });
    for (const spec of staticImports(code)) {
      if (spec.startsWith('.')) queue.push(posix.join(posix.dirname(file), spec));
      else if (spec.startsWith('/')) queue.push(spec.slice(1));
    }
  }
  return [...seen.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
}

export function initialJsGzipKb(distDir: string): { kb: number; chunks: Chunk[] } {
  const chunks = initialChunks(distDir);
  return { kb: chunks.reduce((s, c) => s + c.gzipBytes, 0) / 1024, chunks };
}
