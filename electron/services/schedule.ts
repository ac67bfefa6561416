/**
 * A session's schedule: the half-day slots attendance is taken for. Until someone edits it, the
 * schedule is derived from the session's dates (the notices' "每期培训4天": 4 days × 上午/下午);
 * once edited (an evening session, a site visit), the slots are stored rows.
 */
import { SLOT_PARTS, type SessionSlot, type SessionSlots } from '../../shared/domain/quotas';
import type { Session } from '../../shared/domain/types';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getSession } from './programmes';

export const DEFAULT_DAYS = 4;
/** The longest schedule derived from a date range: past this the dates are more likely a typo. */
const MAX_DERIVED_DAYS = 14;
export const DEFAULT_START: Record<'上午' | '下午', string> = { 上午: '08:30', 下午: '14:00' };

/** 'YYYY-MM-DD' plus n days, in calendar terms (no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The default schedule: from the start date, each day 上午 and 下午; as many days as the dates span, else 4. */
export function defaultSlots(s: Pick<Session, 'startDate' | 'endDate'>): SessionSlot[] {
  if (!s.startDate) return [];
  const span = s.endDate ? daysBetween(s.startDate, s.endDate) + 1 : DEFAULT_DAYS;
  const days = span >= 1 && span <= MAX_DERIVED_DAYS ? span : DEFAULT_DAYS;
  const slots: SessionSlot[] = [];
  for (let d = 0; d < days; d++)
    for (const part of ['上午', '下午'] as const)
      slots.push({ date: addDays(s.startDate, d), part, label: '', startTime: DEFAULT_START[part], kind: 'class' });
  return slots;
}

function slotOrder(a: SessionSlot, b: SessionSlot): number {
  return a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || SLOT_PARTS.indexOf(a.part) - SLOT_PARTS.indexOf(b.part);
}

function storedSlots(db: Db, sessionId: number): SessionSlot[] {
  return prepared(db, `SELECT date, part, label, start_time AS startTime, kind FROM session_slots WHERE session_id = ? ORDER BY seq`).all(
    sessionId,
  ) as SessionSlot[];
}

/** The schedule attendance uses: the stored slots, or the default one derived from the dates. */
export function sessionSlots(db: Db, sessionId: number): SessionSlots {
  const session = getSession(db, sessionId);
  const stored = storedSlots(db, sessionId);
  return stored.length ? { sessionId, isDefault: false, slots: stored } : { sessionId, isDefault: true, slots: defaultSlots(session) };
}

function checkSlots(slots: SessionSlot[]): void {
  const seen = new Map<string, number>();
  slots.forEach((s, i) => {
    if (Number.isNaN(Date.parse(`${s.date}T00:00:00Z`)) || new Date(`${s.date}T00:00:00Z`).toISOString().slice(0, 10) !== s.date)
      throw new AppError('VALIDATION', `第 ${i + 1} 个时段的日期「${s.date}」不存在，请检查。`, { index: i });
    const key = `${s.date} ${s.startTime}`;
    const before = seen.get(key);
    if (before !== undefined)
      throw new AppError(
        'VALIDATION',
        `第 ${before + 1} 个和第 ${i + 1} 个时段都在 ${s.date} ${s.startTime} 开始，请修改其中一个的开始时间。`,
        {
          index: i,
        },
      );
    seen.set(key, i);
  });
}

/** Replaces a session's stored slots (sorted by date and time); an empty list returns to the default. */
export function replaceSlots(db: Db, sessionId: number, slots: SessionSlot[]): void {
  checkSlots(slots);
  // Attendance points at the slots: once a slot has marks the schedule is history, not a draft.
  const marked = prepared(db, 'SELECT count(*) FROM attendance_marks m JOIN session_slots s ON s.id = m.slot_id WHERE s.session_id = ?')
    .pluck()
    .get(sessionId) as number;
  if (marked)
    throw new AppError('CONFLICT', `本期已有 ${marked} 条考勤记录，时段安排不能再整体替换。如需调整，请先撤销相关考勤。`, {
      sessionId,
      marks: marked,
    });
  prepared(db, 'DELETE FROM session_slots WHERE session_id = ?').run(sessionId);
  const insert = prepared(
    db,
    `INSERT INTO session_slots (session_id, seq, date, part, label, start_time, kind)
     VALUES (@sessionId, @seq, @date, @part, @label, @startTime, @kind)`,
  );
  [...slots].sort(slotOrder).forEach((s, i) => insert.run({ ...s, sessionId, seq: i + 1 }));
}

export function scheduleHandlers(ctx: ServiceContext): Pick<Handlers, 'sessions.slots' | 'sessions.setSlots'> {
  const { db } = ctx;
  return {
    'sessions.slots': ({ sessionId }) => sessionSlots(db, sessionId),
    'sessions.setSlots': ({ sessionId, slots }) =>
      writeTx(
        db,
        'sessions.setSlots',
        () => {
          const session = getSession(db, sessionId);
          replaceSlots(db, sessionId, slots);
          return { session, result: sessionSlots(db, sessionId) };
        },
        ({ session, result }) =>
          result.isDefault
            ? `第${session.number}期日程恢复为默认（项目 ${session.programmeId}）`
            : `修改第${session.number}期日程：${result.slots.length} 个时段（项目 ${session.programmeId}）`,
      ).result,
  };
}
