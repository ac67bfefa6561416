/**
 * Attendance (签到考勤) rules shared by the services and the check-in screen: statuses, lateness by
 * the clock, slot names in words, and matching what the class administrator types or scans to a
 * trainee of the roster.
 */

export const ATTENDANCE_STATUSES = ['出勤', '迟到', '请假', '缺勤', '早退'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** The CLI's words for the statuses. */
export const STATUS_BY_WORD: Record<string, AttendanceStatus> = {
  present: '出勤',
  late: '迟到',
  leave: '请假',
  absent: '缺勤',
  left_early: '早退',
};

/** A slot counts as attended when marked 出勤, 迟到 or 早退 (the rule, exactly). */
export function isAttended(status: AttendanceStatus): boolean {
  return status === '出勤' || status === '迟到' || status === '早退';
}

/** A local wall-clock moment, 'YYYY-MM-DD HH:MM' (slot times are wall-clock times in the classroom). */
export type WallTime = string;
export const WALL_TIME = /^\d{4}-\d{2}-\d{2} [0-2]\d:[0-5]\d$/;

export function wallTime(d: Date): WallTime {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Minutes since 1970-01-01 00:00 of a wall time, ignoring time zones (both sides are local). */
export function wallMinutes(t: WallTime): number {
  const [date, hm] = t.split(' ');
  const days = Math.round(Date.parse(`${date}T00:00:00Z`) / 60_000);
  const [h, m] = hm.split(':').map(Number);
  return days + h * 60 + m;
}

/**
 * 出勤 or 迟到 for an arrival at `at`: up to start + grace the trainee is on time; after it the mark
 * is 迟到 with the minutes counted from the start (a trainee 12 minutes late is 12 minutes late,
 * whatever the grace). Arrivals before the slot's day count as on time.
 */
export function arrivalStatus(
  slot: { date: string; startTime: string },
  graceMinutes: number,
  at: WallTime,
): { status: '出勤' | '迟到'; minutes: number | null } {
  const late = wallMinutes(at) - wallMinutes(`${slot.date} ${slot.startTime}`);
  if (late <= graceMinutes) return { status: '出勤', minutes: null };
  return { status: '迟到', minutes: Math.min(late, 1440) };
}

/** 「7月22日下午」 */
export function slotName(slot: { date: string; part: string }): string {
  const [, m, d] = slot.date.split('-').map(Number);
  return `${m}月${d}日${slot.part === '其他' ? '' : slot.part}`;
}

/** 「08:52」 of a wall time. */
export function clockOf(t: WallTime): string {
  return t.slice(11, 16);
}

/** One roster line as the check-in lookup sees it. */
export interface LookupEntry {
  registrationId: number;
  name: string;
  /** Pinyin initials, lower case ('zs' for 张三). */
  initials: string;
  /** Full pinyin, lower case, no spaces ('zhangsan'). */
  pinyin: string;
  idNumber: string;
  /** The number printed on the badge and in its barcode. */
  badge: string;
}

export interface LookupResult {
  matches: LookupEntry[];
  /** True when the text identifies one trainee by badge or full ID number: a scanner may mark at once. */
  exact: boolean;
}

/**
 * What the administrator typed or scanned → the trainees it may mean. A badge number or full ID
 * number is exact; digits (with a final X) of 4 or more match the ID number's tail; letters match
 * the pinyin initials (prefix) or the full pinyin (prefix); Chinese text matches the name.
 */
export function lookup(entries: readonly LookupEntry[], typed: string): LookupResult {
  const q = typed.trim().replace(/\s+/g, '').toLowerCase();
  if (!q) return { matches: [], exact: false };
  const byBadge = entries.filter((e) => e.badge.toLowerCase() === q);
  if (byBadge.length === 1) return { matches: byBadge, exact: true };
  const byId = entries.filter((e) => e.idNumber.toLowerCase() === q);
  if (byId.length === 1) return { matches: byId, exact: true };
  let matches: LookupEntry[];
  if (/^\d+x?$/.test(q)) {
    matches = q.length >= 4 ? entries.filter((e) => e.idNumber.toLowerCase().endsWith(q)) : [];
    matches = [...byBadge, ...matches.filter((m) => !byBadge.includes(m))];
  } else if (/^[a-z]+$/.test(q)) {
    const initials = entries.filter((e) => e.initials.startsWith(q));
    const full = entries.filter((e) => !initials.includes(e) && e.pinyin.startsWith(q));
    // A whole initials match first: 'zs' means 张三 before 张少华.
    initials.sort((a, b) => Number(b.initials === q) - Number(a.initials === q));
    matches = [...initials, ...full];
  } else {
    const exactName = entries.filter((e) => e.name === typed.trim());
    matches = [...exactName, ...entries.filter((e) => e.name !== typed.trim() && e.name.includes(typed.trim()))];
  }
  return { matches, exact: false };
}
