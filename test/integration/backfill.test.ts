/**
 * 补录 from a signed 签到表 and the session's list of leaves, through the real dispatcher on a real
 * SQLite file: marks flagged 补录 with both moments, existing marks never changed silently, a
 * correction only with a reason (audited), and every refusal leaving the store as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let sessionId: number;
let otherSession: number;
const reg: Record<string, number> = {};

beforeEach(async () => {
  b = await makeBackend();
  const p = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  sessionId = (await b.call('sessions.create', { programmeId: p.id, number: 1, startDate: '2025-07-21', endDate: '2025-07-24' })).id;
  otherSession = (await b.call('sessions.create', { programmeId: p.id, number: 2, startDate: '2025-08-04', endDate: '2025-08-07' })).id;
  for (const [i, name] of ['张三', '赵四', '王五', '别期'].entries()) {
    const r = await b.call(
      'registrations.create',
      registrationInput(p.id, {
        sessionId: name === '别期' ? otherSession : sessionId,
        trainee: { name, idNumber: makeIdNumber({ areaCode: '330102', seq: 11 + 2 * i, gender: '男' }) },
      }),
    );
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    reg[name] = r.id;
  }
});
afterEach(() => b.cleanup());

async function refused(p: Promise<unknown>, code: string, message: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect((e as AppError).message).toMatch(message);
}

const rows = () =>
  b.db
    .prepare(
      `SELECT registration_id AS id, status, minutes, effective_at AS at, backfilled, source, reason, batch FROM attendance_marks
       WHERE undone_at IS NULL ORDER BY rowid`,
    )
    .all() as { id: number; status: string; minutes: number | null; at: string; backfilled: number; source: string; reason: string }[];

describe('补录 from a signed sheet', () => {
  it('writes marks flagged 补录 at the slot time (or the typed one), in one undoable batch', async () => {
    const r = await b.call('attendance.backfill', {
      sessionId,
      marks: [
        { registrationId: reg['张三'], slotSeq: 2, status: '出勤', was: null },
        { registrationId: reg['赵四'], slotSeq: 2, status: '迟到', was: null, minutes: 12 },
        { registrationId: reg['王五'], slotSeq: 2, status: '迟到', was: null, at: '2025-07-21 14:25' },
      ],
    });
    expect(r).toMatchObject({ written: 3, corrected: 0, unchanged: 0 });
    expect(rows()).toMatchObject([
      { id: reg['张三'], status: '出勤', minutes: null, at: '2025-07-21 14:00', backfilled: 1, source: 'manual' },
      { id: reg['赵四'], status: '迟到', minutes: 12, at: '2025-07-21 14:12', backfilled: 1 },
      { id: reg['王五'], status: '迟到', minutes: 25, at: '2025-07-21 14:25', backfilled: 1 },
    ]);
    const board = await b.call('attendance.board', { sessionId, slotSeq: 2 });
    expect(board.counts).toMatchObject({ 应到: 3, 已到: 3, 迟到: 2 });
    expect(board.marks.every((m) => m.backfilled && m.enteredBy === '未署名操作员')).toBe(true);
    const audit = b.db.prepare(`SELECT summary FROM audit_log WHERE method = 'attendance.backfill'`).get() as { summary: string };
    expect(audit.summary).toMatch(/补录第1期考勤 3 条.*（补录）/);

    // The same sheet entered twice changes nothing; one undo takes the whole sheet back.
    const again = await b.call('attendance.backfill', {
      sessionId,
      marks: [{ registrationId: reg['张三'], slotSeq: 2, status: '出勤', was: '出勤' }],
    });
    expect(again).toMatchObject({ written: 0, unchanged: 1, batch: '' });
    await b.call('attendance.undo', { batch: r.batch });
    expect(rows()).toEqual([]);
  });

  it('a changed mark is an explicit correction with a reason, audited; without one nothing is written', async () => {
    await b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 1, at: '2025-07-21 08:20' });
    await b.call('attendance.closeSlot', { sessionId, slotSeq: 1, at: '2025-07-21 12:00' });
    const before = snapshot(b);
    const marks = [
      { registrationId: reg['赵四'], slotSeq: 1, status: '迟到' as const, was: '缺勤' as const, minutes: 40 },
      { registrationId: reg['王五'], slotSeq: 1, status: '出勤' as const, was: '缺勤' as const },
    ];
    await refused(b.call('attendance.backfill', { sessionId, marks }), 'VALIDATION', /更正原因：赵四 7月21日上午 缺勤→迟到、王五/);
    expect(snapshot(b)).toBe(before);

    const r = await b.call('attendance.backfill', { sessionId, marks, correctionReason: '签到表上有签名，结束签到时漏记' });
    expect(r).toMatchObject({ written: 2, corrected: 2 });
    expect(rows().slice(-2)).toMatchObject([
      { id: reg['赵四'], status: '迟到', minutes: 40, reason: '更正（缺勤→迟到）：签到表上有签名，结束签到时漏记', backfilled: 1 },
      { id: reg['王五'], status: '出勤', backfilled: 1 },
    ]);
    const audit = b.db.prepare(`SELECT summary FROM audit_log WHERE method = 'attendance.backfill'`).get() as { summary: string };
    expect(audit.summary).toContain('更正：赵四 7月21日上午 缺勤→迟到、王五 7月21日上午 缺勤→出勤；原因：签到表上有签名');

    // Only the minutes differ: still a correction.
    const minutes = [{ registrationId: reg['赵四'], slotSeq: 1, status: '迟到' as const, was: '迟到' as const, minutes: 30 }];
    const mid = snapshot(b);
    await refused(b.call('attendance.backfill', { sessionId, marks: minutes }), 'VALIDATION', /更正原因：赵四 7月21日上午 迟到→迟到/);
    expect(snapshot(b)).toBe(mid);
    expect(await b.call('attendance.backfill', { sessionId, marks: minutes, correctionReason: '签到表上写的是 9:00' })).toMatchObject({
      written: 1,
      corrected: 1,
    });
  });

  it('refuses stale views, other sessions, bad slots and times, and duplicates — the store unchanged', async () => {
    await b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 3, at: '2025-07-22 08:20' });
    const before = snapshot(b);
    const one = (m: Record<string, unknown>) =>
      b.call('attendance.backfill', {
        sessionId,
        marks: [
          { registrationId: reg['赵四'], slotSeq: 3, status: '出勤', was: null },
          { registrationId: reg['张三'], slotSeq: 3, status: '出勤', was: null, ...m },
        ],
      } as never);
    // Someone checked 张三 in after the sheet was opened: the view is stale.
    await refused(one({}), 'CONFLICT', /张三 7月22日上午 的考勤已被改为「出勤」（补录时看到的是「未记录」）/);
    await refused(one({ registrationId: reg['别期'] }), 'VALIDATION', /别期 不在第1期的花名册中/);
    await refused(one({ slotSeq: 9 }), 'VALIDATION', /只有 8 个时段/);
    await refused(one({ was: '出勤', at: '2025-07-23 08:40' }), 'VALIDATION', /不在当天/);
    await refused(one({ registrationId: reg['赵四'] }), 'VALIDATION', /出现了两次/);
    await refused(one({ registrationId: 99999 }), 'NOT_FOUND', /找不到/);
    const bad = await b.dispatcher.dispatch('attendance.backfill', {
      sessionId,
      marks: [{ registrationId: reg['赵四'], slotSeq: 3, status: 'present', was: null }],
    });
    expect(bad.ok).toBe(false);
    expect(snapshot(b)).toBe(before);
  });
});

describe('leaves of a session', () => {
  it('lists who asked, who approved, the slots and whether they still show as 请假', async () => {
    expect(await b.call('attendance.leaves', { sessionId })).toEqual([]);
    await b.call('attendance.leave', {
      registrationId: reg['王五'],
      slotSeqs: [5, 6],
      requestedBy: '浙江省经信厅 王科长',
      approvedBy: '李处长',
      reason: '参加省政府会议',
    });
    // A later correction on one of the slots: the leave stays listed, that slot no longer shows as 请假.
    await b.call('attendance.backfill', {
      sessionId,
      marks: [{ registrationId: reg['王五'], slotSeq: 6, status: '出勤', was: '请假' }],
      correctionReason: '会议取消，下午到课',
    });
    const leaves = await b.call('attendance.leaves', { sessionId });
    expect(leaves).toMatchObject([
      {
        name: '王五',
        regionName: expect.any(String),
        requestedBy: '浙江省经信厅 王科长',
        approvedBy: '李处长',
        reason: '参加省政府会议',
        slots: [
          { seq: 5, name: '7月23日上午', current: true },
          { seq: 6, name: '7月23日下午', current: false },
        ],
      },
    ]);
    expect(await b.call('attendance.leaves', { sessionId: otherSession })).toEqual([]);
    await refused(b.call('attendance.leaves', { sessionId: 9999 }), 'NOT_FOUND', /./);
  });
});
