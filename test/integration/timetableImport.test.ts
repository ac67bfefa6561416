/**
 * Issue 10 §1, §5: the timetable an institution sends, read from real .xlsx files written with
 * exceljs in the layouts people make (title rows, dates merged down, Excel serials, 第一天, a teacher
 * with his title in one cell, ceremonies and lunch between the courses), through the real dispatcher
 * and SQLite file; the dry run writes nothing, re-importing keeps ids, a rated course is not dropped,
 * hostile files are refused with nothing changed; the printed 课程表 read back with pdftotext; the
 * CLI run as a user runs it; the demo's timetables and ~70 % responses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { courseKey } from '../../shared/domain/evaluation';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, tempDir, type TestBackend } from '../fixtures/backend';
import { runCli } from '../fixtures/cli';

let b: TestBackend;
let dir: string;
let sessionId: number;

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-timetable-');
  const p = await b.call('programmes.create', { year: 2025, title: '中小企业经营管理领军人才培训' });
  sessionId = (
    await b.call('sessions.create', {
      programmeId: p.id,
      number: 1,
      title: '数字化转型专题班',
      startDate: '2025-06-23',
      endDate: '2025-06-26',
      location: '北京',
    })
  ).id;
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

/** Excel's serial day of a date (1900 system). */
const serial = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);

async function writeXlsx(name: string, rows: unknown[][], merges: string[] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('课程表');
  for (const r of rows) ws.addRow(r);
  for (const m of merges) ws.mergeCells(m);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Layout A: title rows, dates merged down (serial, real date, 6月25日, 周四 6月26日), times as words or clock ranges. */
function layoutA(extra: unknown[][] = []): unknown[][] {
  return [
    ['2025年度中小企业经营管理领军人才培训第1期课程安排'],
    ['培训时间：2025年6月23日至26日　培训地点：北京'],
    ['日期', '时间', '课程内容', '授课教师', '形式'],
    [serial('2025-06-23'), '上午', '开班式', null, null],
    [null, '上午', '企业战略管理', '王建国（清华大学教授）', '讲座'],
    [null, '下午', '数字化转型案例研讨', '李敏', '研讨'],
    [new Date(Date.UTC(2025, 5, 24)), '8:30-12:00', '专精特新发展路径', '赵强 教授', null],
    [null, '12:00-13:30', '午餐', null, null],
    [null, '14:00-17:30', '走进智能制造工厂', '孙丽（某智能装备公司总经理）', '参观'],
    ['6月25日', '上午', '资本运作与股权融资', '周伟', '讲授'],
    [null, '上午', '企业家沙龙', '吴静', '沙龙'],
    ['周四 6月26日', '下午', '结业式', null, null],
    [null, '上午', '学员企业经验交流', '郑华', '座谈'],
    ...extra,
  ];
}

describe('reading an institution timetable', () => {
  it('layout A: merged dates, serials, ceremonies skipped, teacher titles split, kinds from words; the dry run writes nothing', async () => {
    const file = await writeXlsx('课程表A.xlsx', layoutA(), ['A4:A6', 'A7:A9', 'A1:E1']);
    const snap = snapshot(b);
    const r = await b.call('timetable.import', { sessionId, file: { path: file }, dryRun: true });
    expect(snapshot(b)).toBe(snap);
    expect(r).toMatchObject({ dryRun: true, written: false, errors: [], kept: 0, added: 7, removed: 0 });
    expect(r.columns.map((c) => [c.column, c.field])).toEqual([
      ['A', 'date'],
      ['B', 'time'],
      ['C', 'title'],
      ['D', 'teacher'],
      ['E', 'kind'],
    ]);
    expect(r.courses.map((c) => [c.row, c.date, c.part, c.slotSeq, c.title, c.teacher, c.teacherTitle, c.kind])).toEqual([
      [5, '2025-06-23', '上午', 1, '企业战略管理', '王建国', '清华大学教授', '讲授'],
      [6, '2025-06-23', '下午', 2, '数字化转型案例研讨', '李敏', '', '案例研讨'],
      [7, '2025-06-24', '上午', 3, '专精特新发展路径', '赵强', '教授', '讲授'],
      [9, '2025-06-24', '下午', 4, '走进智能制造工厂', '孙丽', '某智能装备公司总经理', '现场教学'],
      [10, '2025-06-25', '上午', 5, '资本运作与股权融资', '周伟', '', '讲授'],
      [11, '2025-06-25', '上午', 5, '企业家沙龙', '吴静', '', '交流'],
      [13, '2025-06-26', '上午', 7, '学员企业经验交流', '郑华', '', '交流'],
    ]);
    expect(r.warnings.map((w) => w.row)).toEqual([4, 8, 12]);
    expect(r.warnings[0].message).toMatch(/开班式.*日程安排（无授课教师），未作为课程导入/);

    const done = await b.call('timetable.import', { sessionId, file: { path: file, name: '课程表A.xlsx' } });
    expect(done).toMatchObject({ written: true, added: 7 });
    const list = await b.call('timetable.list', { sessionId });
    expect(list.map((c) => [c.slotSeq, c.title, c.teacher, c.teacherTitle, c.kind])).toEqual(
      r.courses.map((c) => [c.slotSeq, c.title, c.teacher, c.teacherTitle, c.kind]),
    );
    const audit = b.db.prepare("SELECT summary FROM audit_log WHERE method = 'timetable.import'").pluck().all() as string[];
    expect(audit).toEqual([expect.stringMatching(/导入课程表「课程表A.xlsx」（第1期）：7 门课程，保留 0，新增 7，删除 0/)]);
  });

  it('layout B: 序号, 第一天/第二天, 时段, 主讲人 with a 职务 column, 6.24 typed as a number, an unknown 形式 noted', async () => {
    const file = await writeXlsx('课程表B.xlsx', [
      ['第1期培训课程表'],
      ['序号', '日期', '时段', '课程名称', '主讲人', '职务/职称', '教学形式'],
      [1, '第一天', '上午', '宏观经济形势与产业政策', '刘洋', '某研究院研究员', '讲授'],
      [2, null, '下午', '商业模式创新', '陈晨（教授）', '某大学商学院', '案例教学'],
      [3, '第二天', '上午', '财务管理与风险防控', '何平', '—', '线上直播'],
      [4, 6.25, '下午', '隐形冠军成长之路', '林峰', '董事长', null],
      [5, '2025.06.26', '9:00—11:30', '学员分享', '马可', null, '分享'],
      ['注：课程如有调整，以当天通知为准。'],
    ]);
    const r = await b.call('timetable.import', { sessionId, file: { path: file }, dryRun: true });
    expect(r.errors).toEqual([]);
    expect(r.columns.find((c) => c.header === '序号')).toMatchObject({ field: null });
    expect(r.courses.map((c) => [c.date, c.part, c.slotSeq, c.title, c.teacher, c.teacherTitle, c.kind])).toEqual([
      ['2025-06-23', '上午', 1, '宏观经济形势与产业政策', '刘洋', '某研究院研究员', '讲授'],
      ['2025-06-23', '下午', 2, '商业模式创新', '陈晨', '教授，某大学商学院', '案例研讨'],
      ['2025-06-24', '上午', 3, '财务管理与风险防控', '何平', '', '讲授'],
      ['2025-06-25', '下午', 6, '隐形冠军成长之路', '林峰', '董事长', '讲授'],
      ['2025-06-26', '上午', 7, '学员分享', '马可', '', '交流'],
    ]);
    expect(r.courses[2].note).toMatch(/形式「线上直播」未识别，按讲授/);
  });

  it('a date outside the session and other bad rows are errors per row and column; with errors nothing is written', async () => {
    const file = await writeXlsx(
      '课程表C.xlsx',
      layoutA([
        ['2025-06-30', '上午', '补充课程', '钱七', null],
        ['6月31日', '上午', '不存在的日子', '钱七', null],
        ['6月26日', '傍晚时分', '时间写错', '钱七', null],
        ['6月26日', '晚上', '夜谈', '钱七', null],
      ]),
    );
    const snap = snapshot(b);
    const r = await b.call('timetable.import', { sessionId, file: { path: file } });
    expect(r.written).toBe(false);
    expect(snapshot(b)).toBe(snap);
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [14, '日期', 'DATE_OUTSIDE'],
      [15, '日期', 'DATE_INVALID'],
      [16, '时间', 'TIME_INVALID'],
      [17, '时间', 'SLOT_MISSING'],
    ]);
    expect(r.errors[0].message).toBe('第 14 行「日期」：6月30日不在本期（6月23日至6月26日）之内');
    expect(r.errors[3].message).toMatch(/本期日程中没有6月26日晚上这个时段/);
    expect(r.courses).toHaveLength(7);
  });

  it('re-import keeps the ids of unchanged courses; a rated course missing from the file is a clear error and nothing changes', async () => {
    const file = await writeXlsx('A.xlsx', layoutA());
    await b.call('timetable.import', { sessionId, file: { path: file } });
    const before = await b.call('timetable.list', { sessionId });
    // The same timetable with one teacher's title changed and a course added: ids stay.
    const changed = layoutA([['6月26日', '下午', '企业合规经营', '冯涛', '讲授']]);
    changed[4] = [null, '上午', '企业战略管理', '王建国（清华大学经济管理学院教授）', '讲座'];
    const again = await b.call('timetable.import', { sessionId, file: { path: await writeXlsx('A2.xlsx', changed) } });
    expect(again).toMatchObject({ written: true, kept: 7, added: 1, removed: 0 });
    const after = await b.call('timetable.list', { sessionId });
    expect(after.filter((c) => before.some((x) => x.id === c.id))).toHaveLength(7);
    expect(after.find((c) => c.title === '企业战略管理')).toMatchObject({ id: before[0].id, teacherTitle: '清华大学经济管理学院教授' });

    // 企业战略管理 is rated, then the institution sends a timetable without it.
    await b.call('evaluation.addResponse', { sessionId, source: 'paper', ratings: { [courseKey(before[0].id)]: 5 } });
    const without = layoutA().filter((row) => row[2] !== '企业战略管理');
    const snap = snapshot(b);
    const dry = await b.call('timetable.import', { sessionId, file: { path: await writeXlsx('A3.xlsx', without) }, dryRun: true });
    expect(dry.errors).toEqual([
      {
        row: 0,
        column: '课程',
        code: 'COURSE_RATED',
        message: '现有课程「企业战略管理」已有 1 份评价，文件中没有它（或改了时段、名称、教师）：不能从课程表中删除。',
      },
    ]);
    const commit = await b.call('timetable.import', { sessionId, file: { path: await writeXlsx('A3.xlsx', without) } });
    expect(commit.written).toBe(false);
    expect(snapshot(b)).toBe(snap);
  });

  it('malformed and hostile input: clear Chinese errors, nothing changed', async () => {
    const snap = snapshot(b);
    const text = path.join(dir, '课程表.xlsx');
    fs.writeFileSync(text, '这不是 Excel 文件');
    const noHeader = await writeXlsx('空.xlsx', [['随便写点什么'], [1, 2, 3]]);
    const noDates = await writeXlsx('无日期.xlsx', [
      ['课程名称', '授课教师'],
      ['企业战略', '王建国'],
    ]);
    const formula = await writeXlsx('公式.xlsx', [
      ['日期', '时间', '课程', '教师'],
      ['6月23日', '上午', { formula: 'HYPERLINK("http://x","点我")', result: '=点我' }, '王建国'],
      ['6月23日', '下午', 'x'.repeat(300), '王建国'],
    ]);
    const cases: [unknown, RegExp][] = [
      [{ sessionId, file: { path: text } }, /不是有效的 Excel|无法|损坏|不是/],
      [{ sessionId, file: { path: noHeader } }, /没有找到课程表的表头/],
      [{ sessionId, file: { path: noDates } }, /没有日期或时间列/],
      [{ sessionId, file: { path: path.join(dir, '不存在.xlsx') } }, /不存在|找不到/],
      [{ sessionId: 999, file: { path: noHeader } }, /期次|不存在/],
      [{ sessionId, file: { path: 'relative.xlsx' } }, /完整路径/],
    ];
    for (const [input, message] of cases) {
      const e = await refused(b.call('timetable.import', input as never));
      expect(e, JSON.stringify(input)).toBeInstanceOf(AppError);
      expect(e.message).toMatch(message);
      expect(e.message).toMatch(/\p{Script=Han}/u);
    }
    expect(snapshot(b)).toBe(snap);
    const undated = (await b.call('sessions.create', { programmeId: (await b.call('programmes.list', {}))[0].id, number: 2 })).id;
    const e = await refused(b.call('timetable.import', { sessionId: undated, file: { path: formula } }));
    expect(e.message).toBe('第2期还没有日期和日程：请先填写本期的开始、结束日期，再导入课程表。');
    const snap2 = snapshot(b);
    const r = await b.call('timetable.import', { sessionId, file: { path: formula } });
    expect(r.written).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(['TITLE_TOO_LONG']);
    expect(r.courses[0].title).toBe('=点我');
    expect(snapshot(b)).toBe(snap2);
  });
});

describe('the printed 课程表', () => {
  it('titles, dates and every course, continuing over pages with the header repeated', async () => {
    const courses = Array.from({ length: 34 }, (_, i) => ({
      slotSeq: 1 + Math.floor(i / 5),
      title: `第${i + 1}讲 企业管理专题${i + 1}`,
      teacher: `教师${i + 1}`,
      teacherTitle: i % 2 ? '某大学管理学院教授' : '',
      kind: (['讲授', '案例研讨', '现场教学', '交流'] as const)[i % 4],
    }));
    await b.call('timetable.set', { sessionId, courses });
    const out = path.join(dir, '课程表.pdf');
    const w = await b.call('timetable.pdf', { sessionId, out });
    expect(w.path).toBe(out);
    const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
    expect(text).toMatch(/2025年中小企业经营管理领军人才培训 课程表/);
    expect(text).toMatch(/第1期\s+数字化转型专题班/);
    expect(text).toMatch(/2025年6月23日至2025年6月26日\s+北京/);
    expect(text).toMatch(/课程表（续）/);
    for (const c of courses) expect(text).toContain(c.title);
    for (const d of ['6月23日', '6月24日', '6月25日', '6月26日']) expect(text).toContain(d);
    expect(text).toMatch(/星期一/);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out]).toString())![1]);
    expect(pages).toBe(2);
    expect((text.match(/授课教师/g) ?? []).length).toBe(pages);
  });

  it('an empty timetable prints with a line saying so; a bad target is refused', async () => {
    const out = path.join(dir, 'empty.pdf');
    await b.call('timetable.pdf', { sessionId, out });
    expect(execFileSync('pdftotext', [out, '-']).toString()).toMatch(/本期尚未安排课程/);
    const e = await refused(b.call('timetable.pdf', { sessionId: 999, out }));
    expect(e.message).toMatch(/\p{Script=Han}/u);
  });
});

describe('command line', () => {
  it('import-timetable --dry-run --json (exit 3 with errors, nothing written), import, export-timetable', async () => {
    const bad = await writeXlsx('bad.xlsx', layoutA([['2025-06-30', '上午', '补充课程', '钱七', null]]));
    const good = await writeXlsx('good.xlsx', layoutA());
    const db = b.dbPath;
    const dry = await runCli(['--db', db, 'import-timetable', bad, '--programme', '2025', '--session', '1', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(3);
    const out = JSON.parse(dry.stdout);
    expect(out).toMatchObject({ dryRun: true, written: false, added: 7 });
    expect(out.errors).toEqual([{ row: 14, column: '日期', code: 'DATE_OUTSIDE', message: expect.stringMatching(/6月30日不在本期/) }]);
    const imp = await runCli(['--db', db, 'import-timetable', good, '--programme', '2025', '--session', '1']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/已导入：7 门课程（保留 0，新增 7，删除 0）/);
    expect(await b.call('timetable.list', { sessionId })).toHaveLength(7);
    const pdf = path.join(dir, 'cli.pdf');
    const exp = await runCli(['--db', db, 'export-timetable', '--programme', '2025', '--session', '1', '--out', pdf]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(execFileSync('pdftotext', [pdf, '-']).toString()).toContain('资本运作与股权融资');
    const wrong = await runCli(['--db', db, 'export-timetable', '--programme', '2025', '--session', '1', '--out', 'x.xlsx']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/课程表只能导出为 .pdf/);
  });
});

describe('the demo', () => {
  let demo: TestBackend;
  beforeAll(async () => {
    demo = await makeBackend({ demo: 400 });
  }, 120_000);
  afterAll(() => demo?.cleanup());

  it('every session has a four-day timetable; past sessions have responses from 65–75 % of the roster with a realistic spread', async () => {
    const [programme] = await demo.call('programmes.list', {});
    const sessions = await demo.call('sessions.list', { programmeId: programme.id });
    expect(sessions).toHaveLength(9);
    let past = 0;
    const all: number[] = [];
    for (const s of sessions) {
      const courses = await demo.call('timetable.list', { sessionId: s.id });
      expect(new Set(courses.map((c) => c.slotSeq)).size, `第${s.number}期`).toBe(8);
      expect(new Set(courses.map((c) => c.kind))).toEqual(new Set(['讲授', '案例研讨', '现场教学', '交流']));
      expect(courses.every((c) => c.teacher && c.teacherTitle)).toBe(true);
      const marks = demo.db
        .prepare('SELECT count(*) FROM attendance_marks m JOIN session_slots t ON t.id = m.slot_id WHERE t.session_id = ?')
        .pluck()
        .get(s.id) as number;
      const report = await demo.call('evaluation.report', { sessionId: s.id });
      if (!marks) {
        expect(report.responses).toBe(0);
        continue;
      }
      past++;
      const roster = (await demo.call('rosters.get', { sessionId: s.id })).entries.length;
      const rate = report.responses / roster;
      expect(rate, `第${s.number}期 ${report.responses}/${roster}`).toBeGreaterThanOrEqual(0.65);
      expect(rate, `第${s.number}期 ${report.responses}/${roster}`).toBeLessThanOrEqual(0.75);
      for (const a of report.aspects) {
        expect(a.mean!).toBeGreaterThan(3.8);
        expect(a.mean!).toBeLessThan(4.9);
      }
      expect(report.courses).toHaveLength(courses.length);
      expect(report.comments[0].texts.length).toBeGreaterThan(0);
      const sources = demo.db.prepare('SELECT DISTINCT source FROM eval_responses WHERE session_id = ?').pluck().all(s.id);
      expect(new Set(sources)).toEqual(new Set(['paper', 'kiosk']));
    }
    expect(past).toBeGreaterThan(0);
    for (const row of demo.db.prepare('SELECT rating FROM eval_answers WHERE rating IS NOT NULL').all() as { rating: number }[])
      all.push(row.rating);
    const share = (k: number) => all.filter((x) => x === k).length / all.length;
    expect(share(5)).toBeGreaterThan(0.35);
    expect(share(4)).toBeGreaterThan(0.25);
    expect(share(3)).toBeGreaterThan(0.03);
    expect(share(2) + share(1)).toBeGreaterThan(0);
    expect(share(2) + share(1)).toBeLessThan(0.05);
  });
});
