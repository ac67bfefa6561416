/**
 * The import capability end to end through the dispatcher: a real-world-shaped file, every row's
 * outcome asserted, the commit in one transaction after a backup, bad files refused with nothing
 * changed, the error report read back.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/domain/importTypes';
import { listBackups } from '../../electron/db/backup';
import { makeBackend, snapshot, tempDir, type TestBackend } from '../fixtures/backend';
import { writeCsvFiles } from '../fixtures/xlsx/csvFiles';
import { REPORTING_UNIT, writeMessySummary, writeSpecXlsx, messyTable } from '../fixtures/xlsx/messySummary';

let b: TestBackend;
let programmeId: number;
let dir: string;

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-import-');
  programmeId = (await b.call('programmes.create', { year: 2025, title: '2025年度中小企业经营管理领军人才培训' })).id;
  for (let n = 1; n <= 3; n++) await b.call('sessions.create', { programmeId, number: n });
});
afterEach(() => {
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const asFile = (file: string) => ({ path: file, name: path.basename(file) });

async function preview(file: string, extra: object = {}): Promise<ImportPreview> {
  return b.call('imports.preview', { programmeId, file: asFile(file), ...extra });
}

describe('importing a messy 报名汇总表', () => {
  it('finds the header under the title and 填报单位 lines and judges every row as expected', async () => {
    const { file, expected } = await writeMessySummary(dir);
    const p = await preview(file, { sessionNumber: 1 });
    expect(p.needsMapping).toBe(false);
    expect(p.reportingUnit).toContain(REPORTING_UNIT);
    expect(p.titleText).toContain('报名汇总表');
    const byRow = new Map(p.rows.map((r) => [r.rowNumber, r]));
    for (const e of expected) {
      if (e.outcome === 'skipped') {
        expect(
          p.skipped.map((s) => s.rowNumber),
          `row ${e.rowNumber} skipped`,
        ).toContain(e.rowNumber);
        continue;
      }
      const row = byRow.get(e.rowNumber);
      expect(row, `row ${e.rowNumber}`).toBeDefined();
      const codes = row!.issues.map((i) => `${i.field}:${i.code}`).sort();
      expect(codes, `row ${e.rowNumber}`).toEqual(e.issues.map((i) => `${i.field}:${i.code}`).sort());
      expect(row!.status).toBe(e.issues.length ? 'error' : 'ok');
      if (e.clean?.name) expect(row!.name).toBe(e.clean.name);
      if (e.clean?.idNumber) expect(row!.idNumber).toBe(e.clean.idNumber);
      // The region came from the 填报单位 line, the session from the wizard's choice.
      expect(row!.regionName).toBe('浙江省');
      expect(row!.sessionNumber).toBe(1);
    }
    // Each issue names the column as the file's header says it.
    const stored = p.rows.find((r) => r.issues.some((i) => i.code === 'ID_STORED_AS_NUMBER'))!;
    expect(stored.issues[0].column).toMatch(/身份证/);
    expect(stored.issues[0].message).toMatch(/文本/);
  });

  it('commits every valid row in one transaction after a backup; the same file again is refused row by row', async () => {
    const { file, expected } = await writeMessySummary(dir);
    const p = await preview(file, { sessionNumber: 2 });
    // A second dry run of the same file, taken before the first is committed: it goes stale.
    const stale = await preview(file, { sessionNumber: 2 });
    const valid = expected.filter((e) => e.outcome === 'record' && e.issues.length === 0).length;
    expect(p.counts.ok).toBe(valid);
    const r = await b.call('imports.commit', { importId: p.importId, strict: false });
    expect(r.imported).toBe(valid);
    expect(r.rejected).toBe(p.counts.error);
    expect(r.backup).toMatch(/before-import/);
    expect(listBackups(b.ctx.backupDir).map((x) => x.file)).toContain(r.backup);
    const list = await b.call('registrations.list', { programmeId, sessionNumber: 2 });
    expect(list.total).toBe(valid);
    expect(list.rows.every((x) => x.source.startsWith('import:') && x.regionCode === '330000')).toBe(true);
    const audit = await b.call('audit.list', { limit: 1 });
    expect(audit[0]).toMatchObject({ method: 'imports.commit' });

    const again = await preview(file, { sessionNumber: 2 });
    expect(again.counts.ok).toBe(0);
    // Every row imported the first time is now already registered (and so are their in-file duplicates).
    const okBefore = p.rows.filter((x) => x.status === 'ok').map((x) => x.rowNumber);
    for (const n of okBefore) expect(again.rows.find((x) => x.rowNumber === n)!.issues.map((i) => i.code)).toContain('ALREADY_REGISTERED');
    // A dry run is committed once; a stale one (the store changed since) is refused whole.
    const before = snapshot(b);
    await expect(b.call('imports.commit', { importId: p.importId, strict: false })).rejects.toThrow(/已经导入过/);
    await expect(b.call('imports.commit', { importId: stale.importId, strict: false })).rejects.toThrow(/重新预检/);
    expect(snapshot(b)).toBe(before);
  });

  it('reads the same table from CSV in UTF-8 with BOM and in GB18030', async () => {
    const csv = writeCsvFiles(dir);
    for (const f of [csv.utf8Bom, csv.gb18030]) {
      const p = await preview(f, { sessionNumber: 1 });
      expect(
        p.rows.find((r) => r.name === '欧阳娜娜'),
        f,
      ).toBeDefined();
      expect(p.reportingUnit, f).toContain(REPORTING_UNIT);
    }
  });

  it('an unknown header goes through a mapping that is remembered for the next file of that shape', async () => {
    const spec = messyTable();
    // Rename the 身份证号 header to something no alias knows.
    const idHeaderRow = spec.rows.find((r) => r.rowNumber === spec.headerRow + 1 || r.rowNumber === spec.headerRow)!;
    const at = idHeaderRow.cells.findIndex((c) => typeof c === 'string' && c.includes('身份证'));
    const target = at >= 0 ? idHeaderRow : spec.rows.find((r) => r.cells.some((c) => typeof c === 'string' && c.includes('身份证')))!;
    const idx = target.cells.findIndex((c) => typeof c === 'string' && c.includes('身份证'));
    target.cells[idx] = '居民证件';
    const file = path.join(dir, 'renamed.xlsx');
    await writeSpecXlsx(file, spec);
    const first = await preview(file, { sessionNumber: 1 });
    expect(first.needsMapping).toBe(true);
    expect(first.missingRequired).toContain('idNumber');
    expect(first.rows).toHaveLength(0);
    const mapping = Object.fromEntries(first.columns.map((c) => [c.header, c.header === '居民证件' ? 'idNumber' : c.field]));
    const second = await preview(file, { sessionNumber: 1, mapping });
    expect(second.needsMapping).toBe(false);
    expect(second.rows.find((r) => r.name === '张三')?.status).toBe('ok');
    // Next time, without a mapping: remembered.
    const third = await preview(file, { sessionNumber: 1 });
    expect(third.needsMapping).toBe(false);
    expect(third.counts.ok).toBe(second.counts.ok);
  });

  it('writes an error report with the bad cells marked and a 问题说明 column', async () => {
    const { file } = await writeMessySummary(dir);
    const p = await preview(file, { sessionNumber: 1 });
    const out = path.join(dir, 'report.xlsx');
    const report = await b.call('imports.errorReport', { importId: p.importId, out });
    expect(report).toMatchObject({ path: out, fileName: 'report.xlsx' });
    // Without a path it goes to the private outbox, under the name the user will see.
    expect((await b.call('imports.errorReport', { importId: p.importId })).fileName).toMatch(/错误报告\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    const texts: string[] = [];
    let red = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        texts.push(String(cell.text));
        const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
        if (fill?.fgColor?.argb && /^FF(FF|F[0-9A-F])/.test(fill.fgColor.argb) && cell.note) red++;
      }),
    );
    expect(texts.join('\n')).toContain('问题说明');
    expect(texts.join('\n')).toMatch(/文本/);
    expect(red).toBeGreaterThan(0);
  });

  it('passes over a 填表说明 sheet in front of the table', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('填表说明');
    notes.addRow(['填表说明']);
    notes.addRow(['1. 身份证号请设为文本格式；2. 每个企业限报一人。']);
    const table = wb.addWorksheet('报名表');
    table.addRow(['序号', '学员姓名', '身份证号码', '工作单位', '统一社会信用代码', '职务', '联系电话']);
    table.addRow([1, '张三', '11010519491231002X', '北京某某科技有限公司', '91350100M000100Y43', '董事长', '13800138000']);
    const file = path.join(dir, 'two-sheets.xlsx');
    await wb.xlsx.writeFile(file);
    const p = await preview(file, { regionCode: '110000' });
    expect(p.sheetName).toBe('报名表');
    expect(p.rows).toMatchObject([{ rowNumber: 2, status: 'ok', name: '张三', regionName: '北京市' }]);
    // No region given, none in the file: the region comes from 设置 → 所在单位, else the row is refused.
    expect((await preview(file)).rows[0].issues.map((i) => i.code)).toEqual(['REGION_REQUIRED']);
    await b.call('settings.update', { organisation: '厦门市工业和信息化局' });
    expect((await preview(file)).rows[0]).toMatchObject({ status: 'ok', regionName: '厦门市' });
  });

  it('refuses files that are not spreadsheets, and changes nothing', async () => {
    const cases: [string, Buffer][] = [
      ['renamed.xlsx', Buffer.from('PK\u0003\u0004 truncated zip that ends here')],
      ['word.xlsx', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n')],
      ['old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)])],
      ['random.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ];
    for (const [name, bytes] of cases) {
      const before = snapshot(b);
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const r = await b.dispatcher.dispatch('imports.preview', { programmeId, file: { path: file } });
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(['VALIDATION'], name).toContain(r.error.code);
        expect(r.error.message, name).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(snapshot(b)).toBe(before);
    }
  });

  it('a cancelled dry run or an unknown import id writes nothing', async () => {
    const before = snapshot(b);
    const r = await b.dispatcher.dispatch('imports.commit', { importId: 'no-such-import' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const { file } = await writeMessySummary(dir);
    const pending = b.dispatcher.dispatch('imports.preview', { programmeId, file: asFile(file) }, { jobId: 'cancel-me' });
    await b.dispatcher.dispatch('jobs.cancel', { jobId: 'cancel-me' });
    const res = await pending;
    // Small files may finish before the cancel lands; either way nothing is written by a dry run.
    if (!res.ok) expect(res.error.code).toBe('CANCELLED');
    expect(snapshot(b)).toBe(before);
  });
});
