// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layers (README, "Architecture"): core is the shared domain and depends on nothing else
 * of ours; the renderer runs in a browser and talks to the hub over the wire, never by import;
 * the hub knows neither the console nor Electron.
 */
const nodeBuiltins = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({
      name,
      message: 'runs in a browser too: no Node built-ins here',
    })),
  patterns: [{ group: ['node:*'], message: 'runs in a browser too: no Node built-ins here' }],
};
const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  layer(
    ['core/**/*.ts'],
    [
      ...nodeBuiltins.patterns,
      {
        group: ['../*', '!../core', '!../core/*'],
        message: 'core is the shared domain: it imports nothing else of the project',
      },
      { group: ['react', 'react-*', 'react/*'], message: 'core has no UI' },
    ],
    nodeBuiltins.paths,
  ),
  // core's tests may check it against the data the project ships.
  layer(['core/**/*.test.ts'], []),
  layer(
    ['renderer/src/**/*.{ts,tsx}'],
    [
      ...nodeBuiltins.patterns,
      {
        group: ['**/server', '**/server/**'],
        message: 'the console reaches the hub over HTTP and Socket.IO, never by import',
      },
      {
        regex: '(^|/)electron(/(?!preload/bridge-types$)|$)',
        message: 'the console sees Electron only through the preload bridge (bridge-types)',
      },
    ],
    nodeBuiltins.paths,
  ),
  layer(
    ['server/**/*.ts'],
    [
      {
        group: ['**/renderer', '**/renderer/**', '**/electron', '**/electron/**'],
        message: 'the hub knows neither the console nor Electron',
      },
    ],
  ),
);
