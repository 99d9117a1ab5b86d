import { afterEach, describe, expect, it } from 'vitest';
import { loadReportData } from '../../../src/client/db/report-queries';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { buildReportModel, photoAltText } from '../../../src/client/reports/model';
import { formatDateTime } from '../../../src/client/i18n/format';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { addPhoto, makeJpeg } from './fixtures';

let db: AppDb;
afterEach(() => db?.close());

describe('the alternative text of a report photo', () => {
  it('is the caption, else "Foto: <action field>, <time>" in the report language', async () => {
    db = makeTestDb();
    const site = await createSite(db, {
      municipality: 'Offenbach',
      quarter: 'Nordend',
      phase: 'isek',
    });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
    const obs = await addObservation(db, {
      visitId: visit.id,
      fieldId: 'mobility',
      perspective: 'outside',
      text: 'Busspur',
    });
    const general = await addObservation(db, {
      visitId: visit.id,
      fieldId: null,
      perspective: 'local',
      text: 'Allgemein',
    });
    const captioned = await addPhoto(
      db,
      visit.id,
      obs.id,
      makeJpeg(1),
      'Haltestelle\n  ohne Dach',
      0,
    );
    const bare = await addPhoto(db, visit.id, obs.id, makeJpeg(2), '', 1);
    const ofGeneral = await addPhoto(db, visit.id, general.id, makeJpeg(3), '  ', 2);
    const ofVisit = await addPhoto(db, visit.id, null, makeJpeg(4), '', 3);
    const data = await loadReportData(db, visit.id);
    // The moment the photo was taken wins over the moment it was stored.
    const takenAt = '2026-05-04T08:15:00.000Z';
    data.photos.find((p) => p.id === ofVisit.id)!.takenAt = takenAt;
    for (const lang of ['de', 'en'] as const) {
      const model = buildReportModel(data, lang);
      const all = [
        ...model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos)),
        ...model.general.flatMap((o) => o.photos),
        ...model.visitPhotos,
      ];
      const alt = (id: string) =>
        photoAltText(
          all.find((p) => p.id === id)!,
          model.labels,
        );
      const time = (p: { createdAt: string }) => formatDateTime(p.createdAt, lang);
      const word = lang === 'de' ? 'Foto' : 'Photo';
      expect(alt(captioned.id)).toBe('Haltestelle ohne Dach');
      expect(alt(bare.id)).toBe(
        `${word}: ${lang === 'de' ? 'Nachhaltige Mobilität' : 'Sustainable mobility'}, ${time(bare)}`,
      );
      const noField = model.labels.noField;
      expect(alt(ofGeneral.id)).toBe(`${word}: ${noField}, ${time(ofGeneral)}`);
      expect(alt(ofVisit.id)).toBe(`${word}: ${noField}, ${time({ createdAt: takenAt })}`);
    }
  });
});
