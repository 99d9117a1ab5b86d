// The account as the server sees it now (GET /api/v1/auth/me): its role and site binding may have
// changed since this device signed in. Screens that offer an action only the server's current
// view allows (sending refused changes again) ask here first; null when it cannot be asked
// (offline, signed out, the server unreachable).
import { User } from '../../shared/auth';
import { z } from '../../shared/zod';

const Me = z.object({ user: User });

export async function currentUser(
  token: string | null,
  fetchImpl: typeof fetch = fetch,
): Promise<User | null> {
  // Certainly offline: no request (it could only fail, and the app sends none while offline).
  if (!token || globalThis.navigator?.onLine === false) return null;
  try {
    const res = await fetchImpl('/api/v1/auth/me', {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return null;
    const parsed = Me.safeParse(await res.json());
    return parsed.success ? parsed.data.user : null;
  } catch {
    return null;
  }
}
