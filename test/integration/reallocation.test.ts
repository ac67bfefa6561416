/**
 * Reallocation (issue 7 §5) through the real dispatcher and SQLite file: the standing and the
 * suggestion, apply, revert (and its refusal), promotion in order, the history and its .xlsx read
 * back with exceljs; every malformed or impossible request changes nothing.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainMove } from '../../shared/domain/reallocation';
import { AppError } from '../../shared/result';
import { makeBackend, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let programmeId: number;
let closed: number; // deadline passed
let open: number; // deadline far ahead
const ids: Record<string, number[]> = {};
const NAMES = [
  '赵一',
  '钱二',
  '孙三',
  '李四',
  '周五',
  '吴六',
  '郑七',
  '王八',
  '冯九',
  '陈十',
  '褚明',
  '卫华',
  '蒋丽',
  '沈刚',
  '韩梅',
  '杨帆',
];
let n = 0;

async function register(sessionId: number, regionCode: string, count: number, status: 'approved' | 'waitlisted' | 'submitted') {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const r = await b.call(
      'registrations.create',
      registrationInput(programmeId, {
        sessionId,
        regionCode,
        trainee: { name: NAMES[n % NAMES.length], idNumber: makeIdNumber({ areaCode: '110105', seq: 2 * n++ + 1, gender: '男' }) },
      }),
    );
    if (status !== 'submitted') await b.call('registrations.setStatus', { id: r.id, status });
    out.push(r.id);
  }
  return out;
}

/** The rows reallocation can write: equal before and after means nothing changed. */
function snapshot(tb: TestBackend): string {
  return JSON.stringify(
    ['quotas', 'quota_changes', 'reallocations', 'reallocation_moves', 'registrations', 'audit_log'].map((t) =>
      tb.db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all(),
    ),
  );
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  b = await makeBackend();
  await b.call('settings.update', { operatorName: '王处长' });
  programmeId = (await b.call('programmes.create', { year: 2025, title: '名额调剂测试班', organiser: '人才交流中心' })).id;
  closed = (await b.call('sessions.create', { programmeId, number: 1, capacity: 20, registrationDeadline: '2020-01-10' })).id;
  open = (await b.call('sessions.create', { programmeId, number: 2, capacity: 14, registrationDeadline: '2099-12-31' })).id;
  // Registrations first (no quota table yet, so nothing is enforced), then the quotas.
  ids.bj = await register(closed, '110000', 2, 'approved'); // 北京 5 places, 2 taken: 3 unfilled
  ids.tj = await register(closed, '120000', 5, 'approved'); // 天津 full
  ids.sh = [...(await register(closed, '310000', 2, 'approved')), ...(await register(closed, '310000', 3, 'waitlisted'))];
  ids.js = [...(await register(closed, '320000', 2, 'approved')), ...(await register(closed, '320000', 1, 'waitlisted'))];
  ids.open = [...(await register(open, '110000', 1, 'approved')), ...(await register(open, '330000', 2, 'waitlisted'))];
  const cell = (sessionId: number, regionCode: string, places: number) => ({ sessionId, regionCode, places });
  await b.call('quotas.set', {
    programmeId,
    cells: [
      cell(closed, '110000', 5),
      cell(closed, '120000', 5),
      cell(closed, '310000', 2),
      cell(closed, '320000', 2),
      cell(open, '110000', 4),
      cell(open, '330000', 0),
    ],
    reason: '初次分配',
  });
});
afterAll(() => b.cleanup());

describe('standing and suggestion', () => {
  it('unfilled places and waiting demand per cell; the suggestion apportions over the demand, closed sessions only', async () => {
    const s = await b.call('reallocations.standing', { programmeId });
    const first = s.sessions.find((x) => x.sessionId === closed)!;
    expect(first.closed).toBe(true);
    const at = (code: string) => first.cells.find((c) => c.regionCode === code)!;
    expect(at('110000')).toMatchObject({ places: 5, filled: 2, waitlisted: 0, unfilled: 3, takeable: 3, demand: 0 });
    expect(at('120000')).toMatchObject({ unfilled: 0, takeable: 0 });
    expect(at('310000')).toMatchObject({ places: 2, filled: 2, waitlisted: 3, demand: 3 });
    expect(at('320000')).toMatchObject({ waitlisted: 1, demand: 1 });
    expect(first).toMatchObject({ places: 14, filled: 11, waitlisted: 4, unfilled: 3 });
    // 3 places for a demand of 3 + 1: Hamilton gives 上海 2.25 → 2, 江苏 0.75 → 1.
    expect(s.suggestion.map((m) => [m.fromRegionName, m.toRegionName, m.places])).toEqual([
      ['北京市', '上海市', 2],
      ['北京市', '江苏省', 1],
    ]);
    expect(s.suggestion.every((m) => m.fromSessionId === closed && m.toSessionId === closed)).toBe(true);
    // The open session's waiting 浙江 gets nothing suggested, and the notes say why.
    expect(s.notes.join('')).toContain('第2期报名截止日期为 2099-12-31，尚未截止');
    expect(s.notes.join('')).toContain('候补 4 人，可收回的未用名额只有 3 名');
    const one = await b.call('reallocations.standing', { programmeId, sessionId: open });
    expect(one.sessions.map((x) => x.number)).toEqual([2]);
    expect(one.suggestion).toEqual([]);
  });
});

describe('apply, history, revert', () => {
  let applied: number;
  it('malformed or impossible moves change nothing, each with a Chinese message naming the cell', async () => {
    const mv = (over: Record<string, unknown>) => ({
      fromSessionId: closed,
      fromRegion: '110000',
      toSessionId: closed,
      toRegion: '310000',
      places: 1,
      ...over,
    });
    const cases: [unknown, RegExp][] = [
      [{ programmeId, moves: [mv({ places: 4 })], reason: '调剂' }, /第1期北京市有 2 人已占用名额，调出 4 名后只剩 1 名/],
      [{ programmeId, moves: [mv({ fromRegion: '120000' })], reason: '调剂' }, /第1期天津市有 5 人已占用名额/],
      [{ programmeId, moves: [mv({ toRegion: '110000' })], reason: '调剂' }, /调出和调入是同一格/],
      [{ programmeId, moves: [mv({ toSessionId: 99999 })], reason: '调剂' }, /期次（编号 99999）不属于该培训项目/],
      [{ programmeId, moves: [mv({ toSessionId: open, places: 3 })], reason: '调剂' }, /第2期调入 3 名后共 7 名，超过容量 14 名|超过容量/],
      [{ programmeId, moves: [mv({}), mv({ fromRegion: '310000', toRegion: '110000' })], reason: '调剂' }, /相互抵消/],
      [{ programmeId, moves: [], reason: '调剂' }, /没有要调剂的名额/],
      [{ programmeId, moves: [mv({})], reason: '' }, /请填写调剂原因/],
      [{ programmeId, moves: [mv({ places: -2 })], reason: '调剂' }, /调剂名额至少为 1/],
    ];
    await b.call('sessions.update', { id: open, capacity: 5 });
    for (const [input, message] of cases) {
      const before = snapshot(b);
      const e = await refused(b.call('reallocations.apply', input as never));
      expect(e.message, JSON.stringify(input)).toMatch(message);
      expect(snapshot(b)).toBe(before);
    }
    await b.call('sessions.update', { id: open, capacity: 14 });
  });

  it('applies the suggestion as one reallocation: the cells change in one batch, shown in their history', async () => {
    const s = await b.call('reallocations.standing', { programmeId, sessionId: closed });
    const audit = (b.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const r = await b.call('reallocations.apply', {
      programmeId,
      moves: s.suggestion.map(plainMove),
      reason: '第1期报名截止，北京未用名额调剂',
      kind: 'suggested',
    });
    applied = r.reallocation.id;
    expect(r.warnings).toEqual([]);
    expect(r.reallocation).toMatchObject({ status: 'applied', places: 3, operator: '王处长', kind: 'suggested' });
    expect((b.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(audit + 1);
    const grid = await b.call('quotas.grid', { programmeId });
    const place = (code: string) => grid.cells[grid.regions.findIndex((x) => x.code === code)][0].places;
    expect([place('110000'), place('310000'), place('320000')]).toEqual([2, 4, 3]);
    expect(grid.sessions[0].places).toBe(14);
    const h = await b.call('quotas.history', { programmeId, sessionId: closed, regionCode: '310000' });
    expect(h[0]).toMatchObject({ source: 'reallocation', from: { places: 2 }, to: { places: 4 }, operator: '王处长' });
    expect(h[0].reason).toContain('第1期报名截止');
    const list = await b.call('reallocations.history', { programmeId });
    expect(list).toHaveLength(1);
    expect(list[0].moves.map((m) => `${m.fromRegionName}→${m.toRegionName}:${m.places}`)).toEqual(['北京市→上海市:2', '北京市→江苏省:1']);
    // Nothing left to take back in 北京 beyond its holders: the suggestion is now empty for the session.
    expect((await b.call('reallocations.standing', { programmeId, sessionId: closed })).suggestion).toEqual([]);
  });

  it('a hand move from a session still open is applied with a warning', async () => {
    const r = await b.call('reallocations.apply', {
      programmeId,
      moves: [{ fromSessionId: open, fromRegion: '110000', toSessionId: open, toRegion: '330000', places: 2, reason: '浙江候补较多' }],
      reason: '手工调剂',
    });
    expect(r.warnings.join('')).toContain('第2期报名尚未截止（截止日期 2099-12-31），已从北京市调出 2 名');
    expect(r.reallocation.moves[0].reason).toBe('浙江候补较多');
    expect(r.reallocation.kind).toBe('manual');
    const back = await b.call('reallocations.revert', { reallocationId: r.reallocation.id, reason: '误操作' });
    expect(back).toMatchObject({ status: 'reverted', revertedBy: '王处长' });
    expect(back.revertReason).toContain('误操作');
  });

  it('promotion: the next waitlisted in registration order, confirmed; wrong ids refused, nothing changed', async () => {
    const lines = await b.call('reallocations.waitlist', { programmeId, sessionId: closed });
    const sh = lines.find((c) => c.regionCode === '310000')!;
    expect(sh).toMatchObject({ places: 4, filled: 2, open: 2 });
    expect(sh.waiting.map((w) => [w.registrationId, w.position, w.next])).toEqual([
      [ids.sh[2], 1, true],
      [ids.sh[3], 2, true],
      [ids.sh[4], 3, false],
    ]);
    const bad: [unknown, RegExp][] = [
      [[ids.sh[3]], /应按报名先后转正，.+（报名 \d+）排在前面/],
      [[ids.sh[2], ids.sh[3], ids.sh[4]], /第1期上海市只空出 2 个名额，不能转正 3 人/],
      [[ids.bj[0]], /不是该培训项目中的候补报名/],
      [[ids.sh[2], ids.sh[2]], /选了两次/],
    ];
    for (const [registrationIds, message] of bad) {
      const before = snapshot(b);
      expect(
        (await refused(b.call('reallocations.promote', { programmeId, registrationIds: registrationIds as number[] }))).message,
      ).toMatch(message);
      expect(snapshot(b)).toBe(before);
    }
    const r = await b.call('reallocations.promote', {
      programmeId,
      registrationIds: [ids.sh[3], ids.sh[2], ids.js[2]],
      reason: '调剂后转正',
    });
    expect(r.promoted).toBe(3);
    const got = await b.call('registrations.get', { id: ids.sh[2] });
    expect(got.status).toBe('submitted');
    expect(got.statusReason).toBe('候补转正：调剂后转正');
    expect(
      (await b.call('reallocations.waitlist', { programmeId, sessionId: closed })).map((c) => [c.regionCode, c.open, c.waiting.length]),
    ).toEqual([['310000', 0, 1]]);
  });

  it('revert is refused while a place it gave is taken, with a clear message; allowed once freed', async () => {
    const before = snapshot(b);
    const e = await refused(b.call('reallocations.revert', { reallocationId: applied, reason: '撤回调剂' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('第1期上海市调入的名额已有报名占用（现有 4 人占用名额，撤销后只剩 2 名）');
    expect(e.message).toContain('第1期江苏省');
    expect(snapshot(b)).toBe(before);
    for (const id of [ids.sh[2], ids.sh[3], ids.js[2]]) await b.call('registrations.setStatus', { id, status: 'waitlisted' });
    const r = await b.call('reallocations.revert', { reallocationId: applied, reason: '撤回调剂' });
    expect(r.status).toBe('reverted');
    const grid = await b.call('quotas.grid', { programmeId });
    const place = (code: string) => grid.cells[grid.regions.findIndex((x) => x.code === code)][0].places;
    expect([place('110000'), place('310000'), place('320000')]).toEqual([5, 2, 2]);
    expect((await b.call('quotas.history', { programmeId, sessionId: closed, regionCode: '310000' }))[0].source).toBe('revert');
    const again = await refused(b.call('reallocations.revert', { reallocationId: applied, reason: '再撤' }));
    expect(again.message).toContain('已撤销过');
    expect((await refused(b.call('reallocations.revert', { reallocationId: 99999, reason: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('exports the history as .xlsx: title, the eight columns, one row per move, 已撤销 shown; A4 landscape', async () => {
    const out = path.join(b.dir, '调剂记录.xlsx');
    const w = await b.call('reallocations.export', { programmeId, out });
    expect(w.path).toBe(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('名额调剂记录')!;
    expect(ws.getCell('A1').text).toBe('2025年度名额调剂测试班名额调剂记录');
    expect(ws.getCell('A2').text).toContain('制表：人才交流中心');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['时间', '操作人', '期次', '调出地区', '调入地区', '名额', '原因', '状态']);
    const rows = [4, 5, 6].map((r) => (ws.getRow(r).values as unknown[]).slice(2, 8));
    // Newest first: the hand move (reverted), then the suggestion's two moves (reverted).
    expect(rows).toEqual([
      ['王处长', '第2期', '北京市', '浙江省', 2, '手工调剂（浙江候补较多）'],
      ['王处长', '第1期', '北京市', '上海市', 2, expect.stringContaining('第1期报名截止，北京未用名额调剂')],
      ['王处长', '第1期', '北京市', '江苏省', 1, expect.stringContaining('北京未用名额调剂')],
    ]);
    expect(ws.getCell('H4').text).toMatch(/^已撤销\n\d{4}-/);
    expect(ws.getCell('A4').text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.getCell('A7').text).toBe('');
  });

  it('unknown programme or session: NOT_FOUND in Chinese', async () => {
    expect((await refused(b.call('reallocations.standing', { programmeId: 9999 }))).code).toBe('NOT_FOUND');
    expect((await refused(b.call('reallocations.standing', { programmeId, sessionId: 9999 }))).message).toContain('不属于该培训项目');
    expect((await refused(b.call('reallocations.waitlist', { programmeId, sessionId: 9999 }))).message).toContain('不属于该培训项目');
  });
});
