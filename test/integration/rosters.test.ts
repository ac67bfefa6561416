/**
 * Roster changes through the real dispatcher on a real SQLite file: move, withdraw, add from the
 * waitlist (capacity refused, or overridden with a reason that the audit log keeps), and groups,
 * leaders and seats by hand. Every refusal leaves every table exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let programmeId: number;
const session: Record<number, number> = {};
const reg: Record<string, number> = {};

/** Session 1 (capacity 3) holds 张三, 赵四, 王五; session 2 (capacity 2) holds 李六; 候补甲, 候补乙 wait for session 1. */
beforeEach(async () => {
  b = await makeBackend();
  programmeId = (await b.call('programmes.create', { year: 2025, title: '领军人才培训' })).id;
  session[1] = (await b.call('sessions.create', { programmeId, number: 1, capacity: 3 })).id;
  session[2] = (await b.call('sessions.create', { programmeId, number: 2, capacity: 2 })).id;
  const people: [string, number, 'approved' | 'waitlisted' | null][] = [
    ['张三', 1, 'approved'],
    ['赵四', 1, 'approved'],
    ['王五', 1, 'approved'],
    ['李六', 2, 'approved'],
    ['候补甲', 1, 'waitlisted'],
    ['候补乙', 0, 'waitlisted'],
    ['候补丙', 2, 'waitlisted'],
  ];
  for (const [i, [name, s, status]] of people.entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 11 + 2 * i, gender: '男' });
    const r = await b.call(
      'registrations.create',
      registrationInput(programmeId, { sessionId: s ? session[s] : null, trainee: { name, idNumber } }),
    );
    if (status) await b.call('registrations.setStatus', { id: r.id, status });
    reg[name] = r.id;
  }
});
afterEach(() => b.cleanup());

async function refused(run: () => Promise<unknown>, code: string, message: RegExp) {
  const before = snapshot(b);
  const e = await run().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect((e as AppError).message).toMatch(message);
  expect(snapshot(b)).toBe(before);
}
const names = async (n: number) => (await b.call('rosters.get', { sessionId: session[n] })).entries.map((e) => e.name).sort();
const lastAudit = () =>
  b.db.prepare('SELECT method, summary, details FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
    method: string;
    summary: string;
    details: string;
  };
const status = (id: number) =>
  b.db.prepare('SELECT status, status_reason AS reason, session_id AS sessionId FROM registrations WHERE id = ?').get(id);

describe('rosters.move', () => {
  it('moves a trainee to another session of the year, clearing group and seat', async () => {
    await b.call('rosters.assignGroups', { sessionId: session[1], groups: 2 });
    await b.call('sessions.update', { id: session[2], capacity: 3 });
    const r = await b.call('rosters.move', { registrationId: reg['张三'], toSessionId: session[2] });
    expect(r.roster.entries.map((e) => e.name).sort()).toEqual(['王五', '赵四'].sort());
    expect(r.message).toBe(`学员 张三（${r.message.match(/（(.+?)）/)![1]}）由第1期调至第2期`);
    expect(await names(2)).toEqual(['张三', '李六'].sort());
    expect(b.db.prepare('SELECT count(*) AS n FROM roster_entries WHERE registration_id = ?').get(reg['张三'])).toEqual({ n: 0 });
    expect(status(reg['张三'])).toMatchObject({ status: 'approved', sessionId: session[2] });
    expect(lastAudit()).toMatchObject({ method: 'rosters.move', summary: r.message });
    // The registrations list (its search index) knows the new session.
    const listed = await b.call('registrations.list', { programmeId, sessionNumber: 2 });
    expect(listed.rows.map((x) => x.trainee.name)).toContain('张三');
  });

  it('refuses beyond capacity with a message; an override with a reason is allowed and audited', async () => {
    await b.call('sessions.update', { id: session[2], capacity: 1 });
    await refused(
      () => b.call('rosters.move', { registrationId: reg['张三'], toSessionId: session[2] }),
      'CONFLICT',
      /第2期容量 1 人，已有 1 人.*超出容量的理由/,
    );
    const r = await b.call('rosters.move', {
      registrationId: reg['张三'],
      toSessionId: session[2],
      overrideReason: '企业临时改派，经领导同意',
    });
    expect(r.message).toMatch(/超出容量（2\/1），理由：企业临时改派，经领导同意$/);
    const audit = lastAudit();
    expect(audit.method).toBe('rosters.move');
    expect(JSON.parse(audit.details)).toMatchObject({ capacity: 1, filled: 1, override: '企业临时改派，经领导同意' });
    expect(await names(2)).toEqual(['张三', '李六'].sort());
  });

  it('refuses the same session, another year, someone not on a roster, a trainee with attendance', async () => {
    await refused(() => b.call('rosters.move', { registrationId: reg['张三'], toSessionId: session[1] }), 'VALIDATION', /已在第1期/);
    const other = await b.call('programmes.create', { year: 2026, title: '次年' });
    const s = await b.call('sessions.create', { programmeId: other.id, number: 1 });
    await refused(
      () => b.call('rosters.move', { registrationId: reg['张三'], toSessionId: s.id }),
      'VALIDATION',
      /只能调到本年度培训项目的其他期次/,
    );
    await refused(
      () => b.call('rosters.move', { registrationId: reg['候补甲'], toSessionId: session[2] }),
      'CONFLICT',
      /候补.*不在花名册上/,
    );
    await refused(() => b.call('rosters.move', { registrationId: 99999, toSessionId: session[2] }), 'NOT_FOUND', /找不到报名记录/);
    await refused(() => b.call('rosters.move', { registrationId: reg['张三'], toSessionId: 99999 }), 'NOT_FOUND', /期次/);
    await b.call('sessions.setSlots', { sessionId: session[1], slots: [{ date: '2025-06-23', part: '上午', startTime: '08:30' }] });
    await b.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 1, at: '2025-06-23 08:20' });
    await refused(
      () => b.call('rosters.move', { registrationId: reg['张三'], toSessionId: session[2] }),
      'CONFLICT',
      /已有 1 条考勤记录，不能调班/,
    );
  });
});

describe('rosters.withdraw', () => {
  it('withdraws with a reason: off the roster, status 已撤回, seat freed', async () => {
    await b.call('rosters.assignGroups', { sessionId: session[1], groups: 1 });
    const r = await b.call('rosters.withdraw', { registrationId: reg['赵四'], reason: '单位工作安排' });
    expect(r.roster.entries.map((e) => e.name).sort()).toEqual(['张三', '王五'].sort());
    expect(status(reg['赵四'])).toMatchObject({ status: 'withdrawn', reason: '单位工作安排' });
    expect(b.db.prepare('SELECT count(*) AS n FROM roster_entries WHERE registration_id = ?').get(reg['赵四'])).toEqual({ n: 0 });
    expect(lastAudit()).toMatchObject({ method: 'rosters.withdraw', summary: expect.stringContaining('退出第1期，原因：单位工作安排') });
  });

  it('refuses a trainee not on a roster and a blank reason', async () => {
    await refused(
      () => b.call('rosters.withdraw', { registrationId: reg['候补乙'], reason: '不来了' }),
      'CONFLICT',
      /不在花名册上，不能退出/,
    );
    await refused(() => b.call('rosters.withdraw', { registrationId: reg['张三'], reason: '   ' }), 'VALIDATION', /请填写退出原因/);
  });
});

describe('rosters.waitlist and rosters.addFromWaitlist', () => {
  it('lists the waitlist for this session or none, first registered first', async () => {
    const w = await b.call('rosters.waitlist', { sessionId: session[1] });
    expect(w.map((x) => [x.order, x.name, x.sessionNumber])).toEqual([
      [1, '候补甲', 1],
      [2, '候补乙', null],
    ]);
    expect((await b.call('rosters.waitlist', { sessionId: session[2] })).map((x) => x.name)).toEqual(['候补乙', '候补丙']);
  });

  it('adds in waitlist order within capacity; beyond it refused, then allowed by an override', async () => {
    await b.call('rosters.withdraw', { registrationId: reg['王五'], reason: '身体原因' });
    const r = await b.call('rosters.addFromWaitlist', { sessionId: session[1] });
    expect(r.message).toBe('从候补补入第1期 1 人：候补甲');
    expect(status(reg['候补甲'])).toMatchObject({ status: 'approved', sessionId: session[1] });
    expect(r.roster.entries).toHaveLength(3);
    await refused(() => b.call('rosters.addFromWaitlist', { sessionId: session[1] }), 'CONFLICT', /第1期容量 3 人，已有 3 人，再加入 1 人/);
    const o = await b.call('rosters.addFromWaitlist', { sessionId: session[1], count: 1, overrideReason: '教室可加座' });
    expect(o.message).toBe('从候补补入第1期 1 人：候补乙；超出容量（4/3），理由：教室可加座');
    expect(status(reg['候补乙'])).toMatchObject({ status: 'approved', sessionId: session[1] });
    expect(JSON.parse(lastAudit().details)).toMatchObject({
      registrationIds: [reg['候补乙']],
      override: '教室可加座',
      capacity: 3,
      filled: 3,
    });
    await refused(() => b.call('rosters.addFromWaitlist', { sessionId: session[1] }), 'CONFLICT', /候补名单是空的/);
  });

  it("says so when a region's quota is passed, without refusing (the centre's plan, not the classroom's limit)", async () => {
    await b.call('quotas.set', { programmeId, cells: [{ sessionId: session[1], regionCode: '330000', places: 3 }], reason: '初次分配' });
    await b.call('sessions.update', { id: session[1], capacity: 10 });
    const r = await b.call('rosters.addFromWaitlist', { sessionId: session[1], count: 2 });
    expect(r.message).toBe('从候补补入第1期 2 人：候补甲、候补乙；超出地区名额：浙江省本期名额 3 人，现占 5 人');
    expect(JSON.parse(lastAudit().details)).toMatchObject({ quota: ['浙江省本期名额 3 人，现占 5 人'] });
  });

  it('refuses more than the waitlist holds, and an unknown session', async () => {
    await refused(
      () => b.call('rosters.addFromWaitlist', { sessionId: session[1], count: 3, overrideReason: '加座' }),
      'VALIDATION',
      /候补名单只有 2 人/,
    );
    await refused(() => b.call('rosters.addFromWaitlist', { sessionId: 99999 }), 'NOT_FOUND', /期次/);
  });
});

describe('a closed session (结班)', () => {
  it('refuses moving in or out, withdrawing and adding from the waitlist until it is reopened', async () => {
    await b.call('sessions.close', { sessionId: session[1], reason: '培训结束' });
    await refused(() => b.call('rosters.move', { registrationId: reg['张三'], toSessionId: session[2] }), 'CONFLICT', /第1期已于 .* 结班/);
    await refused(() => b.call('rosters.move', { registrationId: reg['李六'], toSessionId: session[1] }), 'CONFLICT', /第1期已于 .* 结班/);
    await refused(() => b.call('rosters.withdraw', { registrationId: reg['赵四'], reason: '不来了' }), 'CONFLICT', /结班/);
    await refused(() => b.call('rosters.addFromWaitlist', { sessionId: session[1] }), 'CONFLICT', /结班/);
    await b.call('sessions.reopen', { sessionId: session[1], reason: '补录' });
    await b.call('rosters.withdraw', { registrationId: reg['赵四'], reason: '不来了' });
    expect(await names(1)).toEqual(['张三', '王五'].sort());
  });
});

describe('rosters.setPlace and rosters.setLeader', () => {
  it('sets group and seat by hand, refuses a taken seat, and a moved leader stops leading', async () => {
    const g = await b.call('rosters.assignGroups', { sessionId: session[1], groups: 2 });
    const leader = g.entries.find((e) => e.groupNo === 1 && e.isLeader)!;
    const other = g.entries.find((e) => e.registrationId !== leader.registrationId)!;
    await refused(
      () => b.call('rosters.setPlace', { registrationId: leader.registrationId, seatNo: other.seatNo! }),
      'CONFLICT',
      new RegExp(`${other.seatNo} 号座位已安排给 ${other.name}`),
    );
    let r = await b.call('rosters.setPlace', { registrationId: leader.registrationId, groupNo: 2, seatNo: 40 });
    const moved = r.entries.find((e) => e.registrationId === leader.registrationId)!;
    expect(moved).toMatchObject({ groupNo: 2, seatNo: 40, isLeader: false });
    expect(lastAudit().summary).toBe(`第1期 ${leader.name}：1组 → 2组（不再担任组长），座号 ${leader.seatNo} → 40`);
    r = await b.call('rosters.setPlace', { registrationId: leader.registrationId, groupNo: null });
    expect(r.entries.find((e) => e.registrationId === leader.registrationId)).toMatchObject({ groupNo: null, seatNo: 40 });
    // A trainee never grouped gets a row.
    await b.call('rosters.addFromWaitlist', { sessionId: session[1], overrideReason: '加座' });
    r = await b.call('rosters.setPlace', { registrationId: reg['候补甲'], groupNo: 3 });
    expect(r.entries.find((e) => e.name === '候补甲')).toMatchObject({ groupNo: 3, seatNo: null, isLeader: false });
  });

  it('names one leader per group: the previous one steps down', async () => {
    const g = await b.call('rosters.assignGroups', { sessionId: session[1], groups: 1 });
    const old = g.entries.find((e) => e.isLeader)!;
    const next = g.entries.find((e) => !e.isLeader)!;
    const r = await b.call('rosters.setLeader', { registrationId: next.registrationId });
    expect(r.entries.filter((e) => e.isLeader).map((e) => e.name)).toEqual([next.name]);
    expect(lastAudit().summary).toBe(`第1期1组组长：${next.name}（原组长 ${old.name}）`);
    const off = await b.call('rosters.setLeader', { registrationId: next.registrationId, leader: false });
    expect(off.entries.filter((e) => e.isLeader)).toEqual([]);
  });

  it('refuses a leader without a group, anyone off the roster, and keeps seats of withdrawn trainees free', async () => {
    await refused(() => b.call('rosters.setLeader', { registrationId: reg['张三'] }), 'VALIDATION', /还没有分组/);
    await refused(() => b.call('rosters.setPlace', { registrationId: reg['候补甲'], groupNo: 1 }), 'CONFLICT', /不在任何期次的花名册上/);
    await refused(() => b.call('rosters.setLeader', { registrationId: 99999 }), 'NOT_FOUND', /找不到报名记录/);
    // Withdrawn on the registrations screen: its seat no longer blocks anyone.
    const g = await b.call('rosters.assignGroups', { sessionId: session[1], groups: 1 });
    const gone = g.entries.find((e) => e.name === '赵四')!;
    await b.call('registrations.setStatus', { id: gone.registrationId, status: 'withdrawn' });
    const r = await b.call('rosters.setPlace', { registrationId: reg['张三'], seatNo: gone.seatNo! });
    expect(r.entries.find((e) => e.name === '张三')!.seatNo).toBe(gone.seatNo);
  });
});
