// Content negotiation for `Accept-Encoding` (RFC 9110 §12.5.3), shared by the static files
// (static.ts) and the API answers (compress.ts): the encoding with the highest q the client gives
// among those the server has; on a tie the server's order (br, then gzip). q=0 refuses an encoding,
// `*` stands for every encoding not named. When nothing is acceptable the unencoded bytes go out
// (RFC 9110 allows that rather than a 406; every client can read them).
export type Coding = 'br' | 'gzip';

/** File types worth compressing (text, and fonts in uncompressed containers). */
export const COMPRESSIBLE_EXTENSIONS = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.svg',
  '.txt',
  '.ico',
  '.ttf',
  '.otf',
]);

/** The q-value per named coding (lower-cased) in an Accept-Encoding header. */
function parse(header: string): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const coding = name?.trim().toLowerCase();
    if (!coding) continue;
    let value = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) value = Math.min(1, Math.max(0, Number(m[1]) || 0));
    }
    q.set(coding, value);
  }
  return q;
}

/**
 * The coding to send, out of `available` (in the server's order of preference), or null for the
 * unencoded bytes. No header means "identity" here: an old client or a tool gets plain bytes.
 */
export function negotiateEncoding(
  header: string | undefined | null,
  available: readonly Coding[],
): Coding | null {
  if (!header) return null;
  const q = parse(header);
  const star = q.get('*');
  const qOf = (c: string) => q.get(c) ?? (c === 'gzip' ? q.get('x-gzip') : undefined) ?? star ?? 0;
  let best: Coding | null = null;
  let bestQ = 0;
  for (const c of available) {
    const v = qOf(c);
    if (v > bestQ) [best, bestQ] = [c, v];
  }
  // identity wins only when the client names it with a higher q (rare, but it is what q means).
  return (q.get('identity') ?? 0) > bestQ ? null : best;
}
