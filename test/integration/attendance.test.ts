/**
 * Rosters, check-in and completion through the real dispatcher on a real SQLite file: a class of
 * four over a 4-day session (8 half-days), marked, undone, closed, on leave, backfilled, judged.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let sessionId: number;
let programmeId: number;
const reg: Record<string, number> = {};

beforeEach(async () => {
  b = await makeBackend();
  const p = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  programmeId = p.id;
  const s = await b.call('sessions.create', { programmeId, number: 1, startDate: '2025-07-21', endDate: '2025-07-24', capacity: 4 });
  sessionId = s.id;
  const people: [string, string, string][] = [
    ['张三', '330000', '制造业'],
    ['赵四', '330000', '制造业'],
    ['王五', '440000', '软件业'],
    ['李六', '440000', '制造业'],
  ];
  for (const [i, [name, regionCode, industry]] of people.entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 11 + 2 * i, gender: '男' });
    const r = await b.call(
      'registrations.create',
      registrationInput(programmeId, { sessionId, regionCode, trainee: { name, idNumber }, enterprise: { industry } }),
    );
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    reg[name] = r.id;
  }
  // Not approved: never on the roster.
  await b.call(
    'registrations.create',
    registrationInput(programmeId, { sessionId, trainee: { name: '候补甲', idNumber: makeIdNumber({ seq: 99, gender: '男' }) } }),
  );
});
afterEach(() => b.cleanup());

const marks = () => b.db.prepare('SELECT * FROM attendance_marks ORDER BY id').all();

async function refused(p: Promise<unknown>, code: string, message: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect((e as AppError).message).toMatch(message);
}

describe('rosters', () => {
  it('lists the approved registrations with capacity; grouping is deterministic and mixes regions', async () => {
    const roster = await b.call('rosters.get', { sessionId });
    expect(roster.capacity).toBe(4);
    expect(roster.entries.map((e) => e.name).sort()).toEqual(['张三', '李六', '王五', '赵四'].sort());
    expect(roster.entries.find((e) => e.name === '张三')).toMatchObject({
      initials: 'zs',
      regionName: '浙江省',
      badge: String(reg['张三']),
    });

    const a = await b.call('rosters.assignGroups', { sessionId, groups: 2 });
    const again = await b.call('rosters.assignGroups', { sessionId, groups: 2 });
    const shape = (r: typeof a) => r.entries.map((e) => [e.registrationId, e.groupNo, e.isLeader, e.seatNo]);
    expect(shape(again)).toEqual(shape(a));
    for (const g of [1, 2]) {
      const members = a.entries.filter((e) => e.groupNo === g);
      expect(members).toHaveLength(2);
      expect(new Set(members.map((m) => m.regionCode)).size).toBe(2); // one from each region
      expect(members.filter((m) => m.isLeader)).toHaveLength(1);
    }
    expect(a.entries.map((e) => e.seatNo)).toEqual([1, 2, 3, 4]);
    const audit = b.db.prepare(`SELECT summary FROM audit_log WHERE method = 'rosters.assignGroups'`).all();
    expect(audit).toHaveLength(2);
  });
});

describe('check-in', () => {
  it('marks on time and late by the clock; a second scan changes nothing; undo restores; slots are stored on first mark', async () => {
    const slots = await b.call('attendance.slots', { sessionId });
    expect(slots.map((s) => s.name)).toEqual([
      '7月21日上午',
      '7月21日下午',
      '7月22日上午',
      '7月22日下午',
      '7月23日上午',
      '7月23日下午',
      '7月24日上午',
      '7月24日下午',
    ]);
    expect((await b.call('sessions.slots', { sessionId })).isDefault).toBe(true);

    const first = await b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 1, at: '2025-07-21 08:33' });
    expect(first).toMatchObject({ changed: true, message: '张三 签到 08:33', mark: { status: '出勤', minutes: null, backfilled: false } });
    expect((await b.call('sessions.slots', { sessionId })).isDefault).toBe(false);

    const before = JSON.stringify(marks());
    const second = await b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 1, at: '2025-07-21 08:52' });
    expect(second).toMatchObject({ changed: false, message: '张三 已签到 08:33', batch: '' });
    expect(JSON.stringify(marks())).toBe(before);

    const late = await b.call('attendance.mark', { registrationId: reg['赵四'], slotSeq: 1, at: '2025-07-21 08:42' });
    expect(late).toMatchObject({ changed: true, message: '赵四 迟到 12 分钟（08:42）', mark: { status: '迟到', minutes: 12 } });

    let board = await b.call('attendance.board', { sessionId, slotSeq: 1 });
    expect(board.counts).toEqual({ 应到: 4, 已到: 2, 迟到: 1, 请假: 0, 未到: 2 });

    expect(await b.call('attendance.undo', { batch: late.batch })).toMatchObject({ undone: 1, message: '已撤销：赵四 迟到' });
    board = await b.call('attendance.board', { sessionId, slotSeq: 1 });
    expect(board.counts).toMatchObject({ 已到: 1, 迟到: 0, 未到: 3 });
    await refused(b.call('attendance.undo', { batch: late.batch }), 'NOT_FOUND', /没有可撤销/);

    // A correction over a check-in, then undoing the correction shows the check-in again.
    const fix = await b.call('attendance.mark', {
      registrationId: reg['张三'],
      slotSeq: 1,
      status: '早退',
      minutes: 30,
      reason: '身体不适',
      at: '2025-07-21 11:30',
    });
    expect(fix.mark).toMatchObject({ status: '早退', minutes: 30, reason: '身体不适' });
    await refused(b.call('attendance.undo', { batch: first.batch }), 'CONFLICT', /之后又有新的考勤/);
    await b.call('attendance.undo', { batch: fix.batch });
    board = await b.call('attendance.board', { sessionId, slotSeq: 1 });
    expect(board.marks).toMatchObject([{ registrationId: reg['张三'], status: '出勤' }]);

    const audit = b.db.prepare(`SELECT method, summary FROM audit_log WHERE method LIKE 'attendance.%' ORDER BY id`).all() as {
      summary: string;
    }[];
    expect(audit.map((a) => a.summary)).toContain('7月21日上午：张三 签到 08:33');
  });

  it('closing a slot marks the rest 缺勤 in one undoable step', async () => {
    await b.call('attendance.mark', { registrationId: reg['王五'], slotSeq: 2, at: '2025-07-21 13:50' });
    const closed = await b.call('attendance.closeSlot', { sessionId, slotSeq: 2, at: '2025-07-21 14:30' });
    expect(closed.marked).toBe(3);
    const board = await b.call('attendance.board', { sessionId, slotSeq: 2 });
    expect(board.counts).toEqual({ 应到: 4, 已到: 1, 迟到: 0, 请假: 0, 未到: 3 });
    expect(board.marks.filter((m) => m.status === '缺勤')).toHaveLength(3);
    expect(await b.call('attendance.undo', { batch: closed.batch })).toMatchObject({ undone: 3 });
    expect((await b.call('attendance.board', { sessionId, slotSeq: 2 })).marks).toHaveLength(1);
  });

  it('leave: who requested and approved, the slots; shows as 请假; refused over an attendance', async () => {
    const leave = await b.call('attendance.leave', {
      registrationId: reg['李六'],
      slotSeqs: [3, 4],
      requestedBy: '广东省工信厅 陈科长',
      approvedBy: '广东省工信厅 刘处长',
      reason: '企业突发事务',
    });
    expect(leave.marked).toBe(2);
    expect(b.db.prepare('SELECT requested_by, approved_by, reason FROM leave_requests').get()).toEqual({
      requested_by: '广东省工信厅 陈科长',
      approved_by: '广东省工信厅 刘处长',
      reason: '企业突发事务',
    });
    expect((await b.call('attendance.board', { sessionId, slotSeq: 3 })).counts).toMatchObject({ 请假: 1, 未到: 3 });
    await refused(b.call('attendance.undo', { batch: leave.batch }), 'CONFLICT', /请假登记/);

    await b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 5, at: '2025-07-23 08:20' });
    const before = snapshot(b);
    await refused(
      b.call('attendance.leave', { registrationId: reg['张三'], slotSeqs: [5], requestedBy: 'a', approvedBy: 'b', reason: 'c' }),
      'CONFLICT',
      /张三 已在 7月23日上午 出勤/,
    );
    expect(snapshot(b)).toBe(before);
  });

  it('a backfilled mark keeps both moments and the flag; refusals change nothing', async () => {
    const r = await b.call('attendance.mark', {
      registrationId: reg['王五'],
      slotSeq: 2,
      status: '出勤',
      at: '2025-07-21 13:55',
      backfill: true,
    });
    const row = b.db.prepare('SELECT effective_at, entered_at, entered_by, backfilled, source FROM attendance_marks').get() as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ effective_at: '2025-07-21 13:55', backfilled: 1, source: 'manual', entered_by: '未署名操作员' });
    expect(String(row.entered_at)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(r.mark.backfilled).toBe(true);
    const audit = b.db.prepare(`SELECT summary FROM audit_log WHERE method = 'attendance.mark'`).get() as { summary: string };
    expect(audit.summary).toContain('补录');

    const before = snapshot(b);
    const waitlisted = (b.db.prepare(`SELECT id FROM registrations WHERE status <> 'approved'`).get() as { id: number }).id;
    await refused(b.call('attendance.mark', { registrationId: waitlisted, slotSeq: 1 }), 'VALIDATION', /不在已通过的培训班花名册/);
    await refused(b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 9 }), 'VALIDATION', /只有 8 个时段/);
    await refused(b.call('attendance.mark', { registrationId: 99999, slotSeq: 1 }), 'NOT_FOUND', /找不到/);
    // Once marks point at the slots, the schedule cannot be replaced wholesale.
    await refused(b.call('sessions.setSlots', { sessionId, slots: [] }), 'CONFLICT', /已有 \d+ 条考勤记录/);
    expect(snapshot(b)).toBe(before);
  });

  it('opens on the slot the clock says is now', async () => {
    expect(await b.call('attendance.now', { programmeId, at: '2025-07-22 08:10' })).toMatchObject({ sessionId, slotSeq: 3 });
    expect(await b.call('attendance.now', { programmeId, at: '2025-07-22 13:00' })).toMatchObject({ slotSeq: 4 });
    expect(await b.call('attendance.now', { programmeId, at: '2025-07-22 07:00' })).toMatchObject({ slotSeq: 3 });
    expect(await b.call('attendance.now', { programmeId, at: '2025-05-01 09:00' })).toMatchObject({ slotSeq: 1 });
  });
});

describe('completion', () => {
  async function allPresent(name: string, except: number[] = []) {
    for (let seq = 1; seq <= 8; seq++)
      if (!except.includes(seq))
        await b.call('attendance.mark', { registrationId: reg[name], slotSeq: seq, status: '出勤', at: '2025-07-21 08:00' });
  }

  it('judges each trainee with reasons in words; unmarked after the end is 缺勤; the rule is editable; overrides are audited', async () => {
    expect(await b.call('completion.rule.get', { programmeId })).toMatchObject({
      minAttendance: 0.875,
      maxLeave: 1,
      maxAbsent: 0,
      maxLate: 2,
      maxLeftEarly: 1,
    });
    await allPresent('张三');
    await allPresent('赵四', [4]); // nothing on 7月22日下午
    await allPresent('王五', [1]);
    await b.call('attendance.leave', { registrationId: reg['王五'], slotSeqs: [1], requestedBy: '甲', approvedBy: '乙', reason: '病假' });
    await allPresent('李六', [2]);
    await b.call('attendance.mark', { registrationId: reg['李六'], slotSeq: 2, status: '缺勤' });

    const during = await b.call('completion.results', { sessionId, at: '2025-07-24 10:00' });
    expect(during.find((r) => r.name === '赵四')).toMatchObject({ ruleState: 'pending', completed: null });

    const after = await b.call('completion.results', { sessionId, at: '2025-07-25 09:00' });
    const by = Object.fromEntries(after.map((r) => [r.name, r]));
    expect(by['张三']).toMatchObject({ completed: true, reasons: [], attended: 8, slots: 8 });
    expect(by['赵四']).toMatchObject({ completed: false, reasons: ['缺勤 1 个半天（7月22日下午）'] });
    expect(by['王五']).toMatchObject({ completed: true, attended: 7 });
    expect(by['李六'].reasons).toEqual(['缺勤 1 个半天（7月21日下午）']);

    await b.call('completion.rule.set', { programmeId, maxAbsent: 1 });
    expect((await b.call('completion.results', { sessionId, at: '2025-07-25 09:00' })).find((r) => r.name === '李六')!.completed).toBe(
      true,
    );
    await b.call('completion.rule.set', { programmeId, maxAbsent: 0 });

    const o = await b.call('completion.override', { registrationId: reg['赵四'], completed: true, reason: '经中心批准补课' });
    expect(o).toMatchObject({ ruleState: 'not_completed', completed: true, override: { reason: '经中心批准补课' } });
    expect(o.reasons[0]).toBe('人工认定为结业：经中心批准补课');
    const audits = b.db.prepare(`SELECT method, summary FROM audit_log WHERE method LIKE 'completion.%' ORDER BY id`).all();
    expect(audits).toEqual([
      expect.objectContaining({ method: 'completion.rule.set' }),
      expect.objectContaining({ method: 'completion.rule.set' }),
      { method: 'completion.override', summary: '人工认定 赵四 结业：经中心批准补课' },
    ]);
    const removed = await b.call('completion.override', { registrationId: reg['赵四'], completed: null, reason: '误操作' });
    expect(removed).toMatchObject({ override: null, completed: false }); // the rule decides again (today: after the session)
  });
});

describe('签到表 PDF', () => {
  it('writes one slot, a day, or a long class with the header repeated on every page', async () => {
    const out = path.join(b.dir, 'sheet.pdf');
    const one = await b.call('attendance.signinSheet', { sessionId, slotSeq: 3, out });
    expect(one).toMatchObject({ path: out, fileName: 'sheet.pdf', mimeType: 'application/pdf' });
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    for (const word of ['领军人才培训 签到表', '7月22日上午 08:30', '序号', '姓名', '单位', '签名', '张三', '李六'])
      expect(pdfText(out)).toContain(word);

    const day = await b.call('attendance.signinSheet', { sessionId, date: '2025-07-22', sortBy: 'group', outDir: b.dir });
    expect(day.fileName).toBe('签到表-2025年第1期-7月22日.pdf');
    expect(pdfPages(day.path)).toBe(2);

    // 61 trainees: three pages, each with the title and the column header.
    const long = path.join(b.dir, 'long.pdf');
    const { writeSigninPdf } = await import('../../electron/io/export/signinPdf');
    const rows = Array.from({ length: 61 }, (_, i) => ({
      name: `学员${i + 1}`,
      unit: `某某科技有限公司${i + 1}`,
      group: `${(i % 6) + 1}组`,
    }));
    await writeSigninPdf(long, { title: '2025年领军人才培训', session: '第1期', slots: [{ name: '7月22日上午 08:30', rows }] });
    expect(pdfPages(long)).toBe(3);
    for (let p = 1; p <= 3; p++)
      for (const word of ['签到表', '序号', '姓名', '单位', '签名', `第${p}/3页`]) expect(pdfText(long, p)).toContain(word);
    expect(pdfText(long, 3)).toContain('学员61');

    await refused(b.call('attendance.signinSheet', { sessionId, date: '2025-08-01', out }), 'VALIDATION', /没有所选的时段/);
  });
});

function pdfText(file: string, page?: number): string {
  const args = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}
function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}
