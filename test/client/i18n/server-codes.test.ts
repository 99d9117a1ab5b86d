// The server answers codes; the client turns them into words. A rejection shows a sentence
// from the client's dictionaries in the UI language, never the server's English message.
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, REJECTION_CODES } from '../../../src/shared/protocol';
import { setLang } from '../../../src/client/i18n';
import { ct } from '../../../src/client/i18n/conflicts';
import { syncErrorText } from '../../../src/client/i18n/sync';
import { serverProblem } from '../../../src/client/i18n/server';
import { rejectionReason } from '../../../src/client/app/rejection-reason';
import { ApiRequestError } from '../../../src/client/session/errors';

const SERVER_MESSAGE = 'role member may not patch this site';
const forbiddenSitePatch = {
  code: 'forbidden',
  entity: 'site',
  path: null,
  message: SERVER_MESSAGE,
  payload: { op: 'patch', entity: 'site', fields: { municipality: 'Halle' } },
};

describe('rejection reasons in the client language', () => {
  it('a forbidden site patch reads as a German sentence without the server text', () => {
    const text = rejectionReason(forbiddenSitePatch, 'de');
    expect(text).toBe(
      'Grund: Keine Berechtigung: Ihre Rolle darf diesen Eintrag (Standort) nicht ändern.',
    );
    expect(text).not.toContain(SERVER_MESSAGE);
    expect(text).not.toMatch(/\b(role|may|patch|site)\b/);
  });

  it('reads as English in English, and names the refused field', () => {
    expect(rejectionReason(forbiddenSitePatch, 'en')).toBe(
      'Reason: Not allowed: your role may not change this record (Site).',
    );
    const invalid = (entity: string, path: string, op: string) => ({
      code: 'invalid',
      entity,
      path,
      payload: { op },
    });
    expect(rejectionReason(invalid('observation', 'text', 'create'), 'de')).toBe(
      'Grund: Die gesendeten Angaben sind ungültig (Beobachtung). Betroffenes Feld: „Text“.',
    );
    expect(rejectionReason(invalid('visit', 'participants.0.name', 'patch'), 'en')).toBe(
      'Reason: The data sent is invalid (Visit). Field concerned: “Participants”.',
    );
  });

  it('every rejection code the server can send has words in German and English', () => {
    for (const code of REJECTION_CODES) {
      const key = `rejection.code.${code}`;
      expect(ct.has(key), `no words for the server's rejection code "${code}"`).toBe(true);
      if (!ct.has(key)) continue;
      expect(ct.tables.de[key]).toMatch(/\S/);
      expect(ct.tables.en[key]).toMatch(/\S/);
    }
  });

  it('a code this client does not know yet still gets a sentence in its language', () => {
    const text = rejectionReason(
      { code: 'brand_new_rule', entity: 'visit', path: null, payload: null },
      'de',
    );
    expect(text).toBe('Grund: Der Server hat die Änderung (Besuch) abgelehnt.');
  });
});

describe('API and sync errors in the client language', () => {
  it('an API error shows words chosen by its code, not the server message', () => {
    setLang('de');
    const taken = new ApiRequestError(
      409,
      'email_taken',
      'server detail: email already registered',
      'email',
    );
    expect(serverProblem(taken)).toBe('Diese E-Mail-Adresse hat schon ein Konto.');
    expect(
      serverProblem(
        new ApiRequestError(400, 'invalid', 'Quartiersmanagement needs a site', 'siteId'),
      ),
    ).toBe('Für das Quartiersmanagement bitte einen Standort wählen.');
    expect(
      serverProblem(
        new ApiRequestError(400, 'invalid', 'must not contain control characters', 'name'),
      ),
    ).toMatch(/^Der Name ist ungültig: .*Steuerzeichen/);
    expect(serverProblem(new ApiRequestError(418, 'teapot', 'I am a teapot'))).toBe(
      'Der Server hat die Anfrage abgelehnt (Code teapot).',
    );
    setLang('en');
    expect(serverProblem(taken)).toBe('This email address already has an account.');
    setLang('de');
  });

  it('every API error code the server may send has its own words in German and English', () => {
    for (const l of ['de', 'en'] as const) {
      setLang(l);
      const fallback = serverProblem(new ApiRequestError(400, 'no_such_code', ''));
      for (const code of API_ERROR_CODES) {
        const text = serverProblem(new ApiRequestError(400, code, `server detail for ${code}`));
        expect(text, `no words for the API error code "${code}" (${l})`).not.toBe(
          fallback.replace('no_such_code', code),
        );
        expect(text).not.toContain('server detail');
        expect(text).toMatch(/\S/);
      }
    }
    setLang('de');
  });

  it('a failed sync names the HTTP status, never the body the server wrote', () => {
    setLang('de');
    expect(syncErrorText('http_400: invalid request: mutations.0.fields: Required')).toBe(
      'Der Server hat mit Status 400 geantwortet',
    );
    expect(syncErrorText('network: Failed to fetch')).toBe('network: Failed to fetch');
  });
});
