/**
 * Issue 10 §1–§2: the course timetable and the anonymous evaluation, through the real dispatcher and
 * SQLite file; a survey tool's .xlsx written with exceljs (words and digits mixed, bad cells, the
 * tool's own columns, a name column) imported; every figure recomputed here from the values written.
 * The CLI's two commands run as a user runs them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRating } from '../../shared/domain/evaluation';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, tempDir, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
let dir: string;
let sessionId: number;

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-eval-');
  const p = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  sessionId = (await b.call('sessions.create', { programmeId: p.id, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' })).id;
  await b.call('timetable.set', {
    sessionId,
    courses: [
      { slotSeq: 1, title: '企业战略管理', teacher: '王建国', teacherTitle: '清华大学教授' },
      { slotSeq: 2, title: '数字化转型案例', teacher: '李敏', kind: '案例研讨' },
      { slotSeq: 5, title: '走进专精特新企业', teacher: '', kind: '现场教学' },
    ],
  });
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

/** The answers, as a survey tool exports them. Row 1 is the header. */
const HEADER = [
  '序号',
  '提交答卷时间',
  '所用时间',
  '来源',
  '来自IP',
  '姓名',
  '1、课程内容符合企业经营管理需要',
  '2、课程安排与学时合理（单选题）',
  '3、师资力量',
  '4、组织管理',
  '5、实际效果—对提升经营管理能力的帮助',
  '6、企业战略管理（王建国）',
  '7、数字化转型案例',
  '8、您对本期培训的意见和建议',
];
const ROWS: unknown[][] = [
  [1, '2025/6/26 16:01:02', '95秒', '微信', '1.2.3.4(浙江)', '张三', '非常满意', 5, '满意', 4, '5', '非常满意', '4分', '课程很实用'],
  [2, '2025/6/26 16:02:10', '80秒', '微信', '1.2.3.5', '', '满意', '４', '基本满意', '非常满意', 4, 5, null, ''],
  [3, '2025/6/26 16:03:00', '70秒', '链接', '1.2.3.6', '', '很好', 3, '不满意', 2, 3, '6', 3, '希望增加参访'], // 很好 and 6: rejected
  [4, '2025/6/26 16:04:00', '60秒', '链接', '1.2.3.7', '', 3, '基本满意', 3, '3-基本满意', '非常不满意', 4, '5.非常满意', null],
  [5, '2025/6/26 16:05:00', '60秒', '链接', '1.2.3.8', '', null, null, null, null, null, null, null, null], // blank: not a response
];

async function writeSurvey(name = 'survey.xlsx', rows = ROWS): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('问卷数据');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** The figures, computed here from the table above (rows 1, 2 and 4 are kept). */
function expected(column: number) {
  const kept = [ROWS[0], ROWS[1], ROWS[3]];
  const values = kept.map((r) => parseRating(r[column])).flatMap((p) => ('rating' in p ? [p.rating] : []));
  return values;
}
const stats = (values: number[], satisfiedFrom = 4) => ({
  answers: values.length,
  mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100,
  satisfaction: Math.round((values.filter((v) => v >= satisfiedFrom).length / values.length) * 10000) / 10000,
});

describe('the timetable', () => {
  it('lists courses in slot order; a course keeps its id (and its ratings) while slot, title and teacher stay; bad slots refused', async () => {
    const before = await b.call('timetable.list', { sessionId });
    expect(before.map((c) => [c.slotSeq, c.title, c.kind])).toEqual([
      [1, '企业战略管理', '讲授'],
      [2, '数字化转型案例', '案例研讨'],
      [5, '走进专精特新企业', '现场教学'],
    ]);
    const again = await b.call('timetable.set', {
      sessionId,
      courses: [...before.map(({ slotSeq, title, teacher, kind }) => ({ slotSeq, title, teacher, kind, teacherTitle: '教授' }))],
    });
    expect(again.map((c) => c.id)).toEqual(before.map((c) => c.id));
    const snap = snapshot(b);
    const e = await refused(b.call('timetable.set', { sessionId, courses: [{ slotSeq: 9, title: '夜校' }] }));
    expect(e.message).toMatch(/时段序号 9 超出本期的 8 个半天时段/);
    expect(snapshot(b)).toBe(snap);
  });

  it('a rated course cannot be dropped from the timetable', async () => {
    const [c] = await b.call('timetable.list', { sessionId });
    await b.call('evaluation.addResponse', { sessionId, source: 'paper', ratings: { [`课程-${c.id}`]: 5 } });
    const e = await refused(b.call('timetable.set', { sessionId, courses: [] }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/企业战略管理.*已有 1 份评价/);
  });
});

describe('responses typed from paper or given at the kiosk', () => {
  it('stores ratings and texts, anonymously; unknown questions, text for a rating and empty sheets are refused with nothing changed', async () => {
    const r = await b.call('evaluation.addResponse', {
      sessionId,
      source: 'kiosk',
      ratings: { '课程设置-1': 5, '师资力量-2': 3 },
      texts: { '意见-1': '很有收获' },
    });
    expect(r.responses).toBe(1);
    // Anonymous by construction: a response has no column that could point at a trainee.
    const cols = (b.db.prepare("SELECT name FROM pragma_table_info('eval_responses')").all() as { name: string }[]).map((c) => c.name);
    expect(cols.sort()).toEqual(['entered_at', 'id', 'import_id', 'session_id', 'source']);
    const snap = snapshot(b);
    for (const [input, message] of [
      [{ sessionId, source: 'paper', ratings: { 伙食: 5 } }, /问题「伙食」不在本期问卷中/],
      [{ sessionId, source: 'paper', ratings: { '意见-1': 5 } }, /是文字题，不能打分/],
      [{ sessionId, source: 'paper', ratings: {}, texts: { '课程设置-1': '好' } }, /是评分题/],
      [{ sessionId, source: 'paper', ratings: {}, texts: { '意见-1': '' } }, /一题也没有作答/],
    ] as const) {
      const e = await refused(b.call('evaluation.addResponse', input as never));
      expect(e.message).toMatch(message);
    }
    expect(snapshot(b)).toBe(snap);
  });
});

describe("importing a survey tool's export", () => {
  it('matches columns by wording, aspect and course; words and digits mixed; bad cells reported by row and column; dry run writes nothing', async () => {
    const file = await writeSurvey();
    const snap = snapshot(b);
    const dry = await b.call('evaluation.import', { sessionId, file: { path: file }, dryRun: true });
    expect(snapshot(b)).toBe(snap);
    expect(dry).toMatchObject({ valid: 3, imported: 0, rejected: 1 });
    expect(dry.errors).toEqual([
      {
        row: 4,
        column: '1、课程内容符合企业经营管理需要',
        code: 'RATING_INVALID',
        message: expect.stringContaining('「很好」不是五级评价'),
      },
      { row: 4, column: '6、企业战略管理（王建国）', code: 'RATING_INVALID', message: expect.stringContaining('「6」不是五级评价') },
    ]);
    const byHeader = Object.fromEntries(dry.columns.map((c) => [c.header, c]));
    expect(byHeader['提交答卷时间'].question).toBeNull();
    expect(byHeader['姓名']).toMatchObject({ question: null, note: '评价为匿名，此列未导入' });
    expect(byHeader['1、课程内容符合企业经营管理需要'].question).toBe('课程设置-1');
    expect(byHeader['2、课程安排与学时合理（单选题）'].question).toBe('课程设置-2');
    expect(byHeader['3、师资力量'].question).toBe('师资力量-总体');
    expect(byHeader['5、实际效果—对提升经营管理能力的帮助'].question).toBe('实际效果-1');
    expect(byHeader['6、企业战略管理（王建国）'].question).toMatch(/^课程-\d+$/);
    expect(byHeader['8、您对本期培训的意见和建议'].question).toBe('意见-1');

    const done = await b.call('evaluation.import', { sessionId, file: { path: file } });
    expect(done).toMatchObject({ valid: 3, imported: 3, rejected: 1 });
    // The same file again is refused: the same answers are never counted twice.
    const again = await refused(b.call('evaluation.import', { sessionId, file: { path: file } }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/已于 .* 导入过/);

    // Figures recomputed from the table: an aspect is over all answers to all its items.
    const rep = await b.call('evaluation.report', { sessionId });
    expect(rep.responses).toBe(3);
    const aspect = (name: string) => rep.aspects.find((a) => a.name === name)!;
    expect(rep.aspects.map((a) => a.name)).toEqual(['课程设置', '师资力量', '组织管理', '实际效果']);
    expect(aspect('课程设置')).toMatchObject(stats([...expected(6), ...expected(7)]));
    expect(aspect('师资力量')).toMatchObject(stats(expected(8)));
    expect(aspect('组织管理')).toMatchObject(stats(expected(9)));
    expect(aspect('实际效果')).toMatchObject(stats(expected(10)));
    expect(aspect('课程设置').items.map((i) => i.answers)).toEqual([3, 3]);
    expect(aspect('师资力量').items.at(-1)).toMatchObject({ name: '总体评价', answers: 3 });
    expect(rep.courses.map((c) => [c.name, c.answers])).toEqual([
      ['企业战略管理', 3],
      ['数字化转型案例', 2],
      ['走进专精特新企业', 0],
    ]);
    expect(rep.courses[0]).toMatchObject(stats(expected(11)));
    expect(rep.comments[0]).toEqual({ question: '对本期培训的意见和建议', texts: ['课程很实用'] });
    expect(rep.definitionText).toBe('满意率 =（非常满意 + 满意）÷ 该题作答人数');

    // The definition is a setting: counting 基本满意 too changes every 满意率 and the printed words.
    await b.call('evaluation.setDefinition', { definition: 'top3' });
    const wide = await b.call('evaluation.report', { sessionId });
    expect(wide.aspects[0]).toMatchObject(stats([...expected(6), ...expected(7)], 3));
    expect(wide.definitionText).toMatch(/基本满意/);
  });

  it('a file with no column of the questionnaire, or not a spreadsheet, is refused with nothing changed', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRows([
      ['姓名', '电话'],
      ['张三', '138'],
    ]);
    const file = path.join(dir, 'other.xlsx');
    await wb.xlsx.writeFile(file);
    const snap = snapshot(b);
    expect((await refused(b.call('evaluation.import', { sessionId, file: { path: file } }))).message).toMatch(/没有找到与本期问卷对应的列/);
    const junk = path.join(dir, 'junk.xlsx');
    fs.writeFileSync(junk, 'not a zip file at all');
    expect((await refused(b.call('evaluation.import', { sessionId, file: { path: junk } }))).code).toBe('VALIDATION');
    expect((await refused(b.call('evaluation.import', { sessionId, file: { path: path.join(dir, 'missing.xlsx') } }))).code).toBe(
      'NOT_FOUND',
    );
    expect(snapshot(b)).toBe(snap);
  });
});

describe('parseRating', () => {
  it('reads words, digits and both; refuses what disagrees or is not on the scale', () => {
    const ok: [unknown, number][] = [
      ['非常满意', 5],
      ['满意', 4],
      ['基本满意', 3],
      ['不满意', 2],
      ['非常不满意', 1],
      [5, 5],
      ['１', 1],
      ['4分', 4],
      ['A.非常满意', 5],
      ['非常满意(5)', 5],
      [' 3 ', 3],
      ['4.0', 4],
    ];
    for (const [v, r] of ok) expect(parseRating(v), String(v)).toEqual({ rating: r });
    for (const v of [null, '', '  ', '(跳过)']) expect(parseRating(v)).toEqual({ blank: true });
    for (const v of ['很好', 6, 0, '4.5', '10', '满意(2)', '3或4', 2.5]) expect('error' in parseRating(v), String(v)).toBe(true);
  });
});

describe('command line', () => {
  const run = promisify(execFile);
  async function cli(db: string, ...args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', '--db', db, ...args]);
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  it('import-evaluations --json (the import error shape, exit 3 with rejected rows) and evaluation-report --json', async () => {
    const file = await writeSurvey();
    const db = b.dbPath; // the CLI opens the same file in its own process (WAL lets both in)
    const imp = await cli(db, 'import-evaluations', file, '--programme', '2025', '--session', '1', '--json');
    expect(imp.code, imp.stderr).toBe(3);
    const out = JSON.parse(imp.stdout);
    expect(out).toMatchObject({ imported: 3, rejected: 1 });
    expect(out.errors[0]).toEqual({
      row: 4,
      column: '1、课程内容符合企业经营管理需要',
      code: 'RATING_INVALID',
      message: expect.any(String),
    });
    const rep = await cli(db, 'evaluation-report', '--programme', '2025', '--session', '1', '--json');
    expect(rep.code, rep.stderr).toBe(0);
    const r = JSON.parse(rep.stdout);
    expect(r.responses).toBe(3);
    expect(r.aspects.map((a: { name: string }) => a.name)).toEqual(['课程设置', '师资力量', '组织管理', '实际效果']);
    expect(r.aspects[0]).toMatchObject(stats([...expected(6), ...expected(7)]));
    expect(r.aspects[0].answers).toBe(6);
    expect(r.courses[0]).toMatchObject({ name: '企业战略管理', answers: 3 });
    const badSession = await cli(db, 'evaluation-report', '--programme', '2025', '--session', '7', '--json');
    expect(badSession.code).toBe(2);
    expect(badSession.stderr).toMatch(/没有第 7 期/);
  });
});

describe('changing the questionnaire once it has answers', () => {
  const DEFAULT = async () => b.call('evaluation.questionnaire', { sessionId });
  const audits = () =>
    b.db.prepare("SELECT summary, details FROM audit_log WHERE method = 'evaluation.setQuestionnaire' ORDER BY id").all() as {
      summary: string;
      details: string;
    }[];

  it('an unanswered item may go, an answered one may be reworded (audited with its old words) but not removed, moved or made an open question', async () => {
    await b.call('evaluation.addResponse', {
      sessionId,
      source: 'paper',
      ratings: { '组织管理-1': 5, '组织管理-2': 4 },
      texts: { '意见-1': '食宿很好' },
    });
    await b.call('evaluation.addResponse', { sessionId, source: 'kiosk', ratings: { '组织管理-1': 3 } });
    const q = await DEFAULT();
    const org = q.aspects[2];
    expect(org.name).toBe('组织管理');

    // Removing the answered 组织管理-1: refused, naming it with its answers, nothing changed.
    const snap = snapshot(b);
    const withoutAnswered = { ...q, aspects: q.aspects.map((a) => (a === org ? { ...a, items: a.items.slice(1) } : a)) };
    let e = await refused(b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: withoutAnswered }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('题目 「组织管理：班级组织与服务保障」（2 份） 已有作答，不能从问卷中删除（可以修改题目文字）。');
    // Moving it to another aspect would count its answers there: refused.
    const moved = {
      ...q,
      aspects: q.aspects.map((a, i) =>
        i === 0 ? { ...a, items: [...a.items, org.items[0]] } : a === org ? { ...a, items: a.items.slice(1) } : a,
      ),
    };
    e = await refused(b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: moved }));
    expect(e.message).toMatch(/「班级组织与服务保障」（2 份）不能从「组织管理」移到「课程设置」/);
    // An answered open question cannot become a rated item either, nor go.
    e = await refused(b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: { ...q, open: q.open.slice(1) } }));
    expect(e.message).toMatch(/「对本期培训的意见和建议」（1 份）/);
    // Keys the timetable and the import use for their own answers are not questionnaire keys.
    for (const key of ['组织管理-总体', '开放-备注', '课程-3']) {
      e = await refused(
        b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: { ...q, open: [...q.open, { key, text: '其他' }] } }),
      );
      expect(e.code, key).toBe('VALIDATION');
    }
    expect(snapshot(b)).toBe(snap);

    // Rewording the answered item, removing the unanswered 课程设置-2 and adding 组织管理-3: saved and audited in words.
    const changed = {
      ...q,
      aspects: q.aspects.map((a, i) =>
        a === org
          ? { ...a, items: [{ ...a.items[0], text: '班级组织与后勤服务' }, a.items[1], { key: '组织管理-3', text: '报到与接送安排' }] }
          : i === 0
            ? { ...a, items: a.items.slice(0, 1) }
            : a,
      ),
    };
    const saved = await b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: changed });
    expect(saved.aspects[2].items.map((i) => i.key)).toEqual(['组织管理-1', '组织管理-2', '组织管理-3']);
    const [log] = audits();
    expect(log.summary).toBe(`修改评价问卷（期次 ${sessionId}）：新增 1 题、删除 1 题、改写 1 题`);
    expect(JSON.parse(log.details)).toMatchObject({
      added: [{ key: '组织管理-3', where: '组织管理', text: '报到与接送安排' }],
      removed: [{ key: '课程设置-2', where: '课程设置', text: '课程安排与学时合理' }],
      reworded: [{ key: '组织管理-1', from: '班级组织与服务保障', to: '班级组织与后勤服务' }],
    });
    // The answers keep their question: the reworded item still has its two answers in the report.
    const report = await b.call('evaluation.report', { sessionId });
    expect(report.aspects[2].items[0]).toMatchObject({ key: '组织管理-1', name: '班级组织与后勤服务', answers: 2, mean: 4 });
  });

  it('course ratings cannot be switched off while courses have ratings; answers from an imported aspect column do not block a change', async () => {
    const [c] = await b.call('timetable.list', { sessionId });
    await b.call('evaluation.addResponse', { sessionId, source: 'paper', ratings: { [`课程-${c.id}`]: 4 } });
    const q = await DEFAULT();
    const snap = snapshot(b);
    const e = await refused(b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: { ...q, rateCourses: false } }));
    expect(e.message).toBe('已有 1 份问卷为课程打分，不能关闭「按课程评分」（关闭后这些评分将不再计入报告）。');
    expect(snapshot(b)).toBe(snap);
    // The survey file's 「3、师资力量」 and 「4、组织管理」 columns are stored under the aspects' overall keys.
    await b.call('evaluation.import', { sessionId, file: { path: await writeSurvey() } });
    const reordered = { ...q, aspects: q.aspects.map((a) => ({ ...a, items: [...a.items].reverse() })) };
    await b.call('evaluation.setQuestionnaire', { sessionId, questionnaire: reordered });
    expect(audits().at(-1)!.summary).toBe(`修改评价问卷（期次 ${sessionId}）：调整顺序`);
  });
});
