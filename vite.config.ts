import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { precompressPlugin } from './src/server/http/precompress-build.js';
import {
  FIRST_VISIT_SHELL,
  signInPreloadPlugin,
} from './src/server/http/first-visit-shell-build.js';
import { exportAssetsPlugin } from './src/server/http/export-assets-build.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Modules of the visits list that only it needs before its first card (vite build, below). The
 * list paints from a plain IndexedDB read (first-screen-read.ts); its live queries and the sync
 * badge come with Dexie after that (app/shell/db-kit.ts), so none of them belongs here.
 */
const VISITS_LIST_MODULES = [
  'src/client/app/pages/visits-page.tsx',
  'src/client/app/visit-filter.ts',
  'src/client/app/visit/visit-card.tsx',
  'src/client/app/site-name.ts',
  'src/shared/domain/site-name.ts',
  'node_modules/solid-js/store/dist/store.js',
  'src/client/db/first-screen-read.ts',
  'src/client/db/queries.ts',
  'src/client/i18n/format.ts',
  'src/shared/domain/checklist-progress.ts',
  'src/client/i18n/checklist.ts',
];

/**
 * The export modules the precache leaves out (render-*, export-jobs): the warm-up fetches their
 * chunks and fonts ahead, so exports work on the next trip without signal.
 */
const EXPORT_MODULES = [
  'src/client/reports/export-jobs.ts',
  'src/client/reports/render-pdf.ts',
  'src/client/reports/render-docx.ts',
  'src/client/reports/render-html.ts',
  'src/client/reports/render-csv.ts',
  'src/client/reports/render-json.ts',
  'src/client/reports/render-zip.ts',
  'src/client/reports/render-overview.ts',
  'src/client/reports/render-needs.ts',
  'src/client/reports/pdf-fonts.ts',
];

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  plugins: [
    solid(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        id: '/',
        name: 'Standortbesuch – Sozialer Zusammenhalt',
        short_name: 'Standortbesuch',
        description: 'Standortbesuche im Programm Sozialer Zusammenhalt offline erfassen',
        lang: 'de',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#1f5f4a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // Precache = what must work offline from the first visit: the shell, every page and its
        // libraries (Dexie, zod, exifr for photo metadata, the photo worker, the sync engine).
        // Budget ≤ 300 KB gzip, checked by test/e2e/budget.test.ts (about 210 KB in Nov 2026).
        // The favicon, the icons and the web app manifest are added by the plugin itself
        // (includeAssets, the manifest's icons): in this pattern too they were listed twice.
        globPatterns: ['**/*.{js,css,html}'],
        // Export code (pdf-lib with its subset fonts, docx) is too big for the precache budget; it and the PDF
        // fonts are cached at runtime (below), fetched ahead from export-assets.json by
        // src/client/reports/warm-up.ts.
        // The first visit's shell is the server's, for navigations no service worker answers.
        globIgnores: ['**/render-*.js', '**/export-jobs-*.js', FIRST_VISIT_SHELL],
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'lazy-assets',
              expiration: { maxEntries: 30 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // Take control on the very first install, so the first visit already works offline.
        // Updates still wait for the user (prompt mode: no skipWaiting until they agree).
        clientsClaim: true,
      },
    }),
    // first-visit.html: index.html that loads the sign-in form with the entry script.
    signInPreloadPlugin('src/client/app/pages/sign-in-page.tsx'),
    // export-assets.json: what the export warm-up fetches (not precached, needed offline).
    exportAssetsPlugin(EXPORT_MODULES),
    // Last: .br/.gz copies of every compressible file (sw.js too), served by src/server/http/static.ts.
    precompressPlugin(),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // No <link rel=modulepreload> per dependency of a lazy chunk: appending them cost the main
    // thread more than the round trips they saved (docs/architecture.md §Transport, lazy chunks).
    modulePreload: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // The visits list (a signed-in device's first screen) as one chunk instead of
              // about a dozen small ones shared by the routes that use each: every chunk costs a
              // preload link, a service-worker fetch and its own module set-up before the first
              // card (warm start at 4x CPU, paired loads: the largest paint 0.3-0.4 s earlier).
              // Only these modules: their imports stay where they were (the sign-in form's,
              // Dexie, the router), so no other first screen grows.
              name: 'visits-list',
              test: (id) => VISITS_LIST_MODULES.some((m) => id.replaceAll('\\', '/').endsWith(m)),
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev`: the API server (tsx watch, port 8787) runs next to Vite; the app calls /api
    // on its own origin, as in production where one process serves both.
    proxy: { '/api': { target: 'http://127.0.0.1:8787', changeOrigin: false } },
  },
  test: {
    // Set explicitly: vite-plugin-solid otherwise defaults the root to jsdom (not installed), which fails the run.
    environment: 'node',
    projects: [
      {
        // Unit and in-process server tests: the edit loop, under a minute on a 2-core machine.
        test: {
          name: 'fast',
          include: ['test/{shared,client,server,bench}/**/*.test.ts'],
          // Starts the real server as a child process (tsx compile, SIGTERM, restart): slow.
          // PostgreSQL store tests belong to the stores project (its globalSetup starts the cluster).
          exclude: ['test/server/server-process.test.ts', 'test/server/store/postgres/**'],
          // One worker per core (vitest's default leaves one core idle: a single worker on 2 cores).
          maxWorkers: '100%',
          // A run across projects goes fast → slow → stores → browser (projects with their own
          // maxWorkers need a group).
          sequence: { groupOrder: 0 },
          // Engine tests against the real server code take 3–4 s each on a loaded 2-core machine:
          // a hang still fails, a busy CI does not.
          testTimeout: 15_000,
          environment: 'node',
        },
      },
      {
        // Seeded simulation, reliability runs and the adversarial suite against the real server
        // process: minutes, not seconds.
        test: {
          name: 'slow',
          include: [
            'test/{sim,reliability,adversarial}/**/*.test.ts',
            'test/server/server-process.test.ts',
          ],
          environment: 'node',
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The store implementations against real backends: one PostgreSQL cluster and one
        // single-node Ceph radosgw (S3) per run, started by the globalSetup (about 2 s together).
        test: {
          name: 'stores',
          include: [
            'test/stores/**/*.test.ts',
            'test/server/store/postgres/**/*.test.ts',
            'test/infra/**/*.test.ts',
          ],
          globalSetup: ['test/support/stores-global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        // The in-process server tests again, each harness (test/support/server.ts) on a fresh
        // PostgreSQL database of the run's cluster instead of a SQLite file. A test that reads the
        // SQLite file itself (h.dbFile) is skipped there and says so.
        test: {
          name: 'server-pg',
          // npm test runs the files where the store decides most (sync, uploads, accounts and
          // sessions, the activity log, history, scope, review, advisory rows, templates), to stay
          // within its time; `npm run test:server-pg` (SB_SERVER_PG_ALL=1) runs every file.
          include: process.env['SB_SERVER_PG_ALL']
            ? ['test/server/**/*.test.ts']
            : [
                'test/server/sync-*.test.ts',
                'test/server/{uploads,auth,users-admin,activity,history}.test.ts',
                'test/server/{advisory-scope,review-rules,offers,field-ratings,templates}.test.ts',
                'test/server/store/group-commit.test.ts',
              ],
          exclude: [
            // About SQLite's own files: its migrations and how its store encodes rows.
            'test/server/migrations.test.ts',
            'test/server/store/store.test.ts',
            'test/server/store/sqlite/**',
            // The PostgreSQL store's own tests run in the stores project.
            'test/server/store/postgres/**',
            // The server as a child process on its SQLite file (the slow project).
            'test/server/server-process.test.ts',
            // Serving the built client and the build check: no store involved.
            'test/server/http-static.test.ts',
            'test/server/build-check.test.ts',
            // No store at all, or one of their own (photo storage on a SQLite file, start-up
            // configuration, job runner, rate limiter, invite key): the same test on either store.
            'test/server/blobs/**',
            'test/server/multi-process/**',
            'test/server/auth/rate-limit.test.ts',
          ],
          env: { SB_TEST_STORE: 'postgres' },
          globalSetup: ['test/support/stores-global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Two files at a time, each with its own server process, data folder, port and
          // Chromium: most of a browser test's time is waiting (server start, network, idle
          // callbacks), so two on two cores finish the project in far less time than one after
          // the other. Tests wait for states, never for fixed times, so a busier core only slows
          // them.
          maxWorkers: 2,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
