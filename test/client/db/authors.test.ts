import { describe, expect, it } from 'vitest';
import { authorsOf, stampAuthors } from '../../../src/client/db/authors';
import { byLineText, editedLineText, formatAuthorDate } from '../../../src/client/i18n/authors';

const TZ = 'Europe/Berlin';
const by = (o: Partial<Parameters<typeof stampAuthors>[0] & object> = {}) => ({
  _by: {
    createdBy: 'u-anna',
    createdByName: 'Anna Arendt',
    createdAt: '2026-12-02T08:00:00.000Z',
    updatedBy: 'u-anna',
    updatedByName: 'Anna Arendt',
    updatedAt: '2026-12-02T08:00:00.000Z',
    ...o,
  },
});
const line = (row: Parameters<typeof authorsOf>[0], lang: 'de' | 'en') =>
  byLineText(authorsOf(row), lang, TZ);

describe('authorsOf', () => {
  it('knows nobody on a row without _by', () => {
    expect(authorsOf({})).toEqual({
      author: null,
      editor: null,
      editedAt: null,
      createdAt: null,
      edited: false,
    });
    expect(authorsOf(undefined).author).toBeNull();
  });
  it('names author and last editor and tells whether the row changed after creation', () => {
    expect(authorsOf(by())).toMatchObject({
      author: 'Anna Arendt',
      editor: 'Anna Arendt',
      edited: false,
    });
    const changed = authorsOf(
      by({ updatedBy: 'u-ben', updatedByName: 'Ben Bauer', updatedAt: '2026-12-02T09:14:00.000Z' }),
    );
    expect(changed).toEqual({
      author: 'Anna Arendt',
      editor: 'Ben Bauer',
      editedAt: '2026-12-02T09:14:00.000Z',
      createdAt: '2026-12-02T08:00:00.000Z',
      edited: true,
    });
  });
  it('a local write keeps the author and makes the writer the last editor', () => {
    const created = stampAuthors(
      null,
      { id: 'u-anna', name: 'Anna Arendt' },
      '2026-12-02T08:00:00.000Z',
    );
    expect(created.createdByName).toBe('Anna Arendt');
    const patched = stampAuthors(
      created,
      { id: 'u-ben', name: 'Ben Bauer' },
      '2026-12-02T09:00:00.000Z',
    );
    expect(patched).toMatchObject({
      createdBy: 'u-anna',
      createdByName: 'Anna Arendt',
      updatedBy: 'u-ben',
      updatedByName: 'Ben Bauer',
      updatedAt: '2026-12-02T09:00:00.000Z',
    });
  });
});

describe('the by-line wording', () => {
  it('formats dates per locale', () => {
    expect(formatAuthorDate('2026-12-02T09:14:00.000Z', 'de', TZ)).toBe('2. Dez. 2026, 10:14');
    expect(formatAuthorDate('2026-12-02T09:14:00.000Z', 'en', TZ)).toBe('2 Dec 2026, 10:14');
  });
  it('says who recorded a record nobody changed since', () => {
    expect(line(by(), 'de')).toBe('Erfasst von Anna Arendt, 2. Dez. 2026, 09:00');
    expect(line(by(), 'en')).toBe('Recorded by Anna Arendt, 2 Dec 2026, 09:00');
  });
  it('names the other person who changed it last, with the time', () => {
    const row = by({
      updatedBy: 'u-ben',
      updatedByName: 'Ben Bauer',
      updatedAt: '2026-12-02T09:14:00.000Z',
    });
    expect(line(row, 'de')).toBe(
      'Erfasst von Anna Arendt · zuletzt geändert von Ben Bauer, 2. Dez. 2026, 10:14',
    );
    expect(line(row, 'en')).toBe(
      'Recorded by Anna Arendt · last changed by Ben Bauer, 2 Dec 2026, 10:14',
    );
  });
  it('does not repeat the author who changed the record herself', () => {
    const row = by({ updatedAt: '2026-12-02T09:14:00.000Z' });
    expect(line(row, 'de')).toBe(
      'Erfasst von Anna Arendt · zuletzt geändert am 2. Dez. 2026, 10:14',
    );
    expect(line(row, 'en')).toBe('Recorded by Anna Arendt · last changed on 2 Dec 2026, 10:14');
  });
  it("the author's own changes while recording (within the hour) are part of recording it", () => {
    const typedSoonAfter = by({ updatedAt: '2026-12-02T08:40:00.000Z' });
    expect(authorsOf(typedSoonAfter).edited).toBe(false);
    expect(line(typedSoonAfter, 'de')).toBe('Erfasst von Anna Arendt, 2. Dez. 2026, 09:00');
    const otherSoonAfter = by({
      updatedBy: 'u-ben',
      updatedByName: 'Ben Bauer',
      updatedAt: '2026-12-02T08:01:00.000Z',
    });
    expect(line(otherSoonAfter, 'de')).toBe(
      'Erfasst von Anna Arendt · zuletzt geändert von Ben Bauer, 2. Dez. 2026, 09:01',
    );
  });
  it('records from before authors were kept show only what is known, or nothing', () => {
    const old = by({ createdBy: null, createdByName: null, createdAt: null });
    expect(line(old, 'de')).toBe('Zuletzt geändert von Anna Arendt, 2. Dez. 2026, 09:00');
    expect(line({}, 'de')).toBe('');
  });
});

describe('the changes-only line (checklist items come with their visit)', () => {
  it('says nothing until someone changed the record, then who and when', () => {
    expect(editedLineText(authorsOf(by()), 'de', TZ)).toBe('');
    const row = by({
      updatedBy: 'u-ben',
      updatedByName: 'Ben Bauer',
      updatedAt: '2026-12-02T09:14:00.000Z',
    });
    expect(editedLineText(authorsOf(row), 'de', TZ)).toBe(
      'Zuletzt geändert von Ben Bauer, 2. Dez. 2026, 10:14',
    );
    expect(editedLineText(authorsOf(row), 'en', TZ)).toBe(
      'Last changed by Ben Bauer, 2 Dec 2026, 10:14',
    );
  });
});
