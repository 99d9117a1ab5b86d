// Seeded user behaviour: what a person does in the app, through the real mutators only. Every
// entity is touched: sites, visits, participants, checklist items, observations, follow-ups,
// photos (captions too), ratings, offers and their links, sponsorships (./advisory-ops.ts),
// deletes and restores, and conflict decisions of every choice. All state
// lives in the run's `Ops` (no module-level counters), so a seed replays exactly.
import {
  addFollowUp,
  addObservation,
  addParticipant,
  createSite,
  createVisit,
  deleteRecord,
  removeParticipant,
  restoreRecord,
  updateChecklistItem,
  updateFollowUp,
  updateObservation,
  updateParticipant,
  updateSite,
  updateVisit,
} from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import type { EntityName } from '../../../src/shared/domain/schemas';
import { CHECKLIST_TEMPLATES } from '../../../src/shared/domain/checklist-templates';
import { addPhoto, updatePhoto } from '../../../src/client/db/photos';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { write } from '../../../src/client/db/write';
import { fakeJpeg, sha256 } from '../../support/jpeg';
import type { Rng } from '../../support/prng';
import { advisoryOp } from './advisory-ops';

/** A small template keeps each run cheap; ids stay deterministic (visit + item). */
const TEMPLATES = [
  { ...CHECKLIST_TEMPLATES[0]!, items: CHECKLIST_TEMPLATES[0]!.items.slice(0, 3) },
];
const FIELDS = ['housing', 'climate', 'mobility'] as const;

/** The run's behaviour state: its rng, a value counter, and which optional operations are on. */
export type Ops = {
  rng: Rng;
  counter: number;
  /** Also send malformed conflict decisions (edited without a value, a value of the wrong type). */
  malformedResolutions: boolean;
};
export const makeOps = (rng: Rng, malformedResolutions = false): Ops => ({
  rng,
  counter: 0,
  malformedResolutions,
});

export async function createVisitWithSite(db: AppDb, newSite = false): Promise<string> {
  const site =
    (!newSite && (await db.sites.filter((s) => !s._deleted).first())) ||
    (await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' }));
  return (await createVisit(db, { siteId: site.id, date: '2026-05-04' }, TEMPLATES)).id;
}

const photoBytes = (w: number, h: number, size: number, fill: number) => {
  const bytes = fakeJpeg(w, h, size, fill);
  return {
    sha256: sha256(bytes),
    blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
    width: w,
    height: h,
  };
};

/** Take a photo of the visit: image + thumbnail bytes stored locally, row queued (capture side). */
export async function takePhoto(db: AppDb, rng: Rng, visitId: string): Promise<string[]> {
  const fill = 1 + rng.int(250);
  const image = photoBytes(1600, 1200, 4_000 + rng.int(30_000), fill);
  const thumb = photoBytes(320, 240, 500 + rng.int(2_000), fill);
  await addPhoto(db, { visitId, observationId: null }, image, thumb);
  return [image.sha256, thumb.sha256];
}

/**
 * Someone decides an open conflict: keep mine, keep theirs, or type a value. With
 * `malformedResolutions` also a decision no correct UI sends: "edited" without a value, or with
 * a value of the wrong type. The device may refuse it at once (nothing queued); when it does
 * not, or when the sim queues it raw like an old client would, the server must reject it.
 */
export async function resolveSomeConflict(db: AppDb, ops: Ops): Promise<string | null> {
  const { rng } = ops;
  const open = (await db.conflicts.where('status').equals('open').toArray()).sort((a, b) =>
    a.id < b.id ? -1 : 1,
  );
  if (open.length === 0) return null;
  const c = rng.pick(open);
  const target = await db.entityTable(c.entity).get(c.entityId);
  if (!target) return null;
  if (ops.malformedResolutions && c.kind !== 'delete_with_unseen_edits' && rng.chance(0.5)) {
    const value =
      c.kind === 'field' ? (rng.chance(0.5) ? undefined : 12345) : { [firstText(c)]: 12345 };
    const label = `resolve ${c.kind} ${c.field ?? ''} MALFORMED ${JSON.stringify(value)}`;
    if (rng.chance(0.5)) {
      // Queued raw, as an old or buggy client would: only the server stands in the way.
      await write(db, [db.conflicts], (tx) =>
        tx.enqueue({
          entity: 'conflictResolution',
          entityId: c.id,
          op: 'patch',
          baseVersion: target._v > 0 ? target._v : null,
          fields:
            value === undefined
              ? { conflictId: c.id, resolution: 'edited' }
              : { conflictId: c.id, resolution: 'edited', value },
          visitId: null,
        }),
      );
      return `${label} (raw)`;
    }
    try {
      await resolveConflict(db, c.id, 'edited', value);
    } catch {
      return `${label} refused by the device`;
    }
    return label;
  }
  const resolution = rng.pick(['mine', 'theirs', 'edited'] as const);
  const value =
    resolution === 'edited' && (c.kind === 'field' || c.kind === 'edit_on_deleted')
      ? c.clientValue
      : undefined;
  await resolveConflict(db, c.id, resolution, value);
  return `resolve ${c.kind} ${c.field ?? ''} ${resolution}`;
}

/** A text field of the conflict's entity, for a wrong-typed edited value. */
function firstText(c: { entity: EntityName }): string {
  const f: Partial<Record<EntityName, string>> = {
    visit: 'goals',
    observation: 'text',
    followUp: 'owner',
    checklistItem: 'note',
    site: 'notes',
    photo: 'caption',
    participant: 'organisation',
    offer: 'title',
    sponsorship: 'note',
    fieldRating: 'note',
  };
  return f[c.entity] ?? 'notes';
}

/** One random operation; returns a short label for the trace. */
export async function randomUserOp(
  db: AppDb,
  ops: Ops,
  who: string,
  photos?: (shas: string[]) => void,
): Promise<string> {
  const { rng } = ops;
  const visits = await db.visits.filter((v) => !v._deleted).toArray();
  const value = () => `${who}-${++ops.counter}`;
  const roll = rng.next();
  if (visits.length === 0 || roll < 0.06)
    return `createVisit ${await createVisitWithSite(db, rng.chance(0.2))}`;
  const visit = rng.pick(visits);
  const obs = await db.observations.where('visitId').equals(visit.id).toArray();
  const live = obs.filter((o) => !o._deleted);
  const dead = obs.filter((o) => o._deleted);
  if (photos && rng.chance(0.25)) {
    const shas = await takePhoto(db, rng, visit.id);
    photos(shas);
    return `photo ${shas[0]!.slice(0, 8)}`;
  }
  if (roll < 0.08) {
    const site = await db.sites.get(visit.siteId);
    if (site && !site._deleted) {
      await updateSite(db, site.id, rng.chance(0.5) ? { notes: value() } : { quarter: value() });
      return `site ${site.id}`;
    }
  }
  if (roll < 0.2) {
    const field = rng.pick(['goals', 'notes', 'route'] as const);
    const v = value();
    await updateVisit(db, visit.id, { [field]: v });
    return `visit.${field}=${v}`;
  }
  // A visit may have no checklist items on this device (yet): then another operation.
  const items =
    roll < 0.3 ? await db.checklistItems.where('visitId').equals(visit.id).toArray() : [];
  if (items.length > 0) {
    const item = rng.pick(items);
    const state = rng.pick(['open', 'done', 'na'] as const);
    await updateChecklistItem(db, item.id, rng.chance(0.7) ? { state } : { note: value() });
    return `check ${item.templateItemId}`;
  }
  if (roll < 0.45) {
    const op = await otherEntityOp(db, ops, visit, value);
    if (op) return op;
  }
  if (roll < 0.55 || live.length === 0) {
    const o = await addObservation(db, {
      visitId: visit.id,
      fieldId: rng.pick(FIELDS),
      text: value(),
    });
    return `addObs ${o.id}`;
  }
  if (roll < 0.76) {
    const o = rng.pick(live);
    await updateObservation(
      db,
      o.id,
      rng.chance(0.7) ? { text: value() } : { rating: 1 + rng.int(5) },
    );
    return `editObs ${o.id}`;
  }
  if (roll < 0.86) {
    const o = rng.pick(live);
    await deleteRecord(db, 'observation', o.id);
    return `deleteObs ${o.id}`;
  }
  if (roll < 0.94 && dead.length > 0) {
    const o = rng.pick(dead);
    await restoreRecord(db, 'observation', o.id);
    return `restoreObs ${o.id}`;
  }
  if (roll < 0.97) {
    await deleteRecord(db, 'visit', visit.id);
    return `deleteVisit ${visit.id}`;
  }
  const deadVisit = await db.visits.filter((v) => v._deleted === 1).first();
  if (deadVisit) {
    await restoreRecord(db, 'visit', deadVisit.id);
    return `restoreVisit ${deadVisit.id}`;
  }
  return 'idle';
}

/** Follow-ups, participants, photo captions and advisory work of a live visit: add, edit, delete, restore. */
async function otherEntityOp(
  db: AppDb,
  ops: Ops,
  visit: { id: string; siteId: string },
  value: () => string,
): Promise<string | null> {
  const { rng } = ops;
  // Advisory work as often as the other three: it spans four entities (./advisory-ops.ts).
  const kind = rng.pick([
    'followUp',
    'participant',
    'photo',
    'advisory',
    'advisory',
    'advisory',
  ] as const);
  if (kind === 'advisory') return advisoryOp(db, rng, visit, value);
  if (kind === 'followUp') {
    const rows = await db.followUps.where('visitId').equals(visit.id).toArray();
    const live = rows.filter((r) => !r._deleted);
    const dead = rows.filter((r) => r._deleted);
    const roll = rng.next();
    if (live.length === 0 || roll < 0.3) {
      const f = await addFollowUp(db, { visitId: visit.id, description: value() });
      return `addFollowUp ${f.id}`;
    }
    const f = rng.pick(live);
    if (roll < 0.75) {
      await updateFollowUp(
        db,
        f.id,
        rng.chance(0.5)
          ? { description: value() }
          : { status: rng.pick(['open', 'in-progress', 'done', 'dropped'] as const) },
      );
      return `editFollowUp ${f.id}`;
    }
    if (roll < 0.9 || dead.length === 0) {
      await deleteRecord(db, 'followUp', f.id);
      return `deleteFollowUp ${f.id}`;
    }
    const d = rng.pick(dead);
    await restoreRecord(db, 'followUp', d.id);
    return `restoreFollowUp ${d.id}`;
  }
  if (kind === 'participant') {
    // Participants are rows of their own (docs/adr/0007-participants-as-rows.md).
    const rows = await db.participants.where('visitId').equals(visit.id).toArray();
    const live = rows.filter((r) => !r._deleted);
    const dead = rows.filter((r) => r._deleted);
    const roll = rng.next();
    if (live.length === 0 || roll < 0.35) {
      const p = await addParticipant(db, visit.id, { name: value() });
      // Straight after "+ Person hinzufügen": the organisation, as its own autosaved patch.
      if (rng.chance(0.5)) await updateParticipant(db, p.id, { organisation: value() });
      return `addParticipant ${p.id}`;
    }
    const p = rng.pick(live);
    if (roll < 0.8) {
      const field = rng.pick(['name', 'organisation', 'role'] as const);
      await updateParticipant(db, p.id, { [field]: value() });
      return `editParticipant ${p.id}.${field}`;
    }
    if (roll < 0.92 || dead.length === 0) {
      await removeParticipant(db, p.id);
      return `removeParticipant ${p.id}`;
    }
    const d = rng.pick(dead);
    await restoreRecord(db, 'participant', d.id);
    return `restoreParticipant ${d.id}`;
  }
  const photos = (await db.photos.where('visitId').equals(visit.id).toArray()).filter(
    (p) => !p._deleted,
  );
  if (photos.length === 0) return null;
  const p = rng.pick(photos);
  await updatePhoto(db, p.id, { caption: value() });
  return `caption ${p.id}`;
}
