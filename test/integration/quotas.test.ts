/** The quota table, apportionment, history, contacts, schedules and copying a plan: through the real dispatcher and SQLite file. */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaStanding } from '../../electron/services/quotas';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
let programmeId: number;
let s1: number;
let s2: number;
beforeAll(async () => {
  b = await makeBackend({ demo: 200 });
  programmeId = (await b.call('programmes.list', {}))[0].id;
  const sessions = await b.call('sessions.list', { programmeId });
  [s1, s2] = sessions.map((s) => s.id);
});
afterAll(() => b.cleanup());

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe('quota grid', () => {
  it('the demo has 37 regions in the official order × 9 sessions, apportioned (not uniform), totals = planned', async () => {
    const g = await b.call('quotas.grid', { programmeId });
    expect(g.regions.map((r) => r.name).slice(0, 3)).toEqual(['北京市', '天津市', '河北省']);
    expect(g.regions.at(-1)?.name).toBe('新疆生产建设兵团');
    expect(g.sessions).toHaveLength(9);
    expect(g.places).toBe(800);
    expect(g.sessions.reduce((a, s) => a + s.places, 0)).toBe(800);
    expect(new Set(g.regions.map((r) => r.places)).size).toBeGreaterThan(10);
    expect(Math.min(...g.regions.map((r) => r.places))).toBeGreaterThanOrEqual(6);
    // Live fill: every active registration with a session is counted in exactly one cell.
    const active = (await b.call('registrations.list', { programmeId, limit: 10000 })).rows.filter(
      (r) => r.sessionId && ['submitted', 'approved', 'waitlisted'].includes(r.status),
    );
    const counted = g.cells.flat().reduce((a, c) => a + c.fill.submitted + c.fill.approved + c.fill.waitlisted, 0);
    expect(counted).toBe(active.length);
    const zj = g.regions.findIndex((r) => r.code === '330000');
    expect(quotaStanding(b.readDb, programmeId, s1, '330000')).toEqual({ places: g.cells[zj][0].places, filled: g.cells[zj][0].filled });
  });

  it('set: one cell and a block, each change in the history with who/when/from/to/why; revert restores', async () => {
    await b.call('settings.update', { operatorName: '李处长' });
    const before = (await b.call('quotas.grid', { programmeId })).cells[10][0].places; // 浙江省, 第1期
    const r = await b.call('quotas.set', {
      programmeId,
      cells: [{ sessionId: s1, regionCode: '330000', places: before + 3 }],
      reason: '浙江申请增加',
    });
    expect(r.changed).toBe(1);
    const block = await b.call('quotas.set', {
      programmeId,
      source: 'paste',
      reason: '从 Excel 粘贴',
      cells: [
        { sessionId: s1, regionCode: '110000', places: 11 },
        { sessionId: s2, regionCode: '110000', places: 12 },
        { sessionId: s1, regionCode: '120000', places: 3 },
        { sessionId: s2, regionCode: '120000', places: 4 },
      ],
    });
    expect(block.changed).toBe(4);
    const hist = await b.call('quotas.history', { programmeId, sessionId: s1, regionCode: '330000' });
    expect(hist[0]).toMatchObject({
      operator: '李处长',
      reason: '浙江申请增加',
      source: 'edit',
      from: { places: before },
      to: { places: before + 3 },
      revertible: true,
    });
    const undone = await b.call('quotas.revert', { changeId: hist[0].id, reason: '撤销' });
    expect(undone.changed).toBe(1);
    expect((await b.call('quotas.grid', { programmeId })).cells[10][0].places).toBe(before);
    const again = await b.call('quotas.history', { programmeId, sessionId: s1, regionCode: '330000' });
    expect(again[0]).toMatchObject({ source: 'revert', revertOf: hist[0].id });
    expect(again[1]).toMatchObject({ id: hist[0].id, revertedBy: again[0].id, revertible: false });
    // A whole paste undone at once.
    const pasted = (await b.call('quotas.history', { programmeId })).find((c) => c.batch === block.batch)!;
    expect((await b.call('quotas.revert', { changeId: pasted.id, wholeBatch: true, reason: '粘贴错了' })).changed).toBe(4);
  });

  it('min, max and lock are honoured; refusals are Chinese and change nothing', async () => {
    await b.call('quotas.set', { programmeId, reason: '锁定', cells: [{ sessionId: s2, regionCode: '440000', places: 9, locked: true }] });
    const before = snapshot(b);
    const locked = await refused(
      b.call('quotas.set', { programmeId, reason: 'x', cells: [{ sessionId: s2, regionCode: '440000', places: 10 }] }),
    );
    expect(locked.message).toContain('第2期广东省已锁定');
    const low = await refused(
      b.call('quotas.set', { programmeId, reason: 'x', cells: [{ sessionId: s1, regionCode: '440000', places: 2, min: 3 }] }),
    );
    expect(low.message).toContain('低于其最小名额 3');
    const swap = await refused(
      b.call('quotas.set', { programmeId, reason: 'x', cells: [{ sessionId: s1, regionCode: '440000', min: 5, max: 4 }] }),
    );
    expect(swap.message).toContain('最小名额 5 大于最大名额 4');
    expect(snapshot(b)).toBe(before);
    // A later change blocks reverting an earlier one.
    const [first] = await b.call('quotas.history', { programmeId, sessionId: s2, regionCode: '440000' });
    await b.call('quotas.set', { programmeId, reason: '解锁', cells: [{ sessionId: s2, regionCode: '440000', locked: false }] });
    expect((await refused(b.call('quotas.revert', { changeId: first.id, reason: 'x' }))).message).toContain('此后又被修改过');
  });
});

describe('apportionment', () => {
  it('preview: methods side by side, a lock and a minimum held, ties named; apply to a session', async () => {
    const regions = [
      { regionCode: '110000', weight: '10' },
      { regionCode: '120000', weight: '10' },
      { regionCode: '130000', weight: '5', locked: true, min: 7 },
      { regionCode: '140000', weight: '1', min: 3 },
    ];
    const p = await b.call('quotas.apportionPreview', { programmeId, seats: 25, regions });
    expect(p.results.map((r) => r.method)).toEqual(['hamilton', 'webster', 'dhondt', 'huntington-hill', 'adams']);
    for (const r of p.results) {
      expect(r.allocations.reduce((a, x) => a + x.seats, 0)).toBe(25);
      expect(r.allocations[2]).toMatchObject({ name: '河北省', seats: 7, bound: 'lock' });
      expect(r.allocations[3].seats).toBeGreaterThanOrEqual(3);
    }
    // 北京 and 天津 have equal weights and 15 places to share: an odd remainder would be a tie.
    const odd = await b.call('quotas.apportionPreview', { programmeId, seats: 7, methods: ['hamilton'], regions: regions.slice(0, 2) });
    expect(odd.results[0].ties[0].regions).toEqual(['北京市', '天津市']);
    const impossible = await refused(
      b.call('quotas.apportionPreview', {
        programmeId,
        seats: 5,
        regions: [
          { regionCode: '110000', weight: '1', min: 4 },
          { regionCode: '120000', weight: '1', min: 4 },
        ],
      }),
    );
    expect(impossible.code).toBe('VALIDATION');
    expect(impossible.message).toMatch(/8/);
    const hamilton = p.results[0];
    const applied = await b.call('quotas.apportionApply', {
      programmeId,
      sessionId: s2,
      method: 'hamilton',
      reason: '按权重分配第2期',
      allocations: hamilton.allocations.map((a, i) => ({ regionCode: regions[i].regionCode, places: a.seats })),
    });
    expect(applied.changed).toBeGreaterThan(0);
    const g = await b.call('quotas.grid', { programmeId });
    expect(g.cells.slice(0, 4).map((row) => row[1].places)).toEqual(hamilton.allocations.map((a) => a.seats));
  });

  it('spread: a region total over the sessions by capacity, locked cells kept', async () => {
    await b.call('quotas.set', { programmeId, reason: '锁定', cells: [{ sessionId: s1, regionCode: '320000', places: 10, locked: true }] });
    await b.call('quotas.apportionApply', { programmeId, reason: '江苏总数', allocations: [{ regionCode: '320000', places: 46 }] });
    const g = await b.call('quotas.grid', { programmeId });
    const js = g.cells[9];
    expect(g.regions[9].places).toBe(46);
    expect(js[0].places).toBe(10);
    // The other 36 go where places are free: every session gets some, none more than its share plus a little.
    const others = js.slice(1).map((c) => c.places);
    expect(others.reduce((x, y) => x + y, 0)).toBe(36);
    expect(Math.min(...others)).toBeGreaterThanOrEqual(1);
  });
});

describe('名额分配表 and 工作信息表 files', () => {
  it('export → import is identical (no change); a changed cell is applied after a dry run', async () => {
    const out = path.join(b.dir, 'quotas.xlsx');
    await b.call('quotas.export', { programmeId, out });
    const dry = await b.call('quotas.import', { programmeId, file: { path: out } });
    expect(dry).toMatchObject({ dryRun: true, applied: false, regions: 37, changes: [], unchanged: 37 * 9, errors: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toContain('各地名额分配表');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toBe('3:4');
    ws.getCell('C5').value = 20; // 北京市 第1期
    ws.getCell(`L5`).value = null; // row total: blank is not checked
    ws.getCell('C42').value = null;
    ws.getCell('L42').value = null;
    await wb.xlsx.writeFile(out);
    const before = snapshot(b);
    const preview = await b.call('quotas.import', { programmeId, file: { path: out }, dryRun: true });
    expect(preview.changes).toEqual([expect.objectContaining({ sessionNumber: 1, regionName: '北京市', to: 20 })]);
    expect(snapshot(b)).toBe(before);
    const done = await b.call('quotas.import', { programmeId, file: { path: out }, dryRun: false });
    expect(done.applied).toBe(true);
    expect((await b.call('quotas.grid', { programmeId })).cells[0][0].places).toBe(20);
    expect((await b.call('quotas.history', { programmeId, limit: 1 }))[0].source).toBe('import');
  });

  it('unknown regions, unknown sessions and totals that do not add up: Chinese errors, nothing written', async () => {
    const out = path.join(b.dir, 'bad.xlsx');
    await b.call('quotas.export', { programmeId, out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    ws.getCell('B6').value = '火星'; // 天津市
    ws.getCell('D3').value = '第12期';
    ws.getCell('E7').value = 99; // 河北 第3期: its row total and the column total no longer add up
    await wb.xlsx.writeFile(out);
    const before = snapshot(b);
    const r = await b.call('quotas.import', { programmeId, file: { path: out }, dryRun: false });
    expect(r.applied).toBe(false);
    const codes = r.errors.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['REGION_UNKNOWN', 'SESSION_UNKNOWN', 'TOTAL_MISMATCH']));
    expect(r.errors.find((e) => e.code === 'REGION_UNKNOWN')?.message).toContain('「火星」');
    expect(r.errors.find((e) => e.code === 'SESSION_UNKNOWN')?.message).toContain('本项目没有第12期');
    expect(r.errors.some((e) => e.code === 'TOTAL_MISMATCH' && e.message.includes('河北省'))).toBe(true);
    expect(snapshot(b)).toBe(before);
  });

  it('contacts: set with checks, merged export reads back, a region form with a 填报单位 line imports', async () => {
    const bad = await refused(
      b.call('contacts.set', { programmeId, regionCode: '330000', role: 'liaison', name: '王五', mobile: '1380013800' }),
    );
    expect(bad.message).toContain('手机号');
    const zj = await b.call('contacts.set', {
      programmeId,
      regionCode: '330000',
      role: 'liaison',
      name: '王五',
      post: '一级主任科员',
      officePhone: '0571-87051234',
      mobile: '13800138000',
      email: 'wangwu@ZJ.gov.cn',
    });
    expect(zj.liaison).toMatchObject({ name: '王五', email: 'wangwu@zj.gov.cn' });
    const out = path.join(b.dir, 'contacts.xlsx');
    await b.call('contacts.export', { programmeId, out });
    const back = await b.call('contacts.import', { programmeId, file: { path: out } });
    expect(back.errors).toEqual([]);
    expect(back.found).toHaveLength(37);

    // A region's own form: title, 填报单位 line, one row per person.
    const form = path.join(b.dir, 'form.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['领军人才培训工作信息表']);
    ws.addRow(['填报单位：宁波市经济和信息化局']);
    ws.addRow(['类别', '姓名', '职务', '办公电话', '手机', '电子邮箱']);
    ws.addRow(['负责人', '陈明', '处长', '0574-89180000', '13905740000', 'chenming@nb.gov.cn']);
    ws.addRow(['联络人', '林芳', '科员', '0574-89180001', '13905740001', 'linfang@nb.gov.cn']);
    await wb.xlsx.writeFile(form);
    const r = await b.call('contacts.import', { programmeId, file: { path: form }, dryRun: false });
    expect(r).toMatchObject({ applied: true, errors: [], found: [{ regionName: '宁波市', roles: ['head', 'liaison'] }] });
    const nb = (await b.call('contacts.list', { programmeId })).find((c) => c.regionCode === '330200')!;
    expect(nb.head?.name).toBe('陈明');
    expect(nb.liaison?.mobile).toBe('13905740001');
  });
});

describe('sessions: institution, schedule, copy last year', () => {
  it('institution is edited; the default schedule is 4 days × 上午/下午; edited slots are stored and sorted', async () => {
    // sessions.update is sent whole, as the screen does (a partial update resets fields with defaults: see the report).
    const [current] = await b.call('sessions.list', { programmeId });
    const { id: _id, programmeId: _p, activeRegistrations: _a, ...fields } = current;
    const s = await b.call('sessions.update', { id: s1, ...fields, institution: '清华大学' });
    expect(s.institution).toBe('清华大学');
    // The demo's past sessions carry attendance (their schedules are stored): a session of its own here.
    const fresh = await b.call('sessions.create', { programmeId, number: 10, startDate: '2025-12-01', endDate: '2025-12-04' });
    const def = await b.call('sessions.slots', { sessionId: fresh.id });
    expect(def.isDefault).toBe(true);
    expect(def.slots).toHaveLength(8);
    expect(def.slots[0]).toMatchObject({ date: fresh.startDate, part: '上午', startTime: '08:30' });
    const edited = await b.call('sessions.setSlots', {
      sessionId: fresh.id,
      slots: [...def.slots, { date: fresh.startDate!, part: '晚上', startTime: '19:00', label: '分组研讨', kind: 'discussion' }],
    });
    expect(edited.isDefault).toBe(false);
    expect(edited.slots.map((x) => x.part).slice(0, 3)).toEqual(['上午', '下午', '晚上']);
    const dup = await refused(
      b.call('sessions.setSlots', { sessionId: fresh.id, slots: [def.slots[0], { ...def.slots[0], part: '其他' }] }),
    );
    expect(dup.message).toContain('都在');
  });

  it('copy last year: sessions shifted a year, quotas carried as a draft with history, contacts copied', async () => {
    const from = await b.call('quotas.grid', { programmeId });
    const r = await b.call('programmes.copy', { fromId: programmeId, year: 2026 });
    expect(r.programme.title).toBe('2026年度中小企业经营管理领军人才培训');
    const sessions = await b.call('sessions.list', { programmeId: r.programme.id });
    expect(sessions[0].startDate).toBe(`2026${from.sessions[0].startDate!.slice(4)}`);
    expect(sessions[0].institution).toBe('清华大学');
    expect((await b.call('sessions.slots', { sessionId: sessions[0].id })).slots[2].date.slice(0, 4)).toBe('2026');
    const g = await b.call('quotas.grid', { programmeId: r.programme.id });
    expect(g.draft).toBe(true);
    expect(g.places).toBe(from.places);
    expect(g.cells.map((row) => row.map((c) => c.places))).toEqual(from.cells.map((row) => row.map((c) => c.places)));
    expect(g.filled).toBe(0);
    expect((await b.call('quotas.history', { programmeId: r.programme.id, limit: 1 }))[0].source).toBe('copy');
    expect((await b.call('quotas.confirm', { programmeId: r.programme.id })).draft).toBe(false);
    expect((await b.call('contacts.list', { programmeId: r.programme.id })).filter((c) => c.head).length).toBe(37);
    expect((await refused(b.call('programmes.copy', { fromId: programmeId, year: 2026 }))).code).toBe('CONFLICT');
  });
});
