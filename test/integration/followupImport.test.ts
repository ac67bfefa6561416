/**
 * The import of the yearly follow-up tables regions collect (issue 10 §3), from real .xlsx files
 * written with exceljs the way regions fill them in: title rows, a 填报单位 line, a two-row header
 * with merged group labels, money in 元 in one column and 万元 in another, full-width digits, a
 * blank row, a 合计 row and a 填表人 footer, credit codes with spaces and in lower case; an unknown
 * enterprise, a bad credit code and a bad number reported per row and column. A dry run writes
 * nothing, the same file is refused the second time, a region's import refuses other regions'
 * enterprises, and hostile sizes are refused before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../electron/io/import/limits';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeCreditCode, makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { rowXml, writeSheetXlsx } from '../fixtures/xlsx/hostileFiles';

let b: TestBackend;
const codes: Record<string, string> = {};
const ids: Record<string, number> = {};

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  b = await makeBackend();
  const p = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  const s = await b.call('sessions.create', { programmeId: p.id, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' });
  const enterprises: [string, string, string, string[]][] = [
    ['huarui', '330000', '杭州华瑞精密机械有限公司', ['专精特新中小企业']],
    ['dingxin', '330000', '浙江鼎信软件有限公司', ['高新技术企业', '瞪羚企业']],
    ['wuhan', '420000', '武汉光谷电子科技有限公司', []],
  ];
  let seq = 11;
  for (const [key, region, name, qualifications] of enterprises) {
    codes[key] = makeCreditCode({ areaCode: region === '420000' ? '420102' : '330102', seq: seq++ });
    await b.call(
      'registrations.create',
      registrationInput(p.id, {
        sessionId: s.id,
        regionCode: region,
        trainee: { name: `学员${key}`, idNumber: makeIdNumber({ areaCode: '330102', seq: seq * 2, gender: '男' }) },
        enterprise: { creditCode: codes[key], name, qualifications },
      }),
    );
  }
  for (const e of (await b.call('enterprises.list', {})).rows)
    for (const key of Object.keys(codes)) if (codes[key] === e.creditCode) ids[key] = e.id;
  codes.unknown = makeCreditCode({ areaCode: '330102', seq: 999 });
});
afterEach(() => b.cleanup());

const spaced = (code: string) => `${code.slice(0, 6)} ${code.slice(6, 12)} ${code.slice(12)}`.toLowerCase();
const fullWidth = (s: string) => s.replace(/[0-9.-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** The messy table: as a region sends it back. */
async function messyTable(file: string, opts: { extraRows?: (string | number | null)[][] } = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('跟踪表');
  ws.addRow(['浙江省2025年度参训企业跟踪调查表']);
  ws.mergeCells('A1:K1');
  ws.addRow(['填报单位：浙江省经济和信息化厅（盖章）', null, null, null, null, null, null, '填报日期：2026年3月20日']);
  ws.addRow(['序号', '企业名称', '统一社会信用代码', '2025年经营数据', null, null, null, null, '资质变化', null, '备注']);
  ws.addRow([
    null,
    null,
    null,
    '营业收入（元）',
    '利润（万元）',
    '员工人数',
    '研发投入（万元）',
    '有效专利（件）',
    '新获资质',
    '失去资质',
    null,
  ]);
  ws.mergeCells('D3:H3');
  ws.mergeCells('I3:J3');
  for (const c of ['A', 'B', 'C', 'K']) ws.mergeCells(`${c}3:${c}4`);
  const rows: (string | number | null)[][] = [
    // 150,000,000 元 = 15,000 万元; the loss in full-width digits.
    [
      1,
      '杭州华瑞精密机械有限公司',
      spaced(codes.huarui),
      '150,000,000',
      fullWidth('-20'),
      fullWidth('230'),
      900,
      15,
      '小巨人',
      null,
      '新建二期厂房',
    ],
    [2, '浙江鼎信软件有限公司', codes.dingxin, 52_005_000, '(12.5)', '88人', null, null, null, '高企', '高新技术企业资格到期未复审'],
    [3, '杭州未报名科技有限公司', codes.unknown, 1_000_000, 10, 20, 1, 0, null, null, null],
    [4, '杭州错码有限公司', '91330102MA00000', 1_000_000, 10, 20, 1, 0, null, null, null],
    [5, '武汉光谷电子科技有限公司', codes.wuhan, '一百万', 10, 20, 1, 0, null, null, null],
    [6, '武汉光谷电子科技有限公司（重复）', codes.wuhan, null, null, 35, null, null, null, null, null],
    [null, null, null, null, null, null, null, null, null, null, null],
    ['合计', null, null, 204_005_000, -22.5, 338, 901, 15, null, null, null],
    ...(opts.extraRows ?? []),
    ['填表人：张三', null, null, '联系电话：0571-88888888'],
  ];
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

describe('followups.import', () => {
  it('reads the messy table, reports bad rows by row and column, and a dry run writes nothing', async () => {
    const file = path.join(b.dir, '跟踪表.xlsx');
    await messyTable(file);
    const before = snapshot(b);
    const dry = await b.call('followups.import', { file: { path: file }, dryRun: true });
    expect(snapshot(b)).toBe(before);
    expect(dry).toMatchObject({ dryRun: true, rows: 6, matched: 4, created: 3, updated: 0, rejected: 3, unmatched: 1 });
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, '统一社会信用代码', 'UNKNOWN_ENTERPRISE'],
      [8, '统一社会信用代码', 'CREDIT_CODE_INVALID'],
      [9, '2025年经营数据/营业收入（元）', 'NUMBER_INVALID'],
    ]);
    expect(dry.errors[2].message).toBe('第 9 行「2025年经营数据/营业收入（元）」：「一百万」不是数字');
    expect(dry.errors[0].message).toContain(codes.unknown);
    const fields = Object.fromEntries(dry.columns.map((c) => [c.column, c.field]));
    expect(fields).toMatchObject({
      C: 'creditCode',
      D: 'revenueWan',
      E: 'profitWan',
      F: 'employees',
      G: 'rdWan',
      H: 'patents',
      I: 'gained',
      J: 'lost',
      K: 'notes',
    });
    expect(dry.columns.find((c) => c.column === 'D')!.note).toBe('营业收入（2025 年）（按元折算为万元）');

    const r = await b.call('followups.import', { file: { path: file } });
    expect(r).toMatchObject({ dryRun: false, created: 3, updated: 0, rejected: 3 });
    const huarui = await b.call('enterprises.get', { id: ids.huarui });
    expect(huarui.yearly).toEqual([
      expect.objectContaining({ year: 2025, revenueWan: 15000, profitWan: -20, employees: 230, rdWan: 900, patents: 15 }),
    ]);
    expect(huarui.followUps[0]).toMatchObject({
      kind: '年度经营数据',
      source: 'import',
      gained: ['专精特新"小巨人"企业'],
      notes: '新建二期厂房',
    });
    expect(huarui.qualifications).toEqual(['专精特新中小企业', '专精特新"小巨人"企业']);
    const dingxin = await b.call('enterprises.get', { id: ids.dingxin });
    expect(dingxin.yearly[0]).toMatchObject({ year: 2025, revenueWan: 5200.5, profitWan: -12.5, employees: 88, rdWan: null });
    expect(dingxin.qualifications).toEqual(['瞪羚企业']);
    // The second 武汉 row (only 员工人数) is the one written; the first was rejected for its number.
    const wuhan = await b.call('enterprises.get', { id: ids.wuhan });
    expect(wuhan.yearly[0]).toMatchObject({ year: 2025, employees: 35, revenueWan: null });
    const audit = b.db.prepare("SELECT summary, details FROM audit_log WHERE method = 'followups.import'").all() as { summary: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].summary).toBe('导入企业跟踪数据「跟踪表.xlsx」：新增 3 条，更新 0 条，拒绝 3 行');

    // The same file again: refused, nothing changes.
    const after = snapshot(b);
    const again = await rejects(b.call('followups.import', { file: { path: file } }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/这个文件已于 .* 导入过（「跟踪表.xlsx」，新增 3 条、更新 0 条）/);
    expect(snapshot(b)).toBe(after);
  });

  it('updates the yearly figures an enterprise already has for that year, keeping the old ones in the audit log', async () => {
    await b.call('followups.add', {
      enterpriseId: ids.huarui,
      date: '2026-01-10',
      kind: '年度经营数据',
      year: 2025,
      revenueWan: 14000,
      notes: '初步数据',
      patents: 14,
    });
    const file = path.join(b.dir, '跟踪表-终.xlsx');
    await messyTable(file);
    const r = await b.call('followups.import', { file: { path: file } });
    expect(r).toMatchObject({ created: 2, updated: 1 });
    const huarui = await b.call('enterprises.get', { id: ids.huarui });
    expect(huarui.followUps).toHaveLength(1);
    expect(huarui.followUps[0]).toMatchObject({ revenueWan: 15000, patents: 15, notes: '新建二期厂房', source: 'import' });
    const details = JSON.parse(
      (b.db.prepare("SELECT details FROM audit_log WHERE method = 'followups.import'").get() as { details: string }).details,
    ) as { updated: { year: number; old: { revenueWan: number; notes: string } }[] };
    expect(details.updated).toEqual([
      expect.objectContaining({ year: 2025, old: expect.objectContaining({ revenueWan: 14000, notes: '初步数据' }) }),
    ]);
  });

  it('with a region, refuses the rows of other regions’ enterprises', async () => {
    const file = path.join(b.dir, '浙江.xlsx');
    await messyTable(file);
    const r = await b.call('followups.import', { file: { path: file }, regionCode: '330000', dryRun: true });
    expect(r).toMatchObject({ created: 2, rejected: 4 });
    const other = r.errors.find((e) => e.code === 'OTHER_REGION')!;
    expect(other.row).toBe(10);
    expect(other.message).toContain('属于湖北省，不是浙江省的企业');
  });

  it('reads figures of two years side by side, the year from the header or the title', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['2024年度企业回访情况表']);
    ws.addRow(['统一社会信用代码', '企业名称', '2023年营业收入（万元）', '2024年营业收入（万元）', '员工人数', '资质']);
    ws.addRow([codes.huarui, '杭州华瑞精密机械有限公司', 8000, 10000, 150, '专精特新、高新技术企业']);
    ws.addRow([codes.dingxin, '浙江鼎信软件有限公司', '', '２０００万元', '', '']);
    const file = path.join(b.dir, '两年.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await b.call('followups.import', { file: { path: file } });
    expect(r).toMatchObject({ rows: 2, created: 3, rejected: 0 });
    const huarui = await b.call('enterprises.get', { id: ids.huarui });
    expect(huarui.yearly.map((y) => [y.year, y.revenueWan, y.employees])).toEqual([
      [2023, 8000, null],
      // 员工人数 carries no year of its own: the title's 2024.
      [2024, 10000, 150],
    ]);
    expect(huarui.yearly[1].change.revenueWan).toBeCloseTo(0.25, 4);
    // The 资质 column says what it holds now: 高新技术企业 was gained.
    expect(huarui.qualifications).toEqual(['专精特新中小企业', '高新技术企业']);
    const dingxin = await b.call('enterprises.get', { id: ids.dingxin });
    expect(dingxin.yearly.map((y) => [y.year, y.revenueWan])).toEqual([[2024, 2000]]);
    // A blank 资质 cell says nothing: the titles stay.
    expect(dingxin.qualifications).toEqual(['高新技术企业', '瞪羚企业']);
  });

  it('refuses figures for a year later than the day they were reported, or no year at all', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['统一社会信用代码', '年度', '营业收入（万元）', '填报日期']);
    ws.addRow([codes.huarui, '2099年', 100, null]);
    ws.addRow([codes.dingxin, 2025, 100, '2024-12-01']);
    ws.addRow([codes.wuhan, '明年', 100, null]);
    const file = path.join(b.dir, '未来.xlsx');
    await wb.xlsx.writeFile(file);
    const before = snapshot(b);
    const r = await b.call('followups.import', { file: { path: file } });
    expect(r).toMatchObject({ created: 0, rejected: 3 });
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'YEAR_INVALID'],
      [3, 'YEAR_INVALID'],
      [4, 'YEAR_INVALID'],
    ]);
    expect(r.errors[1].message).toContain('2025 年的经营数据不能在 2024-12-01 之前填报');
    expect(snapshot(b)).toBe(before);
  });

  it('refuses a table without a credit code column, and files that are not tables, with a Chinese message and nothing changed', async () => {
    const before = snapshot(b);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['企业名称', '营业收入']);
    const noCode = path.join(b.dir, '无代码.xlsx');
    await wb.xlsx.writeFile(noCode);
    const e1 = await rejects(b.call('followups.import', { file: { path: noCode } }));
    expect(e1.code).toBe('VALIDATION');
    expect(e1.message).toContain('统一社会信用代码');
    const text = path.join(b.dir, '不是表格.xlsx');
    fs.writeFileSync(text, 'PK\u0003\u0004这不是一个真正的 xlsx 文件');
    const e2 = await rejects(b.call('followups.import', { file: { path: text } }));
    expect(e2.code).toBe('VALIDATION');
    expect(e2.message).toMatch(/[\u4e00-\u9fff]/);
    const missing = await rejects(b.call('followups.import', { file: { path: path.join(b.dir, '没有这个文件.xlsx') } }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(snapshot(b)).toBe(before);
  });

  it('refuses a table past the row limit before writing anything (hostile size, bounded like the registration import)', async () => {
    const file = path.join(b.dir, '超大.xlsx');
    function* rows(): Generator<string> {
      yield rowXml(1, ['统一社会信用代码', '2025年营业收入（万元）']);
      for (let i = 2; i <= MAX_IMPORT_ROWS + 2; i++) yield rowXml(i, [codes.huarui, String(i)]);
    }
    writeSheetXlsx(file, rows());
    const before = snapshot(b);
    const e = await rejects(b.call('followups.import', { file: { path: file } }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/行/);
    expect(snapshot(b)).toBe(before);
  }, 120_000);
});
