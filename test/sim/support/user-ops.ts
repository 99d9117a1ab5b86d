// Seeded user behaviour: what a person does in the app, through the real mutators only.
import {
  addObservation,
  createSite,
  createVisit,
  deleteRecord,
  restoreRecord,
  updateChecklistItem,
  updateObservation,
  updateVisit,
} from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { CHECKLIST_TEMPLATES } from '../../../src/shared/domain/checklist-templates';
import { addPhoto } from '../../../src/client/db/photos';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { fakeJpeg, sha256 } from '../../support/jpeg';
import type { Rng } from '../../support/prng';

/** A small template keeps each run cheap; ids stay deterministic (visit + item). */
const TEMPLATES = [
  { ...CHECKLIST_TEMPLATES[0]!, items: CHECKLIST_TEMPLATES[0]!.items.slice(0, 3) },
];
const FIELDS = ['housing', 'climate', 'mobility'] as const;
let counter = 0;

export async function createVisitWithSite(db: AppDb): Promise<string> {
  const site =
    (await db.sites.filter((s) => !s._deleted).first()) ??
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

/** Someone decides an open conflict: keep mine, keep theirs, or (field conflicts) type a value. */
export async function resolveSomeConflict(db: AppDb, rng: Rng): Promise<string | null> {
  const open = await db.conflicts.where('status').equals('open').toArray();
  if (open.length === 0) return null;
  const c = rng.pick(open);
  const target = await db.entityTable(c.entity).get(c.entityId);
  if (!target) return null;
  const resolution = rng.pick(
    c.kind === 'field' ? (['mine', 'theirs', 'edited'] as const) : (['mine', 'theirs'] as const),
  );
  await resolveConflict(db, c.id, resolution, resolution === 'edited' ? c.clientValue : undefined);
  return `resolve ${c.kind} ${c.field ?? ''} ${resolution}`;
}

/** One random operation; returns a short label for the trace. */
export async function randomUserOp(
  db: AppDb,
  rng: Rng,
  who: string,
  photos?: (shas: string[]) => void,
): Promise<string> {
  const visits = await db.visits.filter((v) => !v._deleted).toArray();
  const value = () => `${who}-${++counter}`;
  const roll = rng.next();
  if (visits.length === 0 || roll < 0.08) return `createVisit ${await createVisitWithSite(db)}`;
  const visit = rng.pick(visits);
  const obs = await db.observations.where('visitId').equals(visit.id).toArray();
  const live = obs.filter((o) => !o._deleted);
  const dead = obs.filter((o) => o._deleted);
  if (photos && rng.chance(0.25)) {
    const shas = await takePhoto(db, rng, visit.id);
    photos(shas);
    return `photo ${shas[0]!.slice(0, 8)}`;
  }
  if (roll < 0.22) {
    const field = rng.chance(0.5) ? 'goals' : 'notes';
    const v = value();
    await updateVisit(db, visit.id, { [field]: v });
    return `visit.${field}=${v}`;
  }
  if (roll < 0.38) {
    const items = await db.checklistItems.where('visitId').equals(visit.id).toArray();
    const item = rng.pick(items);
    const state = rng.pick(['open', 'done', 'na'] as const);
    await updateChecklistItem(db, item.id, rng.chance(0.7) ? { state } : { note: value() });
    return `check ${item.templateItemId}`;
  }
  if (roll < 0.55 || live.length === 0) {
    const o = await addObservation(db, {
      visitId: visit.id,
      fieldId: rng.pick(FIELDS),
      text: value(),
    });
    return `addObs ${o.id}`;
  }
  if (roll < 0.78) {
    const o = rng.pick(live);
    await updateObservation(
      db,
      o.id,
      rng.chance(0.7) ? { text: value() } : { rating: 1 + rng.int(5) },
    );
    return `editObs ${o.id}`;
  }
  if (roll < 0.88) {
    const o = rng.pick(live);
    await deleteRecord(db, 'observation', o.id);
    return `deleteObs ${o.id}`;
  }
  if (roll < 0.95 && dead.length > 0) {
    const o = rng.pick(dead);
    await restoreRecord(db, 'observation', o.id);
    return `restoreObs ${o.id}`;
  }
  if (roll < 0.975) {
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
