// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'test-artifacts/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer talks to the services only through api.ts: no Node, no main-process code.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/electron/**', 'electron', 'better-sqlite3', 'fs', 'path'],
              message: '界面代码只能通过 renderer/api.ts 调用服务。',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      // The domain is pure: it runs in the browser and in Node alike.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/electron/**', '**/renderer/**', 'electron', 'better-sqlite3', 'exceljs', 'pdfkit', 'fs', 'path'],
              message: 'shared/ 不做 I/O。',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
);
