// Starts the product: one process serving the API and the built PWA.
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const distDir = resolve(process.env.DIST_DIR ?? resolve(import.meta.dirname, '../../dist'));

const app = createApp({ distDir, version: pkg.version });
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`;
  // First line is machine-readable for tests and scripts.
  console.log(JSON.stringify({ event: 'listening', url, port: info.port }));
  console.log(`Standortbesuch läuft auf ${url}`);
});

function shutdown(signal: string) {
  console.log(`${signal}: shutting down`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
