/**
 * The enterprise files (信息档案, issue 10 §3): the list a region sees (filters by qualification,
 * industry and year trained; search as in registrations) and one enterprise's whole file — its
 * details, the trainees it sent with their sessions and results, its follow-up records, a timeline
 * and the year-over-year figures.
 */
import {
  FIGURE_KEYS,
  parseTrackedQualification,
  type EnterpriseFile,
  type EnterpriseList,
  type EnterpriseSummary,
  type EnterpriseTraining,
  type FollowUp,
  type TimelineEntry,
  type YearlyFigures,
} from '../../shared/domain/enterpriseFileTypes';
import { STATUS_LABELS, type RegistrationStatus } from '../../shared/domain/types';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { ParsedInput } from '../../shared/contract';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { completionResults } from './completion';
import { namePinyin } from './pinyin';

/** The filters of enterprises.list and enterprises.exportFiles. */
export type EnterpriseFilters = Pick<
  ParsedInput<'enterprises.list'>,
  'regionCode' | 'qualification' | 'industry' | 'yearTrained' | 'search'
>;

/** A registration that counts as "trained": approved into the programme (the others are shown in the file only). */
const TRAINED = "r.status = 'approved'";

interface Row {
  id: number;
  creditCode: string;
  name: string;
  regionCode: string | null;
  industry: string;
  qualifications: string;
  trainees: number;
  years: string | null;
  followUps: number;
  lastFollowUp: string | null;
}

/** Where an enterprise belongs: its own region, else the region of its newest registration. */
const REGION_OF = `coalesce(e.region_code, (SELECT r.region_code FROM registrations r WHERE r.enterprise_id = e.id ORDER BY r.id DESC LIMIT 1))`;

function summaries(db: Db, regionCode?: string, onlyId?: number): EnterpriseSummary[] {
  const st = prepared(
    db,
    `SELECT e.id, e.credit_code AS creditCode, e.name, ${REGION_OF} AS regionCode, e.industry, e.qualifications,
        (SELECT count(DISTINCT r.trainee_id) FROM registrations r WHERE r.enterprise_id = e.id AND ${TRAINED}) AS trainees,
        (SELECT group_concat(DISTINCT p.year) FROM registrations r JOIN programmes p ON p.id = r.programme_id
           WHERE r.enterprise_id = e.id AND ${TRAINED}) AS years,
        (SELECT count(*) FROM followups f WHERE f.enterprise_id = e.id) AS followUps,
        (SELECT max(f.date) FROM followups f WHERE f.enterprise_id = e.id) AS lastFollowUp
       FROM enterprises e${onlyId === undefined ? '' : ' WHERE e.id = ?'}`,
  );
  const rows = (onlyId === undefined ? st.all() : st.all(onlyId)) as Row[];
  const out: EnterpriseSummary[] = [];
  for (const r of rows) {
    if (regionCode && r.regionCode !== regionCode) continue;
    out.push({
      id: r.id,
      creditCode: r.creditCode,
      name: r.name,
      regionCode: r.regionCode ?? '',
      regionName: r.regionCode ? regionName(r.regionCode) : '',
      industry: r.industry,
      qualifications: JSON.parse(r.qualifications) as string[],
      trainees: r.trainees,
      yearsTrained: r.years
        ? String(r.years)
            .split(',')
            .map(Number)
            .sort((a, b) => a - b)
        : [],
      followUps: r.followUps,
      lastFollowUp: r.lastFollowUp,
    });
  }
  return out;
}

/** Whether an enterprise's titles include the one asked for, by full or short name (小巨人 = 专精特新"小巨人"企业). */
export function hasQualification(quals: readonly string[], asked: string): boolean {
  const tracked = parseTrackedQualification(asked);
  return quals.some((q) => q === asked || (tracked !== null && parseTrackedQualification(q) === tracked));
}

/** Trainee names per enterprise with their pinyin, for search. */
function traineeNames(db: Db): Map<number, { name: string; pinyin: string; initials: string }[]> {
  const map = new Map<number, { name: string; pinyin: string; initials: string }[]>();
  for (const t of prepared(
    db,
    `SELECT DISTINCT r.enterprise_id AS enterpriseId, t.name, t.name_pinyin AS pinyin, t.name_initials AS initials
       FROM registrations r JOIN trainees t ON t.id = r.trainee_id`,
  ).all() as { enterpriseId: number; name: string; pinyin: string; initials: string }[]) {
    (map.get(t.enterpriseId) ?? map.set(t.enterpriseId, []).get(t.enterpriseId)!).push(t);
  }
  return map;
}

/** The enterprises the filters select, in list order (region, then name). */
export function selectEnterprises(db: Db, f: EnterpriseFilters): { rows: EnterpriseSummary[]; all: EnterpriseSummary[] } {
  const all = summaries(db, f.regionCode);
  let rows = all;
  if (f.qualification) rows = rows.filter((e) => hasQualification(e.qualifications, f.qualification!));
  if (f.industry) rows = rows.filter((e) => e.industry === f.industry);
  if (f.yearTrained !== undefined) rows = rows.filter((e) => e.yearsTrained.includes(f.yearTrained!));
  const q = (f.search ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (q) {
    const names = traineeNames(db);
    // Pinyin only for a query in Latin letters: 'zhangsan', 'zs', 'hzhr' (杭州华瑞…).
    const latin = /^[a-z]+$/.test(q);
    const code = q.toUpperCase();
    rows = rows.filter((e) => {
      if (e.name.toLowerCase().includes(q) || e.creditCode.includes(code)) return true;
      const people = names.get(e.id) ?? [];
      if (people.some((p) => p.name.includes(q))) return true;
      if (!latin) return false;
      const py = namePinyin(e.name);
      return py.full.includes(q) || py.initials.includes(q) || people.some((p) => p.pinyin.includes(q) || p.initials.includes(q));
    });
  }
  const order = new Map<string, number>();
  for (const r of db.prepare('SELECT code, sort FROM regions').all() as { code: string; sort: number }[]) order.set(r.code, r.sort);
  rows = [...rows].sort(
    (a, b) => (order.get(a.regionCode) ?? 999) - (order.get(b.regionCode) ?? 999) || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id,
  );
  return { rows, all };
}

export function listEnterprises(db: Db, input: ParsedInput<'enterprises.list'>): EnterpriseList {
  const { rows, all } = selectEnterprises(db, input);
  const years = prepared(
    db,
    `SELECT DISTINCT p.year FROM registrations r JOIN programmes p ON p.id = r.programme_id WHERE ${TRAINED} ORDER BY p.year`,
  )
    .pluck()
    .all() as number[];
  return {
    total: rows.length,
    rows: rows.slice(input.offset, input.offset + input.limit),
    industries: [...new Set(all.map((e) => e.industry).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    years,
  };
}

interface FollowUpRow {
  id: number;
  enterpriseId: number;
  date: string;
  kind: FollowUp['kind'];
  year: number | null;
  revenueWan: number | null;
  profitWan: number | null;
  employees: number | null;
  rdWan: number | null;
  patents: number | null;
  gained: string;
  lost: string;
  notes: string;
  source: FollowUp['source'];
  createdAt: string;
}

export const FOLLOWUP_COLUMNS = `id, enterprise_id AS enterpriseId, date, kind, year, revenue_wan AS revenueWan, profit_wan AS profitWan,
  employees, rd_wan AS rdWan, patents, gained, lost, notes, source, created_at AS createdAt`;

export function toFollowUp(r: FollowUpRow): FollowUp {
  return { ...r, gained: JSON.parse(r.gained) as FollowUp['gained'], lost: JSON.parse(r.lost) as FollowUp['lost'] };
}

export function getFollowUp(db: Db, id: number): FollowUp {
  const row = prepared(db, `SELECT ${FOLLOWUP_COLUMNS} FROM followups WHERE id = ?`).get(id) as FollowUpRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `跟踪记录 ${id} 不存在，可能已被删除。`, { id });
  return toFollowUp(row);
}

/** Newest first: by date, then by entry. */
export function followUpsOf(db: Db, enterpriseId: number): FollowUp[] {
  return (
    prepared(db, `SELECT ${FOLLOWUP_COLUMNS} FROM followups WHERE enterprise_id = ? ORDER BY date DESC, id DESC`).all(
      enterpriseId,
    ) as FollowUpRow[]
  ).map(toFollowUp);
}

/**
 * The figures per business year (ascending) with the change against the year before: (this − last)
 * ÷ |last|, so a smaller loss is an improvement. Null when either year lacks the figure, when last
 * year's figure is 0, or when the year before has no record (a gap is not a one-year change).
 */
export function yearlyFigures(followUps: readonly FollowUp[]): YearlyFigures[] {
  const byYear = new Map<number, FollowUp>();
  for (const f of followUps) if (f.kind === '年度经营数据' && f.year !== null) byYear.set(f.year, f);
  return [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const cur = byYear.get(year)!;
      const prev = byYear.get(year - 1);
      const change = Object.fromEntries(
        FIGURE_KEYS.map((k) => {
          const a = prev?.[k] ?? null;
          const b = cur[k];
          return [k, a === null || b === null || a === 0 ? null : Math.round(((b - a) / Math.abs(a)) * 10_000) / 10_000];
        }),
      ) as YearlyFigures['change'];
      return {
        year,
        revenueWan: cur.revenueWan,
        profitWan: cur.profitWan,
        employees: cur.employees,
        rdWan: cur.rdWan,
        patents: cur.patents,
        change,
      };
    });
}

interface TrainingRow {
  registrationId: number;
  traineeName: string;
  position: string;
  programmeYear: number;
  programmeTitle: string;
  sessionId: number | null;
  sessionNumber: number | null;
  sessionStart: string | null;
  sessionEnd: string | null;
  location: string;
  status: RegistrationStatus;
  createdAt: string;
  certificateNo: string | null;
  issueDate: string | null;
}

/** Completion per session, judged once per call (an export reads many enterprises of the same sessions). */
export type CompletionCache = Map<number, Map<number, boolean | null>>;

export function trainingOf(
  db: Db,
  enterpriseId: number,
  results: CompletionCache = new Map(),
): (EnterpriseTraining & { location: string; createdAt: string; issueDate: string | null })[] {
  const rows = prepared(
    db,
    `SELECT r.id AS registrationId, t.name AS traineeName, t.position, p.year AS programmeYear, p.title AS programmeTitle,
        r.session_id AS sessionId, s.number AS sessionNumber, s.start_date AS sessionStart, s.end_date AS sessionEnd,
        coalesce(s.location, '') AS location, r.status, r.created_at AS createdAt,
        c.number AS certificateNo, c.issue_date AS issueDate
       FROM registrations r JOIN trainees t ON t.id = r.trainee_id JOIN programmes p ON p.id = r.programme_id
       LEFT JOIN sessions s ON s.id = r.session_id
       LEFT JOIN certificates c ON c.registration_id = r.id AND c.status = 'valid'
      WHERE r.enterprise_id = ? ORDER BY p.year DESC, s.number, r.id`,
  ).all(enterpriseId) as TrainingRow[];
  const completedOf = (sessionId: number, registrationId: number): boolean | null => {
    let m = results.get(sessionId);
    if (!m) {
      m = new Map();
      try {
        for (const c of completionResults(db, sessionId)) m.set(c.registrationId, c.completed);
      } catch {
        // A session without a schedule has no completion to judge yet.
      }
      results.set(sessionId, m);
    }
    return m.get(registrationId) ?? null;
  };
  return rows.map((r) => ({
    registrationId: r.registrationId,
    traineeName: r.traineeName,
    position: r.position,
    programmeYear: r.programmeYear,
    programmeTitle: r.programmeTitle,
    sessionNumber: r.sessionNumber,
    sessionStart: r.sessionStart,
    sessionEnd: r.sessionEnd,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status] ?? r.status,
    completed: r.sessionId !== null && r.status === 'approved' ? completedOf(r.sessionId, r.registrationId) : null,
    certificateNo: r.certificateNo,
    location: r.location,
    createdAt: r.createdAt,
    issueDate: r.issueDate,
  }));
}

const wan = (n: number) => `${Number(n.toFixed(2))} 万元`;

/** One line for a follow-up on the timeline. */
export function describeFollowUp(f: FollowUp): string {
  const parts: string[] = [];
  if (f.kind === '年度经营数据' && f.year !== null) parts.push(`${f.year} 年`);
  if (f.revenueWan !== null) parts.push(`营业收入 ${wan(f.revenueWan)}`);
  if (f.profitWan !== null) parts.push(`利润 ${wan(f.profitWan)}`);
  if (f.employees !== null) parts.push(`员工 ${f.employees} 人`);
  if (f.rdWan !== null) parts.push(`研发投入 ${wan(f.rdWan)}`);
  if (f.patents !== null) parts.push(`专利 ${f.patents} 件`);
  if (f.notes) parts.push(f.notes);
  return parts.join('，') || f.kind;
}

function timelineOf(training: ReturnType<typeof trainingOf>, followUps: FollowUp[], today: string): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const t of training) {
    const who = `${t.traineeName}${t.position ? `（${t.position}）` : ''}`;
    const session = t.sessionNumber !== null ? `第${t.sessionNumber}期` : '';
    out.push({ date: t.createdAt.slice(0, 10), kind: '报名', text: `${who}报名「${t.programmeTitle}」${session}（${t.statusLabel}）` });
    if (t.status !== 'approved' || !t.sessionStart || t.sessionStart > today) continue;
    out.push({
      date: t.sessionStart,
      kind: '培训',
      text: `${t.traineeName}参加${session}培训（${t.sessionStart}${t.sessionEnd ? ` 至 ${t.sessionEnd}` : ''}${t.location ? `，${t.location}` : ''}）`,
    });
    if (t.completed !== null && t.sessionEnd)
      out.push({ date: t.sessionEnd, kind: '结业', text: `${t.traineeName}${t.completed ? '结业' : '未达结业要求'}（${session}）` });
    if (t.certificateNo && t.issueDate)
      out.push({ date: t.issueDate, kind: '证书', text: `${t.traineeName}获发结业证书 ${t.certificateNo}` });
  }
  for (const f of followUps) {
    out.push({ date: f.date, kind: f.kind, text: describeFollowUp(f) });
    const changes = [f.gained.length ? `获得：${f.gained.join('、')}` : '', f.lost.length ? `失去：${f.lost.join('、')}` : '']
      .filter(Boolean)
      .join('；');
    if (changes) out.push({ date: f.date, kind: '资质', text: changes });
  }
  // Newest first; on one day the later step of the story first (证书 after 结业 after 培训 after 报名).
  const rank = ['报名', '培训', '结业', '证书', '回访', '调研', '年度经营数据', '资质'];
  return out.sort((a, b) => b.date.localeCompare(a.date) || rank.indexOf(b.kind) - rank.indexOf(a.kind));
}

interface DetailRow {
  foundedOn: string | null;
  employees: number | null;
  revenueWan: number | null;
  isManufacturing: number | null;
  updatedAt: string;
}

export function getEnterpriseFile(db: Db, id: number, today: string): EnterpriseFile {
  const [summary] = summaries(db, undefined, id);
  if (!summary) throw new AppError('NOT_FOUND', `企业 ${id} 不存在。`, { id });
  const d = prepared(
    db,
    `SELECT founded_on AS foundedOn, employees, revenue_wan AS revenueWan, is_manufacturing AS isManufacturing, updated_at AS updatedAt
       FROM enterprises WHERE id = ?`,
  ).get(id) as DetailRow;
  const training = trainingOf(db, id);
  const followUps = followUpsOf(db, id);
  const { followUps: _count, ...rest } = summary;
  return {
    ...rest,
    foundedOn: d.foundedOn,
    employees: d.employees,
    revenueWan: d.revenueWan,
    isManufacturing: d.isManufacturing === null ? null : d.isManufacturing === 1,
    updatedAt: d.updatedAt,
    training: training.map(({ location: _l, createdAt: _c, issueDate: _i, ...t }) => t),
    followUps,
    timeline: timelineOf(training, followUps, today),
    yearly: yearlyFigures(followUps),
  };
}
