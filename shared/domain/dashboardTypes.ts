/**
 * The 概览 dashboard's figures (issue 10 §4): what `dashboard.get` answers, one block per chart,
 * each counted from the store with the definitions the rest of the product uses, and the texts that
 * state those definitions under the charts.
 */
import { ATTENDANCE_STATUSES, isAttended } from './attendance';

export const DASHBOARD_CHARTS = ['fill', 'registrations', 'attendance', 'completion', 'satisfaction'] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

/** 「出勤率 =（出勤 + 迟到 + 早退）÷ 应到人数」, built from the attendance domain's own rule. */
export const ATTENDANCE_RATE_TEXT = `出勤率 =（${ATTENDANCE_STATUSES.filter(isAttended).join(' + ')}）÷ 应到人数（本期花名册）；只计已有考勤记录的半天，未记录者计为未到`;
export const COMPLETION_RATE_TEXT = '结业率 = 结业人数 ÷ 花名册人数（按结业规则判定，含人工认定；培训未结束者计为待定）';
export const FILL_TEXT = '已报 = 待审核 + 已通过（与名额表相同）；候补另计';
export const REGISTRATIONS_TEXT = '按录入日期累计收到的报名（各状态都计入）；竖线为各期报名截止日期';

export interface DashboardSession {
  sessionId: number;
  number: number;
  /** 「第1期」 */
  label: string;
  startDate: string | null;
  endDate: string | null;
  registrationDeadline: string | null;
}

export interface FillFigures {
  places: number;
  filled: number;
  waitlisted: number;
}

export interface DashboardFill extends FillFigures {
  /** Regions in the usual order; `cells[i]` belongs to `sessions[i]` of the dashboard. */
  regions: (FillFigures & { regionCode: string; regionName: string; cells: FillFigures[] })[];
  /** Per session, in the dashboard's session order. */
  sessions: FillFigures[];
}

export interface DashboardRegistrations {
  /** Every day from the first registration to the last registration or deadline, 'YYYY-MM-DD'. */
  dates: string[];
  /** Cumulative count at the end of each day, all registrations of the programme. */
  total: number[];
  /** Cumulative per session (same order as the dashboard's sessions). */
  sessions: number[][];
}

export interface AttendanceSlotFigures {
  seq: number;
  /** 「7月22日下午」 */
  name: string;
  /** Roster size: who should be there. */
  expected: number;
  attended: number;
  late: number;
  leave: number;
  absent: number;
  leftEarly: number;
  /** Roster members without a mark in a slot that has marks. */
  unmarked: number;
  /** attended ÷ expected; null when nobody was marked in this slot yet. */
  rate: number | null;
}

export interface AttendanceSessionFigures {
  expected: number;
  attended: number;
  rate: number | null;
  slots: AttendanceSlotFigures[];
}

export interface CompletionFigures {
  roster: number;
  completed: number;
  notCompleted: number;
  pending: number;
  /** completed ÷ roster; null for an empty roster. */
  rate: number | null;
}

export interface SatisfactionFigures {
  responses: number;
  /** satisfied: the answers 满意率 counts, under the definition in force. */
  aspects: { name: string; answers: number; satisfied: number; mean: number | null; satisfaction: number | null }[];
}

export interface Dashboard {
  programmeId: number;
  /** programmeDocTitle */
  title: string;
  sessions: DashboardSession[];
  /** null when no quota has been set. */
  fill: DashboardFill | null;
  registrations: DashboardRegistrations;
  attendance: { definition: string; sessions: AttendanceSessionFigures[] };
  completion: { definition: string; sessions: CompletionFigures[] };
  satisfaction: { definition: string; sessions: SatisfactionFigures[] };
}

export interface DashboardList {
  title: string;
  columns: { key: string; title: string }[];
  rows: Record<string, string | number>[];
}
