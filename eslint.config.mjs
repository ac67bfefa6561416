// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process boundaries. Every Node built-in by its bare name (fs, crypto, zlib, fs/promises…) and as
 * `node:*`: exact names, because a pattern like "domain" or "path" would also catch ./domain/….
 */
const NODE_BUILTINS = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))].sort();
const noNode = (message) => NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message }));
/** `import('zlib')` and `require('fs')` cross the same boundary as a static import; `sources` are regex fragments. */
const dynamicImportsOf = (sources, message) => {
  // esquery's regex literals cannot hold a "/", even escaped.
  const re = `/^(${sources.join('|').replaceAll('/', '\\x2F')})$/`;
  return [
    { selector: `ImportExpression[source.value=${re}]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${re}]`, message },
  ];
};
const NODE_NAMES = ['node:.*', ...NODE_BUILTINS];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'test-artifacts/**', 'dist/**', '.scratch/**'] },
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
          paths: [
            ...noNode('界面代码运行在浏览器环境中，不能使用 Node 内置模块；需要文件或系统功能时请通过 renderer/api.ts 调用服务。'),
            { name: 'electron', message: '界面代码只能通过 renderer/api.ts 调用服务。' },
          ],
          patterns: [
            {
              group: ['node:*', '**/electron/**', 'electron/*', 'better-sqlite3'],
              message: '界面代码只能通过 renderer/api.ts 调用服务。',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...dynamicImportsOf([...NODE_NAMES, 'electron', 'better-sqlite3'], '界面代码只能通过 renderer/api.ts 调用服务。'),
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
          paths: [
            ...noNode('shared/ 不做 I/O，也不依赖 Node：它同样运行在界面中。'),
            { name: 'electron', message: 'shared/ 不依赖 Electron：它同样运行在界面和 Node 中。' },
          ],
          patterns: [
            {
              group: ['node:*', '**/electron/**', '**/renderer/**', 'electron/*', 'better-sqlite3', 'exceljs', 'pdfkit'],
              message: 'shared/ 不做 I/O。',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...dynamicImportsOf([...NODE_NAMES, 'electron', 'better-sqlite3', 'exceljs', 'pdfkit'], 'shared/ 不做 I/O。'),
      ],
    },
  },
  {
    // The engine runs in a worker_threads worker in plain Node (and under the CLI and the tests):
    // only the shell (main.ts, preload.ts) may load Electron.
    files: ['electron/services/**/*.ts', 'electron/io/**/*.ts', 'electron/db/**/*.ts', 'electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: '服务、数据库、导入导出和引擎在普通 Node 中运行，不能加载 Electron。' }],
          patterns: [{ group: ['electron/*'], message: '服务、数据库、导入导出和引擎在普通 Node 中运行，不能加载 Electron。' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...dynamicImportsOf(['electron', 'electron/.*'], '服务、数据库、导入导出和引擎在普通 Node 中运行，不能加载 Electron。'),
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
);
