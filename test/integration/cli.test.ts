import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/backend';

const run = promisify(execFile);
const dir = tempDir('ledger-cli-');
const db = path.join(dir, 'cli.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A refused command: non-zero exit, the last stderr line is the one-line message, no stack trace. */
function expectRefused(r: { code: number; stderr: string }, what: string): void {
  expect(r.code, what).not.toBe(0);
  expect(r.stderr, what).toMatch(/(^|\n)错误 error: .+/);
  expect(r.stderr, what).not.toMatch(/\n\s+at /);
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('command line', () => {
  it('init, demo and list-registrations --json: about 800 registrations, no enterprise twice', async () => {
    expect((await cli('--db', db, 'init')).code).toBe(0);
    const demo = await cli('--db', db, 'demo');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('800 条报名');
    const list = await cli('--db', db, 'list-registrations', '--programme', '2025', '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      status: string;
      sessionNumber: number;
      enterprise: { creditCode: string; name: string };
      trainee: { idNumber: string; name: string };
    }[];
    expect(rows).toHaveLength(800);
    expect(new Set(rows.map((r) => r.enterprise.creditCode)).size).toBe(800);
    expect(new Set(rows.map((r) => r.trainee.idNumber)).size).toBe(800);
    expect(rows[0]).toMatchObject({
      sessionNumber: expect.any(Number),
      status: expect.any(String),
      enterprise: { name: expect.any(String) },
      trainee: { name: expect.any(String) },
    });
    const session = JSON.parse((await cli('--db', db, 'list-registrations', '--session', '3', '--json')).stdout) as {
      sessionNumber: number;
    }[];
    expect(session.length).toBeGreaterThan(50);
    expect(session.every((r) => r.sessionNumber === 3)).toBe(true);
  }, 120_000);

  it('bad input: one line on stderr, non-zero exit, no stack trace', async () => {
    for (const args of [
      ['--db', db, 'bogus'],
      ['--db', db, 'list-registrations', '--programme', '1999'],
      ['--db', db, 'list-registrations', '--session', 'three'],
      ['--db', db, '--nonsense'],
      ['--db', db, 'demo'],
      ['--db', path.join(dir, 'not-a-db.db'), 'init'],
    ]) {
      if (args[1].endsWith('not-a-db.db')) fs.writeFileSync(args[1], 'this is not sqlite'.repeat(100));
      expectRefused(await cli(...args), args.join(' '));
    }
  }, 120_000);
});

describe('command line: import and export', () => {
  it('import-registrations --json prints the report object; --dry-run writes nothing; regions by name, short name or code', async () => {
    const { writeMessySummary } = await import('../fixtures/xlsx/messySummary');
    const db2 = path.join(dir, 'import.db');
    expect((await cli('--db', db2, 'demo', '--trainees', '20')).code).toBe(0);
    const { file, expected } = await writeMessySummary(dir);
    const importFile = (region: string, ...extra: string[]) =>
      cli('--db', db2, 'import-registrations', file, '--programme', '2025', '--session', '1', '--region', region, ...extra);
    const valid = expected.filter((e) => e.outcome === 'record' && e.issues.length === 0).length;
    const records = expected.filter((e) => e.outcome === 'record').length;

    const dry = await importFile('浙江', '--dry-run', '--json');
    expect(dry.code).toBe(3); // some rows rejected
    const dryReport = JSON.parse(dry.stdout) as {
      imported: number;
      rejected: number;
      errors: { row: number; column: string; code: string; message: string }[];
    };
    expect(dryReport.imported).toBe(0);
    expect((dryReport as unknown as { valid: number }).valid).toBe(valid);
    expect(dryReport.rejected).toBe(records - valid);
    const stored = dryReport.errors.find((e) => e.code === 'ID_STORED_AS_NUMBER')!;
    expect(stored.row).toBe(expected.find((e) => e.issues.some((i) => i.code === 'ID_STORED_AS_NUMBER'))!.rowNumber);
    expect(stored.column).toMatch(/身份证/);
    expect(stored.message).toMatch(/文本/);
    let listed = JSON.parse((await cli('--db', db2, 'list-registrations', '--json')).stdout) as unknown[];
    expect(listed).toHaveLength(20);

    // --report writes the error report the wizard offers: red cells, a note each, 问题说明.
    const reportFile = path.join(dir, 'reports', '错误报告.xlsx');
    const withReport = await importFile('浙江', '--dry-run', '--json', '--report', reportFile);
    expect(JSON.parse(withReport.stdout).report).toBe(reportFile);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(reportFile);
    const cells = wb.worksheets[0].getSheetValues().flat().map(String).join('\n');
    expect(cells).toContain('问题说明');
    expect(cells).toMatch(/文本/);

    for (const region of ['浙江省', '330000']) {
      const r = await importFile(region, '--dry-run', '--json');
      expect(JSON.parse(r.stdout).rejected, region).toBe(records - valid);
    }

    const real = await importFile('330000', '--json');
    expect(JSON.parse(real.stdout)).toMatchObject({ imported: valid, rejected: records - valid, warnings: 0 });
    listed = JSON.parse((await cli('--db', db2, 'list-registrations', '--json')).stdout) as unknown[];
    expect(listed).toHaveLength(20 + valid);

    const out = path.join(dir, 'exports', 'summary.xlsx');
    expect((await cli('--db', db2, 'export-summary', '--programme', '2025', '--session', '1', '--region', '浙江', '--out', out)).code).toBe(
      0,
    );
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    const forms = await cli(
      '--db',
      db2,
      'export-forms',
      '--programme',
      '2025',
      '--session',
      '1',
      '--out',
      path.join(dir, 'forms'),
      '--pdf',
    );
    expect(forms.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'forms')).some((f) => f.endsWith('.pdf'))).toBe(true);
  }, 180_000);

  it('import and export refuse bad input with one line and change nothing', async () => {
    const db3 = path.join(dir, 'bad.db');
    await cli('--db', db3, 'demo', '--trainees', '5');
    const notSheet = path.join(dir, 'notes.xlsx');
    fs.writeFileSync(notSheet, 'just some text, not a workbook');
    for (const args of [
      ['import-registrations', notSheet, '--programme', '2025'],
      ['import-registrations', path.join(dir, 'missing.xlsx'), '--programme', '2025'],
      ['import-registrations', notSheet, '--programme', '2025', '--region', '火星'],
      ['import-registrations', '--programme', '2025'],
      ['export-summary', '--programme', '2025', '--session', '1'],
      ['export-summary', '--programme', '2025', '--session', '42', '--out', path.join(dir, 'x.xlsx')],
    ]) {
      expectRefused(await cli('--db', db3, ...args), args.join(' '));
    }
    expect(JSON.parse((await cli('--db', db3, 'list-registrations', '--json')).stdout)).toHaveLength(5);
  }, 120_000);
});
