// The peer address of a request on @hono/node-server ('local' for in-process app.request()).
// Proxies are not trusted: behind a reverse proxy every request shares its address, which makes
// per-IP limits stricter, never looser.
import type { Context } from 'hono';

export function clientIp(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
