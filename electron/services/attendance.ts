/**
 * Check-in (签到考勤): marks per trainee and half-day slot. Marks are never overwritten: each is a
 * new row with the moment it took effect and the moment it was entered (补录 when copied later
 * from paper), and an undo hides a whole action, so the mark before it shows again.
 */
import { randomUUID } from 'node:crypto';
import {
  arrivalStatus,
  clockOf,
  isAttended,
  slotName,
  wallMinutes,
  wallTime,
  type AttendanceStatus,
  type WallTime,
} from '../../shared/domain/attendance';
import type { AttendanceBoard, AttendanceSlot, MarkResult, MarkView, SessionNow } from '../../shared/domain/attendanceTypes';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { getRule } from './completion';
import { assertSessionOpen, assertSlotOpen } from './sessionLock';
import { DEFAULT_OPERATOR, nowIso, readSetting, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getSession, listSessions } from './programmes';
import { rosterEntries } from './rosters';
import { replaceSlots, sessionSlots } from './schedule';

/** The session's slots in schedule order, numbered from 1 (stored, or the default derived from the dates). */
export function attendanceSlots(db: Db, sessionId: number): AttendanceSlot[] {
  return sessionSlots(db, sessionId).slots.map((s, i) => ({
    seq: i + 1,
    date: s.date,
    part: s.part,
    startTime: s.startTime,
    label: s.label,
    name: slotName(s),
  }));
}

export function slotOf(db: Db, sessionId: number, seq: number): AttendanceSlot {
  const slots = attendanceSlots(db, sessionId);
  const slot = slots[seq - 1];
  if (!slot) {
    const session = getSession(db, sessionId);
    throw new AppError(
      'VALIDATION',
      slots.length
        ? `第${session.number}期只有 ${slots.length} 个时段，没有第 ${seq} 个。`
        : `第${session.number}期还没有日程：请先在「年度计划与名额」中填写开班日期或日程。`,
      { sessionId, slotSeq: seq },
    );
  }
  return slot;
}

/** The stored slot's row id; a default schedule is stored first, since marks must point at real rows. */
export function slotRowId(db: Db, sessionId: number, seq: number): number {
  slotOf(db, sessionId, seq);
  const s = sessionSlots(db, sessionId);
  if (s.isDefault) replaceSlots(db, sessionId, s.slots);
  return (prepared(db, 'SELECT id FROM session_slots WHERE session_id = ? AND seq = ?').get(sessionId, seq) as { id: number }).id;
}

function storedSlotId(db: Db, sessionId: number, seq: number): number | null {
  const row = prepared(db, 'SELECT id FROM session_slots WHERE session_id = ? AND seq = ?').get(sessionId, seq) as
    { id: number } | undefined;
  return row?.id ?? null;
}

const MARK_COLUMNS = `m.registration_id AS registrationId, m.status, m.minutes, m.reason, m.effective_at AS effectiveAt,
  m.entered_at AS enteredAt, m.entered_by AS enteredBy, m.backfilled, m.batch`;
const CURRENT = `m.undone_at IS NULL AND m.id = (SELECT max(x.id) FROM attendance_marks x
  WHERE x.slot_id = m.slot_id AND x.registration_id = m.registration_id AND x.undone_at IS NULL)`;

type MarkRow = Omit<MarkView, 'backfilled'> & { backfilled: number };
const toView = ({ backfilled, ...m }: MarkRow): MarkView => ({ ...m, backfilled: backfilled === 1 });

export function currentMarks(db: Db, slotId: number | null): MarkView[] {
  if (slotId === null) return [];
  return (prepared(db, `SELECT ${MARK_COLUMNS} FROM attendance_marks m WHERE m.slot_id = ? AND ${CURRENT}`).all(slotId) as MarkRow[]).map(
    toView,
  );
}

export function currentMark(db: Db, slotId: number, registrationId: number): MarkView | null {
  const row = prepared(
    db,
    `SELECT ${MARK_COLUMNS} FROM attendance_marks m WHERE m.slot_id = ? AND m.registration_id = ? AND ${CURRENT}`,
  ).get(slotId, registrationId) as MarkRow | undefined;
  return row ? toView(row) : null;
}

/** registration → slot seq → current status, for every slot of the session. */
export function currentMarksForSession(db: Db, sessionId: number): Map<number, Map<number, AttendanceStatus>> {
  const rows = prepared(
    db,
    `SELECT m.registration_id AS registrationId, s.seq, m.status FROM attendance_marks m JOIN session_slots s ON s.id = m.slot_id
     WHERE s.session_id = ? AND ${CURRENT}`,
  ).all(sessionId) as { registrationId: number; seq: number; status: AttendanceStatus }[];
  const out = new Map<number, Map<number, AttendanceStatus>>();
  for (const r of rows) {
    let m = out.get(r.registrationId);
    if (!m) out.set(r.registrationId, (m = new Map()));
    m.set(r.seq, r.status);
  }
  return out;
}

export function board(db: Db, sessionId: number, seq: number): AttendanceBoard {
  const session = getSession(db, sessionId);
  const slot = slotOf(db, sessionId, seq);
  const roster = new Set(rosterEntries(db, sessionId).map((e) => e.registrationId));
  const marks = currentMarks(db, storedSlotId(db, sessionId, seq)).filter((m) => roster.has(m.registrationId));
  const n = (s: AttendanceStatus) => marks.filter((m) => m.status === s).length;
  const arrived = marks.filter((m) => isAttended(m.status)).length;
  return {
    sessionId,
    slot,
    graceMinutes: getRule(db, session.programmeId).graceMinutes,
    counts: { 应到: roster.size, 已到: arrived, 迟到: n('迟到'), 请假: n('请假'), 未到: roster.size - arrived - n('请假') },
    marks,
  };
}

interface RegRow {
  name: string;
  sessionId: number | null;
  status: string;
}
export function approvedIn(db: Db, registrationId: number): { name: string; sessionId: number } {
  const r = prepared(
    db,
    `SELECT t.name, r.session_id AS sessionId, r.status FROM registrations r JOIN trainees t ON t.id = r.trainee_id WHERE r.id = ?`,
  ).get(registrationId) as RegRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', `找不到报名编号为 ${registrationId} 的学员，请刷新后重试。`, { registrationId });
  if (r.status !== 'approved' || r.sessionId === null)
    throw new AppError('VALIDATION', `${r.name} 不在已通过的培训班花名册中，不能考勤。`, { registrationId });
  return { name: r.name, sessionId: r.sessionId };
}

interface NewMark {
  batch: string;
  registrationId: number;
  slotId: number;
  status: AttendanceStatus;
  minutes: number | null;
  reason: string;
  effectiveAt: WallTime;
  backfilled: boolean;
  source: 'checkin' | 'manual' | 'close' | 'leave' | 'cli';
  leaveId?: number | null;
}
export function insertMark(db: Db, m: NewMark): void {
  assertSlotOpen(db, m.slotId); // a closed session's marks are locked (sessionLock.ts)
  prepared(
    db,
    `INSERT INTO attendance_marks (batch, registration_id, slot_id, status, minutes, reason, effective_at, entered_at, entered_by, backfilled, source, leave_id)
     VALUES (@batch, @registrationId, @slotId, @status, @minutes, @reason, @effectiveAt, @enteredAt, @enteredBy, @backfilled, @source, @leaveId)`,
  ).run({
    ...m,
    leaveId: m.leaveId ?? null,
    backfilled: m.backfilled ? 1 : 0,
    enteredAt: nowIso(),
    enteredBy: readSetting(db, 'operatorName', DEFAULT_OPERATOR),
  });
}

function describe(name: string, m: Pick<MarkView, 'status' | 'minutes' | 'effectiveAt'>): string {
  const at = clockOf(m.effectiveAt);
  if (m.status === '出勤') return `${name} 签到 ${at}`;
  if (m.status === '迟到') return `${name} 迟到 ${m.minutes ?? 0} 分钟（${at}）`;
  if (m.status === '早退') return `${name} 早退${m.minutes ? ` ${m.minutes} 分钟` : ''}（${at}）`;
  return `${name} 记为${m.status}`;
}

/** The slot the clock says is now: today's last slot starting within the next 90 minutes, else the nearest slot. */
export function sessionNow(db: Db, programmeId: number, at: WallTime): SessionNow | null {
  const now = wallMinutes(at);
  let best: { s: SessionNow; score: number } | null = null;
  for (const session of listSessions(db, programmeId)) {
    const slots = attendanceSlots(db, session.id);
    slots.forEach((slot) => {
      const start = wallMinutes(`${slot.date} ${slot.startTime}`);
      const today = slot.date === at.slice(0, 10);
      // Today's slots that have begun (or begin within 90 min) win, the latest first; then the nearest.
      const score = today && start - 90 <= now ? -1e9 - start : today ? -1e8 + start : Math.abs(start - now);
      if (!best || score < best.score) best = { s: { sessionId: session.id, sessionNumber: session.number, slotSeq: slot.seq }, score };
    });
  }
  return best ? (best as { s: SessionNow }).s : null;
}

export function attendanceHandlers(
  ctx: ServiceContext,
): Pick<
  Handlers,
  | 'attendance.slots'
  | 'attendance.now'
  | 'attendance.board'
  | 'attendance.mark'
  | 'attendance.undo'
  | 'attendance.closeSlot'
  | 'attendance.leave'
> {
  const { db } = ctx;
  return {
    'attendance.slots': ({ sessionId }) => {
      getSession(db, sessionId);
      return attendanceSlots(db, sessionId);
    },
    'attendance.now': ({ programmeId, at }) => sessionNow(db, programmeId, at ?? wallTime(new Date())),
    'attendance.board': ({ sessionId, slotSeq }) => board(db, sessionId, slotSeq),
    'attendance.mark': (input) =>
      writeTx(
        db,
        'attendance.mark',
        (): MarkResult & { name: string; slot: AttendanceSlot } => {
          const { name, sessionId } = approvedIn(db, input.registrationId);
          const slot = slotOf(db, sessionId, input.slotSeq);
          const slotId = slotRowId(db, sessionId, input.slotSeq);
          const at = input.at ?? wallTime(new Date());
          const before = currentMark(db, slotId, input.registrationId);
          let status = input.status;
          let minutes = input.minutes ?? null;
          if (!status) {
            // A check-in: a second scan of someone already in changes nothing.
            if (before && isAttended(before.status))
              return { changed: false, message: `${name} 已签到 ${clockOf(before.effectiveAt)}`, mark: before, batch: '', name, slot };
            const session = getSession(db, sessionId);
            ({ status, minutes } = arrivalStatus(slot, getRule(db, session.programmeId).graceMinutes, at));
          } else if (status === '迟到' && minutes === null) {
            minutes = arrivalStatus(slot, 0, at).minutes ?? 0;
          } else if (status !== '迟到' && status !== '早退') minutes = null;
          if (before && before.status === status && before.minutes === minutes && before.reason === input.reason)
            return {
              changed: false,
              message: `${name} 已是${status}（${clockOf(before.effectiveAt)}）`,
              mark: before,
              batch: '',
              name,
              slot,
            };
          const batch = randomUUID();
          insertMark(db, {
            batch,
            registrationId: input.registrationId,
            slotId,
            status,
            minutes,
            reason: input.reason,
            effectiveAt: at,
            backfilled: input.backfill,
            source: input.status ? 'manual' : 'checkin',
          });
          const mark = currentMark(db, slotId, input.registrationId)!;
          return { changed: true, message: describe(name, mark), mark, batch, name, slot };
        },
        (r) => `${r.slot.name}：${r.changed ? r.message : `${r.message}（未改动）`}${r.mark.backfilled ? '（补录）' : ''}`,
        (r) => ({ registrationId: input.registrationId, slotSeq: input.slotSeq, changed: r.changed, mark: r.mark }),
      ),
    'attendance.undo': ({ batch }) =>
      writeTx(
        db,
        'attendance.undo',
        () => {
          const rows = prepared(
            db,
            `SELECT m.id, m.slot_id AS slotId, m.registration_id AS registrationId, m.source, t.name, m.status,
               EXISTS (SELECT 1 FROM attendance_marks x WHERE x.slot_id = m.slot_id AND x.registration_id = m.registration_id
                 AND x.id > m.id AND x.undone_at IS NULL) AS superseded
             FROM attendance_marks m JOIN registrations r ON r.id = m.registration_id JOIN trainees t ON t.id = r.trainee_id
             WHERE m.batch = ? AND m.undone_at IS NULL`,
          ).all(batch) as { id: number; source: string; name: string; status: string; superseded: number }[];
          if (!rows.length) throw new AppError('NOT_FOUND', '没有可撤销的考勤记录（可能已撤销）。', { batch });
          for (const r of rows as unknown as { slotId: number }[]) assertSlotOpen(db, r.slotId);
          if (rows.some((r) => r.source === 'leave'))
            throw new AppError('CONFLICT', '请假登记不能用撤销取消，请在请假登记中修改。', { batch });
          const later = rows.find((r) => r.superseded);
          if (later) throw new AppError('CONFLICT', `${later.name} 在这之后又有新的考勤记录，不能撤销这一步。`, { batch });
          const undo = prepared(db, 'UPDATE attendance_marks SET undone_at = ?, undone_by = ? WHERE id = ?');
          const t = nowIso();
          const by = readSetting(db, 'operatorName', DEFAULT_OPERATOR);
          for (const r of rows) undo.run(t, by, r.id);
          const message = rows.length === 1 ? `已撤销：${rows[0].name} ${rows[0].status}` : `已撤销 ${rows.length} 条考勤记录`;
          return { undone: rows.length, message };
        },
        (r) => r.message,
        () => ({ batch }),
      ),
    'attendance.closeSlot': ({ sessionId, slotSeq, at }) =>
      writeTx(
        db,
        'attendance.closeSlot',
        () => {
          const session = getSession(db, sessionId);
          assertSessionOpen(db, sessionId);
          const slot = slotOf(db, sessionId, slotSeq);
          const slotId = slotRowId(db, sessionId, slotSeq);
          const marked = new Set(currentMarks(db, slotId).map((m) => m.registrationId));
          const batch = randomUUID();
          const effectiveAt = at ?? wallTime(new Date());
          let n = 0;
          for (const e of rosterEntries(db, sessionId))
            if (!marked.has(e.registrationId)) {
              insertMark(db, {
                batch,
                registrationId: e.registrationId,
                slotId,
                status: '缺勤',
                minutes: null,
                reason: '签到结束时未到',
                effectiveAt,
                backfilled: false,
                source: 'close',
              });
              n++;
            }
          return { marked: n, batch, session, slot };
        },
        (r) => `第${r.session.number}期 ${r.slot.name} 结束签到：${r.marked} 人记为缺勤`,
        (r) => ({ sessionId, slotSeq, marked: r.marked, batch: r.batch }),
      ),
    'attendance.leave': (input) =>
      writeTx(
        db,
        'attendance.leave',
        () => {
          const { name, sessionId } = approvedIn(db, input.registrationId);
          const seqs = [...new Set(input.slotSeqs)].sort((a, b) => a - b);
          const slots = seqs.map((seq) => ({ slot: slotOf(db, sessionId, seq), id: slotRowId(db, sessionId, seq) }));
          for (const { slot, id } of slots) {
            const before = currentMark(db, id, input.registrationId);
            if (before && isAttended(before.status))
              throw new AppError('CONFLICT', `${name} 已在 ${slot.name} ${before.status}，不能再登记请假。如需更正，请先撤销该考勤。`, {
                slotSeq: slot.seq,
              });
          }
          const t = nowIso();
          const by = readSetting(db, 'operatorName', DEFAULT_OPERATOR);
          const leaveId = Number(
            prepared(
              db,
              `INSERT INTO leave_requests (registration_id, requested_by, approved_by, reason, entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?)`,
            ).run(input.registrationId, input.requestedBy, input.approvedBy, input.reason, t, by).lastInsertRowid,
          );
          const batch = randomUUID();
          for (const { slot, id } of slots) {
            prepared(db, 'INSERT INTO leave_slots (leave_id, slot_id) VALUES (?, ?)').run(leaveId, id);
            insertMark(db, {
              batch,
              registrationId: input.registrationId,
              slotId: id,
              status: '请假',
              minutes: null,
              reason: input.reason,
              effectiveAt: `${slot.date} ${slot.startTime}`,
              backfilled: false,
              source: 'leave',
              leaveId,
            });
          }
          return { leaveId, marked: slots.length, batch, name, names: slots.map((s) => s.slot.name) };
        },
        (r) =>
          `登记 ${r.name} 请假 ${r.marked} 个半天（${r.names.join('、')}）：${input.requestedBy} 申请，${input.approvedBy} 批准，原因：${input.reason}`,
        (r) => ({ leaveId: r.leaveId, registrationId: input.registrationId, slotSeqs: input.slotSeqs }),
      ),
  };
}
