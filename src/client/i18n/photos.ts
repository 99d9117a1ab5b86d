// Texts of the photo feature: capture, strip, viewer, settings, and the words for every
// reason a photo is refused (PhotoErrorCode in src/shared/photo-errors.ts).
import { type Vars, defineTexts } from '.';
import type { PhotoErrorCode } from '../../shared/photo-errors';
import type { Lang } from '../../shared/domain/vocab';

const de = {
  take: 'Foto aufnehmen',
  gallery: 'Aus Galerie wählen',
  caption: 'Bildunterschrift',
  remove: 'Foto löschen',
  earlier: 'Foto nach vorne',
  later: 'Foto nach hinten',
  open: 'Foto {n} von {total} groß anzeigen',
  alt: 'Foto {n}',
  unnamed: 'Foto',
  viewer: 'Fotoansicht',
  close: 'Schließen',
  prev: 'Vorheriges Foto',
  next: 'Nächstes Foto',
  position: '{n} / {total}',
  processing: 'Foto wird verarbeitet … ({n} von {total})',
  saved1: '1 Foto gespeichert.',
  saved: '{n, plural, one {# Foto} other {# Fotos}} gespeichert.',
  duplicate: 'Dieses Foto ist hier bereits vorhanden und wurde nicht doppelt gespeichert.',
  deleted: 'Foto gelöscht.',
  restore: 'Wiederherstellen',
  usage: 'Fotos auf diesem Gerät: {mb} MB',
  quota: 'Gerätespeicher: {pct} % belegt',
  location: 'Aufnahmeort in Fotos speichern',
  locationHint:
    'Nur mit Ihrer Zustimmung: Der Ort wird aus dem Foto oder vom Gerät übernommen, alle anderen Bilddaten (EXIF) werden entfernt.',
  longEdge: 'Fotogröße (längste Kante, Pixel)',
  photos: 'Fotos',
  settings: 'Foto-Einstellungen',
  missing: 'Foto ist noch nicht auf diesem Gerät (wird bei Verbindung geladen).',
  err_empty: '„{name}“ ist leer (0 Byte) und wurde nicht gespeichert.',
  err_heic:
    '„{name}“ ist ein HEIC-Foto, das dieser Browser nicht lesen kann. Bitte als JPEG aufnehmen (iPhone: Einstellungen → Kamera → Formate → „Maximale Kompatibilität“) oder das Foto über die Kamera-Schaltfläche aufnehmen.',
  err_unsupported:
    '„{name}“ hat ein Bildformat, das nicht unterstützt wird. Bitte JPEG oder PNG verwenden.',
  err_corrupt: '„{name}“ ist kein lesbares Bild (Datei beschädigt oder kein Foto).',
  err_tooLarge: '„{name}“ ist zu groß (über 40 Megapixel). Bitte ein kleineres Foto wählen.',
  err_decode: '„{name}“ konnte nicht gelesen werden (Datei beschädigt?).',
  err_encode: '„{name}“ konnte auf diesem Gerät nicht als JPEG gespeichert werden.',
  err_storageFull:
    'Der Speicher dieses Geräts ist fast voll: neue Fotos werden nicht gespeichert. Texte und Checklisten können Sie weiter erfassen. Bitte synchronisieren oder Platz schaffen.',
  err_noTarget: 'Der Besuch oder die Beobachtung existiert auf diesem Gerät nicht (mehr).',
  err_other: '„{name}“ wurde nicht gespeichert: {msg}',
  prepare: 'Für den Besuch vorbereiten',
  prepareHintVisit:
    'Lädt alle Fotos dieses Besuchs auf dieses Gerät, damit Sie ohne Netz arbeiten können. Sie bleiben zwei Wochen hier.',
  prepareHintSite:
    'Lädt die Fotos aller Besuche dieses Standorts auf dieses Gerät, damit Sie ohne Netz arbeiten können. Sie bleiben zwei Wochen hier.',
  loading: 'Fotos laden: {done} von {total}',
  cancel: 'Abbrechen',
  prepareDone:
    'Alles für die Arbeit ohne Netz auf diesem Gerät ({n, plural, =0 {keine Fotos} one {# Foto} other {# Fotos}}).',
  prepareMissing:
    '{n, plural, one {# Foto fehlt} other {# Fotos fehlen}} noch auf diesem Gerät. Bitte mit Netz erneut vorbereiten:',
  prepareCancelled: 'Vorbereitung abgebrochen. Bereits geladene Fotos bleiben auf diesem Gerät.',
  prepareFailed: 'Vorbereitung fehlgeschlagen: {msg}',
  missingItem: '{caption} ({visit}): {reason}',
  exportMissingTitle: 'Fehlende Fotos',
  exportMissing:
    '{n, plural, one {# Foto konnte} other {# Fotos konnten}} nicht auf dieses Gerät geladen werden und {n, plural, one {fehlt} other {fehlen}} im Export:',
  exportWithout: 'Ohne diese Fotos exportieren',
  reason_offline: 'keine Verbindung',
  reason_not_uploaded: 'vom aufnehmenden Gerät noch nicht hochgeladen',
  reason_signed_out: 'nicht angemeldet',
  reason_hash_mismatch: 'fehlerhaft übertragen',
  reason_aborted: 'abgebrochen',
  reason_budget: 'Fotospeicher dieses Geräts voll',
  reason_other: 'Fehler beim Laden ({code})',
  budget: 'Speicher für Fotos anderer (MB)',
  budgetAuto: 'automatisch ({mb} MB)',
  budgetHint:
    'Vorschaubilder aller Fotos werden nach jeder Synchronisation geladen, bis dieser Speicher voll ist; zuerst werden am längsten nicht angesehene Fotos entfernt, die der Server hat. Eigene, noch nicht hochgeladene Fotos werden nie entfernt.',
} as const;

const en: Record<keyof typeof de, string> = {
  take: 'Take photo',
  gallery: 'Choose from gallery',
  caption: 'Caption',
  remove: 'Delete photo',
  earlier: 'Move photo earlier',
  later: 'Move photo later',
  open: 'Show photo {n} of {total} full screen',
  alt: 'Photo {n}',
  unnamed: 'Photo',
  viewer: 'Photo viewer',
  close: 'Close',
  prev: 'Previous photo',
  next: 'Next photo',
  position: '{n} / {total}',
  processing: 'Processing photo … ({n} of {total})',
  saved1: '1 photo saved.',
  saved: '{n, plural, one {# photo} other {# photos}} saved.',
  duplicate: 'This photo is already here and was not stored twice.',
  deleted: 'Photo deleted.',
  restore: 'Restore',
  usage: 'Photos on this device: {mb} MB',
  quota: 'Device storage: {pct} % used',
  location: 'Save the location with photos',
  locationHint:
    'Only with your consent: the place is taken from the photo or the device; all other image metadata (EXIF) is removed.',
  longEdge: 'Photo size (long edge, pixels)',
  photos: 'Photos',
  settings: 'Photo settings',
  missing: 'Photo is not on this device yet (loads when online).',
  err_empty: '"{name}" is empty (0 bytes) and was not saved.',
  err_heic:
    '"{name}" is a HEIC photo this browser cannot read. Please shoot JPEG (iPhone: Settings → Camera → Formats → "Most Compatible") or use the camera button.',
  err_unsupported: '"{name}" has an unsupported image format. Please use JPEG or PNG.',
  err_corrupt: '"{name}" is not a readable image (damaged file or not a photo).',
  err_tooLarge: '"{name}" is too large (over 40 megapixels). Please choose a smaller photo.',
  err_decode: '"{name}" could not be read (damaged file?).',
  err_encode: '"{name}" could not be saved as JPEG on this device.',
  err_storageFull:
    "This device's storage is nearly full: new photos are not saved. You can keep entering text and checklists. Please sync or free up space.",
  err_noTarget: 'The visit or observation no longer exists on this device.',
  err_other: '"{name}" was not saved: {msg}',
  prepare: 'Prepare for the visit',
  prepareHintVisit:
    'Loads all photos of this visit onto this device so you can work without a network. They stay here for two weeks.',
  prepareHintSite:
    'Loads the photos of all visits at this site onto this device so you can work without a network. They stay here for two weeks.',
  loading: 'Loading photos: {done} of {total}',
  cancel: 'Cancel',
  prepareDone:
    'Everything for working offline is on this device ({n, plural, =0 {no photos} one {# photo} other {# photos}}).',
  prepareMissing:
    '{n, plural, one {# photo is} other {# photos are}} still missing on this device. Please prepare again when online:',
  prepareCancelled: 'Preparation cancelled. Photos already loaded stay on this device.',
  prepareFailed: 'Preparation failed: {msg}',
  missingItem: '{caption} ({visit}): {reason}',
  exportMissingTitle: 'Missing photos',
  exportMissing:
    '{n, plural, one {# photo} other {# photos}} could not be loaded onto this device and {n, plural, one {is} other {are}} missing from the export:',
  exportWithout: 'Export without these photos',
  reason_offline: 'no connection',
  reason_not_uploaded: 'not uploaded yet by the device that took it',
  reason_signed_out: 'not signed in',
  reason_hash_mismatch: 'damaged in transfer',
  reason_aborted: 'cancelled',
  reason_budget: "this device's photo storage is full",
  reason_other: 'loading failed ({code})',
  budget: "Storage for other people's photos (MB)",
  budgetAuto: 'automatic ({mb} MB)',
  budgetHint:
    'Thumbnails of all photos are loaded after each sync until this storage is full; photos the server holds that were not viewed for the longest time are removed first. Your own photos not yet uploaded are never removed.',
};

export const pt = defineTexts('photos', de, en);

const REASONS = [
  'offline',
  'not_uploaded',
  'signed_out',
  'hash_mismatch',
  'aborted',
  'budget',
] as const;

/** Why a photo's bytes could not be loaded (a BlobUnavailableError code), in `lang` words. */
export function missingReasonText(code: string, lang?: Lang): string {
  const tr = lang ? pt.in(lang) : pt;
  const known = (REASONS as readonly string[]).includes(code);
  return known ? tr(`reason_${code as (typeof REASONS)[number]}`) : tr('reason_other', { code });
}

/** Why a photo was refused, in the current language ('other' carries the detail as {msg}). */
export function photoErrorText(code: PhotoErrorCode | 'other', vars: Vars): string {
  return pt(`err_${code}`, vars);
}
