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
  'users.disable': '{name} sperren',
  'users.enable': '{name} entsperren',
  'users.disabled': 'gesperrt',
  'users.offline': 'Die Benutzerverwaltung braucht eine Verbindung zum Server.',
  'users.forbidden': 'Nur die Koordination kann Konten verwalten.',
  'users.created': 'Konto für {name} angelegt. Der Einladungscode steht bei dem Konto.',
  'users.noSites':
    'Auf diesem Gerät ist noch kein Standort. Legen Sie zuerst einen Standort an, dann das Konto für das Quartiersmanagement.',
  'users.siteNotHere': 'Standort: nicht auf diesem Gerät (noch nicht synchronisiert)',
  'users.allSites': 'alle Standorte',
  'users.status.invited': 'Einladung offen seit {since}, gültig bis {until}',
  'users.status.inviteExpired': 'Einladung abgelaufen am {until}',
  'users.status.noInvite': 'Noch nie angemeldet, keine Einladung offen',
  'users.status.active': 'aktiv',
  'users.status.activeInvite': 'aktiv · neue Einladung offen bis {until}',
  'users.status.disabled': 'gesperrt',
  'users.lastActive': 'Zuletzt aktiv: {when}',
  'users.lastSync': '{when} (synchronisiert)',
  'users.lastSignIn': '{when} (angemeldet)',
  'users.never': 'noch nie',
  'users.justNow': 'gerade eben',
  'users.showInvite': 'Einladung anzeigen',
  'users.showInviteFor': 'Einladung anzeigen für {name}',
  'users.hideInvite': 'Ausblenden',
  'users.reissue': 'Neue Einladung',
  'users.reissueFor': 'Neue Einladung für {name}',
  'users.reissueConfirm':
    'Neue Einladung für {name} ausstellen? Der bisherige Code gilt dann nicht mehr.',
  'users.inviteFor': 'Einladungscode für {name}',
  'users.inviteValid': 'Gültig bis {until}, nur einmal.',
  'users.inviteHow':
    'So meldet sich {name} an: {url} öffnen, „Ich habe einen Einladungscode“ wählen, den Code eingeben und ein eigenes Passwort festlegen.',
  'users.copy': 'Code kopieren',
  'users.copied': 'Kopiert ✓',
  'users.copyFailed': 'Kopieren ging nicht. Bitte den Code markieren und kopieren.',
  'users.inviteNotShowable':
    'Dieser Code kann nicht mehr angezeigt werden. Mit „Neue Einladung“ erhalten Sie einen neuen.',
  'users.change': 'Rolle oder Standort ändern',
  'users.changeFor': 'Rolle oder Standort ändern: {name}',
  'users.changeTitle': 'Rolle und Standort von {name}',
  'users.review': 'Weiter',
  'users.cancel': 'Abbrechen',
  'users.confirmChange': 'Ja, so ändern',
  'users.confirmTitle': 'Was die Änderung bewirkt',
  'users.unchanged': 'Rolle und Standort sind unverändert.',
  'users.disableConfirm':
    '{name} sperren? {name} wird auf allen Geräten abgemeldet und kann sich nicht mehr anmelden. Was dort noch nicht gesendet ist, bleibt auf dem Gerät, bis das Konto entsperrt ist und {name} sich wieder anmeldet.',
  'users.effect.role': '{name} ist danach {role}.',
  'users.effect.moveSite': '{name} sieht danach nur noch den Standort {to}, nicht mehr {from}.',
  'users.effect.toSite': '{name} sieht danach nur noch den Standort {to} und arbeitet nur dort.',
  'users.effect.allSites': '{name} sieht danach alle Standorte.',
  'users.effect.refusedOld':
    'Änderungen, die das Gerät von {name} für {from} noch nicht gesendet hat, nimmt der Server nicht mehr an. Sie erscheinen dort als abgelehnte Änderungen, die {name} exportieren oder verwerfen kann; bis dahin bleiben sie auf dem Gerät.',
  'users.effect.refusedOther':
    'Änderungen an anderen Standorten, die das Gerät von {name} noch nicht gesendet hat, nimmt der Server nicht mehr an. Sie erscheinen dort als abgelehnte Änderungen, die {name} exportieren oder verwerfen kann; bis dahin bleiben sie auf dem Gerät.',
  'users.effect.resetNarrow':
    'Beim nächsten Synchronisieren lädt das Gerät von {name} die Daten von {to} neu. Von anderen Standorten bleibt dort nur, was zu diesen abgelehnten Änderungen gehört.',
  'users.effect.resetWide':
    'Beim nächsten Synchronisieren lädt das Gerät von {name} die Daten aller Standorte neu. Noch nicht gesendete Änderungen bleiben erhalten und werden gesendet.',
  'users.effect.loseCoordination':
    '{name} kann danach keine Standorte und Konten mehr verwalten. Noch nicht gesendete Änderungen, die nur die Koordination darf (etwa an Standorten), nimmt der Server nicht an; sie erscheinen als abgelehnte Änderungen, die {name} exportieren oder verwerfen kann.',
  'users.effect.gainCoordination':
    '{name} kann danach Standorte anlegen und ändern, Konten verwalten und die Übersicht aller Standorte sehen.',
  'users.effect.when':
    'Das gilt ab der nächsten Verbindung des Geräts mit dem Server; angemeldet bleibt {name}.',
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
  'users.disable': 'Disable {name}',
  'users.enable': 'Enable {name}',
  'users.disabled': 'disabled',
  'users.offline': 'User administration needs a connection to the server.',
  'users.forbidden': 'Only coordinators can manage accounts.',
  'users.created': 'Account for {name} created. The invite code is shown with the account.',
  'users.noSites':
    'There is no site on this device yet. Create a site first, then the neighbourhood management account.',
  'users.siteNotHere': 'Site: not on this device (not synced yet)',
  'users.allSites': 'all sites',
  'users.status.invited': 'Invite open since {since}, valid until {until}',
  'users.status.inviteExpired': 'Invite expired on {until}',
  'users.status.noInvite': 'Never signed in, no invite open',
  'users.status.active': 'active',
  'users.status.activeInvite': 'active · new invite open until {until}',
  'users.status.disabled': 'disabled',
  'users.lastActive': 'Last active: {when}',
  'users.lastSync': '{when} (synced)',
  'users.lastSignIn': '{when} (signed in)',
  'users.never': 'never',
  'users.justNow': 'just now',
  'users.showInvite': 'Show invite',
  'users.showInviteFor': 'Show invite for {name}',
  'users.hideInvite': 'Hide',
  'users.reissue': 'New invite',
  'users.reissueFor': 'New invite for {name}',
  'users.reissueConfirm': 'Issue a new invite for {name}? The previous code will stop working.',
  'users.inviteFor': 'Invite code for {name}',
  'users.inviteValid': 'Valid until {until}, once.',
  'users.inviteHow':
    'How {name} signs in: open {url}, choose “I have an invite code”, enter the code and set a password of their own.',
  'users.copy': 'Copy code',
  'users.copied': 'Copied ✓',
  'users.copyFailed': 'Copying did not work. Please select the code and copy it.',
  'users.inviteNotShowable': 'This code can no longer be shown. “New invite” gives you a new one.',
  'users.change': 'Change role or site',
  'users.changeFor': 'Change role or site of {name}',
  'users.changeTitle': 'Role and site of {name}',
  'users.review': 'Next',
  'users.cancel': 'Cancel',
  'users.confirmChange': 'Yes, change it',
  'users.confirmTitle': 'What the change does',
  'users.unchanged': 'Role and site are unchanged.',
  'users.disableConfirm':
    'Disable {name}? {name} is signed out on every device and cannot sign in any more. Whatever is not sent yet stays on the device until the account is enabled and {name} signs in again.',
  'users.effect.role': '{name} will be {role}.',
  'users.effect.moveSite': '{name} will see only the site {to}, no longer {from}.',
  'users.effect.toSite': '{name} will see only the site {to} and work only there.',
  'users.effect.allSites': '{name} will see all sites.',
  'users.effect.refusedOld':
    "Changes {name}'s device has not sent yet for {from} will be refused by the server. They show there as refused changes that {name} can export or discard; until then they stay on the device.",
  'users.effect.refusedOther':
    "Changes to other sites that {name}'s device has not sent yet will be refused by the server. They show there as refused changes that {name} can export or discard; until then they stay on the device.",
  'users.effect.resetNarrow':
    "At the next sync, {name}'s device loads the data of {to} afresh. Of other sites, only what belongs to those refused changes stays there.",
  'users.effect.resetWide':
    "At the next sync, {name}'s device loads the data of all sites afresh. Changes not sent yet are kept and sent.",
  'users.effect.loseCoordination':
    '{name} will no longer manage sites and accounts. Changes not sent yet that only coordinators may make (such as to sites) will be refused by the server; they show as refused changes that {name} can export or discard.',
  'users.effect.gainCoordination':
    '{name} will be able to create and change sites, manage accounts and see the overview of all sites.',
  'users.effect.when':
    "This applies from the device's next contact with the server; {name} stays signed in.",
};

export const at = defineTexts('accounts', de, en);
