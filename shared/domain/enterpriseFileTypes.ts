/**
 * Enterprise files (信息档案) and follow-up (跟踪), issue 10 §3: what the methods answer, the kinds
 * of follow-up record, and the four qualifications the follow-up tracks.
 */
import { ENTERPRISE_QUALIFICATIONS as Q } from './qualifications';

export const FOLLOWUP_KINDS = ['回访', '调研', '年度经营数据'] as const;
export type FollowUpKind = (typeof FOLLOWUP_KINDS)[number];

/**
 * The qualifications a follow-up records as gained or lost, by the full names the registration
 * form stores (shared/domain/qualifications.ts), so an enterprise's list stays one vocabulary.
 */
export const TRACKED_QUALIFICATIONS = [Q[0], Q[1], Q[4], Q[7]] as const;
export type TrackedQualification = (typeof TRACKED_QUALIFICATIONS)[number];

const [SPECIALISED, GIANT, CHAMPION, HIGH_TECH] = TRACKED_QUALIFICATIONS;

/** Short labels for narrow places (table cells, tags). */
export const QUALIFICATION_SHORT: Record<TrackedQualification, string> = {
  [SPECIALISED]: '专精特新',
  [GIANT]: '小巨人',
  [CHAMPION]: '单项冠军',
  [HIGH_TECH]: '高新技术企业',
};

function squash(s: string): string {
  // Quotes of every shape, spaces and the full-width forms people type all drop out.
  return s
    .normalize('NFKC')
    .replace(/[\s"'“”‘’「」『』《》〈〉]/g, '')
    .toLowerCase();
}

/**
 * Reads the name of a tracked qualification as people write it: the full name, or a short form
 * (专精特新, 小巨人, 单项冠军, 高新技术企业, 高新, 高企, 国高新…). Null when it names none of the four.
 * 小巨人 is tested before 专精特新: "专精特新小巨人" names the former.
 */
export function parseTrackedQualification(raw: string): TrackedQualification | null {
  const s = squash(raw);
  if (!s) return null;
  if (s.includes('小巨人')) return GIANT;
  if (s.includes('单项冠军')) return CHAMPION;
  if (s.includes('专精特新')) return SPECIALISED;
  if (s.includes('高新技术') || s === '高新' || s === '高企' || s === '国高新' || s === '国家高新技术企业' || s === '高新企业')
    return HIGH_TECH;
  return null;
}

/** Several qualifications in one cell, separated by 、，,；; / or spaces. Unknown parts come back apart. */
export function parseQualificationList(raw: string): { known: TrackedQualification[]; unknown: string[] } {
  const known: TrackedQualification[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(/[、，,；;/／|\n]+/)) {
    const p = part.trim();
    if (!p || /^(无|—+|-+|\/)$/.test(p)) continue;
    const q = parseTrackedQualification(p);
    if (q) {
      if (!known.includes(q)) known.push(q);
    } else unknown.push(p);
  }
  return { known, unknown };
}

export interface FollowUpFigures {
  revenueWan: number | null;
  /** May be negative (a loss). */
  profitWan: number | null;
  employees: number | null;
  rdWan: number | null;
  patents: number | null;
}

export const FIGURE_KEYS = ['revenueWan', 'profitWan', 'employees', 'rdWan', 'patents'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export const FIGURE_LABELS: Record<FigureKey, string> = {
  revenueWan: '营业收入（万元）',
  profitWan: '利润（万元）',
  employees: '员工人数',
  rdWan: '研发投入（万元）',
  patents: '专利（件）',
};

export interface FollowUp extends FollowUpFigures {
  id: number;
  enterpriseId: number;
  /** YYYY-MM-DD */
  date: string;
  kind: FollowUpKind;
  /** The business year the figures are for (年度经营数据 always has one). */
  year: number | null;
  gained: TrackedQualification[];
  lost: TrackedQualification[];
  notes: string;
  source: 'manual' | 'import';
  createdAt: string;
}

export interface EnterpriseSummary {
  id: number;
  creditCode: string;
  name: string;
  regionCode: string;
  regionName: string;
  industry: string;
  qualifications: string[];
  /** Trainees the enterprise sent (distinct people over all programmes). */
  trainees: number;
  /** Programme years in which it had a trainee, ascending. */
  yearsTrained: number[];
  followUps: number;
  /** Date of the newest follow-up record, YYYY-MM-DD. */
  lastFollowUp: string | null;
}

export interface EnterpriseTraining {
  registrationId: number;
  traineeName: string;
  position: string;
  programmeYear: number;
  programmeTitle: string;
  sessionNumber: number | null;
  /** The registration's status (shared/domain/types.ts REGISTRATION_STATUSES). */
  status: string;
  /** The status in Chinese (已审核, 候补…). */
  statusLabel: string;
  sessionStart: string | null;
  sessionEnd: string | null;
  /** 结业: true / false once the session's completion is decided, null before. */
  completed: boolean | null;
  certificateNo: string | null;
}

export const TIMELINE_KINDS = ['报名', '培训', '结业', '证书', '回访', '调研', '年度经营数据', '资质'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  date: string;
  kind: TimelineKind;
  text: string;
}

export interface YearlyFigures extends FollowUpFigures {
  year: number;
  /** Fraction of change against the previous business year on record; null when not computable. */
  change: { [K in FigureKey]: number | null };
}

export interface EnterpriseFile extends Omit<EnterpriseSummary, 'followUps'> {
  foundedOn: string | null;
  employees: number | null;
  revenueWan: number | null;
  isManufacturing: boolean | null;
  updatedAt: string;
  /** The registrations of its trainees, newest programme first. */
  training: EnterpriseTraining[];
  /** Newest first. */
  followUps: FollowUp[];
  /** Newest first. */
  timeline: TimelineEntry[];
  /** Ascending by year. */
  yearly: YearlyFigures[];
}

export interface EnterpriseList {
  total: number;
  rows: EnterpriseSummary[];
  /** Industries of all enterprises (of the region asked), for the filter. */
  industries: string[];
  /** Programme years with trainees, for the filter. */
  years: number[];
}

export interface FollowUpImportResult {
  dryRun: boolean;
  /** Data rows read (title rows, blank and 合计 rows aside). */
  rows: number;
  /** Rows whose credit code names an enterprise on record (rejected ones too). */
  matched: number;
  /** Records written (a dry run: would write); a row with figures of two years gives two. */
  created: number;
  /** Records replacing the 年度经营数据 an enterprise already had for that year. */
  updated: number;
  /** Rows not imported, for any reason (unmatched ones included). */
  rejected: number;
  /** Rows whose credit code names no enterprise on record. */
  unmatched: number;
  warnings: number;
  /** The registration import's shape: row as Excel numbers it, the column's header, a stable code, a Chinese message. */
  errors: { row: number; column: string; code: string; message: string }[];
  /** How each column of the file was read: the field it fills, or why it was left aside. */
  columns: { column: string; header: string; field: string | null; note: string }[];
}
