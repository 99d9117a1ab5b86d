// Small text helpers shared by the renderers: clean user text, safe file names (dates and
// numbers: ../i18n/format.ts).

/** Drops control characters a PDF or XML writer cannot carry; keeps line breaks. */
export function cleanText(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
  );
}

const TRANSLIT: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
};

/** A file-name part that every file system and mail client accepts: ASCII letters, digits, dashes. */
export function fileSafe(s: string, max = 60): string {
  const ascii = s
    .replace(/[äöüÄÖÜß]/g, (c) => TRANSLIT[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const safe = ascii
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return safe || 'unbenannt';
}

/** True when the bytes start like a JPEG (SOI marker); anything else is not embedded. */
export function looksLikeJpeg(b: Uint8Array | null): b is Uint8Array {
  return !!b && b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** Yields to the event loop so a long export keeps the page responsive and can be cancelled. */
export function breathe(signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((ok) => setTimeout(ok, 0)).then(() => signal?.throwIfAborted());
}
