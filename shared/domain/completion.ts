/**
 * The completion rule (结业): whether a trainee completed the course as required, with the reasons
 * in words. Semantics, exactly as the issue states them: a slot counts as attended when marked 出勤,
 * 迟到 or 早退; a slot with no mark once the session has ended counts as 缺勤; a trainee completes
 * when attended ÷ slots ≥ the minimum rate and every maximum holds.
 */
import { isAttended, slotName, type AttendanceStatus } from './attendance';

export interface CompletionRule {
  /** 0..1, of the session's slots. */
  minAttendance: number;
  maxLeave: number;
  maxAbsent: number;
  maxLate: number;
  maxLeftEarly: number;
  /** Minutes after a slot's start before an arrival counts as 迟到 (check-in, not completion). */
  graceMinutes: number;
}

export const DEFAULT_RULE: CompletionRule = {
  minAttendance: 0.875,
  maxLeave: 1,
  maxAbsent: 0,
  maxLate: 2,
  maxLeftEarly: 1,
  graceMinutes: 5,
};

export interface SlotRef {
  date: string;
  part: string;
}

export type CompletionState = 'completed' | 'not_completed' | 'pending';

export interface CompletionEvaluation {
  state: CompletionState;
  slots: number;
  attended: number;
  /** Slots not yet marked while the session runs. */
  unmarked: number;
  counts: Record<AttendanceStatus, number>;
  reasons: string[];
}

function percent(r: number): string {
  return `${Math.round(r * 1000) / 10}%`;
}

/**
 * `marks[i]` is slot i's mark or null. `ended`: the session is over, so a missing mark is 缺勤.
 * While it runs, the result is 'pending' unless it is already decided (a maximum broken, or the
 * rate out of reach even if every remaining slot is attended).
 */
export function evaluateCompletion(
  rule: CompletionRule,
  slots: readonly SlotRef[],
  marks: readonly (AttendanceStatus | null)[],
  ended: boolean,
): CompletionEvaluation {
  const counts: Record<AttendanceStatus, number> = { 出勤: 0, 迟到: 0, 请假: 0, 缺勤: 0, 早退: 0 };
  const where: Record<AttendanceStatus, string[]> = { 出勤: [], 迟到: [], 请假: [], 缺勤: [], 早退: [] };
  let attended = 0;
  let unmarked = 0;
  slots.forEach((slot, i) => {
    const status = marks[i] ?? (ended ? '缺勤' : null);
    if (status === null) {
      unmarked++;
      return;
    }
    counts[status]++;
    where[status].push(slotName(slot));
    if (isAttended(status)) attended++;
  });
  const total = slots.length;
  if (total === 0) return { state: 'pending', slots: 0, attended: 0, unmarked: 0, counts, reasons: ['本期没有日程，无法判定结业'] };

  const reasons: string[] = [];
  const list = (s: AttendanceStatus) => `（${where[s].join('、')}）`;
  if (counts.缺勤 > rule.maxAbsent)
    reasons.push(`缺勤 ${counts.缺勤} 个半天${list('缺勤')}${rule.maxAbsent ? `，超过 ${rule.maxAbsent} 个` : ''}`);
  if (counts.请假 > rule.maxLeave) reasons.push(`请假 ${counts.请假} 个半天${list('请假')}，超过 ${rule.maxLeave} 个`);
  if (counts.迟到 > rule.maxLate) reasons.push(`迟到 ${counts.迟到} 次${list('迟到')}，超过 ${rule.maxLate} 次`);
  if (counts.早退 > rule.maxLeftEarly) reasons.push(`早退 ${counts.早退} 次${list('早退')}，超过 ${rule.maxLeftEarly} 次`);
  // Division, not multiplication: 7 ÷ 8 and 0.875 are the same double when they are the same number.
  const rateMet = attended / total >= rule.minAttendance;
  const reachable = (attended + unmarked) / total >= rule.minAttendance;
  if (!reachable || (unmarked === 0 && !rateMet))
    reasons.unshift(`出勤率 ${percent(attended / total)}（${attended}/${total} 个半天），低于 ${percent(rule.minAttendance)}`);

  if (reasons.length) return { state: 'not_completed', slots: total, attended, unmarked, counts, reasons };
  if (unmarked > 0)
    return { state: 'pending', slots: total, attended, unmarked, counts, reasons: [`培训尚未结束，还有 ${unmarked} 个半天未考勤`] };
  return { state: 'completed', slots: total, attended, unmarked, counts, reasons: [] };
}
