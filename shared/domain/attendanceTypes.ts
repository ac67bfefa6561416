/** Rosters, attendance and completion as the services return them (issue 8). */
import type { AttendanceStatus, WallTime } from './attendance';
import type { CompletionRule, CompletionState } from './completion';
import type { Session } from './types';

export interface RosterEntry {
  registrationId: number;
  name: string;
  gender: string | null;
  idNumber: string;
  initials: string;
  pinyin: string;
  mobile: string;
  position: string;
  regionCode: string;
  regionName: string;
  enterprise: string;
  industry: string;
  groupNo: number | null;
  isLeader: boolean;
  seatNo: number | null;
  /** Printed on the badge and in its barcode: identifies the trainee in this session. */
  badge: string;
}

export interface Roster {
  session: Session;
  capacity: number | null;
  entries: RosterEntry[];
}

export interface AttendanceSlot {
  /** 1-based, in schedule order (the CLI's --slot K). */
  seq: number;
  date: string;
  part: string;
  startTime: string;
  label: string;
  /** 「7月22日下午」 */
  name: string;
}

export interface MarkView {
  registrationId: number;
  status: AttendanceStatus;
  minutes: number | null;
  reason: string;
  effectiveAt: WallTime;
  enteredAt: string;
  enteredBy: string;
  backfilled: boolean;
  batch: string;
}

export interface AttendanceCounts {
  应到: number;
  已到: number;
  迟到: number;
  请假: number;
  未到: number;
}

export interface AttendanceBoard {
  sessionId: number;
  slot: AttendanceSlot;
  graceMinutes: number;
  counts: AttendanceCounts;
  marks: MarkView[];
}

export interface MarkResult {
  changed: boolean;
  /** What the check-in screen says: 「张三 签到 08:52」, 「张三 迟到 12 分钟」, 「已签到 08:52」. */
  message: string;
  mark: MarkView;
  /** Pass to attendance.undo; empty when nothing changed. */
  batch: string;
}

export interface SessionNow {
  sessionId: number;
  sessionNumber: number;
  slotSeq: number;
}

export interface CompletionResult {
  registrationId: number;
  name: string;
  idNumber: string;
  regionName: string;
  enterprise: string;
  /** The rule's decision. */
  ruleState: CompletionState;
  /** What counts (the override if any): true, false, or null while undecided. */
  completed: boolean | null;
  reasons: string[];
  attended: number;
  slots: number;
  counts: Record<AttendanceStatus, number>;
  override: { completed: boolean; reason: string; decidedAt: string; decidedBy: string } | null;
}

export type { CompletionRule };

/** One cell entered from a signed 签到表 (补录). */
export interface BackfillResult {
  /** Marks written (new cells and corrections). */
  written: number;
  /** Of those, existing marks changed on purpose. */
  corrected: number;
  /** Cells that already held the same mark. */
  unchanged: number;
  /** Pass to attendance.undo; empty when nothing was written. */
  batch: string;
  message: string;
}

/** A 请假 as recorded, with the slots it covers and whether each still shows as 请假. */
export interface LeaveView {
  leaveId: number;
  registrationId: number;
  name: string;
  regionName: string;
  requestedBy: string;
  approvedBy: string;
  reason: string;
  slots: { seq: number; name: string; current: boolean }[];
  enteredAt: string;
  enteredBy: string;
}
