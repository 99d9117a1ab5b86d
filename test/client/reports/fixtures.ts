// Test data for the report renderers: small real JPEGs and a seeded visit in fake IndexedDB.
import { createHash } from 'node:crypto';
import { ACTION_FIELDS } from '../../../src/shared/domain/action-fields';
import type { ActionFieldId, Photo } from '../../../src/shared/domain/schemas';
import {
  addFollowUp,
  addObservation,
  addParticipant,
  createSite,
  createVisit,
  updateVisit,
} from '../../../src/client/db/mutators';
import { commit } from '../../../src/client/db/write';
import { newId, nowIso } from '../../../src/client/db/ids';
import type { AppDb } from '../../../src/client/db/schema';

/** A real 16×16 baseline JPEG (543 bytes). */
const BASE_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z',
  'base64',
);

/**
 * A distinct valid JPEG: the base image with a comment segment (COM) after SOI carrying
 * `variant`, padded to about `padTo` bytes with further COM segments (still a valid JPEG).
 */
export function makeJpeg(variant: number, padTo = 0): Uint8Array {
  const segs: Buffer[] = [BASE_JPEG.subarray(0, 2)];
  const com = (payload: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt16BE(0xfffe, 0);
    len.writeUInt16BE(payload.length + 2, 2);
    segs.push(len, payload);
  };
  com(Buffer.from(`variant ${variant}`));
  let size = BASE_JPEG.length + 12;
  while (size < padTo) {
    const n = Math.min(65_000, padTo - size);
    const payload = Buffer.alloc(n);
    for (let i = 0; i < n; i++) payload[i] = (i * 31 + variant) & 0xff;
    com(payload);
    size += n + 4;
  }
  segs.push(BASE_JPEG.subarray(2));
  return new Uint8Array(Buffer.concat(segs));
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export const XSS = '<img src=x onerror=alert(1)>';

export async function addPhoto(
  db: AppDb,
  visitId: string,
  observationId: string | null,
  bytes: Uint8Array | null,
  caption: string,
  order: number,
  store = true,
): Promise<Photo> {
  const jpeg = bytes ?? makeJpeg(10_000 + order);
  const hash = sha256(jpeg);
  const photo: Photo = {
    id: newId(),
    visitId,
    observationId,
    sha256: hash,
    thumbSha256: hash,
    mime: 'image/jpeg',
    width: 1600,
    height: 1200,
    bytes: jpeg.length,
    caption,
    order,
    takenAt: null,
    lat: null,
    lng: null,
    createdAt: nowIso(),
  };
  await commit(db, [{ entity: 'photo', op: 'create', id: photo.id, fields: photo, visitId }]);
  if (store && bytes)
    await db.blobs.put({
      sha256: hash,
      data: { buf: jpeg.slice().buffer, type: 'image/jpeg' },
      size: jpeg.length,
    });
  return photo;
}

export const PARTICIPANTS = [
  {
    name: 'Jürgen Müller',
    organisation: 'Paritätischer Wohlfahrtsverband Hessen',
    role: 'Bündnismitglied',
  },
  { name: 'Zoë Łukasiewicz', organisation: 'IHK Offenbach', role: 'Beobachterin' },
  { name: 'Ayşe Öztürk', organisation: 'Quartiersmanagement Nordend', role: 'Quartiersmanagerin' },
];

export function obsText(field: ActionFieldId, perspective: string): string {
  return `Beobachtung ${field} ${perspective}: Grünfläche über Straße, Größe ≥ 3 m²`;
}

/** A visit with outside and local observations in all ten fields, each with one photo. */
export async function seedFullVisit(db: AppDb, opts: { photoPad?: number } = {}) {
  const site = await createSite(db, {
    municipality: 'Offenbach',
    quarter: 'Nordend',
    phase: 'isek',
  });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  for (const p of PARTICIPANTS) await addParticipant(db, visit.id, p);
  await updateVisit(db, visit.id, {
    goals: 'Außensicht auf die Grünflächen und Beteiligung gewinnen',
    route: 'Bahnhof → Goethestraße → Spielplatz',
  });
  let order = 0;
  for (const [i, f] of ACTION_FIELDS.entries()) {
    const out = await addObservation(db, {
      visitId: visit.id,
      fieldId: f.id,
      perspective: 'outside',
      kind: 'strength',
      rating: (i % 5) + 1,
      text: obsText(f.id, 'außen'),
    });
    await addObservation(db, {
      visitId: visit.id,
      fieldId: f.id,
      perspective: 'local',
      kind: 'challenge',
      rating: null,
      text: obsText(f.id, 'innen'),
      place: 'Marktplatz',
    });
    await addPhoto(
      db,
      visit.id,
      out.id,
      makeJpeg(i, opts.photoPad ?? 0),
      `Foto ${f.id} – Straßenansicht`,
      order++,
    );
  }
  await addObservation(db, {
    visitId: visit.id,
    fieldId: 'housing',
    text: XSS,
    perspective: 'outside',
  });
  await addFollowUp(db, {
    visitId: visit.id,
    description: 'Beratung zur Verstetigung gewünscht',
    fieldId: 'participation',
    owner: 'Koordination Süd',
    dueDate: '2026-07-01',
  });
  return { site, visit };
}
