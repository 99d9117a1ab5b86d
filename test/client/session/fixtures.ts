// A signed-in session and an in-memory localStorage for session unit tests.
import type { Session } from '../../../src/shared/auth';

export function sessionFor(id: string, expiresAt = '2099-01-01T00:00:00.000Z'): Session {
  return {
    token: `tok-${id}-0123456789abcdefghij`,
    expiresAt,
    user: {
      id,
      email: `${id}@example.org`,
      name: id.toUpperCase(),
      role: 'member',
      siteId: null,
      disabled: false,
    },
  };
}

export function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      m.set(k, v);
    },
    removeItem: (k: string) => {
      m.delete(k);
    },
  };
}
