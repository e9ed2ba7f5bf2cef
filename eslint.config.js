// One lint config for the whole repo. The import-boundary rules keep DESIGN.md's layout true:
// features talk to each other only through their index.ts, and connectors never reach into the server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const featureBoundary = {
  patterns: [
    {
      // ../other-feature/anything-but-index.js
      regex: '^\\.\\./[^./][^/]*/(?!index\\.js$).+$',
      message: 'Import another feature only through its index.ts.',
    },
  ],
};

const platformBoundary = {
  patterns: [
    {
      regex: '(^|/)features/',
      message: 'The platform never imports features; features build on the platform.',
    },
  ],
};

const connectorBoundary = {
  patterns: [
    {
      group: ['@steward/server', '@steward/server/*', '**/apps/server/**'],
      message: 'Connectors never import the server; use @steward/sdk and @steward/domain.',
    },
  ],
};

const packageBoundary = {
  patterns: [
    {
      group: ['@steward/server', '@steward/server/*', '**/apps/**', '**/connectors/**'],
      message: 'Shared packages import nothing from apps or connectors.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.steward/**', 'apps/server/bin/**', 'apps/agent/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['apps/web/src/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['apps/server/src/features/**'], rules: { 'no-restricted-imports': ['error', featureBoundary] } },
  { files: ['apps/server/src/platform/**'], rules: { 'no-restricted-imports': ['error', platformBoundary] } },
  { files: ['connectors/**'], rules: { 'no-restricted-imports': ['error', connectorBoundary] } },
  { files: ['packages/**'], rules: { 'no-restricted-imports': ['error', packageBoundary] } },
);
