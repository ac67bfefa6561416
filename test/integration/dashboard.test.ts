/**
 * Issue 10 §4, the 概览 dashboard, through the real dispatcher and SQLite file on the demo: every
 * figure recomputed here straight from the tables (not through the services' helpers), the list
 * behind a point agreeing with the point, the A4 report made from real PNGs and read back with
 * pdftotext and pdfinfo, a PNG saved and read back, and bad images refused with nothing written.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/domain/dashboardTypes';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, tempDir, type TestBackend } from '../fixtures/backend';
import { makePng, pngDataUrl } from '../fixtures/png';

let b: TestBackend;
let d: Dashboard;
let programmeId: number;
const PROGRAMME = 1;

const all = <T>(sql: string, ...args: unknown[]) => b.db.prepare(sql).all(...args) as T[];
const one = <T>(sql: string, ...args: unknown[]) => b.db.prepare(sql).get(...args) as T;

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

beforeAll(async () => {
  b = await makeBackend({ demo: 400 });
  programmeId = PROGRAMME;
  // Answers of our own on session 1, whatever the demo seeds: 5, 4, 3 on 课程设置-1 and 2 on 组织管理-1.
  const s1 = one<{ id: number }>('SELECT id FROM sessions WHERE programme_id = ? AND number = 1', programmeId).id;
  for (const r of [5, 4, 3])
    await b.call('evaluation.addResponse', {
      sessionId: s1,
      source: 'paper',
      ratings: { '课程设置-1': r, '组织管理-1': 2 },
      texts: { '意见-1': `意见${r}` },
    });
  d = await b.call('dashboard.get', { programmeId });
}, 180_000);
afterAll(() => b?.cleanup());

describe('dashboard.get: every figure from the tables', () => {
  it('quota fill by region × session: places from quotas, filled = submitted + approved, waitlisted apart', () => {
    expect(d.fill).not.toBeNull();
    const cells = all<{ sessionId: number; regionCode: string; places: number; filled: number; waitlisted: number }>(
      `SELECT q.session_id AS sessionId, q.region_code AS regionCode, q.places,
         (SELECT count(*) FROM registrations r WHERE r.session_id = q.session_id AND r.region_code = q.region_code AND r.status IN ('submitted', 'approved')) AS filled,
         (SELECT count(*) FROM registrations r WHERE r.session_id = q.session_id AND r.region_code = q.region_code AND r.status = 'waitlisted') AS waitlisted
       FROM quotas q WHERE q.programme_id = ?`,
      programmeId,
    );
    expect(cells.length).toBeGreaterThan(100);
    for (const c of cells) {
      const k = d.sessions.findIndex((s) => s.sessionId === c.sessionId);
      const region = d.fill!.regions.find((r) => r.regionCode === c.regionCode)!;
      expect(region.cells[k], `${c.regionCode} × ${c.sessionId}`).toEqual({ places: c.places, filled: c.filled, waitlisted: c.waitlisted });
    }
    const total = one<{ places: number }>('SELECT sum(places) AS places FROM quotas WHERE programme_id = ?', programmeId);
    expect(d.fill!.places).toBe(total.places);
    expect(d.fill!.sessions.reduce((a, s) => a + s.filled, 0)).toBe(d.fill!.filled);
  });

  it('registrations over time: cumulative per day, per session and in all, reaching every registration', () => {
    const days = all<{ day: string; sessionId: number | null; n: number }>(
      `SELECT date(created_at, 'localtime') AS day, session_id AS sessionId, count(*) AS n FROM registrations WHERE programme_id = ? GROUP BY 1, 2`,
      programmeId,
    );
    const { dates, total, sessions } = d.registrations;
    expect(dates.length).toBeGreaterThan(20); // the demo spreads its registrations over weeks
    for (let i = 1; i < dates.length; i++) expect(Date.parse(dates[i]) - Date.parse(dates[i - 1])).toBe(86_400_000);
    expect(dates[dates.length - 1] >= d.sessions[1].registrationDeadline!).toBe(true);
    for (const [i, day] of dates.entries()) {
      const upTo = days.filter((x) => x.day <= day);
      expect(total[i]).toBe(upTo.reduce((a, x) => a + x.n, 0));
      d.sessions.forEach((s, k) =>
        expect(sessions[k][i]).toBe(upTo.filter((x) => x.sessionId === s.sessionId).reduce((a, x) => a + x.n, 0)),
      );
    }
    expect(total[total.length - 1]).toBe(
      one<{ n: number }>('SELECT count(*) AS n FROM registrations WHERE programme_id = ?', programmeId).n,
    );
  });

  it('attendance per half-day: (出勤 + 迟到 + 早退) ÷ roster, from the latest mark not undone', () => {
    expect(d.attendance.definition).toContain('出勤 + 迟到 + 早退');
    const marks = all<{ sessionId: number; seq: number; status: string }>(
      `SELECT s.session_id AS sessionId, s.seq, m.status FROM attendance_marks m
         JOIN session_slots s ON s.id = m.slot_id
         JOIN registrations r ON r.id = m.registration_id AND r.status = 'approved' AND r.session_id = s.session_id
       WHERE m.undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM attendance_marks x
         WHERE x.slot_id = m.slot_id AND x.registration_id = m.registration_id AND x.undone_at IS NULL AND x.id > m.id)`,
    );
    let checked = 0;
    d.sessions.forEach((s, k) => {
      const roster = one<{ n: number }>(
        `SELECT count(*) AS n FROM registrations WHERE session_id = ? AND status = 'approved'`,
        s.sessionId,
      ).n;
      let sumAttended = 0;
      let sumExpected = 0;
      for (const slot of d.attendance.sessions[k].slots) {
        const mine = marks.filter((m) => m.sessionId === s.sessionId && m.seq === slot.seq);
        const attended = mine.filter((m) => ['出勤', '迟到', '早退'].includes(m.status)).length;
        expect(slot.expected).toBe(roster);
        expect(slot.attended).toBe(attended);
        expect(slot.leave).toBe(mine.filter((m) => m.status === '请假').length);
        expect(slot.rate).toBe(mine.length ? attended / roster : null);
        if (mine.length) {
          sumAttended += attended;
          sumExpected += roster;
          checked++;
        }
      }
      expect(d.attendance.sessions[k].rate).toBe(sumExpected ? sumAttended / sumExpected : null);
    });
    expect(checked).toBeGreaterThan(10); // the demo's past sessions carry marks
  });

  it('completion per session: completed ÷ roster, as completion.results judges', async () => {
    for (const [k, s] of d.sessions.entries()) {
      const results = await b.call('completion.results', { sessionId: s.sessionId });
      const c = d.completion.sessions[k];
      expect(c.roster).toBe(
        one<{ n: number }>(`SELECT count(*) AS n FROM registrations WHERE session_id = ? AND status = 'approved'`, s.sessionId).n,
      );
      expect(c.completed).toBe(results.filter((r) => r.completed === true).length);
      expect(c.notCompleted).toBe(results.filter((r) => r.completed === false).length);
      expect(c.rate).toBe(c.roster ? c.completed / c.roster : null);
    }
    expect(d.completion.sessions.some((c) => c.notCompleted > 0)).toBe(true);
  });

  it('满意率 per session and aspect: (非常满意 + 满意) ÷ answers to all the aspect’s items', () => {
    expect(d.satisfaction.definition).toBe('满意率 =（非常满意 + 满意）÷ 该题作答人数');
    for (const [k, s] of d.sessions.entries())
      for (const a of d.satisfaction.sessions[k].aspects) {
        const r = one<{ n: number; ok: number }>(
          `SELECT count(*) AS n, coalesce(sum(a.rating >= 4), 0) AS ok FROM eval_answers a JOIN eval_responses p ON p.id = a.response_id
            WHERE p.session_id = ? AND a.rating IS NOT NULL AND a.question LIKE ?`,
          s.sessionId,
          `${a.name}-%`,
        );
        expect(a.answers, `${s.label} ${a.name}`).toBe(r.n);
        expect(a.satisfaction).toBe(r.n ? Math.round((r.ok / r.n) * 10_000) / 10_000 : null);
      }
    expect(d.satisfaction.sessions[0].responses).toBeGreaterThanOrEqual(3);
  });

  it('the 满意率 definition follows the setting', async () => {
    await b.call('evaluation.setDefinition', { definition: 'top3' });
    const top3 = await b.call('dashboard.get', { programmeId });
    expect(top3.satisfaction.definition).toContain('基本满意');
    expect(top3.satisfaction.sessions[0].aspects[0].satisfaction!).toBeGreaterThanOrEqual(
      d.satisfaction.sessions[0].aspects[0].satisfaction!,
    );
    await b.call('evaluation.setDefinition', { definition: 'top2' });
  });
});

describe('dashboard.list: the list behind a point agrees with the point', () => {
  it('fill: the registrations of a region × session, as many as filled (候补 apart)', async () => {
    const region = d.fill!.regions.find((r) => r.cells.some((c) => c.filled > 0 && c.waitlisted > 0)) ?? d.fill!.regions[0];
    const k = region.cells.findIndex((c) => c.filled > 0);
    const list = await b.call('dashboard.list', {
      programmeId,
      chart: 'fill',
      sessionId: d.sessions[k].sessionId,
      regionCode: region.regionCode,
    });
    expect(list.rows.filter((r) => r.status !== '候补')).toHaveLength(region.cells[k].filled);
    expect(list.rows.filter((r) => r.status === '候补')).toHaveLength(region.cells[k].waitlisted);
    expect(list.title).toContain(`已报 ${region.cells[k].filled} 人`);
    const whole = await b.call('dashboard.list', { programmeId, chart: 'fill', regionCode: region.regionCode });
    expect(whole.rows.filter((r) => r.status !== '候补')).toHaveLength(region.filled);
  });

  it('registrations: the ones received that day, as many as the curve rises', async () => {
    const { dates, total, sessions } = d.registrations;
    const i = total.findIndex((t, j) => j > 0 && t - total[j - 1] > 5);
    const day = await b.call('dashboard.list', { programmeId, chart: 'registrations', date: dates[i] });
    expect(day.rows).toHaveLength(total[i] - total[i - 1]);
    const s = await b.call('dashboard.list', { programmeId, chart: 'registrations', date: dates[i], sessionId: d.sessions[0].sessionId });
    expect(s.rows).toHaveLength(sessions[0][i] - sessions[0][i - 1]);
    expect(s.rows.every((r) => r.session === '第1期')).toBe(true);
  });

  it('attendance: the trainees not simply 出勤 in a half-day; per session those with any mark against them', async () => {
    const k = d.attendance.sessions.findIndex((s) => s.slots.some((x) => x.rate !== null && x.rate < 1));
    const slot = d.attendance.sessions[k].slots.find((x) => x.rate !== null && x.rate < 1)!;
    const list = await b.call('dashboard.list', {
      programmeId,
      chart: 'attendance',
      sessionId: d.sessions[k].sessionId,
      slotSeq: slot.seq,
    });
    const present = slot.attended - slot.late - slot.leftEarly;
    expect(list.rows).toHaveLength(slot.expected - present);
    expect(list.rows.filter((r) => r.status === '请假')).toHaveLength(slot.leave);
    expect(list.title).toContain(slot.name);
    const whole = await b.call('dashboard.list', { programmeId, chart: 'attendance', sessionId: d.sessions[k].sessionId });
    expect(whole.rows.length).toBeGreaterThan(0);
  });

  it('completion: the not-completed and pending with their reasons', async () => {
    const k = d.completion.sessions.findIndex((c) => c.notCompleted > 0);
    const c = d.completion.sessions[k];
    const list = await b.call('dashboard.list', { programmeId, chart: 'completion', sessionId: d.sessions[k].sessionId });
    expect(list.rows).toHaveLength(c.notCompleted + c.pending);
    expect(list.rows.every((r) => String(r.reasons).length > 0)).toBe(true);
  });

  it('satisfaction: the items of the aspect and the comments', async () => {
    const list = await b.call('dashboard.list', {
      programmeId,
      chart: 'satisfaction',
      sessionId: d.sessions[0].sessionId,
      aspect: '课程设置',
    });
    const a = d.satisfaction.sessions[0].aspects[0];
    expect(list.rows[0]).toMatchObject({ kind: '课程设置', answers: a.answers });
    expect(list.rows.filter((r) => r.kind === '课程设置').length).toBeGreaterThanOrEqual(3);
    expect(list.rows.some((r) => r.text === '意见5')).toBe(true);
    expect(list.title).toContain('满意率 =');
  });

  it('refuses a point that does not belong: missing session, another programme’s session, no such slot', async () => {
    expect((await refused(b.call('dashboard.list', { programmeId, chart: 'completion' }))).message).toMatch(/请指定期次/);
    expect((await refused(b.call('dashboard.list', { programmeId, chart: 'registrations' }))).message).toMatch(/请指定日期/);
    expect((await refused(b.call('dashboard.list', { programmeId, chart: 'attendance', sessionId: 1, slotSeq: 99 }))).message).toMatch(
      /没有第 99 个半天/,
    );
    const other = await b.call('programmes.create', { year: 2026, title: '另一个项目' });
    const s = await b.call('sessions.create', { programmeId: other.id, number: 1 });
    expect((await refused(b.call('dashboard.list', { programmeId, chart: 'completion', sessionId: s.id }))).message).toMatch(/不属于/);
    expect((await refused(b.call('dashboard.get', { programmeId: 999 }))).code).toBe('NOT_FOUND');
    const empty = await b.call('dashboard.get', { programmeId: other.id });
    expect(empty.fill).toBeNull();
    expect(empty.registrations.dates).toEqual([]);
  });
});

describe('the files: A4 report and PNG', () => {
  const charts = [
    { title: '各地区名额完成情况', caption: '已报 = 待审核 + 已通过', png: pngDataUrl(makePng(1600, 900)) },
    { title: '报名进度', caption: '竖线为报名截止日期', png: pngDataUrl(makePng(1600, 640, [82, 196, 26])) },
    { title: '各期出勤率', caption: '出勤率 =（出勤 + 迟到 + 早退）÷ 应到人数', png: pngDataUrl(makePng(1600, 640, [250, 140, 22])) },
    { title: '各期满意率', caption: '满意率 =（非常满意 + 满意）÷ 该题作答人数', png: pngDataUrl(makePng(1600, 640, [114, 46, 209])) },
  ];

  it('reportPdf: title, date, key figures, each chart with its title and caption, paged on A4', async () => {
    const dir = tempDir();
    const w = await b.call('dashboard.reportPdf', { programmeId, charts, outDir: dir });
    expect(w.fileName).toBe('培训情况概览-2025年度中小企业经营管理领军人才培训.pdf');
    const text = execFileSync('pdftotext', [w.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('2025年度中小企业经营管理领军人才培训培训情况概览');
    expect(text).toMatch(/截至\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toContain(`有效报名`);
    expect(text).toContain(`已报${d.fill!.filled}/名额${d.fill!.places}`);
    expect(text).toContain('结业率');
    for (const c of charts) {
      expect(text).toContain(c.title);
      expect(text).toContain(c.caption.replace(/\s+/g, ''));
    }
    const info = execFileSync('pdfinfo', [w.path], { encoding: 'utf8' });
    // Page 1: the figures and the 16:9 chart; page 2: two wide charts; page 3: the last one.
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(3);
    fs.copyFileSync(w.path, '/tmp/h3-report-integration.pdf');
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
    // The images are in the file, as images.
    const images = execFileSync('pdfimages', ['-list', w.path], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images).toHaveLength(4);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('savePng: the image written as it came, a valid PNG', async () => {
    const dir = tempDir();
    const png = makePng(320, 200);
    const w = await b.call('dashboard.savePng', { png: pngDataUrl(png), name: '报名进度', outDir: dir });
    expect(w.fileName).toBe('报名进度.png');
    expect(w.mimeType).toBe('image/png');
    expect(fs.readFileSync(w.path).equals(png)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad image or too many charts, with nothing written and nothing changed', async () => {
    const dir = tempDir();
    const good = makePng(100, 50);
    const badCrc = Buffer.from(good);
    badCrc[40] ^= 0xff; // inside IDAT
    const truncated = good.subarray(0, good.length - 12);
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40)]);
    const before = snapshot(b);
    for (const [png, why] of [
      [badCrc, /校验失败/],
      [truncated, /数据不完整/],
      [gif, /文件头不是 PNG/],
    ] as const) {
      const e = await refused(b.call('dashboard.savePng', { png: pngDataUrl(png), name: '图', outDir: dir }));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toMatch(why);
      const r = await refused(
        b.call('dashboard.reportPdf', {
          programmeId,
          charts: [charts[0], { title: '坏图', caption: '', png: pngDataUrl(png) }],
          outDir: dir,
        }),
      );
      expect(r.message).toMatch(/第 2 张图表「坏图」不是有效的 PNG 图片/);
    }
    const many = await refused(
      b.call('dashboard.reportPdf', { programmeId, charts: Array.from({ length: 13 }, () => charts[0]), outDir: dir }),
    );
    expect(many.code).toBe('VALIDATION');
    expect(many.message).toMatch(/最多 12 张/);
    const jpeg = await refused(b.call('dashboard.savePng', { png: 'data:image/jpeg;base64,/9j/4AAQ', name: '图', outDir: dir }));
    expect(jpeg.message).toMatch(/PNG/);
    const huge = await refused(
      b.call('dashboard.savePng', { png: `data:image/png;base64,${'A'.repeat(8_400_000)}`, name: '图', outDir: dir }),
    );
    expect(huge.message).toMatch(/太大/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(snapshot(b)).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('paths', () => {
  it('writes to the outbox without a target', async () => {
    const w = await b.call('dashboard.savePng', { png: pngDataUrl(makePng(10, 10)), name: '图.png' });
    expect(path.basename(w.path)).toBe('图.png');
    expect(fs.existsSync(w.path)).toBe(true);
  });
});
