/**
 * The enterprise files on the command line, run as a user runs it (a child process over the
 * source): the list with its filters, one enterprise's file, the import of a follow-up table
 * (exit 3 when rows were rejected, nothing written by --dry-run) and the 信息档案 export.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseFile, EnterpriseList, FollowUpImportResult } from '../../shared/domain/enterpriseFileTypes';
import { tempDir } from '../fixtures/backend';
import { runCli } from '../fixtures/cli';

const dir = tempDir('ledger-cli-enterprises-');
const db = path.join(dir, 'ledger.db');
const cli = (...args: string[]) => runCli(['--db', db, ...args]);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function followUpCount(): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM followups').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

let zhejiang: EnterpriseList;

beforeAll(async () => {
  const r = await cli('demo', '--trainees', '120');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('npm run cli -- enterprises / enterprise', () => {
  it('lists a region’s enterprises as JSON, with the demo’s follow-ups, and filters by qualification', async () => {
    const r = await cli('enterprises', '--region', '浙江', '--json');
    expect(r.code, r.stderr).toBe(0);
    zhejiang = JSON.parse(r.stdout) as EnterpriseList;
    expect(zhejiang.total).toBeGreaterThan(0);
    expect(zhejiang.rows.every((e) => e.regionCode === '330000')).toBe(true);
    const byCode = await cli('enterprises', '--region', '330000', '--json');
    expect((JSON.parse(byCode.stdout) as EnterpriseList).total).toBe(zhejiang.total);

    const all = JSON.parse((await cli('enterprises', '--json')).stdout) as EnterpriseList;
    // The demo follows up most enterprises of its past sessions.
    expect(all.rows.filter((e) => e.followUps > 0).length).toBeGreaterThan(all.total / 3);
    const giants = JSON.parse((await cli('enterprises', '--qualification', '小巨人', '--json')).stdout) as EnterpriseList;
    expect(giants.total).toBeGreaterThan(0);
    expect(giants.rows.every((e) => e.qualifications.includes('专精特新"小巨人"企业'))).toBe(true);

    const bad = await cli('enterprises', '--region', '火星', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('找不到地区「火星」');
  });

  it('prints one enterprise’s file by its credit code, in any case', async () => {
    const followed = zhejiang.rows.find((e) => e.followUps > 0)!;
    const r = await cli('enterprise', followed.creditCode.toLowerCase(), '--json');
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(r.stdout) as EnterpriseFile;
    expect(file.creditCode).toBe(followed.creditCode);
    expect(file.followUps).toHaveLength(followed.followUps);
    expect(file.timeline.length).toBeGreaterThanOrEqual(file.followUps.length);
    const text = await cli('enterprise', followed.creditCode);
    expect(text.stdout).toContain('时间线：');
    const none = await cli('enterprise', '91330102MA0000000X');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('找不到统一社会信用代码');
  });
});

describe('npm run cli -- import-followups / export-enterprise-files', () => {
  it('imports a table (dry run first, exit 3 with rejected rows) and exports the 信息档案', async () => {
    const [a, c] = zhejiang.rows;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['浙江省2026年度企业跟踪表']);
    ws.addRow(['序号', '企业名称', '统一社会信用代码', '营业收入（万元）', '员工人数', '备注']);
    ws.addRow([1, a.name, a.creditCode, 12345.6, 321, '']);
    ws.addRow([2, c.name, c.creditCode.toLowerCase(), 'abc', 50, '']);
    const file = path.join(dir, '跟踪.xlsx');
    await wb.xlsx.writeFile(file);

    const before = followUpCount();
    const dry = await cli('import-followups', file, '--region', '浙江', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(3);
    const d = JSON.parse(dry.stdout) as FollowUpImportResult;
    expect(d).toMatchObject({ dryRun: true, rows: 2, created: 1, rejected: 1 });
    expect(d.errors[0]).toMatchObject({ row: 4, column: '营业收入（万元）', code: 'NUMBER_INVALID' });
    expect(followUpCount()).toBe(before);

    const real = await cli('import-followups', file, '--json');
    expect(real.code).toBe(3);
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, created: 1 });
    expect(followUpCount()).toBe(before + 1);
    const again = await cli('import-followups', file, '--json');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('导入过');

    const out = path.join(dir, '档案.xlsx');
    const ex = await cli('export-enterprise-files', '--region', '浙江', '--out', out, '--json');
    expect(ex.code, ex.stderr).toBe(0);
    const read = new ExcelJS.Workbook();
    await read.xlsx.readFile(out);
    const sheet = read.getWorksheet('信息档案')!;
    expect(String(sheet.getCell('A1').value)).toBe('浙江省参训企业信息档案');
    let rows = 0;
    sheet.eachRow((row, n) => {
      if (n > 3 && typeof row.getCell(1).value === 'number') rows++;
    });
    expect(rows).toBe(zhejiang.total);
    const wrongExt = await cli('export-enterprise-files', '--out', path.join(dir, 'x.pdf'));
    expect(wrongExt.code).toBe(2);
  }, 120_000);
});
