import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, issuePaths } from '../../../src/client/app/error-message';
import { StorageFullError, ValidationError } from '../../../src/client/db/errors';
import { setLang } from '../../../src/client/i18n';
import { createSite } from '../../../src/client/db/mutators';
import { makeTestDb } from '../../support/fake-db';

afterEach(() => setLang('de'));

describe('error messages in the UI language', () => {
  it('a validation error names the field by its label and says what is wrong', async () => {
    const db = makeTestDb();
    const err = await createSite(db, { municipality: ' ', quarter: 'Nordend' }).catch(
      (e: unknown) => e,
    );
    db.close();
    expect(err).toBeInstanceOf(ValidationError);
    expect(issuePaths(err)).toEqual(['municipality']);
    expect(errorMessage(err)).toBe('Bitte prüfen Sie „Kommune“: Pflichtangabe');
    setLang('en');
    expect(errorMessage(err)).toBe('Please check “Municipality”: required');
  });
  it('a full device says so and that the input is kept', () => {
    expect(errorMessage(new StorageFullError())).toMatch(
      /Speicher dieses Geräts ist voll.*Eingabe bleibt/,
    );
    expect(errorMessage(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toMatch(
      /Speicher/,
    );
  });
  it('anything else is shown with its own message', () => {
    expect(errorMessage(new Error('kaputt'))).toBe('Unerwarteter Fehler: kaputt');
  });
});
