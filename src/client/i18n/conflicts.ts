// Texts that name a record and the two people of a conflict (sync page, visit page marks, rejection
// groups). Users are addressed with "Sie"; the other person is named, never "mine"/"yours".
import { defineTexts } from '.';

const de = {
  'name.quote': '„{words}“',
  'name.visit': 'Besuch am {date}',
  'name.visitAt': 'Besuch am {date}, {site}',
  'name.general': 'Allgemein (kein Handlungsfeld)',
  'name.field': 'Feld „{field}“',
  'side.between': 'Konflikt zwischen {a} und {b}',
  'side.with': 'Konflikt mit {b}',
  'side.withUnknown': 'Konflikt mit einer früheren Änderung',
  'side.self': 'Konflikt zwischen zwei Ihrer Geräte',
  'side.yours': 'Ihr Wert',
  'side.of': 'Wert von {name}',
  'side.keepYours': 'Ihren Wert behalten',
  'side.keepOf': 'Wert von {name} behalten',
  'side.first': 'Zuerst gespeicherter Wert',
  'side.second': 'Später gesendeter Wert',
  'side.keepFirst': 'Zuerst gespeicherten Wert behalten',
  'side.keepSecond': 'Später gesendeten Wert behalten',
  'side.deletedBy': 'Gelöscht von {name}',
  'side.deleted': 'Gelöscht',
  'mark.conflict': 'In der Zwischenzeit von {name} geändert – Konflikt offen',
  'mark.conflictUnknown': 'In der Zwischenzeit anderswo geändert – Konflikt offen',
  'mark.resolve': 'Konflikt lösen',
  'mark.count': '{n, plural, one {# offener Konflikt} other {# offene Konflikte}} in diesem Besuch',
  'mark.changedMeanwhile': 'In der Zwischenzeit von {name} geändert: „{value}“',
  'mark.changedMeanwhileUnknown': 'In der Zwischenzeit anderswo geändert: „{value}“',
  'mark.keepsYours':
    'Ihr Text bleibt stehen. Beim Speichern wird ein Konflikt festgehalten, den Sie dann lösen.',
} as const;

const en: Record<keyof typeof de, string> = {
  'name.quote': '“{words}”',
  'name.visit': 'Visit on {date}',
  'name.visitAt': 'Visit on {date}, {site}',
  'name.general': 'General (no action field)',
  'name.field': 'field “{field}”',
  'side.between': 'Conflict between {a} and {b}',
  'side.with': 'Conflict with {b}',
  'side.withUnknown': 'Conflict with an earlier change',
  'side.self': 'Conflict between two of your devices',
  'side.yours': 'Your value',
  'side.of': "{name}'s value",
  'side.keepYours': 'Keep your value',
  'side.keepOf': "Keep {name}'s value",
  'side.first': 'Value saved first',
  'side.second': 'Value sent later',
  'side.keepFirst': 'Keep the value saved first',
  'side.keepSecond': 'Keep the value sent later',
  'side.deletedBy': 'Deleted by {name}',
  'side.deleted': 'Deleted',
  'mark.conflict': 'Changed by {name} meanwhile – conflict open',
  'mark.conflictUnknown': 'Changed elsewhere meanwhile – conflict open',
  'mark.resolve': 'Resolve conflict',
  'mark.count': '{n, plural, one {# open conflict} other {# open conflicts}} in this visit',
  'mark.changedMeanwhile': 'Changed by {name} meanwhile: “{value}”',
  'mark.changedMeanwhileUnknown': 'Changed elsewhere meanwhile: “{value}”',
  'mark.keepsYours': 'Your text stays. Saving it records a conflict, which you then resolve.',
};

export const ct = defineTexts('conflicts', de, en);
