/**
 * Process boundaries: the linter refuses Node in the page and the domain, Electron in the code that
 * runs in plain Node, and main-process code in the page; each process has its own tsconfig, and
 * `npm run typecheck` checks every one of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** Lints `code` as if it were the file at `file` (which need not exist); the boundary errors only. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.severity === 2 && BOUNDARY_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

describe('lint: what each process may import', { timeout: 30_000 }, () => {
  const violations: [file: string, code: string][] = [
    ['shared/domain/x.ts', "import crypto from 'crypto';\nexport const h = crypto;\n"],
    ['shared/domain/x.ts', "import os from 'node:os';\nexport const h = os;\n"],
    ['shared/x.ts', "import { gzipSync } from 'zlib';\nexport const h = gzipSync;\n"],
    ['shared/x.ts', "import { readFile } from 'fs/promises';\nexport const h = readFile;\n"],
    ['shared/x.ts', "export const h = () => import('node:fs');\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const h = app;\n"],
    ['shared/x.ts', "import { openDatabase } from '../electron/db/connection';\nexport const h = openDatabase;\n"],
    ['renderer/x.ts', "import zlib from 'zlib';\nexport const h = zlib;\n"],
    ['renderer/screens/X.tsx', "import { Buffer } from 'node:buffer';\nexport const h = Buffer;\n"],
    ['renderer/x.ts', "export const h = () => import('child_process');\n"],
    ['renderer/x.ts', "import { createServices } from '../electron/services';\nexport const h = createServices;\n"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const h = ipcRenderer;\n"],
    ['electron/services/x.ts', "import { app } from 'electron';\nexport const h = app;\n"],
    ['electron/io/import/x.ts', "import { dialog } from 'electron';\nexport const h = dialog;\n"],
    ['electron/db/x.ts', "import type { App } from 'electron';\nexport type H = App;\n"],
    ['electron/engine/x.ts', "export const h = () => import('electron');\n"],
    ['electron/engine/x.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const h = require('electron');\n"],
  ];
  for (const [file, code] of violations)
    it(`${file}: ${code.split('\n').find((l) => !l.startsWith('//'))} is an error`, async () => {
      const errors = await boundaryErrors(file, code);
      expect(errors.length).toBeGreaterThan(0);
      // The message says why, in Chinese.
      expect(errors[0]).toMatch(/[\u4e00-\u9fff]/);
    });

  const allowed: [file: string, code: string][] = [
    ['shared/domain/x.ts', "import { z } from 'zod';\nimport { STATUS_LABELS } from './types';\nexport const s = [z, STATUS_LABELS];\n"],
    // "domain", "path", "events" are Node built-ins too: folders and files with those names stay importable.
    [
      'shared/x.ts',
      "import { STATUS_LABELS } from './domain/types';\nimport * as p from './path';\nexport const s = [STATUS_LABELS, p];\n",
    ],
    [
      'renderer/x.tsx',
      "import { Button } from 'antd';\nimport { STATUS_LABELS } from '../shared/domain/types';\nexport const s = [Button, STATUS_LABELS];\n",
    ],
    ['electron/services/x.ts', "import fs from 'node:fs';\nimport zlib from 'zlib';\nexport const s = [fs, zlib];\n"],
    ['electron/main.ts', "import { app } from 'electron';\nexport const s = app;\n"],
  ];
  for (const [file, code] of allowed)
    it(`${file}: ${code.split('\n')[0]} passes`, async () => {
      expect(await boundaryErrors(file, code)).toEqual([]);
    });
});

/** The options and files a tsconfig gives, as tsc reads them. */
function project(config: string) {
  const file = path.join(ROOT, config);
  const read = ts.readConfigFile(file, (f) => fs.readFileSync(f, 'utf8'));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  const libs = (parsed.options.lib ?? []).join(' ');
  return { options: parsed.options, fileNames: parsed.fileNames.map((f) => path.resolve(f)), dom: /dom/i.test(libs) };
}

/** Type errors a file of `code` gets under a project's options (the globals it can see). */
function typeErrors(config: string, code: string, ext = '.ts'): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tsc-'));
  try {
    const file = path.join(dir, `probe${ext}`);
    fs.writeFileSync(file, code);
    const program = ts.createProgram([file], { ...project(config).options, typeRoots: [path.join(ROOT, 'node_modules/@types')] });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CONFIGS = ['tsconfig.json', 'shared/tsconfig.json', 'renderer/tsconfig.json', 'test/e2e/tsconfig.json'];

// Each probe compiles a small program with the project's libraries: seconds, not milliseconds.
describe('tsconfig: each process sees only its own globals', { timeout: 60_000 }, () => {
  it('shared: neither DOM nor Node', () => {
    const p = project('shared/tsconfig.json');
    expect(p.dom).toBe(false);
    expect(p.options.types).toEqual([]);
    const errors = typeErrors(
      'shared/tsconfig.json',
      'export const a = [process.env, window.location, document.title, Buffer.from("x")];\n',
    );
    for (const name of ['process', 'window', 'document', 'Buffer']) expect(errors.join('\n')).toContain(`'${name}'`);
  });

  it('renderer: DOM, no Node', () => {
    const p = project('renderer/tsconfig.json');
    expect(p.dom).toBe(true);
    expect(p.options.types).toEqual([]);
    const errors = typeErrors('renderer/tsconfig.json', 'export const a = [process.env, Buffer.from("x"), __dirname, document.title];\n');
    for (const name of ['process', 'Buffer', '__dirname']) expect(errors.join('\n')).toContain(`'${name}'`);
    expect(errors.join('\n')).not.toContain("'document'");
  });

  it('electron, scripts and tests: Node, no DOM (browser tests add the DOM for code run in the page)', () => {
    const p = project('tsconfig.json');
    expect(p.dom).toBe(false);
    expect(p.options.types).toEqual(['node']);
    const errors = typeErrors('tsconfig.json', 'export const a = [process.env, Buffer.from("x"), document.title];\n');
    expect(errors.join('\n')).toContain("'document'");
    expect(errors.join('\n')).not.toContain("'process'");
    expect(project('test/e2e/tsconfig.json').dom).toBe(true);
  });

  it('every source file belongs to a project, and npm run typecheck checks every project', () => {
    const covered = new Set(CONFIGS.flatMap((c) => project(c).fileNames));
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) sources.push(full);
      }
    };
    for (const d of ['electron', 'renderer', 'shared', 'test', 'scripts']) walk(path.join(ROOT, d));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => !covered.has(f)).map((f) => path.relative(ROOT, f))).toEqual([]);

    const script = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
      .typecheck;
    const checked = [...script.matchAll(/tsc --noEmit -p (\S+)/g)].map((m) => {
      const p = path.join(ROOT, m[1]);
      return path.relative(ROOT, fs.statSync(p).isDirectory() ? path.join(p, 'tsconfig.json') : p);
    });
    expect(checked.sort()).toEqual([...CONFIGS].sort());
  });
});
