/**
 * The quota commands run as a user runs them (a child `node electron/cli.ts`, a real data file,
 * real .xlsx written by the CLI and read back by it): the table, one cell, refusals, the 名额分配表
 * and 工作信息表 round trips, and a doctored table refused with Chinese errors and nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../shared/regions';
import { tempDir } from '../fixtures/backend';
import { runCli } from '../fixtures/cli';

const dir = tempDir('ledger-cli-quotas-');
const db = path.join(dir, 'plan.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--db', db, ...args]);

/** Every table's rows, read from the file the CLI wrote: equal before and after means nothing changed. */
function snapshot(): string {
  const d = new Database(db, { readonly: true });
  try {
    const tables = d.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[];
    return JSON.stringify(tables.map((t) => [t.name, d.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
  } finally {
    d.close();
  }
}

interface QuotasJson {
  programme: { year: number; plannedTrainees: number };
  sessions: { number: number; capacity: number | null; places: number; filled: number }[];
  regions: { code: string; name: string; places: number; filled: number; sessions: Record<string, { places: number; filled: number }> }[];
  places: number;
  filled: number;
}

async function quotas(): Promise<QuotasJson> {
  const r = await cli('quotas', '--programme', '2025', '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as QuotasJson;
}

/** A refusal: exit 2, one line on stderr, no stack trace. */
function expectOneLine(r: { code: number; stderr: string }, code = 2): string {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^错误 error: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

beforeAll(async () => {
  const demo = await cli('demo');
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

describe('quota commands', () => {
  it('quotas --json: the 37 regions in the official order × the sessions, and the totals add up', async () => {
    const q = await quotas();
    expect(q.programme.year).toBe(2025);
    expect(q.regions.map((r) => r.code)).toEqual(REGIONS.map((r) => r.code));
    expect(q.sessions.length).toBeGreaterThan(1);
    const numbers = q.sessions.map((s) => String(s.number));
    for (const r of q.regions) {
      expect(Object.keys(r.sessions)).toEqual(numbers);
      expect(r.places, r.name).toBe(Object.values(r.sessions).reduce((a, c) => a + c.places, 0));
      expect(r.filled, r.name).toBe(Object.values(r.sessions).reduce((a, c) => a + c.filled, 0));
    }
    for (const s of q.sessions) {
      expect(s.places).toBe(q.regions.reduce((a, r) => a + r.sessions[s.number].places, 0));
      if (s.capacity !== null) expect(s.places).toBeLessThanOrEqual(s.capacity);
    }
    expect(q.places).toBe(q.sessions.reduce((a, s) => a + s.places, 0));
    expect(q.places).toBe(q.programme.plannedTrainees);
    expect(q.filled).toBe(q.regions.reduce((a, r) => a + r.filled, 0));
    // Apportioned, not uniform.
    expect(new Set(q.regions.map((r) => r.places)).size).toBeGreaterThan(5);

    const human = await cli('quotas', '--programme', '2025');
    expect(human.stdout).toContain('名额分配表');
    expect(human.stdout).toContain('新疆生产建设兵团');
  });

  it('set-quota changes one cell; an unknown region, session or a bad number is one line, exit 2, nothing changed', async () => {
    const before = await quotas();
    const zj = before.regions.findIndex((r) => r.code === '330000');
    const old = before.regions[zj].sessions['2'].places;
    const set = await cli(
      'set-quota',
      '--programme',
      '2025',
      '--session',
      '2',
      '--region',
      '浙江',
      '--places',
      String(old + 3),
      '--reason',
      '补充名额',
      '--json',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ changed: 1, session: 2, region: '330000', places: old + 3 });
    const after = await quotas();
    expect(after.regions[zj].sessions['2'].places).toBe(old + 3);
    expect(after.regions[zj].places).toBe(before.regions[zj].places + 3);
    expect(after.places).toBe(before.places + 3);

    const same = await cli(
      'set-quota',
      '--programme',
      '2025',
      '--session',
      '2',
      '--region',
      '330000',
      '--places',
      String(old + 3),
      '--reason',
      '再次',
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('未改动');

    const snap = snapshot();
    const refusals: [string[], RegExp][] = [
      [['--region', '火星', '--session', '1', '--places', '3', '--reason', '试'], /「火星」不是 37 个推荐地区之一/],
      [['--region', '浙江', '--session', '42', '--places', '3', '--reason', '试'], /没有第42期/],
      [['--region', '浙江', '--session', '1', '--places', '-3', '--reason', '试'], /--places 的值不能以「-」开头/],
      [['--region', '浙江', '--session', '1', '--places', '3', '--reason', '试', '--bogus'], /未知选项 --bogus/],
      [['--region', '浙江', '--session', '1', '--places', 'three', '--reason', '试'], /非负整数/],
      [['--region', '浙江', '--session', '1', '--places', '3'], /--reason/],
    ];
    for (const [args, message] of refusals) {
      const r = await cli('set-quota', '--programme', '2025', ...args);
      expect(expectOneLine(r), args.join(' ')).toMatch(message);
    }
    expect(snapshot()).toBe(snap);
  }, 120_000);

  it('export-quotas then import-quotas --dry-run --json: 0 changes; a changed cell is listed and not written', async () => {
    const out = path.join(dir, '名额分配表.xlsx');
    const ex = await cli('export-quotas', '--programme', '2025', '--out', out, '--json');
    expect(ex.code, ex.stderr).toBe(0);
    expect(JSON.parse(ex.stdout).file).toBe(out);
    const snap = snapshot();
    const dry = await cli('import-quotas', out, '--programme', '2025', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const q = await quotas();
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      applied: false,
      regions: 37,
      changes: [],
      unchanged: 37 * q.sessions.length,
      errors: [],
    });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    // Printed as the centre sends it: A4 landscape, one page wide, the two header rows on every page.
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:4' });
    const { row, col } = find(ws, '北京市', '第1期');
    expect(ws.getRow(row).getCell(col - 1).alignment?.indent).toBe(1);
    const was = Number(ws.getRow(row).getCell(col).value);
    ws.getRow(row).getCell(col).value = was + 1;
    clearTotals(ws, row, col);
    const changed = path.join(dir, 'changed.xlsx');
    await wb.xlsx.writeFile(changed);
    const one = await cli('import-quotas', changed, '--programme', '2025', '--dry-run', '--json');
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).changes).toEqual([
      { sessionNumber: 1, regionCode: '110000', regionName: '北京市', from: was, to: was + 1 },
    ]);
    expect(snapshot()).toBe(snap);
  }, 120_000);

  it('a doctored table (unknown region, a total that does not add up, an unknown session) is refused in Chinese, exit 3, nothing changed', async () => {
    const out = path.join(dir, 'doctored.xlsx');
    expect((await cli('export-quotas', '--programme', '2025', '--out', out)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    ws.getRow(find(ws, '天津市', '第1期').row).getCell(find(ws, '天津市', '第1期').col - 1).value = '火星';
    const hb = find(ws, '河北省', '第3期');
    ws.getRow(hb.row).getCell(hb.col).value = Number(ws.getRow(hb.row).getCell(hb.col).value) + 7;
    ws.getRow(find(ws, '北京市', '第2期').headerRow).getCell(find(ws, '北京市', '第2期').col).value = '第12期';
    await wb.xlsx.writeFile(out);
    const snap = snapshot();
    for (const dryRun of [['--dry-run'], []]) {
      const r = await cli('import-quotas', out, '--programme', '2025', ...dryRun, '--json');
      expect(r.code, r.stderr).toBe(3);
      const report = JSON.parse(r.stdout) as { applied: boolean; errors: { code: string; message: string }[] };
      expect(report.applied).toBe(false);
      const byCode = (c: string) => report.errors.filter((e) => e.code === c).map((e) => e.message);
      expect(byCode('REGION_UNKNOWN').join()).toContain('「火星」不是 37 个推荐地区之一');
      expect(byCode('SESSION_UNKNOWN').join()).toContain('本项目没有第12期');
      expect(byCode('TOTAL_MISMATCH').some((m) => m.includes('河北省') && /各期之和为 \d+/.test(m))).toBe(true);
      for (const e of report.errors) {
        expect(e.message).toMatch(/[\u4e00-\u9fff]/);
        expect(e.message).not.toMatch(/undefined|null|NaN|SQLITE/);
      }
    }
    // The human form says the same, one error a line.
    const human = await cli('import-quotas', out, '--programme', '2025');
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/^未导入/);
    expect(human.stdout).toContain('「火星」');
    expect(snapshot()).toBe(snap);

    const notSheet = path.join(dir, 'notes.xlsx');
    fs.writeFileSync(notSheet, 'just some text, not a workbook');
    expectOneLine(await cli('import-quotas', notSheet, '--programme', '2025', '--dry-run'));
    // A missing file is not a mistake in the command line: exit 1, still one line.
    expect(expectOneLine(await cli('import-quotas', path.join(dir, 'missing.xlsx'), '--programme', '2025'), 1)).toContain('找不到文件');
    expectOneLine(await cli('export-quotas', '--programme', '2025'));
    expectOneLine(await cli('quotas', '--programme', '1999'));
    expect(snapshot()).toBe(snap);
  }, 120_000);

  it('export-contacts then import-contacts --dry-run: all 37 regions read back, nothing written', async () => {
    const out = path.join(dir, '工作信息表.xlsx');
    const ex = await cli('export-contacts', '--programme', '2025', '--out', out);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toContain('已导出');
    const snap = snapshot();
    const dry = await cli('import-contacts', out, '--programme', '2025', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const r = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      applied: boolean;
      found: { regionCode: string; roles: string[] }[];
      errors: unknown[];
    };
    expect(r).toMatchObject({ dryRun: true, applied: false, errors: [] });
    expect(r.found.map((f) => f.regionCode).sort()).toEqual(REGIONS.map((g) => g.code).sort());
    expect(r.found.every((f) => f.roles.includes('head') && f.roles.includes('liaison'))).toBe(true);
    const human = await cli('import-contacts', out, '--programme', '2025', '--dry-run');
    expect(human.stdout).toMatch(/^预检（未写入）：北京市、天津市/);
    expect(snapshot()).toBe(snap);
  }, 120_000);
});

/** The row of a region and the column of a session header in an exported table. */
function find(ws: ExcelJS.Worksheet, region: string, session: string): { row: number; col: number; headerRow: number } {
  let row = 0;
  let col = 0;
  let headerRow = 0;
  ws.eachRow((r, i) =>
    r.eachCell((c, j) => {
      const v = String(c.value ?? '').replace(/\s+/g, '');
      if (v === region && !row) row = i;
      if (v === session && !col) {
        col = j;
        headerRow = i;
      }
    }),
  );
  expect(row && col, `${region} / ${session}`).toBeTruthy();
  return { row, col, headerRow };
}

/** Blanks the row total and the totals row (a blank total is not checked), so one changed cell is all that differs. */
function clearTotals(ws: ExcelJS.Worksheet, row: number, col: number): void {
  let totalCol = 0;
  let totalRow = 0;
  ws.eachRow((r, i) =>
    r.eachCell((c, j) => {
      const v = String(c.value ?? '').replace(/\s+/g, '');
      if (v === '合计' && i < row && !totalCol) totalCol = j;
      if (v === '合计' && i > row && !totalRow) totalRow = i;
    }),
  );
  if (totalCol) ws.getRow(row).getCell(totalCol).value = null;
  if (totalRow) {
    ws.getRow(totalRow).getCell(col).value = null;
    if (totalCol) ws.getRow(totalRow).getCell(totalCol).value = null;
  }
}
