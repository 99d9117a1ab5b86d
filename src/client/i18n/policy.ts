// Words for what a role may not do: the "not allowed" page of a route the signed-in account
// cannot use, and the hints where an action is not offered (src/shared/policy.ts decides).
import { defineTexts } from './define';

export const pt = defineTexts(
  'policy',
  {
    'denied.title': 'Nicht erlaubt',
    'denied.role': 'Sie sind als {role} angemeldet.',
    'denied.sites': 'Standorte legt die Koordination an und bearbeitet sie.',
    'denied.users': 'Konten verwaltet die Koordination.',
    'denied.overview': 'Die standortübergreifende Übersicht ist der Koordination vorbehalten.',
    'denied.activity': 'Die Aktivität an allen Standorten ist der Koordination vorbehalten.',
    'denied.templates': 'Checklisten-Vorlagen pflegt die Koordination.',
    'denied.home': 'Zur Besuchsliste',
    'visits.noSiteBound':
      'Ihrem Konto ist kein Standort zugeordnet. Bitte wenden Sie sich an die Koordination.',
    'visits.noSiteYet': 'Es gibt noch keinen Standort. Standorte legt die Koordination an.',
    'visits.siteNotAllowed':
      'An diesem Standort können Sie keinen Besuch anlegen. Wählen Sie einen Ihrer Standorte.',
    'conflict.notAllowed':
      'Ihr Konto darf diesen Eintrag nicht ändern; über diesen Konflikt entscheidet die Koordination.',
    'visit.delete': 'Besuch löschen',
    'visit.deleteConfirm':
      'Diesen Besuch mit seinen Checklisten, Beobachtungen, Fotos und Vereinbarungen löschen?',
  },
  {
    'denied.title': 'Not allowed',
    'denied.role': 'You are signed in as {role}.',
    'denied.sites': 'Sites are created and edited by the coordinating office.',
    'denied.users': 'Accounts are managed by the coordinating office.',
    'denied.overview': 'The cross-site overview is for the coordinating office.',
    'denied.activity': 'The activity across sites is for the coordinating office.',
    'denied.templates': 'Checklist templates are kept by the coordinating office.',
    'denied.home': 'Go to the visit list',
    'visits.noSiteBound':
      'No site is assigned to your account. Please contact the coordinating office.',
    'visits.noSiteYet': 'There is no site yet. Sites are created by the coordinating office.',
    'visits.siteNotAllowed': 'You cannot create a visit at this site. Choose one of your sites.',
    'conflict.notAllowed':
      'Your account may not change this record; the coordinating office decides this conflict.',
    'visit.delete': 'Delete visit',
    'visit.deleteConfirm':
      'Delete this visit with its checklists, observations, photos and agreements?',
  },
);
