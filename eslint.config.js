// ESLint: typescript-eslint's recommended rules for server, contracts, web, e2e and bench, React hooks
// rules for the web, and eslint-config-prettier last so formatting is Prettier's alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.bench-data/', 'e2e/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Migrations are written against Kysely<any> (frozen in time, not against today's types); the
    // demo client reads loosely typed API answers.
    files: ['server/migrations/**', 'server/platform/migrate.ts', 'server/demo/client.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Requests and their cache work live in each module's *.api.ts hooks (web/lib/*.api.ts for the
    // shared record services), not in pages and components.
    files: ['web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@tanstack/react-query',
              importNames: ['useQuery', 'useInfiniteQuery', 'useMutation'],
              message: "Queries and mutations go into the module's *.api.ts hooks.",
            },
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+api$|^\\./api$',
              importNames: ['api', 'apiUrl'],
              message: "Call the API from the module's *.api.ts hooks.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
