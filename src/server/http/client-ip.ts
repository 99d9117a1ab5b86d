// The client address for per-IP limits: the TCP peer on @hono/node-server ('local' for
// in-process app.request()). Behind a reverse proxy every request has the proxy's address, so
// with `trustProxy` (env TRUST_PROXY=1, only when a proxy you run sets the header) the last
// X-Forwarded-For entry — the one that proxy appended — is used instead.
import type { Context } from 'hono';

export function makeClientIp(trustProxy: boolean) {
  return (c: Context): string => {
    if (trustProxy) {
      const forwarded = c.req
        .header('x-forwarded-for')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .at(-1);
      if (forwarded) return forwarded;
    }
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'local';
  };
}
