// Texts of the sign-in gate: part of the first screen, so kept apart from the other areas.
import { defineTexts } from '.';

const de = {
  'signin.title': 'Anmelden',
  'signin.intro': 'Einmal mit Netz anmelden – danach arbeitet dieses Gerät auch offline.',
  'signin.email': 'E-Mail',
  'signin.password': 'Passwort',
  'signin.submit': 'Anmelden',
  'signin.busy': 'Meldet an …',
  'signin.withInvite': 'Ich habe einen Einladungscode',
  'signin.withPassword': 'Mit E-Mail und Passwort anmelden',
  'signin.invite': 'Einladungscode',
  'signin.name': 'Ihr Name (optional)',
  'signin.newPassword': 'Neues Passwort (mind. 10 Zeichen)',
  'signin.redeem': 'Konto aktivieren und anmelden',
  'signin.wrong': 'E-Mail oder Passwort stimmt nicht (oder der Code ist ungültig).',
  'signin.rate': 'Zu viele Versuche. Bitte einige Minuten warten.',
  'signin.offline': 'Keine Verbindung zum Server. Die erste Anmeldung braucht Netz.',
  'signin.failed': 'Anmeldung fehlgeschlagen: {msg}',
  'signin.reauth': 'Bitte erneut anmelden',
  'signin.reauthIntro':
    'Ihre Anmeldung ist abgelaufen. Ihre Änderungen auf diesem Gerät bleiben erhalten und werden nach der Anmeldung gesendet.',
} as const;

const en: Record<keyof typeof de, string> = {
  'signin.title': 'Sign in',
  'signin.intro': 'Sign in once while online – afterwards this device also works offline.',
  'signin.email': 'Email',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.busy': 'Signing in …',
  'signin.withInvite': 'I have an invite code',
  'signin.withPassword': 'Sign in with email and password',
  'signin.invite': 'Invite code',
  'signin.name': 'Your name (optional)',
  'signin.newPassword': 'New password (at least 10 characters)',
  'signin.redeem': 'Activate account and sign in',
  'signin.wrong': 'Email or password is wrong (or the code is invalid).',
  'signin.rate': 'Too many attempts. Please wait a few minutes.',
  'signin.offline': 'No connection to the server. The first sign-in needs a network.',
  'signin.failed': 'Sign-in failed: {msg}',
  'signin.reauth': 'Please sign in again',
  'signin.reauthIntro':
    'Your sign-in has expired. Your changes on this device are kept and will be sent after you sign in.',
};

/** Sign-in texts: part of the first screen. */
export const st = defineTexts('session', de, en);
