/**
 * Issue 10 §2, the evaluation's printable files, through the real dispatcher and SQLite file: the
 * printed questionnaire (PDF, numbered in the keyboard entry's order), the results report as .xlsx
 * (read back with exceljs: the figures are evaluation.report's, the definition is under every table,
 * a comment "=…" stays text) and as A4 PDF (read back with pdftotext and pdffonts), several sessions
 * compared, bad inputs refused, and the CLI's two commands run as a user runs them.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courseKey, SATISFACTION_DEFINITIONS } from '../../shared/domain/evaluation';
import { AppError } from '../../shared/result';
import { makeBackend, tempDir, type TestBackend } from '../fixtures/backend';
import { isQuotePrefixedText, rawCell } from '../fixtures/xlsx/rawXlsx';

let b: TestBackend;
let dir: string;
let s1: number;
let s2: number;
let courses: { id: number; title: string }[];

const COURSES = [
  { slotSeq: 1, title: '企业战略管理', teacher: '王建国', teacherTitle: '清华大学教授' },
  { slotSeq: 2, title: '数字化转型案例', teacher: '李敏', kind: '案例研讨' as const },
  { slotSeq: 5, title: '走进专精特新企业', teacher: '', kind: '现场教学' as const },
];
const ASPECTS = ['课程设置', '师资力量', '组织管理', '实际效果'];
const INJECTION = '=HYPERLINK("http://x","点我")';

/** Four sheets for session 1: digits per question key. */
function sheets(): { ratings: Record<string, number>; texts: Record<string, string> }[] {
  const [c1, c2, c3] = courses.map((c) => courseKey(c.id));
  return [
    {
      ratings: { '课程设置-1': 5, '课程设置-2': 4, '师资力量-1': 5, '组织管理-1': 3, '实际效果-1': 5, [c1]: 5, [c2]: 4 },
      texts: { '意见-1': '课程很实用' },
    },
    {
      ratings: { '课程设置-1': 4, '课程设置-2': 4, '师资力量-1': 4, '师资力量-2': 2, '组织管理-2': 5, [c1]: 4, [c3]: 3 },
      texts: { '意见-1': INJECTION },
    },
    {
      ratings: { '课程设置-1': 3, '师资力量-2': 5, '组织管理-1': 1, '实际效果-2': 4, [c1]: 5, [c2]: 2 },
      texts: { '意见-2': '希望增加企业参访' },
    },
    { ratings: { '课程设置-2': 5, '实际效果-1': 3, '实际效果-2': 5, [c3]: 5 }, texts: {} },
  ];
}

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-evalfiles-');
  const p = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  s1 = (
    await b.call('sessions.create', {
      programmeId: p.id,
      number: 1,
      title: '数字化转型专题班',
      startDate: '2025-06-23',
      endDate: '2025-06-26',
    })
  ).id;
  s2 = (await b.call('sessions.create', { programmeId: p.id, number: 2, startDate: '2025-09-08', endDate: '2025-09-11' })).id;
  courses = await b.call('timetable.set', { sessionId: s1, courses: COURSES });
  for (const s of sheets()) await b.call('evaluation.addResponse', { sessionId: s1, source: 'paper', ...s });
  await b.call('evaluation.addResponse', { sessionId: s2, source: 'kiosk', ratings: { '课程设置-1': 5, '组织管理-1': 4 }, texts: {} });
});
afterEach(() => {
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

const pdftotext = (file: string, layout = true) =>
  execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
function embeddedOnly(file: string): void {
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(fonts.length).toBeGreaterThan(0);
  // Columns: name type encoding emb sub uni object ID — every font embedded.
  for (const f of fonts) expect(f.split(/\s+/).at(-5), f).toBe('yes');
}
const flat = (t: string) => t.replace(/\s+/g, '');

describe('the printed questionnaire', () => {
  it('has the session, every aspect, item and course, numbered in the keyboard entry order, fonts embedded', async () => {
    const w = await b.call('evaluation.questionnairePdf', { sessionId: s1, outDir: dir });
    expect(w.fileName).toBe('评价问卷-2025年第1期.pdf');
    const text = pdftotext(w.path);
    const f = flat(text);
    expect(f).toContain('2025年领军人才培训培训效果评价问卷');
    expect(f).toContain('第1期');
    expect(f).toContain('2025年6月23日至2025年6月26日');
    expect(f).toContain('不记名');
    expect(f).toContain('录入顺序：第1–11题');
    for (const a of ASPECTS) expect(f).toContain(a);
    for (const s of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) expect(f).toContain(s);
    const q = await b.call('evaluation.questionnaire', { sessionId: s1 });
    const order = [...q.aspects.flatMap((a) => a.items.map((i) => i.text)), ...COURSES.map((c) => c.title)];
    // Each rated question on its own line, led by its number: 1 … 11, the order PaperEntry types.
    order.forEach((t, k) => expect(text, t).toMatch(new RegExp(`^\\s*${k + 1}\\s+${t}`, 'm')));
    expect(f).toContain('王建国清华大学教授');
    expect(f).toContain('6月23日上午');
    expect(f).toContain('6月25日上午'); // slot 5
    for (const o of q.open) expect(f).toContain(o.text);
    embeddedOnly(w.path);
  });

  it('runs onto several pages with a long timetable, the header repeated on each', async () => {
    const many = Array.from({ length: 36 }, (_, k) => ({ slotSeq: (k % 8) + 1, title: `专题课程第${k + 1}讲`, teacher: `教师${k + 1}` }));
    await b.call('timetable.set', { sessionId: s2, courses: many });
    const w = await b.call('evaluation.questionnairePdf', { sessionId: s2, out: path.join(dir, 'q2.pdf') });
    const n = pages(w.path);
    expect(n).toBeGreaterThan(1);
    for (let p = 1; p <= n; p++) {
      const page = flat(execFileSync('pdftotext', ['-f', String(p), '-l', String(p), w.path, '-'], { encoding: 'utf8' }));
      expect(page).toContain('培训效果评价问卷');
      expect(page).toContain('录入顺序：第1–44题');
    }
    // The courses in the timetable's order (by slot), numbered on after the 8 aspect items.
    const last = (await b.call('timetable.list', { sessionId: s2 })).at(-1)!;
    expect(pdftotext(w.path)).toMatch(new RegExp(`^\\s*44\\s+${last.title}`, 'm'));
  });
});

describe('the results report', () => {
  it('.xlsx: evaluation.report’s figures, the definition under every table, comments kept as text', async () => {
    const rep = await b.call('evaluation.report', { sessionId: s1 });
    const w = await b.call('evaluation.reportXlsx', { sessionId: s1, outDir: dir });
    expect(w.fileName).toBe('培训效果评价-2025年第1期.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['2025年第1期']);
    const ws = wb.worksheets[0];
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((r) => rows.push(r));
    const textOf = (v: ExcelJS.CellValue) =>
      v && typeof v === 'object' && 'richText' in v
        ? v.richText.map((t) => t.text).join('')
        : v === null || v === undefined
          ? ''
          : String(v);
    const find = (...lead: string[]) => rows.find((r) => lead.every((t, k) => textOf(r.getCell(k + 1).value) === t));
    const figs = (r: ExcelJS.Row | undefined, from: number) => {
      expect(r).toBeDefined();
      return {
        answers: r!.getCell(from).value,
        mean: r!.getCell(from + 1).value,
        satisfaction: r!.getCell(from + 2).value,
        distribution: Object.fromEntries([5, 4, 3, 2, 1].map((k, i) => [k, r!.getCell(from + 3 + i).value])),
      };
    };
    for (const a of rep.aspects) {
      expect(figs(find(a.name), 4)).toEqual({
        answers: a.answers,
        mean: a.mean,
        satisfaction: a.satisfaction,
        distribution: a.distribution,
      });
      for (const i of a.items)
        expect(figs(find(a.name, i.name), 4)).toEqual({
          answers: i.answers,
          mean: i.mean,
          satisfaction: i.satisfaction,
          distribution: i.distribution,
        });
    }
    for (const c of rep.courses)
      expect(figs(find(c.name, c.teacher), 4)).toEqual({
        answers: c.answers,
        mean: c.mean,
        satisfaction: c.satisfaction,
        distribution: c.distribution,
      });
    // Independently: 课程设置 over its two items: 5,4,3 and 4,4,5 → mean 4.17, 满意率 5/6.
    expect(figs(find('课程设置'), 4)).toMatchObject({ answers: 6, mean: 4.17, satisfaction: 0.8333 });
    expect(ws.getCell(find('课程设置')!.number, 5).numFmt).toBe('0.00');
    expect(ws.getCell(find('课程设置')!.number, 6).numFmt).toBe('0.0%');
    const definition = SATISFACTION_DEFINITIONS.top2.text;
    expect(rows.filter((r) => textOf(r.getCell(1).value).includes(definition))).toHaveLength(3);
    expect(rows.some((r) => textOf(r.getCell(1).value).includes('收回问卷 4 份'))).toBe(true);
    const injected = rows.find((r) => textOf(r.getCell(2).value) === INJECTION);
    expect(injected).toBeDefined();
    expect(injected!.getCell(2).type).not.toBe(ExcelJS.ValueType.Formula);
    expect(injected!.getCell(2).formula).toBeUndefined();
    // Stored as Excel stores a typed '=…: quote-prefixed text, which stays text when edited.
    expect(isQuotePrefixedText(rawCell(w.path, `B${injected!.number}`))).toBe(true);
    for (const t of ['课程很实用', '希望增加企业参访']) expect(rows.some((r) => textOf(r.getCell(2).value) === t)).toBe(true);
  });

  it('.xlsx of several sessions: a comparison sheet first, the definition in force (setting top3) under it', async () => {
    await b.call('evaluation.setDefinition', { definition: 'top3' });
    const w = await b.call('evaluation.reportXlsx', { sessionIds: [s1, s2], out: path.join(dir, 'cmp.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['期次对比', '2025年第1期', '2025年第2期']);
    const cmp = wb.getWorksheet('期次对比')!;
    const [r1, r2] = [await b.call('evaluation.report', { sessionId: s1 }), await b.call('evaluation.report', { sessionId: s2 })];
    let found = 0;
    cmp.eachRow((r) => {
      const a1 = r1.aspects.find((a) => a.name === r.getCell(1).value);
      if (!a1) return;
      const a2 = r2.aspects.find((a) => a.name === a1.name)!;
      expect([2, 3, 4, 5, 6, 7].map((k) => r.getCell(k).value)).toEqual([
        a1.answers,
        a1.mean,
        a1.satisfaction,
        a2.answers,
        a2.mean,
        a2.satisfaction,
      ]);
      found++;
    });
    expect(found).toBe(4);
    let notes = 0;
    cmp.eachRow((r) => (String(r.getCell(1).value ?? '').includes(SATISFACTION_DEFINITIONS.top3.text) ? notes++ : 0));
    expect(notes).toBe(1);
  });

  it('PDF: every aspect and course, the figures, the definition under every table and chart, fonts embedded', async () => {
    const rep = await b.call('evaluation.report', { sessionId: s1 });
    const w = await b.call('evaluation.reportPdf', { sessionId: s1, outDir: dir });
    expect(w.fileName).toBe('培训效果评价-2025年第1期.pdf');
    const f = flat(pdftotext(w.path));
    expect(f).toContain('2025年领军人才培训培训效果评价报告');
    expect(f).toContain('收回问卷4份');
    for (const a of rep.aspects) {
      expect(f).toContain(a.name);
      expect(f).toContain(`${a.name}${a.answers}${a.mean!.toFixed(2)}${(a.satisfaction! * 100).toFixed(1)}%`);
    }
    for (const c of rep.courses) expect(f).toContain(`${c.name}${c.teacher}${c.answers}${c.mean!.toFixed(2)}`);
    expect(f).toContain('各方面评价分布');
    expect(f).toContain('各方面满意率');
    // Under the aspects', items' and courses' tables and the three charts.
    expect(f.split(flat(rep.definitionText)).length - 1).toBe(6);
    for (const t of ['课程很实用', INJECTION, '希望增加企业参访']) expect(f).toContain(flat(t));
    embeddedOnly(w.path);
  });

  it('PDF of several sessions starts with the comparison', async () => {
    const w = await b.call('evaluation.reportPdf', { sessionIds: [s1, s2], outDir: dir });
    expect(w.fileName).toBe('培训效果评价-2025年第1期等2期.pdf');
    const f = flat(pdftotext(w.path));
    expect(f.indexOf('期次对比')).toBeLessThan(f.indexOf('二、第1期'));
    expect(f).toContain('三、第2期');
    expect(f).toContain('各方面满意率（期次对比）');
    expect(f).toContain('收回问卷（份）41');
    expect(pages(w.path)).toBeGreaterThanOrEqual(3);
    embeddedOnly(w.path);
  });

  it('a session without responses: dashes in the PDF, empty figures in the .xlsx', async () => {
    const p = (await b.call('programmes.list', {}))[0];
    const s3 = (await b.call('sessions.create', { programmeId: p.id, number: 3, startDate: '2025-10-13', endDate: '2025-10-16' })).id;
    const pdf = await b.call('evaluation.reportPdf', { sessionId: s3, outDir: dir });
    const f = flat(pdftotext(pdf.path));
    expect(f).toContain('收回问卷0份');
    expect(f).toContain('课程设置0——00000');
    const xlsx = await b.call('evaluation.reportXlsx', { sessionId: s3, outDir: dir });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.path);
    let row: ExcelJS.Row | undefined;
    wb.worksheets[0].eachRow((r) => (r.getCell(1).value === '实际效果' && r.getCell(4).value === 0 ? (row = r) : 0));
    expect([5, 6].map((k) => row!.getCell(k).value)).toEqual([null, null]);
  });

  it('refuses a missing or doubled session choice, an unknown session and a relative path', async () => {
    expect((await refused(b.call('evaluation.reportXlsx', {} as never))).code).toBe('VALIDATION');
    expect((await refused(b.call('evaluation.reportPdf', { sessionId: s1, sessionIds: [s2] } as never))).message).toMatch(/二者选一/);
    expect((await refused(b.call('evaluation.reportPdf', { sessionIds: [] }))).message).toMatch(/至少选择一个期次/);
    expect((await refused(b.call('evaluation.reportXlsx', { sessionIds: [s1, 9999], outDir: dir }))).code).toBe('NOT_FOUND');
    expect((await refused(b.call('evaluation.questionnairePdf', { sessionId: 9999, outDir: dir }))).code).toBe('NOT_FOUND');
    expect((await refused(b.call('evaluation.questionnairePdf', { sessionId: s1, out: 'q.pdf' }))).code).toBe('VALIDATION');
    // Nothing half-written was left behind.
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('command line', () => {
  const run = promisify(execFile);
  async function cli(...args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', '--db', b.dbPath, ...args]);
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  it('export-questionnaire and export-evaluation-report (.xlsx, .pdf, several sessions); bad arguments exit 2', async () => {
    const q = path.join(dir, '问卷.pdf');
    const r1 = await cli('export-questionnaire', '--programme', '2025', '--session', '1', '--out', q, '--json');
    expect(r1.code, r1.stderr).toBe(0);
    expect(JSON.parse(r1.stdout)).toMatchObject({ path: q, fileName: '问卷.pdf' });
    expect(flat(pdftotext(q))).toContain('录入顺序：第1–11题');
    const x = path.join(dir, '报告.xlsx');
    const r2 = await cli('export-evaluation-report', '--programme', '2025', '--session', '1,2', '--out', x);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain(`已保存：${x}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(x);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['期次对比', '2025年第1期', '2025年第2期']);
    const p = path.join(dir, '报告.pdf');
    const r3 = await cli('export-evaluation-report', '--programme', '2025', '--session', '1', '--out', p);
    expect(r3.code, r3.stderr).toBe(0);
    expect(flat(pdftotext(p))).toContain('培训效果评价报告');
    const badExt = await cli('export-evaluation-report', '--programme', '2025', '--session', '1', '--out', path.join(dir, 'r.doc'));
    expect(badExt.code).toBe(2);
    expect(badExt.stderr).toMatch(/\.xlsx 或 \.pdf/);
    const noOut = await cli('export-questionnaire', '--programme', '2025', '--session', '1');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out/);
    const badSession = await cli('export-evaluation-report', '--programme', '2025', '--session', '1,7', '--out', x);
    expect(badSession.code).toBe(2);
    expect(badSession.stderr).toMatch(/没有第 7 期/);
  });
});
