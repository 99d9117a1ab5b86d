// A structural check of the rows the visits list reads, without zod (docs/architecture.md
// §Device safety): the list is the first screen of a signed-in device, and zod with the entity
// schemas is 26 KB gzip and, on a phone, hundreds of ms of script before the list could paint.
// Until the schemas are loaded, lazy-row-check.ts checks these entities with this guard; then
// with the full schema check, and every live query runs once more.
//
// It mirrors the entity schemas field by field: types, enums, ids, real calendar days, number
// ranges, text lengths (a required text after trimming). It never rejects a row the schema
// accepts (test/client/db/row-guard.test.ts checks both directions against the schemas). What
// it does not catch: a timestamp (createdAt, reviewedAt) that names a real day and that
// Date.parse reads but that is not ISO 8601 with an offset ("2026-05-04 10:00"). Such a row
// renders (the list only sorts by the string), and the full check skips it once loaded.
import { realDay } from '../../shared/domain/calendar-day';
import { CHECK_STATES, PHASES, VISIT_STATUSES, type LabelText } from '../../shared/domain/vocab';

type Field = (v: unknown) => boolean;

const ID = /^[A-Za-z0-9_~-]+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const id: Field = (v) => typeof v === 'string' && v.length >= 1 && v.length <= 120 && ID.test(v);
const text =
  (max: number): Field =>
  (v) =>
    typeof v === 'string' && v.length <= max;
const requiredText =
  (max: number): Field =>
  (v) => {
    if (typeof v !== 'string') return false;
    const n = v.trim().length;
    return n >= 1 && n <= max;
  };
const int =
  (min: number, max = Infinity): Field =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const oneOf =
  (vocab: Readonly<Record<string, LabelText>>): Field =>
  (v) =>
    typeof v === 'string' && Object.hasOwn(vocab, v);
const date: Field = (v) => typeof v === 'string' && DAY.test(v) && realDay(v);
/** Looser than the schema's ISO 8601 check: see the head of this file. */
const dateTime: Field = (v) =>
  typeof v === 'string' && realDay(v) && Number.isFinite(Date.parse(v));
const nullable =
  (f: Field): Field =>
  (v) =>
    v === null || f(v);
const optional =
  (f: Field): Field =>
  (v) =>
    v === undefined || f(v);
const object =
  (shape: Readonly<Record<string, Field>>): Field =>
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const row = v as Record<string, unknown>;
    for (const key in shape) if (!shape[key]!(row[key])) return false;
    return true;
  };

const contact = object({
  name: text(200),
  organisation: text(200),
  email: text(200),
  phone: text(60),
});

/** The entities the visits list reads (its visits, their sites, participants and checklists). */
const GUARDS = {
  site: object({
    id,
    municipality: requiredText(200),
    quarter: requiredText(200),
    phase: oneOf(PHASES),
    yearAdmitted: nullable(int(1990, 2100)),
    contact,
    notes: text(10_000),
    createdAt: dateTime,
  }),
  visit: object({
    id,
    siteId: id,
    date,
    phase: oneOf(PHASES),
    status: oneOf(VISIT_STATUSES),
    goals: text(10_000),
    route: text(10_000),
    notes: text(20_000),
    createdAt: dateTime,
    reviewedBy: optional(nullable(text(120))),
    reviewedByName: optional(nullable(text(200))),
    reviewedAt: optional(nullable(dateTime)),
  }),
  participant: object({
    id,
    visitId: id,
    name: requiredText(200),
    organisation: text(200),
    role: text(200),
    order: int(0, 10_000),
    createdAt: dateTime,
  }),
  checklistItem: object({
    id,
    visitId: id,
    templateId: id,
    templateItemId: id,
    order: int(0),
    state: oneOf(CHECK_STATES),
    note: text(10_000),
  }),
} as const;

export type GuardedEntity = keyof typeof GUARDS;

/** Whether `row` has the structure its entity's schema asks for (see the head of this file). */
export function passesGuard(entity: GuardedEntity, row: unknown): boolean {
  return GUARDS[entity](row);
}
