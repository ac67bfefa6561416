/**
 * Issue 7 §4: registrations counted against the region's quota for the session. Beyond it they are
 * stored as 候补 (never lost, never silently accepted) with OVER_QUOTA naming the quota and the count,
 * in file order for an import; after the session's deadline a warning (AFTER_DEADLINE), not a refusal.
 * Through the real dispatcher and SQLite file, with a real .xlsx written and imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localToday } from '../../electron/services/placeCount';
import { makeBackend, snapshot, tempDir, type TestBackend } from '../fixtures/backend';
import { makeCreditCode, makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let dir: string;
let programmeId: number;
let s1: number;
let s2: number;

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-overquota-');
  programmeId = (await b.call('programmes.create', { year: 2025, title: '领军人才培训' })).id;
  s1 = (await b.call('sessions.create', { programmeId, number: 1 })).id;
  s2 = (await b.call('sessions.create', { programmeId, number: 2 })).id;
  // 浙江 2 places in 第1期, 江苏 1; 第2期 has no cell for 浙江 (0 places once the table exists).
  await b.call('quotas.set', {
    programmeId,
    cells: [
      { sessionId: s1, regionCode: '330000', places: 2 },
      { sessionId: s1, regionCode: '320000', places: 1 },
      { sessionId: s2, regionCode: '320000', places: 5 },
    ],
    reason: '下达名额',
  });
});
afterEach(() => {
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

let people = 0;
/** A registration with a person and an enterprise of its own (odd sequence numbers: men). */
const input = (sessionId: number | null, regionCode: string) =>
  registrationInput(programmeId, {
    sessionId,
    regionCode,
    trainee: { idNumber: makeIdNumber({ areaCode: '320102', birth: '19750101', seq: 2 * ++people + 1, gender: '男' }) },
    enterprise: { creditCode: makeCreditCode({ areaCode: '320102', seq: 9000 + people }) },
  });

const statuses = async () =>
  (await b.call('registrations.list', { programmeId, limit: 1000 })).rows
    .sort((x, y) => x.id - y.id)
    .map((r) => [r.trainee.name, r.regionCode, r.sessionId, r.status] as const);

async function writeFile(rows: { name: string; region: string; session: number | string; seq: number }[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报名汇总表');
  ws.addRow(['2025年度领军人才培训报名汇总表']);
  ws.addRow(['序号', '姓名', '性别', '身份证号', '职务', '手机', '企业名称', '统一社会信用代码', '所在地区', '期次', '是否制造业']);
  rows.forEach((r, i) =>
    ws.addRow([
      i + 1,
      r.name,
      '男',
      makeIdNumber({ areaCode: '330102', birth: '19790301', seq: 501 + 2 * r.seq, gender: '男' }),
      '总经理',
      '13900139000',
      `测试企业${r.seq}有限公司`,
      makeCreditCode({ areaCode: '330102', seq: 700 + r.seq }),
      r.region,
      r.session,
      '是',
    ]),
  );
  const file = path.join(dir, `quota-${rows.length}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('the form counts against the quota', () => {
  it('stores the registration beyond the quota as 候补 with a message naming the quota and the count', async () => {
    const a = await b.call('registrations.create', input(s1, '330000'));
    const c = await b.call('registrations.create', input(s1, '330000'));
    expect([a.status, c.status]).toEqual(['submitted', 'submitted']);
    // The form's live check says so before saving…
    const draft = input(s1, '330000');
    const issues = await b.call('registrations.check', {
      programmeId,
      sessionId: s1,
      regionCode: '330000',
      trainee: draft.trainee,
      enterprise: draft.enterprise,
    });
    expect(issues.find((i) => i.code === 'OVER_QUOTA')).toMatchObject({ severity: 'warning', field: 'sessionId' });
    expect(issues.find((i) => i.code === 'OVER_QUOTA')!.message).toMatch(/浙江省第1期名额 2 人，已有 2 人占用名额/);
    // …and saving keeps it, as 候补, not holding a place.
    const d = await b.call('registrations.create', draft);
    expect(d.status).toBe('waitlisted');
    expect(d.statusReason).toMatch(/超出名额：浙江省第1期名额 2 人，已有 2 人/);
    const g = await b.call('quotas.grid', { programmeId });
    const zj = g.regions.findIndex((r) => r.code === '330000');
    expect(g.cells[zj][0]).toMatchObject({ places: 2, filled: 2, fill: { waitlisted: 1 } });
    // The audit names it.
    const audit = await b.call('audit.list', { limit: 1 });
    expect(audit[0].summary).toMatch(/超出名额/);
  });

  it('a region with no cell in a session that has a quota table has no places: 候补 at once; a session without a table enforces nothing', async () => {
    const r = await b.call('registrations.create', input(s2, '330000'));
    expect(r.status).toBe('waitlisted');
    expect(r.statusReason).toMatch(/浙江省在第2期没有分配名额/);
    const s3 = (await b.call('sessions.create', { programmeId, number: 3 })).id;
    const free = await b.call('registrations.create', input(s3, '330000'));
    expect(free.status).toBe('submitted');
    const unassigned = await b.call('registrations.create', input(null, '330000'));
    expect(unassigned.status).toBe('submitted');
  });

  it('editing a registration that holds the place does not warn about its own place', async () => {
    const a = await b.call('registrations.create', input(s1, '320000'));
    const issues = await b.call('registrations.check', {
      programmeId,
      exceptId: a.id,
      sessionId: s1,
      regionCode: '320000',
      trainee: { name: a.trainee.name },
      enterprise: {},
    });
    expect(issues.map((i) => i.code)).not.toContain('OVER_QUOTA');
  });

  it('after the deadline: warned (AFTER_DEADLINE), not refused; malformed check input changes nothing', async () => {
    await b.call('sessions.update', { id: s1, registrationDeadline: '2020-01-01' });
    const draft = input(s1, '330000');
    const issues = await b.call('registrations.check', {
      programmeId,
      sessionId: s1,
      regionCode: '330000',
      trainee: draft.trainee,
      enterprise: draft.enterprise,
    });
    const late = issues.find((i) => i.code === 'AFTER_DEADLINE');
    expect(late).toMatchObject({ severity: 'warning' });
    expect(late!.message).toContain(`2020-01-01 截止（今天 ${localToday()}）`);
    expect((await b.call('registrations.create', draft)).status).toBe('submitted');
    await b.call('sessions.update', { id: s1, registrationDeadline: '2999-12-31' });
    const later = await b.call('registrations.check', { programmeId, sessionId: s1, regionCode: '330000', trainee: {}, enterprise: {} });
    expect(later.map((i) => i.code)).not.toContain('AFTER_DEADLINE');

    const before = snapshot(b);
    for (const bad of [
      { programmeId, sessionId: 'x', regionCode: '330000', trainee: {}, enterprise: {} },
      { programmeId, sessionId: s1, regionCode: '浙江', trainee: {}, enterprise: {} },
    ]) {
      const r = await b.dispatcher.dispatch('registrations.check', bad as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/期次|地区/);
    }
    expect(snapshot(b)).toBe(before);
  });
});

describe('the importer counts in file order', () => {
  it('dry run: OVER_QUOTA on the rows beyond the quota, in file order, in the errors list and the counts; commit stores them as 候补', async () => {
    await b.call('registrations.create', input(s1, '330000')); // 1 of 2 taken
    const file = await writeFile([
      { name: '甲一', region: '浙江省', session: 1, seq: 1 }, // the last 浙江 place
      { name: '乙二', region: '江苏', session: '第1期', seq: 2 }, // 江苏's one place
      { name: '丙三', region: '浙江', session: 1, seq: 3 }, // beyond: 候补
      { name: '丁四', region: '江苏省', session: 1, seq: 4 }, // beyond: 候补
      { name: '戊五', region: '江苏省', session: 2, seq: 5 }, // 第2期 has room
      { name: '己六', region: '330000', session: 1, seq: 6 }, // beyond: 候补
    ]);
    const p = await b.call('imports.preview', { programmeId, file: { path: file, name: path.basename(file) } });
    expect(p.counts).toMatchObject({ rows: 6, ok: 3, warning: 3, error: 0, overQuota: 3 });
    const over = p.rows.filter((r) => r.issues.some((i) => i.code === 'OVER_QUOTA'));
    expect(over.map((r) => r.name)).toEqual(['丙三', '丁四', '己六']);
    expect(over[0].issues.find((i) => i.code === 'OVER_QUOTA')!.message).toMatch(/浙江省第1期名额 2 人，已有 2 人/);
    expect(over[1].issues.find((i) => i.code === 'OVER_QUOTA')!.message).toMatch(/江苏省第1期名额 1 人，已有 1 人/);

    const before = snapshot(b);
    const dry = await b.call('imports.commit', { importId: p.importId, dryRun: true });
    expect(dry).toMatchObject({ imported: 0, waitlisted: 3, rejected: 0 });
    expect(dry.errors.map((e) => [e.row, e.code])).toEqual([
      [5, 'OVER_QUOTA'],
      [6, 'OVER_QUOTA'],
      [8, 'OVER_QUOTA'],
    ]);
    expect(snapshot(b)).toBe(before);

    const done = await b.call('imports.commit', { importId: p.importId });
    expect(done).toMatchObject({ imported: 6, waitlisted: 3, rejected: 0 });
    const all = await statuses();
    expect(all.slice(1).map(([name, , , status]) => [name, status])).toEqual([
      ['甲一', 'submitted'],
      ['乙二', 'submitted'],
      ['丙三', 'waitlisted'],
      ['丁四', 'waitlisted'],
      ['戊五', 'submitted'],
      ['己六', 'waitlisted'],
    ]);
    const rows = (await b.call('registrations.list', { programmeId, status: 'waitlisted', limit: 10 })).rows;
    expect(rows.every((r) => /超出名额/.test(r.statusReason))).toBe(true);
    // The grid: places never exceeded, the waiting ones counted apart.
    const g = await b.call('quotas.grid', { programmeId });
    const zj = g.regions.findIndex((r) => r.code === '330000');
    const js = g.regions.findIndex((r) => r.code === '320000');
    expect([g.cells[zj][0].filled, g.cells[zj][0].fill.waitlisted, g.cells[js][0].filled, g.cells[js][0].fill.waitlisted]).toEqual([
      2, 2, 1, 1,
    ]);
  });

  it('the commit counts against the store as it is then: a place taken since the dry run makes that row 候补', async () => {
    const file = await writeFile([
      { name: '庚七', region: '江苏省', session: 1, seq: 7 },
      { name: '辛八', region: '浙江省', session: 1, seq: 8 },
    ]);
    const p = await b.call('imports.preview', { programmeId, file: { path: file, name: path.basename(file) } });
    expect(p.counts.overQuota).toBe(0);
    await b.call('registrations.create', input(s1, '320000'));
    const done = await b.call('imports.commit', { importId: p.importId });
    expect(done).toMatchObject({ imported: 2, waitlisted: 1 });
    expect((await statuses()).slice(1).map(([name, , , status]) => [name, status])).toEqual([
      ['庚七', 'waitlisted'],
      ['辛八', 'submitted'],
    ]);
  });

  it('the error report lists OVER_QUOTA rows; after the deadline the file gets one notice per session', async () => {
    await b.call('sessions.update', { id: s1, registrationDeadline: '2020-06-01' });
    const file = await writeFile([
      { name: '壬九', region: '江苏省', session: 1, seq: 9 },
      { name: '癸十', region: '江苏省', session: 1, seq: 10 },
    ]);
    const p = await b.call('imports.preview', { programmeId, file: { path: file, name: path.basename(file) } });
    // The deadline: one notice for the file (naming the session and its rows), not the same words on every row.
    expect(Object.fromEntries(p.rows.map((r) => [r.name, r.issues.map((i) => i.code)]))).toEqual({ 壬九: [], 癸十: ['OVER_QUOTA'] });
    expect(p.notices).toEqual([
      {
        code: 'AFTER_DEADLINE',
        message: `第1期报名已于 2020-06-01 截止（今天 ${localToday()}）：仍可录入，是否接收由培训中心决定。本表有 2 行属于该期。`,
      },
    ]);
    const report = await b.call('imports.errorReport', { importId: p.importId, out: path.join(dir, 'report.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report.path);
    const text = wb.worksheets.map((ws) => ws.getSheetValues().flat().join('|')).join('\n');
    // The report is for the person fixing the file: the messages, marked as 提醒 (the codes are in the CLI's JSON).
    expect(text).toContain('（提醒）超出名额：江苏省第1期名额 1 人，已有 1 人占用名额');
  });
});

describe('a closed session and the roster', () => {
  it('a status change of a closed session’s trainee is refused; leaving the roster drops the group and seat', async () => {
    const r = await b.call('registrations.create', input(s1, '330000'));
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    b.db
      .prepare('INSERT INTO roster_entries (registration_id, session_id, group_no, seat_no, updated_at) VALUES (?, ?, 1, 7, ?)')
      .run(r.id, s1, new Date().toISOString());
    await b.call('sessions.close', { sessionId: s1, reason: '培训结束' });
    const before = snapshot(b);
    const refused = await b.dispatcher.dispatch('registrations.setStatus', { id: r.id, status: 'withdrawn', reason: '' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('CONFLICT');
    expect(snapshot(b)).toBe(before);
    await b.call('sessions.reopen', { sessionId: s1, reason: '学员退出' });
    await b.call('registrations.setStatus', { id: r.id, status: 'withdrawn', reason: '' });
    expect(b.db.prepare('SELECT count(*) AS n FROM roster_entries WHERE registration_id = ?').get(r.id)).toEqual({ n: 0 });
  });
});
