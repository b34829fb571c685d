// eslint for the whole repo: typescript-eslint's recommended rules, type-aware where it pays
// (no-floating-promises, no-misused-promises: an unhandled rejection in an instrumentation is a
// crash in the user's app). Run from the repo root: `npm run lint`.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default tseslint.config(
  {
    basePath: root,
    ignores: ['**/node_modules/**', '**/dist/**', '.tmp/**', 'dist-packages/**', 'collector/.build/**', 'test/.out/**', 'test/bench/results/**'],
  },
  {
    basePath: root,
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    basePath: root,
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Lazy require() keeps exporters and optional modules unloaded until the configuration picks
      // them (startup cost); tests require compiled fixtures at run time.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Instrumentations wrap library functions: the wrapper passes `this` and `arguments` through
    // unchanged, as the OpenTelemetry contrib instrumentations do (their lint config allows the same).
    basePath: root,
    files: ['packages/perf-otel/src/**/*.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off', 'prefer-rest-params': 'off' },
  },
  {
    // Declaration files describe untyped packages; tests and their fixtures assert on loosely shaped data.
    basePath: root,
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
