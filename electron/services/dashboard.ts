/**
 * The 概览 dashboard (issue 10 §4): the figures behind its charts and the list behind a clicked
 * point. Nothing is defined twice: fill comes from the quota grid, attendance from the current
 * marks and the attendance domain's isAttended, completion from completionResults, 满意率 from the
 * evaluation report under the user's definition.
 */
import { isAttended, type AttendanceStatus } from '../../shared/domain/attendance';
import { SATISFACTION_DEFINITIONS } from '../../shared/domain/evaluation';
import {
  ATTENDANCE_RATE_TEXT,
  COMPLETION_RATE_TEXT,
  type AttendanceSessionFigures,
  type AttendanceSlotFigures,
  type CompletionFigures,
  type Dashboard,
  type DashboardFill,
  type DashboardList,
  type DashboardRegistrations,
  type DashboardSession,
  type SatisfactionFigures,
} from '../../shared/domain/dashboardTypes';
import { programmeDocTitle, STATUS_LABELS, type RegistrationStatus } from '../../shared/domain/types';
import type { ParsedInput } from '../../shared/contract';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import { ACTIVE_STATUS_SQL } from '../db/activeStatusSql';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { attendanceSlots, currentMarksForSession } from './attendance';
import { completionResults } from './completion';
import type { ServiceContext } from './context';
import { evaluationReport, satisfactionDefinition } from './evaluation';
import type { Handlers } from './handlers';
import { getProgramme, getSession, listSessions } from './programmes';
import { quotaGrid } from './quotas';
import { rosterEntries } from './rosters';

/** A report of a year spans a few months; a range beyond this is summed into fewer points by the chart, not here. */
const MAX_DAYS = 800;

function sessionsOf(db: Db, programmeId: number): DashboardSession[] {
  return listSessions(db, programmeId).map((s) => ({
    sessionId: s.id,
    number: s.number,
    label: `第${s.number}期`,
    startDate: s.startDate,
    endDate: s.endDate,
    registrationDeadline: s.registrationDeadline,
  }));
}

function fillOf(db: Db, programmeId: number, sessions: DashboardSession[]): DashboardFill | null {
  const g = quotaGrid(db, programmeId);
  if (!g.places) return null;
  const col = new Map(g.sessions.map((s, k) => [s.id, k]));
  const line = (x: { places: number; filled: number; waitlisted: number }) => ({
    places: x.places,
    filled: x.filled,
    waitlisted: x.waitlisted,
  });
  const zero = { places: 0, filled: 0, waitlisted: 0 };
  return {
    ...line(g),
    sessions: sessions.map((s) => {
      const k = col.get(s.sessionId);
      return k === undefined ? zero : line(g.sessions[k]);
    }),
    regions: g.regions.map((r, i) => ({
      regionCode: r.code,
      regionName: r.shortName,
      ...line(r),
      cells: sessions.map((s) => {
        const k = col.get(s.sessionId);
        if (k === undefined) return zero;
        const c = g.cells[i][k];
        return { places: c.places, filled: c.filled, waitlisted: c.fill.waitlisted };
      }),
    })),
  };
}

function addDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The day a registration was entered, on the user's calendar. */
const DAY_SQL = `date(r.created_at, 'localtime')`;

function registrationsOf(db: Db, programmeId: number, sessions: DashboardSession[]): DashboardRegistrations {
  const rows = prepared(
    db,
    `SELECT ${DAY_SQL} AS day, r.session_id AS sessionId, count(*) AS n FROM registrations r
      WHERE r.programme_id = ? GROUP BY day, r.session_id ORDER BY day`,
  ).all(programmeId) as { day: string; sessionId: number | null; n: number }[];
  if (!rows.length) return { dates: [], total: [], sessions: sessions.map(() => []) };
  const first = rows[0].day;
  let last = rows[rows.length - 1].day;
  // The axis reaches the last deadline when it is later, so the deadline lines stand on it.
  for (const s of sessions)
    if (s.registrationDeadline && s.registrationDeadline > last && s.registrationDeadline >= first) last = s.registrationDeadline;
  const dates: string[] = [];
  for (let d = first; d <= last && dates.length < MAX_DAYS; d = addDay(d)) dates.push(d);
  const index = new Map(dates.map((d, i) => [d, i]));
  const col = new Map(sessions.map((s, k) => [s.sessionId, k]));
  const daily = dates.map(() => 0);
  const perSession = sessions.map(() => dates.map(() => 0));
  for (const r of rows) {
    // Past the cap, the count joins the last day shown: the totals stay whole.
    const i = index.get(r.day) ?? dates.length - 1;
    daily[i] += r.n;
    const k = r.sessionId === null ? undefined : col.get(r.sessionId);
    if (k !== undefined) perSession[k][i] += r.n;
  }
  const cumulate = (xs: number[]) => {
    let sum = 0;
    return xs.map((x) => (sum += x));
  };
  return { dates, total: cumulate(daily), sessions: perSession.map(cumulate) };
}

/** Per slot, from the current marks of the roster: the board's counts, slot by slot. */
export function attendanceOf(db: Db, sessionId: number): AttendanceSessionFigures {
  const roster = rosterEntries(db, sessionId).map((e) => e.registrationId);
  const marks = currentMarksForSession(db, sessionId);
  const slots: AttendanceSlotFigures[] = attendanceSlots(db, sessionId).map((slot) => {
    const counts: Record<AttendanceStatus, number> = { 出勤: 0, 迟到: 0, 请假: 0, 缺勤: 0, 早退: 0 };
    let marked = 0;
    let attended = 0;
    for (const id of roster) {
      const status = marks.get(id)?.get(slot.seq);
      if (!status) continue;
      marked++;
      counts[status]++;
      if (isAttended(status)) attended++;
    }
    return {
      seq: slot.seq,
      name: slot.name,
      expected: roster.length,
      attended,
      late: counts.迟到,
      leave: counts.请假,
      absent: counts.缺勤,
      leftEarly: counts.早退,
      unmarked: marked ? roster.length - marked : 0,
      rate: marked && roster.length ? attended / roster.length : null,
    };
  });
  const held = slots.filter((s) => s.rate !== null);
  const expected = held.reduce((a, s) => a + s.expected, 0);
  const attended = held.reduce((a, s) => a + s.attended, 0);
  return { expected, attended, rate: expected ? attended / expected : null, slots };
}

function completionOf(db: Db, sessionId: number): CompletionFigures {
  const results = completionResults(db, sessionId);
  const completed = results.filter((r) => r.completed === true).length;
  const notCompleted = results.filter((r) => r.completed === false).length;
  return {
    roster: results.length,
    completed,
    notCompleted,
    pending: results.length - completed - notCompleted,
    rate: results.length ? completed / results.length : null,
  };
}

function satisfactionOf(db: Db, sessionId: number): SatisfactionFigures {
  const r = evaluationReport(db, sessionId);
  const lowest = SATISFACTION_DEFINITIONS[satisfactionDefinition(db)].lowest;
  return {
    responses: r.responses,
    aspects: r.aspects.map((a) => ({
      name: a.name,
      answers: a.answers,
      // Counted from the distribution, so figures over several sessions add up exactly.
      satisfied: Object.entries(a.distribution).reduce((n, [rating, count]) => n + (Number(rating) >= lowest ? count : 0), 0),
      mean: a.mean,
      satisfaction: a.satisfaction,
    })),
  };
}

export function dashboard(db: Db, programmeId: number): Dashboard {
  const programme = getProgramme(db, programmeId);
  const sessions = sessionsOf(db, programmeId);
  const satisfaction = sessions.map((s) => satisfactionOf(db, s.sessionId));
  return {
    programmeId,
    title: programmeDocTitle(programme),
    sessions,
    fill: fillOf(db, programmeId, sessions),
    registrations: registrationsOf(db, programmeId, sessions),
    attendance: { definition: ATTENDANCE_RATE_TEXT, sessions: sessions.map((s) => attendanceOf(db, s.sessionId)) },
    completion: { definition: COMPLETION_RATE_TEXT, sessions: sessions.map((s) => completionOf(db, s.sessionId)) },
    satisfaction: {
      definition: SATISFACTION_DEFINITIONS[satisfactionDefinition(db)].text,
      sessions: satisfaction,
    },
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** A session of this programme, or a clear error. */
function sessionIn(db: Db, programmeId: number, sessionId: number | undefined, chart: string) {
  if (sessionId === undefined) throw new AppError('VALIDATION', `请指定期次（${chart}）。`, { field: 'sessionId' });
  const s = getSession(db, sessionId);
  if (s.programmeId !== programmeId)
    throw new AppError('VALIDATION', `第${s.number}期不属于这个培训项目。`, { field: 'sessionId', sessionId, programmeId });
  return s;
}

const REG_COLUMNS = [
  { key: 'name', title: '姓名' },
  { key: 'region', title: '地区' },
  { key: 'session', title: '期次' },
  { key: 'enterprise', title: '工作单位' },
  { key: 'status', title: '状态' },
];
interface RegRow {
  id: number;
  name: string;
  regionCode: string;
  number: number | null;
  enterprise: string;
  status: RegistrationStatus;
  day: string;
}
const regRow = (r: RegRow) => ({
  name: r.name,
  region: regionName(r.regionCode),
  session: r.number === null ? '未分期' : `第${r.number}期`,
  enterprise: r.enterprise,
  status: STATUS_LABELS[r.status],
});
const REG_SELECT = `SELECT r.id, t.name, r.region_code AS regionCode, s.number, e.name AS enterprise, r.status, ${DAY_SQL} AS day
  FROM registrations r JOIN trainees t ON t.id = r.trainee_id JOIN enterprises e ON e.id = r.enterprise_id
  LEFT JOIN sessions s ON s.id = r.session_id`;

function fillList(db: Db, input: ParsedInput<'dashboard.list'>): DashboardList {
  const { programmeId, sessionId, regionCode } = input;
  if (sessionId === undefined && regionCode === undefined)
    throw new AppError('VALIDATION', '请指定期次或地区（名额完成情况）。', { field: 'sessionId' });
  const session = sessionId === undefined ? null : sessionIn(db, programmeId, sessionId, '名额完成情况');
  const rows = db
    .prepare(
      `${REG_SELECT} WHERE r.programme_id = ? AND r.session_id IS NOT NULL AND r.status IN ${ACTIVE_STATUS_SQL}
        AND (? IS NULL OR r.session_id = ?) AND (? IS NULL OR r.region_code = ?)
        ORDER BY r.status = 'waitlisted', s.number, r.region_code, r.id`,
    )
    .all(programmeId, sessionId ?? null, sessionId ?? null, regionCode ?? null, regionCode ?? null) as RegRow[];
  const filled = rows.filter((r) => r.status !== 'waitlisted').length;
  const where = [regionCode ? regionName(regionCode) : '', session ? `第${session.number}期` : ''].filter(Boolean).join(' · ');
  return {
    title: `${where}：已报 ${filled} 人${rows.length > filled ? `，候补 ${rows.length - filled} 人` : ''}`,
    columns: REG_COLUMNS,
    rows: rows.map(regRow),
  };
}

function registrationsList(db: Db, input: ParsedInput<'dashboard.list'>): DashboardList {
  const { programmeId, sessionId, date } = input;
  if (!date) throw new AppError('VALIDATION', '请指定日期（报名进度）。', { field: 'date' });
  const session = sessionId === undefined ? null : sessionIn(db, programmeId, sessionId, '报名进度');
  const rows = db
    .prepare(`${REG_SELECT} WHERE r.programme_id = ? AND ${DAY_SQL} = ? AND (? IS NULL OR r.session_id = ?) ORDER BY r.id`)
    .all(programmeId, date, sessionId ?? null, sessionId ?? null) as RegRow[];
  const [y, m, d] = date.split('-').map(Number);
  return {
    title: `${y}年${m}月${d}日收到的报名${session ? `（第${session.number}期）` : ''}：${rows.length} 条`,
    columns: REG_COLUMNS,
    rows: rows.map(regRow),
  };
}

function attendanceList(db: Db, input: ParsedInput<'dashboard.list'>): DashboardList {
  const session = sessionIn(db, input.programmeId, input.sessionId, '出勤率');
  const roster = rosterEntries(db, session.id);
  const marks = currentMarksForSession(db, session.id);
  const slots = attendanceSlots(db, session.id);
  if (input.slotSeq !== undefined) {
    const slot = slots[input.slotSeq - 1];
    if (!slot) throw new AppError('VALIDATION', `第${session.number}期没有第 ${input.slotSeq} 个半天。`, { field: 'slotSeq' });
    const rows = roster
      .map((e) => ({ e, status: marks.get(e.registrationId)?.get(slot.seq) ?? null }))
      .filter(({ status }) => status !== '出勤')
      .map(({ e, status }) => ({ name: e.name, region: e.regionName, enterprise: e.enterprise, status: status ?? '未记录' }));
    const fig = attendanceOf(db, session.id).slots[slot.seq - 1];
    return {
      title: `第${session.number}期 ${slot.name}：应到 ${fig.expected}，到课 ${fig.attended}（${pct(fig.rate)}）；未按时出勤 ${rows.length} 人`,
      columns: [
        { key: 'name', title: '姓名' },
        { key: 'region', title: '地区' },
        { key: 'enterprise', title: '工作单位' },
        { key: 'status', title: '考勤' },
      ],
      rows,
    };
  }
  const fig = attendanceOf(db, session.id);
  const held = fig.slots.filter((s) => s.rate !== null).map((s) => s.seq);
  const rows = roster
    .map((e) => {
      const mine = marks.get(e.registrationId);
      const statuses = held.map((seq) => mine?.get(seq) ?? null);
      const n = (s: AttendanceStatus | null) => statuses.filter((x) => x === s).length;
      return {
        name: e.name,
        region: e.regionName,
        attended: statuses.filter((s) => s !== null && isAttended(s)).length,
        late: n('迟到'),
        leave: n('请假'),
        absent: n('缺勤'),
        leftEarly: n('早退'),
        unmarked: n(null),
      };
    })
    .filter((r) => r.attended < held.length || r.late || r.leftEarly);
  return {
    title: `第${session.number}期：出勤率 ${pct(fig.rate)}（${fig.attended}/${fig.expected} 人次）；有迟到、请假、缺勤或早退的 ${rows.length} 人`,
    columns: [
      { key: 'name', title: '姓名' },
      { key: 'region', title: '地区' },
      { key: 'attended', title: '到课（半天）' },
      { key: 'late', title: '迟到' },
      { key: 'leave', title: '请假' },
      { key: 'absent', title: '缺勤' },
      { key: 'leftEarly', title: '早退' },
      { key: 'unmarked', title: '未记录' },
    ],
    rows,
  };
}

function completionList(db: Db, input: ParsedInput<'dashboard.list'>): DashboardList {
  const session = sessionIn(db, input.programmeId, input.sessionId, '结业率');
  const results = completionResults(db, session.id);
  const rows = results
    .filter((r) => r.completed !== true)
    .map((r) => ({
      name: r.name,
      region: r.regionName,
      enterprise: r.enterprise,
      result: r.completed === false ? '不结业' : '待定',
      attended: `${r.attended}/${r.slots}`,
      reasons: r.reasons.join('；'),
    }));
  const completed = results.length - rows.length;
  return {
    title: `第${session.number}期：结业 ${completed}/${results.length} 人（${pct(results.length ? completed / results.length : null)}）；未结业或待定 ${rows.length} 人`,
    columns: [
      { key: 'name', title: '姓名' },
      { key: 'region', title: '地区' },
      { key: 'enterprise', title: '工作单位' },
      { key: 'result', title: '结果' },
      { key: 'attended', title: '到课/半天' },
      { key: 'reasons', title: '原因' },
    ],
    rows,
  };
}

function satisfactionList(db: Db, input: ParsedInput<'dashboard.list'>): DashboardList {
  const session = sessionIn(db, input.programmeId, input.sessionId, '满意率');
  const report = evaluationReport(db, session.id);
  const aspects = report.aspects.filter((a) => !input.aspect || a.name === input.aspect);
  const rows: Record<string, string | number>[] = [];
  for (const a of aspects) {
    rows.push({ kind: a.name, text: '（本方面合计）', answers: a.answers, mean: a.mean ?? '—', satisfaction: pct(a.satisfaction) });
    for (const i of a.items)
      rows.push({ kind: a.name, text: i.name, answers: i.answers, mean: i.mean ?? '—', satisfaction: pct(i.satisfaction) });
  }
  for (const c of report.comments)
    for (const t of c.texts) rows.push({ kind: `意见：${c.question}`, text: t, answers: '', mean: '', satisfaction: '' });
  const head = aspects.length === 1 ? `${aspects[0].name} 满意率 ${pct(aspects[0].satisfaction)}（${aspects[0].answers} 个作答）` : '';
  return {
    title: `第${session.number}期 ${head || `评价 ${report.responses} 份`}；${report.definitionText}`,
    columns: [
      { key: 'kind', title: '方面' },
      { key: 'text', title: '题目 / 意见' },
      { key: 'answers', title: '作答' },
      { key: 'mean', title: '均分' },
      { key: 'satisfaction', title: '满意率' },
    ],
    rows,
  };
}

export function dashboardList(db: Db, input: ParsedInput<'dashboard.list'>): DashboardList {
  getProgramme(db, input.programmeId);
  switch (input.chart) {
    case 'fill':
      return fillList(db, input);
    case 'registrations':
      return registrationsList(db, input);
    case 'attendance':
      return attendanceList(db, input);
    case 'completion':
      return completionList(db, input);
    case 'satisfaction':
      return satisfactionList(db, input);
  }
}

export function dashboardHandlers(ctx: ServiceContext): Pick<Handlers, 'dashboard.get' | 'dashboard.list'> {
  return {
    'dashboard.get': ({ programmeId }) => dashboard(ctx.db, programmeId),
    'dashboard.list': (input) => dashboardList(ctx.db, input),
  };
}
