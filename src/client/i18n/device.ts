// Texts of the device safety net: storage guard, Safari-tab warning, database
// and chunk-load banners, backup.
import { defineTexts } from '.';

const de = {
  'storage.title': 'Speicher auf diesem Gerät',
  'storage.persisted':
    'Dauerhafter Speicher ist gewährt: der Browser löscht die Daten nicht von sich aus.',
  'storage.notPersisted':
    'Dauerhafter Speicher ist nicht gewährt: der Browser darf die Daten bei Platzmangel löschen. Exportieren Sie regelmäßig.',
  'storage.unknown': 'Dieser Browser sagt nicht, ob die Daten dauerhaft gespeichert werden.',
  'storage.ask': 'Dauerhaften Speicher anfragen',
  'storage.askedAt': 'Zuletzt angefragt: {at} ({result})',
  'storage.granted': 'gewährt',
  'storage.denied': 'abgelehnt',
  'storage.usage': 'Belegt: {used} von {quota} ({pct} %)',
  'storage.usageUnknown': 'Belegung unbekannt.',
  'storage.warn':
    'Der Speicher ist zu {pct} % belegt. Bitte synchronisieren oder exportieren Sie bald; ab 95 % werden keine neuen Fotos mehr angenommen.',
  'storage.full':
    'Der Speicher ist zu {pct} % belegt: neue Fotos werden nicht mehr angenommen. Texte und Checklisten können Sie weiter erfassen.',
  'tab.warning':
    'Sie nutzen die App in einem Browser-Tab. Safari löscht Daten von Websites, die 7 Tage nicht benutzt wurden – auch noch nicht synchronisierte Besuche. Fügen Sie die App zum Home-Bildschirm hinzu.',
  'tab.stale':
    'Achtung: Änderungen warten seit {days, plural, one {# Tag} other {# Tagen}} auf die Synchronisierung. Bitte jetzt synchronisieren oder „Nur Ungesynchtes exportieren“ (Einstellungen).',
  'tab.guide': 'Zum Home-Bildschirm hinzufügen – so geht es',
  'tab.step1':
    'Tippen Sie in Safari unten (iPad: oben) auf das Teilen-Symbol (Quadrat mit Pfeil nach oben).',
  'tab.step2': 'Wählen Sie „Zum Home-Bildschirm“ (ggf. in der Liste nach unten scrollen).',
  'tab.step3': 'Tippen Sie auf „Hinzufügen“.',
  'tab.step4':
    'Öffnen Sie die App ab jetzt über das neue Symbol auf dem Home-Bildschirm und melden Sie sich dort an.',
  'tab.step5':
    'Wichtig: Tab und Home-Bildschirm-App haben getrennte Speicher. Synchronisieren Sie vorher oder übertragen Sie Ungesynchtes per Export/Import.',
  'db.versionchange': 'Neue Version in einem anderen Tab geöffnet – bitte neu laden.',
  'db.deleted': 'Die Daten wurden in einem anderen Tab entfernt – bitte neu laden.',
  'db.blocked':
    'Bitte andere Tabs schließen: die neue Version dieser App kann die Daten erst dann aktualisieren.',
  'chunk.offline':
    'Ein Teil der App fehlt nach einem Update und kann offline nicht geladen werden. Ihre Daten sind sicher; bitte neu laden, sobald Sie wieder Netz haben.',
  'chunk.failed':
    'Ein Teil der App konnte nach einem Update nicht geladen werden. Bitte neu laden.',
  'common.reload': 'Neu laden',
  'backup.title': 'Sicherung und Übertragung',
  'backup.intro':
    'Eine Datei mit allen Daten und Fotos dieses Geräts – zur Sicherung oder um Besuche ohne Netz auf ein anderes Gerät zu bringen. Noch nicht synchronisierte Änderungen werden vom anderen Gerät aus übertragen.',
  'backup.exportAll': 'Alles exportieren',
  'backup.exportUnsynced': 'Nur Ungesynchtes exportieren',
  'backup.import': 'Importieren',
  'backup.working': 'Bitte warten …',
  'backup.exported': 'Export erstellt: {name} ({size}).',
  'backup.imported':
    'Import abgeschlossen: {inserted} neu, {updated} aktualisiert, {unchanged} unverändert, {blobs, plural, one {# Foto} other {# Fotos}}, {enqueued, plural, one {# Änderung} other {# Änderungen}} zur Synchronisierung vorgemerkt.',
  'backup.err.damaged':
    'Die Datei ist beschädigt oder keine ZIP-Datei. Es wurde nichts importiert.',
  'backup.err.foreign': 'Die Datei ist kein Export dieser App. Es wurde nichts importiert.',
  'backup.err.too-new':
    'Die Datei stammt aus einer neueren App-Version. Bitte aktualisieren Sie die App zuerst. Es wurde nichts importiert.',
  'backup.err.invalid': 'Die Datei enthält ungültige Daten ({where}). Es wurde nichts importiert.',
  'backup.err.full':
    'Nicht genug Speicher auf diesem Gerät. Es wurde nichts importiert; Ihre bisherigen Daten sind unverändert.',
  'backup.err.other': 'Import/Export fehlgeschlagen: {msg}. Es wurde nichts verändert.',
} as const;

const en: Record<keyof typeof de, string> = {
  'storage.title': 'Storage on this device',
  'storage.persisted':
    'Persistent storage granted: the browser will not delete the data on its own.',
  'storage.notPersisted':
    'Persistent storage not granted: the browser may delete the data when space runs low. Export regularly.',
  'storage.unknown': 'This browser does not tell whether the data is kept persistently.',
  'storage.ask': 'Request persistent storage',
  'storage.askedAt': 'Last requested: {at} ({result})',
  'storage.granted': 'granted',
  'storage.denied': 'denied',
  'storage.usage': 'Used: {used} of {quota} ({pct} %)',
  'storage.usageUnknown': 'Usage unknown.',
  'storage.warn':
    'Storage is {pct} % full. Please sync or export soon; from 95 % new photos are refused.',
  'storage.full':
    'Storage is {pct} % full: new photos are refused. You can keep entering text and checklists.',
  'tab.warning':
    'You are using the app in a browser tab. Safari deletes data of websites not used for 7 days – including visits not yet synced. Add the app to your home screen.',
  'tab.stale':
    'Attention: changes have been waiting {days, plural, one {# day} other {# days}} to sync. Please sync now or use "Export unsynced only" (Settings).',
  'tab.guide': 'Add to Home Screen – how to',
  'tab.step1':
    'In Safari, tap the Share icon at the bottom (iPad: top) – a square with an arrow pointing up.',
  'tab.step2': 'Choose "Add to Home Screen" (scroll down the list if needed).',
  'tab.step3': 'Tap "Add".',
  'tab.step4': 'From now on open the app from the new icon on the home screen and sign in there.',
  'tab.step5':
    'Important: the tab and the home-screen app have separate storage. Sync first, or move unsynced data by export/import.',
  'db.versionchange': 'A new version was opened in another tab – please reload.',
  'db.deleted': 'The data was removed in another tab – please reload.',
  'db.blocked':
    'Please close other tabs of this app: the new version can update the data only then.',
  'chunk.offline':
    'Part of the app is missing after an update and cannot be loaded offline. Your data is safe; please reload once you are online.',
  'chunk.failed': 'Part of the app could not be loaded after an update. Please reload.',
  'common.reload': 'Reload',
  'backup.title': 'Backup and transfer',
  'backup.intro':
    'One file with all data and photos of this device – as a backup or to move visits to another device without network. Unsynced changes are sent from the other device.',
  'backup.exportAll': 'Export everything',
  'backup.exportUnsynced': 'Export unsynced only',
  'backup.import': 'Import',
  'backup.working': 'Please wait …',
  'backup.exported': 'Export created: {name} ({size}).',
  'backup.imported':
    'Import finished: {inserted} new, {updated} updated, {unchanged} unchanged, {blobs, plural, one {# photo} other {# photos}}, {enqueued, plural, one {# change} other {# changes}} queued for sync.',
  'backup.err.damaged': 'The file is damaged or not a ZIP file. Nothing was imported.',
  'backup.err.foreign': 'The file is not an export of this app. Nothing was imported.',
  'backup.err.too-new':
    'The file comes from a newer app version. Please update the app first. Nothing was imported.',
  'backup.err.invalid': 'The file contains invalid data ({where}). Nothing was imported.',
  'backup.err.full':
    'Not enough storage on this device. Nothing was imported; your existing data is unchanged.',
  'backup.err.other': 'Import/export failed: {msg}. Nothing was changed.',
};

export const dt = defineTexts('device', de, en);
