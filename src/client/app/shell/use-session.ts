// The session as components see it: what <SessionGate> (session-context.tsx) provides.
// Kept apart from the gate so that pages the gate loads lazily (the sign-in page) can read
// the session without importing the gate back (no import cycle).
import { createContext, useContext } from 'solid-js';
import type { Session } from '../../../shared/auth';
import type { SyncEngineLike } from './engine-host';

export type SessionApi = {
  session: () => Session;
  token: () => string | null;
  /** The server refused the token (401) or it expired: the user must sign in again. */
  needsReauth: () => boolean;
  /** The server asked for a newer app (426). */
  updateRequired: () => boolean;
  engine: () => SyncEngineLike | null;
  signIn: (email: string, password: string) => Promise<void>;
  redeem: (inviteCode: string, password: string, name?: string) => Promise<void>;
  /** Throws LogoutBlockedError while changes wait; otherwise removes this user's data from the device. */
  logout: () => Promise<void>;
};

export const SessionContext = createContext<SessionApi>();

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside <SessionGate>');
  return s;
}

/** Like useSession(), but null outside the gate (components that also render without it). */
export function useOptionalSession(): SessionApi | null {
  return useContext(SessionContext) ?? null;
}
