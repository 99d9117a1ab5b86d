// Texts of the account and user administration pages (lazy routes).
import { defineTexts } from '.';

const de = {
  'account.title': 'Konto',
  'account.signedInAs': 'Angemeldet als {name} ({email})',
  'account.role': 'Rolle: {role}',
  'account.logout': 'Abmelden',
  'account.logoutBusy': 'Meldet ab …',
  'account.logoutBlocked':
    'Abmelden ist nicht möglich: {n, plural, one {# Änderung ist} other {# Änderungen sind}} noch nicht synchronisiert. Abmelden würde sie von diesem Gerät löschen. Bitte zuerst synchronisieren.',
  'account.logoutBlockedPhotos':
    'Abmelden ist nicht möglich: {what}. Abmelden würde sie von diesem Gerät löschen. Bitte zuerst synchronisieren oder alles exportieren.',
  'account.logoutConfirm': 'Abmelden löscht alle Daten dieses Kontos von diesem Gerät. Fortfahren?',
  'account.users': 'Benutzer verwalten',
  'users.title': 'Benutzer',
  'users.list': 'Konten',
  'users.empty': 'Noch keine Konten.',
  'users.create': 'Konto anlegen',
  'users.name': 'Name',
  'users.email': 'E-Mail',
  'users.role': 'Rolle',
  'users.site': 'Standort (für Quartiersmanagement)',
  'users.noSite': '— kein Standort —',
  'users.invite': 'Einladungscode für {email}: {code}',
  'users.inviteHint': 'Geben Sie den Code persönlich weiter; er gilt nur einmal.',
  'users.newInvite': 'Neuer Einladungscode für {name}',
  'users.disable': '{name} sperren',
  'users.enable': '{name} entsperren',
  'users.disabled': 'gesperrt',
  'users.offline': 'Die Benutzerverwaltung braucht eine Verbindung zum Server.',
  'users.forbidden': 'Nur die Koordination kann Konten verwalten.',
} as const;

const en: Record<keyof typeof de, string> = {
  'account.title': 'Account',
  'account.signedInAs': 'Signed in as {name} ({email})',
  'account.role': 'Role: {role}',
  'account.logout': 'Sign out',
  'account.logoutBusy': 'Signing out …',
  'account.logoutBlocked':
    'Cannot sign out: {n, plural, one {# change is} other {# changes are}} not synced yet. Signing out would delete them from this device. Please sync first.',
  'account.logoutBlockedPhotos':
    'Cannot sign out: {what}. Signing out would delete them from this device. Please sync or export everything first.',
  'account.logoutConfirm':
    'Signing out deletes all data of this account from this device. Continue?',
  'account.users': 'Manage users',
  'users.title': 'Users',
  'users.list': 'Accounts',
  'users.empty': 'No accounts yet.',
  'users.create': 'Create account',
  'users.name': 'Name',
  'users.email': 'Email',
  'users.role': 'Role',
  'users.site': 'Site (for neighbourhood management)',
  'users.noSite': '— no site —',
  'users.invite': 'Invite code for {email}: {code}',
  'users.inviteHint': 'Hand the code over in person; it works once.',
  'users.newInvite': 'New invite code for {name}',
  'users.disable': 'Disable {name}',
  'users.enable': 'Enable {name}',
  'users.disabled': 'disabled',
  'users.offline': 'User administration needs a connection to the server.',
  'users.forbidden': 'Only coordinators can manage accounts.',
};

export const at = defineTexts('accounts', de, en);
