// The activity log as a CSV file (GET /api/v1/activity?format=csv): every entry of the filtered
// period, newest first, in the dialect of the device's data export (src/shared/csv.ts: UTF-8
// with BOM, ";" for German Excel, RFC 4180 quoting, formula guard), values whole. Read page by
// page as the client takes the bytes (a ReadableStream pulled on demand), so a long period never
// sits in memory; gzip when the client accepts it (the API's compression buffers whole answers).
import { csvLine, csvSeparator, guard } from '../../shared/csv';
import { ROLES, type Lang } from '../../shared/domain/vocab';
import type { ActivityFilter, ActivityRow } from '../store/activity-types';
import type { ServerDb } from '../store/store';
import { negotiateEncoding } from '../http/encoding';

const CSV_PAGE_ROWS = 500;
const CSV_PAGE_BYTES = 4 * 1024 * 1024;

const HEADERS = {
  de: [
    'Zeitpunkt',
    'Person',
    'Rolle',
    'Standort',
    'Eintrag',
    'Eintrags-ID',
    'Besuch vom',
    'Besuchs-ID',
    'Feld',
    'Vorher',
    'Nachher',
    'Vorgang',
    'Konflikt-ID',
  ],
  en: [
    'Time',
    'Person',
    'Role',
    'Site',
    'Record',
    'Record ID',
    'Visit of',
    'Visit ID',
    'Field',
    'Before',
    'After',
    'Action',
    'Conflict ID',
  ],
} as const;

const ENTITY_WORDS: Record<string, { de: string; en: string }> = {
  site: { de: 'Standort', en: 'Site' },
  visit: { de: 'Besuch', en: 'Visit' },
  participant: { de: 'Teilnehmende Person', en: 'Participant' },
  checklistItem: { de: 'Checklistenpunkt', en: 'Checklist item' },
  observation: { de: 'Beobachtung', en: 'Observation' },
  followUp: { de: 'Folgeaufgabe', en: 'Follow-up' },
  photo: { de: 'Foto', en: 'Photo' },
  reviewComment: { de: 'Kommentar', en: 'Comment' },
  checklistTemplate: { de: 'Checklistenvorlage', en: 'Checklist template' },
  offer: { de: 'Angebot', en: 'Offer' },
  sponsorship: { de: 'Patenschaft', en: 'Sponsorship' },
  fieldRating: { de: 'Einschätzung', en: 'Rating' },
};

const OP_WORDS: Record<string, { de: string; en: string }> = {
  create: { de: 'angelegt', en: 'created' },
  patch: { de: 'geändert', en: 'changed' },
  delete: { de: 'gelöscht', en: 'deleted' },
  restore: { de: 'wiederhergestellt', en: 'restored' },
  'cascade-delete': { de: 'mit dem Besuch gelöscht', en: 'deleted with the visit' },
  'cascade-restore': { de: 'mit dem Besuch wiederhergestellt', en: 'restored with the visit' },
  conflict: { de: 'Konflikt (nicht übernommener Wert)', en: 'conflict (value not taken)' },
  resolution: { de: 'Konflikt entschieden', en: 'conflict decided' },
};

/** A stored JSON value as a cell: text as typed, numbers and flags as written, lists as JSON. */
function valueText(json: string | null): string {
  if (json === null) return '';
  const v = JSON.parse(json) as unknown;
  if (v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function line(r: ActivityRow, lang: Lang, time: Intl.DateTimeFormat): string {
  const word = (words: Record<string, { de: string; en: string }>, key: string) =>
    words[key]?.[lang] ?? key;
  const role = r.by?.role;
  const site = r.site ? [r.site.municipality, r.site.quarter].filter(Boolean).join(' – ') : '';
  const cells = [
    time.format(new Date(r.at)),
    guard(r.by?.name ?? ''),
    role && role in ROLES ? ROLES[role as keyof typeof ROLES][lang] : (role ?? ''),
    guard(site),
    word(ENTITY_WORDS, r.entity),
    guard(r.entityId),
    r.visitDate ?? '',
    guard(r.visitId ?? ''),
    guard(r.field ?? ''),
    guard(valueText(r.previous)),
    guard(valueText(r.value)),
    word(OP_WORDS, r.op),
    guard(r.conflictId ?? ''),
  ];
  return csvLine(cells, csvSeparator(lang));
}

/** aktivitaet-2026-11-01-bis-2026-11-30.csv (English: activity-…-to-….csv). */
export function activityFileName(lang: Lang, from: string | null, to: string | null): string {
  const parts = [lang === 'de' ? 'aktivitaet' : 'activity'];
  if (from) parts.push(from);
  if (to) parts.push(lang === 'de' ? 'bis' : 'to', to);
  return `${parts.join('-')}.csv`;
}

export function activityCsvResponse(
  db: ServerDb,
  filter: ActivityFilter,
  o: {
    lang: Lang;
    from: string | null;
    to: string | null;
    timeZone: string;
    acceptEncoding: string | undefined;
  },
): Response {
  // "2026-11-12 14:03:05" in the server's zone: spreadsheets of either language read it as a time.
  const time = new Intl.DateTimeFormat('sv-SE', {
    timeZone: o.timeZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  const encoder = new TextEncoder();
  let before: { at: string; seq: number } | null = null;
  let started = false;
  const csv = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        const sep = csvSeparator(o.lang);
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(HEADERS[o.lang], sep)}\r\n`));
        return;
      }
      const { rows, hasMore } = await db.readTx((tx) =>
        tx.activity.page({
          filter,
          before,
          limit: CSV_PAGE_ROWS,
          maxBytes: CSV_PAGE_BYTES,
          valueMax: Number.MAX_SAFE_INTEGER,
        }),
      );
      if (rows.length > 0) {
        controller.enqueue(
          encoder.encode(rows.map((r) => `${line(r, o.lang, time)}\r\n`).join('')),
        );
        const last = rows[rows.length - 1]!;
        before = { at: last.at, seq: last.seq };
      }
      if (!hasMore) controller.close();
    },
  });
  const gzip = negotiateEncoding(o.acceptEncoding, ['gzip']) === 'gzip';
  // TypeScript's DOM types see BufferSource in and out; bytes go in and bytes come out.
  const body = gzip
    ? csv.pipeThrough(
        new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
      )
    : csv;
  const name = activityFileName(o.lang, o.from, o.to);
  return new Response(body as ReadableStream<Uint8Array<ArrayBuffer>>, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    },
  });
}
