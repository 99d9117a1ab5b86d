// The words of a conflict and of a record's name (de, en): a party reads "Ihr Wert" and the other
// person's name, anyone else both names and never "mine"; titles name what, where and which field.
import { describe, expect, it } from 'vitest';
import { conflictSides } from '../../../src/client/app/conflict-sides';
import { firstWords, recordName } from '../../../src/client/app/record-name';

const MIA = 'mia-id';
const BEN = 'ben-id';
const conflict = {
  kind: 'field' as const,
  author: 'Ben Beispiel',
  authorId: BEN,
  serverAuthorId: MIA,
  serverAuthorName: 'Mia Muster',
  serverValue: 'Text von Mia',
  clientValue: 'Text von Ben',
};

const labels = (s: ReturnType<typeof conflictSides>) =>
  s.sides.map((x) => [x.label, x.keep, x.value, x.wire]);

describe('conflict sides', () => {
  it('a third person sees both names, neutral, in German', () => {
    const s = conflictSides(conflict, 'someone-else', 'de');
    expect(s.party).toBe(false);
    expect(s.heading).toBe('Konflikt zwischen Mia Muster und Ben Beispiel');
    expect(labels(s)).toEqual([
      ['Wert von Mia Muster', 'Wert von Mia Muster behalten', 'Text von Mia', 'theirs'],
      ['Wert von Ben Beispiel', 'Wert von Ben Beispiel behalten', 'Text von Ben', 'mine'],
    ]);
    expect(JSON.stringify(s)).not.toMatch(/Mein|Ihr|Ihre/);
  });

  it('a third person sees both names in English', () => {
    const s = conflictSides(conflict, null, 'en');
    expect(s.heading).toBe('Conflict between Mia Muster and Ben Beispiel');
    expect(s.sides.map((x) => x.keep)).toEqual([
      "Keep Mia Muster's value",
      "Keep Ben Beispiel's value",
    ]);
  });

  it('the person who sent second reads her own value first, in the Sie-form', () => {
    const s = conflictSides(conflict, BEN, 'de');
    expect(s.party).toBe(true);
    expect(s.heading).toBe('Konflikt mit Mia Muster');
    expect(labels(s)).toEqual([
      ['Ihr Wert', 'Ihren Wert behalten', 'Text von Ben', 'mine'],
      ['Wert von Mia Muster', 'Wert von Mia Muster behalten', 'Text von Mia', 'theirs'],
    ]);
  });

  it('the person whose value stood first keeps hers with "theirs" on the wire', () => {
    const s = conflictSides(conflict, MIA, 'en');
    expect(s.heading).toBe('Conflict with Ben Beispiel');
    expect(labels(s)).toEqual([
      ['Your value', 'Keep your value', 'Text von Mia', 'theirs'],
      ["Ben Beispiel's value", "Keep Ben Beispiel's value", 'Text von Ben', 'mine'],
    ]);
  });

  it('one account on two devices, and an unknown first writer, are named by order', () => {
    const self = conflictSides(
      { ...conflict, serverAuthorId: BEN, serverAuthorName: 'Ben Beispiel' },
      BEN,
      'de',
    );
    expect(self.heading).toBe('Konflikt zwischen zwei Ihrer Geräte');
    expect(self.sides.map((x) => x.keep)).toEqual([
      'Später gesendeten Wert behalten',
      'Zuerst gespeicherten Wert behalten',
    ]);
    const unknown = conflictSides(
      { ...conflict, serverAuthorId: null, serverAuthorName: null },
      null,
      'de',
    );
    expect(unknown.sides.map((x) => x.keep)).toEqual([
      'Zuerst gespeicherten Wert behalten',
      'Wert von Ben Beispiel behalten',
    ]);
  });
});

describe('record names', () => {
  const site = { municipality: 'Kassel', quarter: 'Nordstadt' };
  const visit = { date: '2026-12-02' };

  it('an observation: first words, action field, visit date and site (de, en)', () => {
    const ctx = {
      entity: 'observation',
      record: {
        text: 'Der Spielplatz an der Schule ist zu klein für alle Kinder',
        fieldId: 'housing',
      },
      visit,
      site,
    };
    expect(recordName(ctx, 'de')).toBe(
      'Beobachtung „Der Spielplatz an der Schule ist …“ · Wohnen und Wohnumfeld · Besuch am 2. Dez. 2026, Kassel – Nordstadt',
    );
    expect(recordName(ctx, 'en')).toBe(
      'Observation “Der Spielplatz an der Schule ist …” · Housing and residential environment · Visit on 2 Dec 2026, Kassel – Nordstadt',
    );
  });

  it('a checklist item by its template label, a site by its name, a visit by date and site', () => {
    expect(
      recordName(
        { entity: 'checklistItem', record: { templateItemId: 'prep-goals' }, visit, site },
        'de',
      ),
    ).toBe(
      'Checklistenpunkt „Ziele des Besuchs formuliert“ · Besuch am 2. Dez. 2026, Kassel – Nordstadt',
    );
    expect(recordName({ entity: 'site', record: site, visit: null, site: null }, 'de')).toBe(
      'Standort „Kassel – Nordstadt“',
    );
    expect(recordName({ entity: 'visit', record: {}, visit, site }, 'de')).toBe(
      'Besuch am 2. Dez. 2026, Kassel – Nordstadt',
    );
    expect(
      recordName(
        { entity: 'followUp', record: { description: '', fieldId: null }, visit, site: null },
        'de',
      ),
    ).toBe('Vereinbarung · Allgemein (kein Handlungsfeld) · Besuch am 2. Dez. 2026');
  });

  it('first words are cut at six words or 48 characters', () => {
    expect(firstWords('eins zwei drei')).toBe('eins zwei drei');
    expect(firstWords('a b c d e f g')).toBe('a b c d e f …');
    expect(firstWords('x'.repeat(60))).toBe(`${'x'.repeat(48)} …`);
  });
});
