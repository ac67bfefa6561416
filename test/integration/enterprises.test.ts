/**
 * Enterprise files and follow-up (issue 10 §3) through the real dispatcher on a real database
 * file: the list's filters and search, one enterprise's file (its trainees, timeline and the
 * year-over-year figures, recomputed here by hand), follow-ups added, corrected and deleted with
 * their audit rows and their effect on the qualifications, malformed input that changes nothing,
 * the 本单位所属地区 setting, and the 信息档案 .xlsx read back with exceljs.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeCreditCode, makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
const ids: Record<string, number> = {};
const codes: Record<string, string> = {};

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  b = await makeBackend();
  const p24 = await b.call('programmes.create', { year: 2024, title: '领军人才培训' });
  const p25 = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  const s24 = await b.call('sessions.create', {
    programmeId: p24.id,
    number: 2,
    startDate: '2024-06-03',
    endDate: '2024-06-06',
    location: '杭州',
  });
  const s25 = await b.call('sessions.create', {
    programmeId: p25.id,
    number: 1,
    startDate: '2025-06-23',
    endDate: '2025-06-26',
    location: '北京',
  });
  codes.huarui = makeCreditCode({ areaCode: '330102', seq: 501 });
  codes.dingxin = makeCreditCode({ areaCode: '330102', seq: 502 });
  codes.wuhan = makeCreditCode({ areaCode: '420102', seq: 503 });
  // 杭州华瑞精密机械: trained in 2024 (王建国) and 2025 (李晓东).
  const r1 = await b.call(
    'registrations.create',
    registrationInput(p24.id, {
      sessionId: s24.id,
      trainee: { name: '王建国', position: '董事长', idNumber: makeIdNumber({ areaCode: '330102', seq: 103, gender: '男' }) },
      enterprise: {
        creditCode: codes.huarui,
        name: '杭州华瑞精密机械有限公司',
        industry: '通用设备制造业',
        qualifications: ['专精特新"小巨人"企业'],
      },
    }),
  );
  const r2 = await b.call(
    'registrations.create',
    registrationInput(p25.id, {
      sessionId: s25.id,
      trainee: { name: '李晓东', position: '总经理', idNumber: makeIdNumber({ areaCode: '330102', seq: 105, gender: '男' }) },
      enterprise: { creditCode: codes.huarui, name: '杭州华瑞精密机械有限公司', industry: '通用设备制造业' },
    }),
  );
  // 浙江鼎信软件: trained in 2025.
  const r3 = await b.call(
    'registrations.create',
    registrationInput(p25.id, {
      sessionId: s25.id,
      trainee: { name: '赵敏', position: '总经理', idNumber: makeIdNumber({ areaCode: '330102', seq: 107, gender: '男' }) },
      enterprise: {
        creditCode: codes.dingxin,
        name: '浙江鼎信软件有限公司',
        industry: '软件和信息技术服务业',
        qualifications: ['高新技术企业'],
      },
    }),
  );
  // 武汉: another region; its registration is still only submitted (not trained).
  await b.call(
    'registrations.create',
    registrationInput(p25.id, {
      sessionId: s25.id,
      regionCode: '420000',
      trainee: { name: '周杰', position: '董事长', idNumber: makeIdNumber({ areaCode: '330102', seq: 109, gender: '男' }) },
      enterprise: { creditCode: codes.wuhan, name: '武汉光谷电子科技有限公司', industry: '计算机、通信和其他电子设备制造业' },
    }),
  );
  for (const r of [r1, r2, r3]) await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
  const list = await b.call('enterprises.list', {});
  for (const e of list.rows) ids[e.creditCode] = e.id;
});
afterEach(() => b.cleanup());

describe('enterprises.list', () => {
  it('lists every enterprise with its trainees, years and follow-ups, and filters by region, qualification, industry and year', async () => {
    const all = await b.call('enterprises.list', {});
    expect(all.total).toBe(3);
    const huarui = all.rows.find((e) => e.creditCode === codes.huarui)!;
    expect(huarui).toMatchObject({
      name: '杭州华瑞精密机械有限公司',
      regionCode: '330000',
      regionName: '浙江省',
      trainees: 2,
      yearsTrained: [2024, 2025],
      followUps: 0,
      lastFollowUp: null,
    });
    expect(all.rows.find((e) => e.creditCode === codes.wuhan)).toMatchObject({ trainees: 0, yearsTrained: [] });
    expect(all.years).toEqual([2024, 2025]);
    expect(all.industries).toHaveLength(3);

    const names = async (input: Parameters<typeof b.call<'enterprises.list'>>[1]) =>
      (await b.call('enterprises.list', input)).rows.map((e) => e.name).sort();
    expect(await names({ regionCode: '330000' })).toEqual(['杭州华瑞精密机械有限公司', '浙江鼎信软件有限公司']);
    expect(await names({ regionCode: '420000' })).toEqual(['武汉光谷电子科技有限公司']);
    // Short and full names of a qualification both find it.
    expect(await names({ qualification: '小巨人' })).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await names({ qualification: '专精特新"小巨人"企业' })).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await names({ qualification: '高企' })).toEqual(['浙江鼎信软件有限公司']);
    expect(await names({ industry: '软件和信息技术服务业' })).toEqual(['浙江鼎信软件有限公司']);
    expect(await names({ yearTrained: 2024 })).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await names({ yearTrained: 2025, regionCode: '330000' })).toEqual(['杭州华瑞精密机械有限公司', '浙江鼎信软件有限公司']);
    const paged = await b.call('enterprises.list', { limit: 1, offset: 1 });
    expect(paged.total).toBe(3);
    expect(paged.rows).toHaveLength(1);
  });

  it('searches as the registrations do: name, credit code (any case, spaces), pinyin and initials of the enterprise or a trainee', async () => {
    const hits = async (search: string) => (await b.call('enterprises.list', { search })).rows.map((e) => e.name).sort();
    expect(await hits('华瑞')).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await hits(codes.dingxin.toLowerCase())).toEqual(['浙江鼎信软件有限公司']);
    expect(await hits(` ${codes.wuhan.slice(0, 9)} ${codes.wuhan.slice(9)} `.replace(/ /g, ' '))).toEqual(['武汉光谷电子科技有限公司']);
    expect(await hits('李晓东')).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await hits('zhaomin')).toEqual(['浙江鼎信软件有限公司']);
    expect(await hits('wjg')).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await hits('hzhr')).toEqual(['杭州华瑞精密机械有限公司']);
    expect(await hits('wuhanguanggu')).toEqual(['武汉光谷电子科技有限公司']);
    expect(await hits('不存在的企业')).toEqual([]);
  });
});

describe('one enterprise file', () => {
  it('holds the trainees and their sessions, the follow-ups newest first, a timeline and the yearly change recomputed by hand', async () => {
    const id = ids[codes.huarui];
    const figures = [
      { year: 2022, revenueWan: 9000, profitWan: -300, employees: 180, rdWan: 400, patents: 10 },
      { year: 2023, revenueWan: 12000, profitWan: 600, employees: 200, rdWan: 0, patents: 12 },
      { year: 2024, revenueWan: 15000, profitWan: 450, employees: 230, rdWan: 900, patents: 15 },
      // 2025 missing: 2026's change is not computable against a gap.
      { year: 2026, revenueWan: 16000, profitWan: 800, employees: 250, rdWan: 1000, patents: 18 },
    ];
    for (const f of figures)
      await b.call('followups.add', { enterpriseId: id, date: `${f.year === 2026 ? 2026 : f.year + 1}-03-15`, kind: '年度经营数据', ...f });
    await b.call('followups.add', {
      enterpriseId: id,
      date: '2025-08-20',
      kind: '回访',
      notes: '已推行精益管理',
      gained: ['高新技术企业'],
    });

    const file = await b.call('enterprises.get', { id });
    expect(file).toMatchObject({ name: '杭州华瑞精密机械有限公司', regionName: '浙江省', trainees: 2, yearsTrained: [2024, 2025] });
    expect(file.training.map((t) => [t.programmeYear, t.sessionNumber, t.traineeName, t.position, t.status])).toEqual([
      [2025, 1, '李晓东', '总经理', 'approved'],
      [2024, 2, '王建国', '董事长', 'approved'],
    ]);
    expect(file.followUps.map((f) => f.date)).toEqual(['2026-03-15', '2025-08-20', '2025-03-15', '2024-03-15', '2023-03-15']);
    expect(file.qualifications).toEqual(['专精特新"小巨人"企业', '高新技术企业']);

    // Change = (this year − last year) ÷ |last year|, by hand.
    const y = Object.fromEntries(file.yearly.map((r) => [r.year, r]));
    expect(file.yearly.map((r) => r.year)).toEqual([2022, 2023, 2024, 2026]);
    expect(y[2022].change).toEqual({ revenueWan: null, profitWan: null, employees: null, rdWan: null, patents: null });
    expect(y[2023].change.revenueWan).toBeCloseTo((12000 - 9000) / 9000, 4);
    // From a loss of 300 to a profit of 600: +300 %.
    expect(y[2023].change.profitWan).toBeCloseTo((600 - -300) / 300, 4);
    expect(y[2023].change.employees).toBeCloseTo(20 / 180, 4);
    expect(y[2024].change.revenueWan).toBeCloseTo(0.25, 4);
    expect(y[2024].change.profitWan).toBeCloseTo(-0.25, 4);
    // Last year's R&D was 0: no fraction of nothing.
    expect(y[2024].change.rdWan).toBeNull();
    expect(y[2024].change.patents).toBeCloseTo(0.25, 4);
    expect(Object.values(y[2026].change).every((c) => c === null)).toBe(true);

    // Timeline: newest first, the training and the follow-ups and the qualification gained.
    const kinds = file.timeline.map((t) => `${t.date} ${t.kind}`);
    expect(kinds.filter((k) => !k.endsWith('报名'))[0]).toBe('2026-03-15 年度经营数据');
    expect(kinds).toContain('2025-08-20 回访');
    expect(kinds).toContain('2025-08-20 资质');
    expect(kinds).toContain('2025-06-23 培训');
    expect(kinds).toContain('2024-06-03 培训');
    expect(file.timeline.filter((t) => t.kind === '报名')).toHaveLength(2);
    expect(file.timeline.find((t) => t.kind === '资质')!.text).toBe('获得：高新技术企业');
    const dates = file.timeline.map((t) => t.date);
    expect([...dates].sort().reverse()).toEqual(dates);

    const list = await b.call('enterprises.list', { search: '华瑞' });
    expect(list.rows[0]).toMatchObject({ followUps: 5, lastFollowUp: '2026-03-15' });
    expect(await rejects(b.call('enterprises.get', { id: 999 }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('follow-ups: add, update, delete', () => {
  it('are audited, keep the qualifications current and take their change back when corrected or deleted', async () => {
    const id = ids[codes.dingxin];
    const quals = async () => (await b.call('enterprises.get', { id })).qualifications;
    const audits = () =>
      b.db.prepare("SELECT method, summary, details FROM audit_log WHERE method LIKE 'followups.%' ORDER BY id").all() as {
        method: string;
        summary: string;
        details: string;
      }[];

    const f = await b.call('followups.add', {
      enterpriseId: id,
      date: '2026-03-10',
      kind: '年度经营数据',
      year: 2025,
      revenueWan: 5200.5,
      profitWan: -120,
      gained: ['专精特新中小企业'],
      lost: ['高新技术企业'],
    });
    expect(f).toMatchObject({ kind: '年度经营数据', year: 2025, revenueWan: 5200.5, profitWan: -120, employees: null, source: 'manual' });
    expect(await quals()).toEqual(['专精特新中小企业']);

    // Corrected: the record lost nothing after all, and gained 小巨人 instead.
    const g = await b.call('followups.update', { id: f.id, gained: ['专精特新"小巨人"企业'], lost: [], employees: 88 });
    expect(g).toMatchObject({ employees: 88, revenueWan: 5200.5, gained: ['专精特新"小巨人"企业'], lost: [] });
    expect((await quals()).sort()).toEqual(['专精特新"小巨人"企业', '高新技术企业'].sort());

    const before = snapshot(b);
    expect(await rejects(b.call('followups.delete', { id: f.id, reason: '' }))).toMatchObject({ code: 'VALIDATION' });
    expect(snapshot(b)).toBe(before);
    expect(await b.call('followups.delete', { id: f.id, reason: '录入了别家企业的数据' })).toEqual({ deleted: 1 });
    expect(await quals()).toEqual(['高新技术企业']);
    expect((await b.call('enterprises.get', { id })).followUps).toEqual([]);

    const rows = audits();
    expect(rows.map((r) => r.method)).toEqual(['followups.add', 'followups.update', 'followups.delete']);
    expect(rows[2].summary).toContain('录入了别家企业的数据');
    const deleted = JSON.parse(rows[2].details) as { deleted: { revenueWan: number; employees: number }; reason: string };
    expect(deleted.deleted).toMatchObject({ revenueWan: 5200.5, employees: 88 });
    const updated = JSON.parse(rows[1].details) as { before: { employees: number | null }; after: { employees: number } };
    expect(updated.before.employees).toBeNull();
    expect(updated.after.employees).toBe(88);
  });

  it('refuses malformed and conflicting input with a Chinese message and changes nothing', async () => {
    const id = ids[codes.huarui];
    const ok = await b.call('followups.add', { enterpriseId: id, date: '2025-03-01', kind: '年度经营数据', year: 2024, revenueWan: 100 });
    const ok2 = await b.call('followups.add', { enterpriseId: id, date: '2024-03-01', kind: '年度经营数据', year: 2023, revenueWan: 90 });
    const before = snapshot(b);
    const bad: [Promise<unknown>, string, RegExp][] = [
      [
        b.call('followups.add', { enterpriseId: id, date: '2025-04-01', kind: '年度经营数据', year: 2024 }),
        'CONFLICT',
        /2024 年的经营数据已有记录/,
      ],
      [b.call('followups.add', { enterpriseId: 999, date: '2025-04-01', kind: '回访' }), 'NOT_FOUND', /企业 999 不存在/],
      [
        b.call('followups.add', { enterpriseId: id, date: '2024-04-01', kind: '年度经营数据', year: 2025 }),
        'VALIDATION',
        /不能在 2024-04-01 之前记录/,
      ],
      [b.call('followups.add', { enterpriseId: id, date: '2025-04-01', kind: '年度经营数据' }), 'VALIDATION', /须注明年度/],
      [b.call('followups.add', { enterpriseId: id, date: '2025-13-01', kind: '回访' }), 'VALIDATION', /日期/],
      [b.call('followups.add', { enterpriseId: id, date: '2025-04-01', kind: '回访', rdWan: -5 }), 'VALIDATION', /不能为负/],
      [b.call('followups.add', { enterpriseId: id, date: '2025-04-01', kind: '回访', revenueWan: 1e10 }), 'VALIDATION', /过大/],
      [
        b.call('followups.add', { enterpriseId: id, date: '2025-04-01', kind: '回访', gained: ['高新技术企业'], lost: ['高新技术企业'] }),
        'VALIDATION',
        /既获得又失去/,
      ],
      [b.call('followups.update', { id: ok.id, kind: '年度经营数据', year: null }), 'VALIDATION', /须注明年度/],
      [b.call('followups.update', { id: 999, notes: 'x' }), 'NOT_FOUND', /跟踪记录 999 不存在/],
      [b.call('followups.delete', { id: 999, reason: '重复' }), 'NOT_FOUND', /不存在/],
    ];
    for (const [p, code, message] of bad) {
      const e = await rejects(p);
      expect(e.code, e.message).toBe(code);
      expect(e.message).toMatch(message);
    }
    // A second yearly record for 2024, by correcting another record's year, is refused too.
    const e = await rejects(b.call('followups.update', { id: ok2.id, year: 2024, date: '2025-03-02' }));
    expect(e.code).toBe('CONFLICT');
    expect((await b.call('enterprises.get', { id })).followUps).toHaveLength(2);
    expect(snapshot(b)).toBe(before);
  });
});

describe('settings: 本单位所属地区', () => {
  it('is stored, read back, cleared with "", and refuses what is not a region code', async () => {
    expect((await b.call('settings.get', {})).region).toBe('');
    expect((await b.call('settings.update', { region: '330000' })).region).toBe('330000');
    expect((await b.call('settings.get', {})).region).toBe('330000');
    const before = snapshot(b);
    expect(await rejects(b.call('settings.update', { region: '浙江' }))).toMatchObject({ code: 'VALIDATION' });
    expect(snapshot(b)).toBe(before);
    expect((await b.call('settings.update', { region: '' })).region).toBe('');
  });
});

describe('enterprises.exportFiles', () => {
  it('writes the region’s 信息档案 table and the 跟踪记录 sheet, read back with exceljs', async () => {
    const id = ids[codes.huarui];
    await b.call('settings.update', { organisation: '浙江省经济和信息化厅' });
    await b.call('followups.add', {
      enterpriseId: id,
      date: '2025-03-10',
      kind: '年度经营数据',
      year: 2024,
      revenueWan: 15000,
      profitWan: -20,
      employees: 230,
    });
    await b.call('followups.add', { enterpriseId: id, date: '2025-09-01', kind: '回访', notes: '=HYPERLINK("x")' });
    const out = path.join(b.dir, '档案.xlsx');
    const written = await b.call('enterprises.exportFiles', { regionCode: '330000', out });
    expect(written.path).toBe(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('信息档案')!;
    expect(String(ws.getCell('A1').value)).toBe('浙江省参训企业信息档案');
    expect(String(ws.getCell('A2').value)).toContain('浙江省经济和信息化厅');
    expect(ws.getRow(3).getCell(2).value).toBe('企业名称');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    const names = [4, 5].map((r) => ws.getRow(r).getCell(2).value);
    expect(names).toEqual(['杭州华瑞精密机械有限公司', '浙江鼎信软件有限公司']);
    expect(ws.getRow(6).getCell(2).value ?? null).toBeNull();
    const huarui = ws.getRow(4);
    expect(huarui.getCell(3).value).toBe(codes.huarui);
    expect(String(huarui.getCell(7).value)).toBe('李晓东·总经理·2025年第1期·未结业\n王建国·董事长·2024年第2期·未结业');
    expect(huarui.getCell(8).value).toBe(2024);
    expect(huarui.getCell(9).value).toBe(15000);
    expect(huarui.getCell(10).value).toBe(-20);
    expect(huarui.getCell(11).value).toBe(230);
    expect(String(huarui.getCell(14).value)).toBe('2025-09-01 回访');

    const fs = wb.getWorksheet('跟踪记录')!;
    expect(fs.getRow(4).getCell(4).value).toBe('2025-03-10');
    expect(fs.getRow(5).getCell(5).value).toBe('回访');
    // A note that looks like a formula stays text.
    const note = fs.getRow(5).getCell(14);
    expect(note.formula).toBeUndefined();
    expect(JSON.stringify(note.value)).toContain('=HYPERLINK');

    // The qualification filter reaches the export, and an empty selection still writes a table.
    const none = await b.call('enterprises.exportFiles', { regionCode: '420000', qualification: '单项冠军', outDir: b.dir });
    expect(none.fileName).toBe('企业信息档案-湖北省-制造业单项冠军企业.xlsx');
  });
});
