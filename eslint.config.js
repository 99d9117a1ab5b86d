// ESLint flat config. Correctness rules only: Prettier owns formatting, so no stylistic rules here.
// Type-aware only for the server (its store is async: a promise left unawaited or tested as a
// condition is a bug there); elsewhere not, to keep `npm run lint` fast; tsc does the type checks.
import js from '@eslint/js';
import solid from 'eslint-plugin-solid/configs/typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'public/', '.tmp/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // Unused code is a finding; a leading underscore marks a parameter or binding kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Solid's rules only where Solid components live.
    files: ['src/client/app/**/*.tsx', 'src/client/db/db-context.tsx'],
    ...solid,
    rules: {
      ...solid.rules,
      // `saveNow(key, fn)` (autosave) and `job.run(label, fn)` (export jobs) call `fn` later, when the
      // user acts, like an event handler: reading signals there reads the value at that moment.
      'solid/reactivity': ['warn', { customReactiveFunctions: ['saveNow', 'run'] }],
    },
  },
);
