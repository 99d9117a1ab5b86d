// The words of the account list: what a role or site change does (the confirmation), where an
// account stands, and when it was last active.
import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../../src/shared/auth';
import { lastActive, statusText } from '../../../../src/client/app/users/account-words';
import { consequences } from '../../../../src/client/app/users/consequences';
import { relativeTime } from '../../../../src/client/app/users/when';

const SITES: Record<string, string> = { a: 'Hanau – Lamboy', b: 'Hanau – Südost' };
const site = (id: string) => SITES[id]!;
const say = (from: Parameters<typeof consequences>[1], to: Parameters<typeof consequences>[2]) =>
  consequences('Quentin', from, to, site).join(' ');

describe('what a change of role or site does', () => {
  it('moving a Quartiersmanagement account: the old site is gone, its queued work comes back refused, the device reloads', () => {
    const text = say(
      { role: 'quartiersmanagement', siteId: 'a' },
      { role: 'quartiersmanagement', siteId: 'b' },
    );
    expect(text).toContain(
      'Quentin sieht danach nur noch den Standort Hanau – Südost, nicht mehr Hanau – Lamboy.',
    );
    expect(text).toContain(
      'für Hanau – Lamboy noch nicht gesendet hat, nimmt der Server nicht mehr an',
    );
    expect(text).toContain('exportieren oder verwerfen');
    expect(text).toContain('die Daten von Hanau – Südost neu');
    expect(text).not.toContain('ist danach'); // the role stays
  });

  it('a member becoming Quartiersmanagement: other sites refused; back to member: everything reloads, queued work is sent', () => {
    const narrow = say(
      { role: 'member', siteId: null },
      { role: 'quartiersmanagement', siteId: 'a' },
    );
    expect(narrow).toContain('Quentin ist danach Quartiersmanagement.');
    expect(narrow).toContain('Änderungen an anderen Standorten');
    const wide = say(
      { role: 'quartiersmanagement', siteId: 'a' },
      { role: 'member', siteId: null },
    );
    expect(wide).toContain('Quentin sieht danach alle Standorte.');
    expect(wide).toContain('Noch nicht gesendete Änderungen bleiben erhalten und werden gesendet.');
    expect(wide).not.toContain('nimmt der Server nicht mehr an');
  });

  it('coordinator rights come and go without a reload; nothing changed says nothing', () => {
    const down = say({ role: 'coordinator', siteId: null }, { role: 'member', siteId: null });
    expect(down).toContain('keine Standorte und Konten mehr verwalten');
    expect(down).not.toContain('lädt das Gerät');
    expect(say({ role: 'member', siteId: null }, { role: 'coordinator', siteId: null })).toContain(
      'Konten verwalten',
    );
    expect(
      consequences('Q', { role: 'member', siteId: null }, { role: 'member', siteId: null }, site),
    ).toEqual([]);
  });
});

const NOW = Date.parse('2026-12-02T10:00:00Z');
const account = (extra: Partial<AccountSummary>): AccountSummary => ({
  id: '01900000-0000-7000-8000-000000000001',
  email: 'q@example.org',
  name: 'Quentin',
  role: 'member',
  siteId: null,
  disabled: false,
  createdAt: '2026-11-30T09:00:00.000Z',
  lastSignInAt: null,
  lastSyncAt: null,
  status: 'active',
  invite: null,
  ...extra,
});

describe('where an account stands and when it was last active', () => {
  it('invite open since, expired, active with a new invite, disabled', () => {
    const invite = {
      issuedAt: '2026-12-01T09:00:00.000Z',
      expiresAt: '2026-12-15T09:00:00.000Z',
      showable: true,
    };
    expect(statusText(account({ status: 'invited', invite }), NOW)).toMatch(
      /^Einladung offen seit 1\. Dez\. 2026, \d\d:00, gültig bis 15\. Dez\. 2026, \d\d:00$/,
    );
    expect(
      statusText(
        account({
          status: 'invite_expired',
          invite: { ...invite, expiresAt: '2026-12-01T10:00:00.000Z' },
        }),
        NOW,
      ),
    ).toMatch(/^Einladung abgelaufen am 1\. Dez\. 2026/);
    expect(statusText(account({ status: 'invite_expired' }), NOW)).toBe(
      'Noch nie angemeldet, keine Einladung offen',
    );
    expect(statusText(account({ invite }), NOW)).toMatch(
      /^aktiv · neue Einladung offen bis 15\. Dez\. 2026/,
    );
    expect(statusText(account({}), NOW)).toBe('aktiv');
    expect(statusText(account({ status: 'disabled', disabled: true }), NOW)).toBe('gesperrt');
  });

  it('the newer of sign-in and sync, relative; never', () => {
    expect(lastActive(account({}), NOW)).toBe('Zuletzt aktiv: noch nie');
    expect(
      lastActive(
        account({
          lastSignInAt: '2026-12-02T09:00:00.000Z',
          lastSyncAt: '2026-12-02T09:55:00.000Z',
        }),
        NOW,
      ),
    ).toBe('Zuletzt aktiv: vor 5 Minuten (synchronisiert)');
    expect(lastActive(account({ lastSignInAt: '2026-12-01T09:00:00.000Z' }), NOW)).toBe(
      'Zuletzt aktiv: gestern (angemeldet)',
    );
  });

  it('relative times: just now, minutes, hours, days; a date after a week', () => {
    expect(relativeTime('2026-12-02T09:59:30Z', 'de', NOW)).toBe('gerade eben');
    expect(relativeTime('2026-12-02T07:00:00Z', 'de', NOW)).toBe('vor 3 Stunden');
    expect(relativeTime('2026-11-29T10:00:00Z', 'en', NOW)).toBe('3 days ago');
    expect(relativeTime('2026-11-01T10:00:00Z', 'de', NOW)).toMatch(/^1\. Nov\. 2026, \d\d:00$/);
  });
});
