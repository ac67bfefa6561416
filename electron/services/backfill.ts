/**
 * 补录: marks copied later from a signed 签到表, flagged as such with who entered them and when,
 * and the leaves recorded for a session. A mark already in the store is never changed silently:
 * the screen says which mark it saw for each cell (`was`); a cell that changed since is refused,
 * and replacing an existing mark is a correction that needs a reason (both go to the audit log).
 */
import { randomUUID } from 'node:crypto';
import { arrivalStatus, wallMinutes, type AttendanceStatus, type WallTime } from '../../shared/domain/attendance';
import type { AttendanceSlot, BackfillResult, LeaveView } from '../../shared/domain/attendanceTypes';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { approvedIn, attendanceSlots, currentMark, insertMark, slotRowId } from './attendance';
import { writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getSession } from './programmes';

export interface BackfillCell {
  registrationId: number;
  slotSeq: number;
  status: AttendanceStatus;
  was: AttendanceStatus | null;
  minutes?: number;
  at?: WallTime;
}

function plusMinutes(t: WallTime, minutes: number): WallTime {
  const d = new Date(Date.UTC(1970, 0, 1, 0, wallMinutes(t) + minutes));
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The moment a copied mark took effect and its minutes: the typed time if any (迟到's minutes then
 * follow from it), else the slot's start (plus the minutes for 迟到, which is when the trainee came).
 */
export function effectiveOf(slot: AttendanceSlot, cell: BackfillCell): { at: WallTime; minutes: number | null } {
  const start = `${slot.date} ${slot.startTime}`;
  if (cell.status === '迟到') {
    if (cell.at) return { at: cell.at, minutes: cell.minutes ?? arrivalStatus(slot, 0, cell.at).minutes ?? 0 };
    return { at: plusMinutes(start, cell.minutes ?? 0), minutes: cell.minutes ?? 0 };
  }
  if (cell.status === '早退') return { at: cell.at ?? start, minutes: cell.minutes ?? null };
  return { at: cell.at ?? start, minutes: null };
}

export function backfill(db: Db, sessionId: number, cells: readonly BackfillCell[], correctionReason: string) {
  const session = getSession(db, sessionId);
  const slots = attendanceSlots(db, sessionId);
  const seen = new Set<string>();
  const plan: { cell: BackfillCell; name: string; slot: AttendanceSlot; slotId: number; before: AttendanceStatus | null }[] = [];
  // Check every cell before writing any: a refusal leaves the store as it was.
  for (const cell of cells) {
    const key = `${cell.registrationId}/${cell.slotSeq}`;
    if (seen.has(key)) throw new AppError('VALIDATION', '同一学员的同一时段出现了两次，请检查后重试。', { ...cell });
    seen.add(key);
    const { name, sessionId: own } = approvedIn(db, cell.registrationId);
    if (own !== sessionId)
      throw new AppError('VALIDATION', `${name} 不在第${session.number}期的花名册中，不能补录到本期。`, {
        registrationId: cell.registrationId,
      });
    const slot = slots[cell.slotSeq - 1];
    if (!slot)
      throw new AppError('VALIDATION', `第${session.number}期只有 ${slots.length} 个时段，没有第 ${cell.slotSeq} 个。`, {
        slotSeq: cell.slotSeq,
      });
    if (cell.at && cell.at.slice(0, 10) !== slot.date)
      throw new AppError('VALIDATION', `${name} ${slot.name} 的时间 ${cell.at} 不在当天，请检查。`, { ...cell });
    const slotId = slotRowId(db, sessionId, cell.slotSeq);
    const before = currentMark(db, slotId, cell.registrationId)?.status ?? null;
    if (before !== cell.was)
      throw new AppError(
        'CONFLICT',
        `${name} ${slot.name} 的考勤已被改为「${before ?? '未记录'}」（补录时看到的是「${cell.was ?? '未记录'}」），请刷新后重试。`,
        { ...cell, current: before },
      );
    plan.push({ cell, name, slot, slotId, before });
  }
  // A correction: an existing mark whose status or minutes the sheet changes.
  const isCorrection = (p: (typeof plan)[number]) => {
    if (p.before === null) return false;
    const current = currentMark(db, p.slotId, p.cell.registrationId)!;
    return current.status !== p.cell.status || (current.minutes ?? null) !== effectiveOf(p.slot, p.cell).minutes;
  };
  const corrections = plan.filter(isCorrection);
  if (corrections.length && !correctionReason)
    throw new AppError(
      'VALIDATION',
      `更改已有考勤须填写更正原因：${corrections
        .slice(0, 5)
        .map((p) => `${p.name} ${p.slot.name} ${p.before}→${p.cell.status}`)
        .join('、')}${corrections.length > 5 ? ` 等 ${corrections.length} 条` : ''}`,
      { corrections: corrections.length },
    );

  const batch = randomUUID();
  let written = 0;
  let unchanged = 0;
  const changes: string[] = [];
  for (const p of plan) {
    const { at, minutes } = effectiveOf(p.slot, p.cell);
    const current = p.before === null ? null : currentMark(db, p.slotId, p.cell.registrationId);
    if (current && current.status === p.cell.status && (current.minutes ?? null) === minutes) {
      unchanged++;
      continue;
    }
    const correction = p.before !== null; // a same mark was skipped above, so this one changes it
    insertMark(db, {
      batch,
      registrationId: p.cell.registrationId,
      slotId: p.slotId,
      status: p.cell.status,
      minutes,
      reason: correction ? `更正（${p.before}→${p.cell.status}）：${correctionReason}` : '据签到表补录',
      effectiveAt: at,
      backfilled: true,
      source: 'manual',
    });
    written++;
    if (correction) changes.push(`${p.name} ${p.slot.name} ${p.before}→${p.cell.status}`);
  }
  const result: BackfillResult = {
    written,
    corrected: changes.length,
    unchanged,
    batch: written ? batch : '',
    message: `补录第${session.number}期考勤 ${written} 条${changes.length ? `，其中更正 ${changes.length} 条` : ''}${unchanged ? `，${unchanged} 条与原记录相同未改动` : ''}`,
  };
  return { result, changes };
}

interface LeaveRow {
  leaveId: number;
  registrationId: number;
  name: string;
  regionCode: string;
  requestedBy: string;
  approvedBy: string;
  reason: string;
  enteredAt: string;
  enteredBy: string;
}

export function sessionLeaves(db: Db, sessionId: number): LeaveView[] {
  getSession(db, sessionId);
  const slots = new Map(attendanceSlots(db, sessionId).map((s) => [s.seq, s]));
  const rows = prepared(
    db,
    `SELECT l.id AS leaveId, l.registration_id AS registrationId, t.name, r.region_code AS regionCode, l.requested_by AS requestedBy,
       l.approved_by AS approvedBy, l.reason, l.entered_at AS enteredAt, l.entered_by AS enteredBy
     FROM leave_requests l JOIN registrations r ON r.id = l.registration_id JOIN trainees t ON t.id = r.trainee_id
     WHERE r.session_id = ? ORDER BY l.id`,
  ).all(sessionId) as LeaveRow[];
  const covered = prepared(
    db,
    `SELECT s.seq, (SELECT m.leave_id FROM attendance_marks m WHERE m.slot_id = s.id AND m.registration_id = ? AND m.undone_at IS NULL
        ORDER BY m.id DESC LIMIT 1) = ls.leave_id AS current
     FROM leave_slots ls JOIN session_slots s ON s.id = ls.slot_id WHERE ls.leave_id = ? ORDER BY s.seq`,
  );
  return rows.map(({ regionCode, ...r }) => ({
    ...r,
    regionName: regionName(regionCode),
    slots: (covered.all(r.registrationId, r.leaveId) as { seq: number; current: number | null }[]).map((s) => ({
      seq: s.seq,
      name: slots.get(s.seq)?.name ?? `第 ${s.seq} 个时段`,
      current: s.current === 1,
    })),
  }));
}

export function backfillHandlers(ctx: ServiceContext): Pick<Handlers, 'attendance.backfill' | 'attendance.leaves'> {
  const { db } = ctx;
  return {
    'attendance.backfill': ({ sessionId, marks, correctionReason }) =>
      writeTx(
        db,
        'attendance.backfill',
        () => backfill(db, sessionId, marks, correctionReason),
        ({ result, changes }) =>
          `${result.message}（补录）${changes.length ? `；更正：${changes.join('、')}；原因：${correctionReason}` : ''}`,
        ({ result, changes }) => ({ sessionId, written: result.written, batch: result.batch, corrections: changes, correctionReason }),
      ).result,
    'attendance.leaves': ({ sessionId }) => sessionLeaves(db, sessionId),
  };
}
