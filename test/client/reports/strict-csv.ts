// A strict RFC 4180 reader for the tests (no CSV library is installed, and LibreOffice is not
// on the test machines): it refuses what a spreadsheet would misread instead of guessing —
// a quote inside an unquoted cell, text after a closing quote, an unterminated quote, a bare
// LF or CR outside quotes, and rows whose cell count differs from the header's.
export function strictCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`CSV ${why} at offset ${i} (row ${rows.length + 1})`);
  };
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
      if (i < text.length && text[i] !== sep && text[i] !== '\r') fail('text after closing quote');
    } else {
      while (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') fail('quote inside an unquoted cell');
        cell += text[i++];
      }
    }
    if (i >= text.length) fail('missing CRLF after the last row');
    if (text[i] === sep) {
      row.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (text[i] === '\n') fail('bare LF outside quotes');
    if (text[i + 1] !== '\n') fail('bare CR outside quotes');
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
    i += 2;
  }
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, n) => {
    if (r.length !== width)
      throw new Error(`CSV row ${n + 1} has ${r.length} cells, header ${width}`);
  });
  return rows;
}
