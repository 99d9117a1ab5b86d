// The layer rule for src (docs/architecture.md describes the layers). Run: npm run lint
// (depcruise src --config .dependency-cruiser.cjs). Imports go downward only:
//   shared → {db, i18n} → device → sync → {photos, session, reports, backup} → app → main.tsx
// shared imports nothing else; client and server never import each other; nothing imports test/.
/** Client folders each layer may import (besides its own folder, shared and npm packages). */
const CLIENT_LAYERS = {
  db: [],
  i18n: [],
  device: ['db', 'i18n'],
  sync: ['db', 'i18n', 'device'],
  photos: ['db', 'i18n', 'device', 'sync'],
  session: ['db', 'i18n', 'device', 'sync'],
  reports: ['db', 'i18n', 'device', 'sync'],
  backup: ['db', 'i18n', 'device', 'sync'],
};

const layerRules = Object.entries(CLIENT_LAYERS).map(([layer, below]) => ({
  name: `layer-${layer}`,
  comment: `src/client/${layer} may import only ${['shared', ...below].join(', ')} (and itself): imports go downward.`,
  from: { path: `^src/client/${layer}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/client/${layer}/`, '^src/shared/', ...below.map((b) => `^src/client/${b}/`)],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  // Every rule is an error: a broken layer fails `npm run lint`.
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in src.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      comment:
        'src/shared is used by client and server alike: it imports only its own files and npm packages.',
      from: { path: '^src/shared/' },
      to: { pathNot: ['^src/shared/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'shared-no-platform',
      comment:
        'src/shared runs in the browser and in Node: no node: built-ins, no browser- or server-only packages.',
      from: { path: '^src/shared/' },
      to: {
        path: '(^|/)node_modules/(dexie|solid-js|@solidjs|workbox-window|better-sqlite3|hono|@hono)/',
      },
    },
    {
      name: 'shared-no-builtins',
      comment: 'src/shared imports no Node built-ins (node:crypto, node:fs, ...).',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'client-not-server',
      comment: 'The client never imports server code; share through src/shared.',
      from: { path: '^src/client/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-not-client',
      comment: 'The server never imports client code; share through src/shared.',
      from: { path: '^src/server/' },
      to: { path: '^src/client/' },
    },
    {
      name: 'src-not-test',
      comment: 'Production code never imports test code.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'engine-not-app',
      comment:
        'Only src/client/app (and main.tsx) hold what Solid renders; engine folders never import it.',
      from: { path: '^src/client/(?!app/)[^/]+/' },
      to: { path: ['^src/client/app/', '^src/client/main\\.tsx$'] },
    },
    {
      name: 'dexie-only-in-db',
      comment:
        'src/client/db is the sole owner of Dexie (schema, writes, queries); others go through it.',
      from: { path: '^src/', pathNot: '^src/client/db/' },
      to: { path: '(^|/)node_modules/dexie/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (keeps the other rules honest).',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
    ...layerRules,
  ].map((rule) => ({ severity: 'error', ...rule })),
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
