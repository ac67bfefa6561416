/**
 * The roster's printables and the attendance report through the real dispatcher on a real SQLite
 * file, each read back: the .xlsx with exceljs, the PDFs with poppler (pdftotext, pdffonts, and the
 * badge QR decoded from a rendered page). Names with rare characters (喆 堃 赟 珺 玥 ·).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookup } from '../../shared/domain/attendance';
import { AppError } from '../../shared/result';
import { makeBackend, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { qrFromPdfPage } from '../fixtures/pdfQr';
import { registrationInput } from '../fixtures/registrations';

export const RARE = ['张喆', '李堃', '王赟', '赵珺', '刘玥', '阿依古丽·买买提', '欧阳堃喆'];
const COMMON = '陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾'.split('');
const NAMES = [...RARE, ...COMMON.map((s, i) => `${s}${'建国志强秀英丽华明军'[i % 10]}${'平芳伟'[i % 3]}`)];
const REGIONS = ['330000', '440000', '110000', '510000'];

let b: TestBackend;
let sessionId: number;
let emptySessionId: number;
const reg: Record<string, number> = {};

beforeAll(async () => {
  b = await makeBackend();
  const { id: programmeId } = await b.call('programmes.create', { year: 2025, title: '中小企业经营管理领军人才培训' });
  sessionId = (
    await b.call('sessions.create', {
      programmeId,
      number: 1,
      title: '数字化转型专题班',
      location: '杭州',
      startDate: '2025-07-21',
      endDate: '2025-07-24',
    })
  ).id;
  emptySessionId = (await b.call('sessions.create', { programmeId, number: 2, startDate: '2025-09-01', endDate: '2025-09-04' })).id;
  for (const [i, name] of NAMES.entries()) {
    const r = await b.call(
      'registrations.create',
      registrationInput(programmeId, {
        sessionId,
        regionCode: REGIONS[i % REGIONS.length],
        trainee: {
          name,
          idNumber: makeIdNumber({ areaCode: '330102', seq: 301 + 2 * i, gender: i % 2 ? '女' : '男' }),
          gender: i % 2 ? '女' : '男',
          position: i === 1 ? '+董事长' : '总经理',
        },
        enterprise: {
          name: i === 2 ? '=HYPERLINK("http://x")' : `浙江${name.replace('·', '')}智能制造有限公司`,
          industry: i % 2 ? '制造业' : '软件业',
        },
      }),
    );
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    reg[name] = r.id;
  }
  await b.call('rosters.assignGroups', { sessionId, groups: 4 });
  // Everyone present in every slot but: 张喆 late in slot 2, 李堃 on leave in slot 3, 王赟 absent in slot 4 and unmarked in slot 8.
  for (const name of NAMES)
    for (let slotSeq = 1; slotSeq <= 8; slotSeq++) {
      if (name === '王赟' && slotSeq === 8) continue;
      const status =
        name === '张喆' && slotSeq === 2
          ? '迟到'
          : name === '李堃' && slotSeq === 3
            ? '请假'
            : name === '王赟' && slotSeq === 4
              ? '缺勤'
              : '出勤';
      await b.call('attendance.mark', { registrationId: reg[name], slotSeq, status, minutes: status === '迟到' ? 12 : undefined });
    }
}, 120_000);
afterAll(() => b.cleanup());

const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
/** Every font in the file embedded (poppler's pdffonts, the "emb" column). */
function fontsEmbedded(file: string): string[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(l, l).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  return lines.map((l) => l.split(/\s+/)[0]);
}

async function refused(p: Promise<unknown>, code: string, message: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect((e as AppError).message).toMatch(message);
}

describe('花名册', () => {
  it('as .xlsx: title, session, the eight columns, every trainee in seat order, header repeated when printed, formulas kept as text', async () => {
    const out = path.join(b.dir, '花名册.xlsx');
    const w = await b.call('rosters.exportRoster', { sessionId, out });
    expect(w).toMatchObject({ path: out, fileName: '花名册.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('花名册')!;
    expect(String(ws.getCell('A1').value)).toBe('2025年中小企业经营管理领军人才培训 花名册');
    expect(String(ws.getCell('A2').value)).toContain('第1期 数字化转型专题班 杭州');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '姓名', '性别', '地区', '工作单位', '职务', '手机', '组别']);
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(ws.pageSetup.paperSize).toBe(9);
    const roster = await b.call('rosters.get', { sessionId });
    expect(ws.rowCount).toBe(3 + NAMES.length);
    roster.entries.forEach((e, i) => {
      const row = ws.getRow(4 + i);
      expect(row.getCell(1).value).toBe(i + 1);
      expect(row.getCell(2).value).toBe(e.name);
      expect(row.getCell(8).value).toBe(`${e.groupNo}组${e.isLeader ? '（组长）' : ''}`);
    });
    for (const name of RARE) expect(roster.entries.some((e) => e.name === name)).toBe(true);
    // Formula-looking text stays text (an inline rich text, quote-prefixed), never a formula.
    const all = ws.getSheetValues().flat() as unknown[];
    expect(all.some((v) => v && typeof v === 'object' && 'formula' in (v as object))).toBe(false);
    const unit = ws.getRow(4 + roster.entries.findIndex((e) => e.name === '王赟')).getCell(5);
    expect(unit.text).toBe('=HYPERLINK("http://x")');
    expect(unit.type).not.toBe(ExcelJS.ValueType.Formula);
  });

  it('as A4 PDF: the header on every page, every name, the CJK fonts embedded', async () => {
    const w = await b.call('rosters.exportRoster', { sessionId, format: 'pdf', outDir: b.dir });
    expect(w.fileName).toBe('花名册-2025年第1期.pdf');
    const text = pdftotext(w.path);
    expect(pages(w.path)).toBe(2);
    expect(text.match(/花名册/g)!.length).toBe(2);
    expect(text.match(/工作单位/g)!.length).toBe(2);
    for (const name of NAMES) expect(text).toContain(name);
    expect(fontsEmbedded(w.path).length).toBeGreaterThan(0);
  });
});

describe('胸牌', () => {
  it('eight to a page; name, unit, group, session; the QR carries the badge number the check-in lookup takes as exact', async () => {
    const w = await b.call('rosters.exportBadges', { sessionId, out: path.join(b.dir, 'badges.pdf') });
    expect(pages(w.path)).toBe(Math.ceil(NAMES.length / 8));
    const text = pdftotext(w.path).replace(/\s+/g, '');
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain('第1期数字化转型专题班杭州');
    expect(text).toContain('第1组·组长');
    fontsEmbedded(w.path);
    const roster = await b.call('rosters.get', { sessionId });
    const MM = 72 / 25.4;
    const [W, H] = [95 * MM, 68 * MM];
    const [x0, y0] = [(595.28 - 2 * W) / 2, (841.89 - 4 * H) / 2];
    // The first badge (top left) and the last of page 1 (bottom right): scanned like a USB scanner would.
    for (const [i, page, col, row] of [
      [0, 1, 0, 0],
      [7, 1, 1, 3],
      [8, 2, 0, 0],
    ]) {
      const data = qrFromPdfPage(w.path, page, { x: x0 + col * W, y: y0 + row * H, w: W, h: H });
      expect(data, `badge ${i}`).toBe(roster.entries[i].badge);
      const found = lookup(roster.entries, `${data}`);
      expect(found.exact).toBe(true);
      expect(found.matches.map((m) => m.registrationId)).toEqual([roster.entries[i].registrationId]);
    }
  });
});

describe('桌签', () => {
  it('one landscape A4 per trainee, the name and unit on both halves', async () => {
    const w = await b.call('rosters.exportTableTents', { sessionId, outDir: b.dir });
    expect(w.fileName).toBe('桌签-2025年第1期.pdf');
    expect(pages(w.path)).toBe(NAMES.length);
    expect(execFileSync('pdfinfo', [w.path], { encoding: 'utf8' })).toMatch(/Page size:\s+841\.\d+ x 595\.\d+/);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', w.path, '-'], { encoding: 'utf8' });
    const roster = await b.call('rosters.get', { sessionId });
    // Once upright, once upside down: poppler extracts both.
    expect(first.split(roster.entries[0].name).length - 1).toBe(2);
    const text = pdftotext(w.path);
    for (const name of NAMES) expect(text).toContain(name);
    fontsEmbedded(w.path);
  });
});

describe('考勤统计表', () => {
  it('trainees × slots with symbols, totals per trainee and slot, completion, a per-region sheet; A4 landscape', async () => {
    const out = path.join(b.dir, '考勤.xlsx');
    await b.call('attendance.exportReport', { sessionId, at: '2025-07-25 09:00', out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('考勤统计表')!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '3:4' });
    expect(ws.getCell('E3').value).toBe('7月21日');
    expect((ws.getRow(4).values as unknown[]).slice(5, 13)).toEqual(['上午', '下午', '上午', '下午', '上午', '下午', '上午', '下午']);
    const row = (name: string) => {
      for (let r = 5; r <= 4 + NAMES.length; r++) if (ws.getRow(r).getCell(2).value === name) return ws.getRow(r);
      throw new Error(name);
    };
    const slotsOf = (name: string) => (row(name).values as unknown[]).slice(5, 13);
    expect(slotsOf('张喆')).toEqual(['√', '迟', '√', '√', '√', '√', '√', '√']);
    expect(slotsOf('李堃')).toEqual(['√', '√', '假', '√', '√', '√', '√', '√']);
    // Unmarked after the end counts as 缺勤.
    expect(slotsOf('王赟')).toEqual(['√', '√', '√', '缺', '√', '√', '√', '缺']);
    // 出勤 迟到 请假 缺勤 早退, rate, result
    expect((row('王赟').values as unknown[]).slice(13, 20)).toEqual([6, 0, 0, 2, 0, 75, '不结业']);
    expect((row('张喆').values as unknown[]).slice(13, 20)).toEqual([7, 1, 0, 0, 0, 100, '结业']);
    expect(String(row('王赟').getCell(20).value)).toMatch(/缺勤 2 个半天/);
    // Per-slot totals at the foot.
    const foot = 5 + NAMES.length;
    expect(ws.getRow(foot).getCell(1).value).toBe('实到人数');
    expect((ws.getRow(foot).values as unknown[]).slice(5, 13)).toEqual([34, 34, 33, 33, 34, 34, 34, 33].map((n) => n - 34 + NAMES.length));
    expect(ws.getRow(foot + 4).getCell(1).value).toBe('缺勤人数');
    expect((ws.getRow(foot + 4).values as unknown[]).slice(5, 13)).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    const rs = wb.getWorksheet('各地区汇总')!;
    expect(rs.pageSetup.orientation).toBe('landscape');
    const lines = rs.getSheetValues().slice(4) as unknown[][];
    const total = lines[lines.length - 1];
    expect(total[1]).toBe('合计');
    expect(total[2]).toBe(NAMES.length);
    expect(total[3]).toBe(NAMES.length * 8);
    expect(lines.slice(0, -1).reduce((s, l) => s + (l[2] as number), 0)).toBe(NAMES.length);
    expect(lines.map((l) => l[1])).toEqual(expect.arrayContaining(['浙江省', '广东省', '北京市', '四川省', '合计']));
  });
});

describe('bad input', () => {
  it('refuses an empty roster, a missing session, and writes nothing', async () => {
    for (const method of ['rosters.exportRoster', 'rosters.exportBadges', 'rosters.exportTableTents', 'attendance.exportReport'] as const) {
      const out = path.join(b.dir, `empty-${method}.pdf`);
      await refused(b.call(method, { sessionId: emptySessionId, out }), 'VALIDATION', /还没有已通过的学员/);
      expect(fs.existsSync(out)).toBe(false);
      await refused(b.call(method, { sessionId: 9999, out }), 'NOT_FOUND', /期次|找不到/);
    }
    await refused(b.call('rosters.exportRoster', { sessionId, out: path.join(b.dir, 'nope', '\0x.xlsx') }), 'VALIDATION', /路径/);
  });
});
