// The domain's records as zod schemas; every type is inferred from here.
import { z } from '../zod';
import { ACTION_FIELD_IDS } from './action-fields';
import * as vocab from './vocab';
import { DATE_YEARS, realDay } from './calendar-day';

const { keysOf } = vocab;

export { DATE_YEARS };

/** Record ids: UUIDv7 from the client, or deterministic ids built from them. A safe charset: ids end up in URLs and file names. */
export const Id = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_~-]+$/, 'invalid id');
const REAL_DAY = `expected a real calendar date between ${DATE_YEARS.min} and ${DATE_YEARS.max}`;
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(realDay, REAL_DAY);
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .refine((s) => realDay(s) && Number.isFinite(Date.parse(s)), REAL_DAY);
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');

const text = (max: number) => z.string().max(max);
const requiredText = (max: number) => z.string().trim().min(1, 'required').max(max);

export const Phase = z.enum(keysOf(vocab.PHASES));
export type Phase = z.infer<typeof Phase>;
export const VisitStatus = z.enum(keysOf(vocab.VISIT_STATUSES));
export type VisitStatus = z.infer<typeof VisitStatus>;
export const ObservationKind = z.enum(keysOf(vocab.OBSERVATION_KINDS));
export const Perspective = z.enum(keysOf(vocab.PERSPECTIVES));
export const CheckState = z.enum(keysOf(vocab.CHECK_STATES));
export const FollowUpKind = z.enum(keysOf(vocab.FOLLOW_UP_KINDS));
export const OfferType = z.enum(keysOf(vocab.OFFER_TYPES));
export const FollowUpStatus = z.enum(keysOf(vocab.FOLLOW_UP_STATUSES));
export const MatchStatus = z.enum(keysOf(vocab.MATCH_STATUSES));
export type MatchStatus = z.infer<typeof MatchStatus>;
export const Role = z.enum(keysOf(vocab.ROLES));
export type Role = z.infer<typeof Role>;
export const ActionFieldId = z.enum(ACTION_FIELD_IDS);
export type ActionFieldId = z.infer<typeof ActionFieldId>;
export const Rating = z.number().int().min(1).max(5);
export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

export const Contact = z.object({
  name: text(200),
  organisation: text(200),
  email: text(200),
  phone: text(60),
});

export const Site = z.object({
  id: Id,
  municipality: requiredText(200),
  quarter: requiredText(200),
  phase: Phase,
  yearAdmitted: z.number().int().min(1990).max(2100).nullable(),
  contact: Contact,
  notes: text(10_000),
  createdAt: IsoDateTime,
});

/**
 * A person taking part in a visit: one synced row per person, so each field of each person
 * merges by itself (docs/adr/0007-participants-as-rows.md).
 */
export const Participant = z.object({
  id: Id,
  visitId: Id,
  name: requiredText(200),
  organisation: text(200),
  role: text(200),
  order: z.number().int().min(0).max(10_000),
  createdAt: IsoDateTime,
});

/**
 * Mutation schema 1 kept participants as one list on the visit. The server still accepts it
 * and writes one participant row per item (`legacyParticipantId`), docs/adr/0007.
 */
export const LegacyParticipants = z
  .array(Participant.pick({ name: true, organisation: true, role: true }))
  .max(100);
export type LegacyParticipants = z.infer<typeof LegacyParticipants>;

/** The id of the rating of `fieldId` at a visit from a perspective (FieldRating). */
export const fieldRatingId = (visitId: string, perspective: string, fieldId: string) =>
  `${visitId}~${perspective}~${fieldId}`;

/** The participant row an item of a schema-1 list became (zod-free, legacy-participant-id.ts). */
export { legacyParticipantId } from './legacy-participant-id';

export const Visit = z.object({
  id: Id,
  siteId: Id,
  date: IsoDate,
  phase: Phase,
  status: VisitStatus,
  goals: text(10_000),
  route: text(10_000),
  notes: text(20_000),
  createdAt: IsoDateTime,
  // The last review decision (approved or returned): who and when. Set by the server when it
  // applies that status (a device sending them is refused, docs/architecture.md §Review);
  // absent on visits never reviewed and in creates from apps before the review loop.
  reviewedBy: z.string().max(120).nullable().optional(),
  reviewedByName: text(200).nullable().optional(),
  reviewedAt: IsoDateTime.nullable().optional(),
});

/** Text in both languages; German is required, an empty English text shows the German one. */
const labelled = (max: number) => z.object({ de: requiredText(max), en: text(max) });
const uniqueIds = (list: readonly { id: string }[]) =>
  new Set(list.map((x) => x.id)).size === list.length;

export const TemplateStatus = z.enum(keysOf(vocab.TEMPLATE_STATUSES));
export type TemplateStatus = z.infer<typeof TemplateStatus>;
export const ChecklistTemplateSection = z.object({ id: Id, title: labelled(200) });
export const ChecklistTemplateItem = z.object({
  /** Kept across versions: a visit's item id is checklistItemId(visitId, this id). */
  id: Id,
  label: labelled(500),
  hint: labelled(1_000).nullable(),
  sectionId: Id.nullable(),
});
/**
 * One VERSION of a checklist template (docs/architecture.md §Templates): readable by everyone,
 * written by coordinators; a checklist item names the version it was made from (templateId).
 */
export const ChecklistTemplate = z.object({
  /** `key` for version 1 (the shipped templates), `${key}~v${version}` after. */
  id: Id,
  key: Id,
  version: z.number().int().min(1).max(100_000),
  title: labelled(200),
  sections: z.array(ChecklistTemplateSection).max(50).refine(uniqueIds, 'duplicate section id'),
  items: z.array(ChecklistTemplateItem).max(300).refine(uniqueIds, 'duplicate item id'),
  order: z.number().int().min(0).max(10_000),
  status: TemplateStatus,
  /** New visits get this template unless the person unticks it. */
  isDefault: z.boolean(),
  createdAt: IsoDateTime,
});

export const ChecklistItem = z.object({
  id: Id,
  visitId: Id,
  templateId: Id,
  templateItemId: Id,
  order: z.number().int().min(0),
  state: CheckState,
  note: text(10_000),
});

export const Observation = z.object({
  id: Id,
  visitId: Id,
  /** null: a visit-level note without an action field. */
  fieldId: ActionFieldId.nullable(),
  kind: ObservationKind,
  perspective: Perspective,
  rating: Rating.nullable(),
  text: text(20_000),
  place: text(500),
  lat: Latitude.nullable(),
  lng: Longitude.nullable(),
  author: text(200),
  createdAt: IsoDateTime,
});

export const FollowUp = z.object({
  id: Id,
  visitId: Id,
  siteId: Id,
  fieldId: ActionFieldId.nullable(),
  kind: FollowUpKind,
  description: requiredText(10_000),
  offerType: OfferType,
  owner: text(200),
  dueDate: IsoDate.nullable(),
  status: FollowUpStatus,
  createdAt: IsoDateTime,
  // Tracking (docs/domain.md §Follow-up, §Offers). Optional: follow-ups from apps before them
  // lack these fields, which reads as "not closed" and "no offer linked".
  /** The day the status became done or dropped; null while open or in progress. */
  closedAt: IsoDate.nullable().optional(),
  /** The alliance offer linked to this need; null: none. */
  offerId: Id.nullable().optional(),
  /** How far the link to the offer got; null when no offer is linked. */
  matchStatus: MatchStatus.nullable().optional(),
  /** What came of it, in the words of whoever follows it up. */
  matchNote: text(2_000).optional(),
});

export const Photo = z.object({
  id: Id,
  visitId: Id,
  /** null: a photo of the visit as a whole. */
  observationId: Id.nullable(),
  sha256: Sha256,
  thumbSha256: Sha256,
  mime: z.enum(['image/jpeg']),
  width: z.number().int().min(1).max(10_000),
  height: z.number().int().min(1).max(10_000),
  bytes: z.number().int().min(1).max(20_000_000),
  caption: text(2_000),
  order: z.number().int().min(0),
  takenAt: IsoDateTime.nullable(),
  /** Only with the person's consent (docs/domain.md §Photo: location only as an explicit field). */
  lat: Latitude.nullable(),
  lng: Longitude.nullable(),
  createdAt: IsoDateTime,
});

/** What a review comment is about: the visit itself or one of its records. */
export const CommentTarget = z.object({
  entity: z.enum(['visit', 'observation', 'checklistItem', 'followUp']),
  id: Id,
});

/**
 * A reviewer's or visitor's comment on a visit or one of its records (docs/architecture.md
 * §Review comments); `author` is the display name at writing time, the account is createdBy.
 */
export const ReviewComment = z.object({
  id: Id,
  visitId: Id,
  target: CommentTarget,
  text: requiredText(5_000),
  author: text(200),
  /** The comment this one answers (same visit, same target); null: a thread's first comment. */
  replyTo: Id.nullable(),
  resolved: z.boolean(),
  createdAt: IsoDateTime,
});

/**
 * What an alliance member's organisation offers municipalities (docs/domain.md §Offers). Above
 * every site: every account reads the catalogue; members and coordinators register offers, the
 * creator (its owner) or a coordinator changes one.
 */
export const Offer = z.object({
  id: Id,
  title: requiredText(200),
  type: OfferType,
  /** The action fields it serves; empty: any. */
  fieldIds: z
    .array(ActionFieldId)
    .max(10)
    .refine((l) => new Set(l).size === l.length, 'duplicate action field'),
  organisation: text(200),
  description: text(5_000),
  contact: Contact,
  /** When and how it is available ("ab März, zwei Termine im Quartal"). */
  availability: text(500),
  /** false: no longer offered (kept, so the needs linked to it still name it). */
  active: z.boolean(),
  createdAt: IsoDateTime,
});

/** A member of the alliance taking part in a sponsorship. */
export const Sponsor = z.object({ name: requiredText(200), organisation: text(200) });

/** A sponsorship (Patenschaft) for a site or one of its projects, with its members and period. */
export const Sponsorship = z.object({
  id: Id,
  siteId: Id,
  /** The project sponsored; empty: the site as a whole. */
  project: text(300),
  sponsors: z.array(Sponsor).min(1).max(30),
  from: IsoDate,
  /** null: open-ended. */
  to: IsoDate.nullable(),
  note: text(2_000),
  createdAt: IsoDateTime,
});

/**
 * One rating of one action field at one visit from one perspective (docs/domain.md §Ratings):
 * the Quartiersmanagement's self-assessment (local) before the visit, the visitors' outside view
 * during it. Its id is fieldRatingId(visitId, perspective, fieldId), so two devices rating the
 * same field offline meet as one record (a conflict if they differ), never as two.
 */
export const FieldRating = z.object({
  id: Id,
  visitId: Id,
  fieldId: ActionFieldId,
  perspective: Perspective,
  /** null: not rated yet (a note alone is kept). */
  rating: Rating.nullable(),
  note: text(5_000),
});

export type Site = z.infer<typeof Site>;
export type Contact = z.infer<typeof Contact>;
export type Participant = z.infer<typeof Participant>;
export type Visit = z.infer<typeof Visit>;
export type ChecklistTemplate = z.infer<typeof ChecklistTemplate>;
export type ChecklistItem = z.infer<typeof ChecklistItem>;
export type Observation = z.infer<typeof Observation>;
export type FollowUp = z.infer<typeof FollowUp>;
export type Photo = z.infer<typeof Photo>;
export type ReviewComment = z.infer<typeof ReviewComment>;
export type CommentTarget = z.infer<typeof CommentTarget>;
export type Offer = z.infer<typeof Offer>;
export type Sponsorship = z.infer<typeof Sponsorship>;
export type FieldRating = z.infer<typeof FieldRating>;
export type Perspective = z.infer<typeof Perspective>;

/** Entities that sync. Keys are stored in outboxes and on the server: never rename. */
export const ENTITY_SCHEMAS = {
  site: Site,
  visit: Visit,
  checklistItem: ChecklistItem,
  observation: Observation,
  followUp: FollowUp,
  photo: Photo,
  participant: Participant,
  checklistTemplate: ChecklistTemplate,
  reviewComment: ReviewComment,
  offer: Offer,
  sponsorship: Sponsorship,
  fieldRating: FieldRating,
} as const;

export type EntityName = keyof typeof ENTITY_SCHEMAS;
export const EntityName = z.enum(keysOf(ENTITY_SCHEMAS));
export type EntityOf<E extends EntityName> = z.infer<(typeof ENTITY_SCHEMAS)[E]>;

/** Fields a patch may not change: identity and parentage are fixed at creation. */
export const IMMUTABLE_FIELDS: { readonly [E in EntityName]: readonly string[] } = {
  site: ['id', 'createdAt'],
  visit: ['id', 'siteId', 'createdAt'],
  checklistItem: ['id', 'visitId', 'templateId', 'templateItemId'],
  observation: ['id', 'visitId', 'createdAt'],
  followUp: ['id', 'visitId', 'siteId', 'createdAt'],
  participant: ['id', 'visitId', 'createdAt'],
  checklistTemplate: ['id', 'key', 'version', 'createdAt'],
  reviewComment: ['id', 'visitId', 'target', 'replyTo', 'createdAt'],
  offer: ['id', 'createdAt'],
  sponsorship: ['id', 'siteId', 'createdAt'],
  fieldRating: ['id', 'visitId', 'fieldId', 'perspective'],
  photo: [
    'id',
    'visitId',
    'sha256',
    'thumbSha256',
    'mime',
    'width',
    'height',
    'bytes',
    'createdAt',
  ],
};

/** Schema for the fields of a patch: any subset of the mutable fields, nothing else. */
export function patchSchema<E extends EntityName>(entity: E) {
  const schema = ENTITY_SCHEMAS[entity] as z.ZodObject;
  const omit = Object.fromEntries(IMMUTABLE_FIELDS[entity].map((k) => [k, true])) as Record<
    string,
    true
  >;
  return schema.omit(omit).partial().strict();
}
