// The whole HTTP surface of the product: API under /api/v1 and the built PWA.
import { Hono } from 'hono';
import { makeStaticHandler } from './http/static';

export type AppOptions = { distDir: string; version: string };

export function createApp(opts: AppOptions) {
  const app = new Hono();
  app.get('/api/v1/health', (c) => c.json({ ok: true, version: opts.version }));
  app.all('/api/*', (c) => c.json({ error: 'not_found', message: 'No such endpoint' }, 404));
  app.get('*', makeStaticHandler(opts.distDir));
  return app;
}
