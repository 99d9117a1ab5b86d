// Security headers. HTML gets a strict Content-Security-Policy: scripts only from this origin
// (no 'unsafe-inline'/'unsafe-eval'; zod runs jitless for this), no framing, no plugins.
// Styles: stylesheets only from this origin; inline style ATTRIBUTES are allowed
// (style-src-attr) because Solid templates may carry static style="…" attributes — inline
// <style> elements stay forbidden. Every response is nosniff; API answers are not cached and
// carry a deny-all sandboxing CSP.
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'no-referrer');
  const type = h.get('content-type') ?? '';
  if (type.startsWith('text/html')) {
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
  }
  if (c.req.path.startsWith('/api/')) {
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
    // API answers (JSON, photo bytes) are never documents: even opened directly, nothing runs.
    h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
  }
};
