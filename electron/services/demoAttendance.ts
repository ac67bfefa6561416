/**
 * The demo programme's past sessions carry realistic attendance, so the check-in, 补录, leave and
 * completion screens show real data: mostly on time, some late, a few leaves approved at the
 * region, a few absences and early leavers, and one completion decided by a person. Deterministic
 * (a fixed seed), written inside the demo's own transaction.
 */
import type { WallTime } from '../../shared/domain/attendance';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { attendanceSlots, slotRowId } from './attendance';
import { DEFAULT_OPERATOR, readSetting } from './context';
import { listSessions } from './programmes';
import { rosterEntries } from './rosters';

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shift(t: WallTime, minutes: number): WallTime {
  const [date, hm] = t.split(' ');
  const [h, m] = hm.split(':').map(Number);
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), h, m + minutes));
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** Entered at the classroom door when it happened: Beijing wall time → UTC ISO. */
function enteredAt(t: WallTime): string {
  return new Date(`${t.replace(' ', 'T')}:00+08:00`).toISOString();
}

const LEAVE_REASONS = ['参加省政府企业家座谈会', '企业突发安全检查，须返回处理', '家中老人住院', '出席市人大会议'];
const APPROVERS = ['工信厅中小企业处 李处长', '经信委中小企业处 王处长', '工信局企业服务处 陈处长'];

/** Marks for every session of the programme that ended before `today` (YYYY-MM-DD). Returns the marks written. */
export function seedDemoAttendance(db: Db, programmeId: number, today: string): number {
  const r = rng(20250623 + programmeId);
  const by = readSetting(db, 'operatorName', DEFAULT_OPERATOR);
  const mark = prepared(
    db,
    `INSERT INTO attendance_marks (batch, registration_id, slot_id, status, minutes, reason, effective_at, entered_at, entered_by, backfilled, source, leave_id)
     VALUES (@batch, @registrationId, @slotId, @status, @minutes, @reason, @at, @enteredAt, @by, 0, @source, @leaveId)`,
  );
  const leave = prepared(
    db,
    `INSERT INTO leave_requests (registration_id, requested_by, approved_by, reason, entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const leaveSlot = prepared(db, 'INSERT INTO leave_slots (leave_id, slot_id) VALUES (?, ?)');
  let written = 0;
  let overridden = false;
  for (const session of listSessions(db, programmeId)) {
    if (!session.endDate || session.endDate >= today) continue;
    const slots = attendanceSlots(db, session.id);
    if (!slots.length) continue;
    const slotIds = slots.map((s) => slotRowId(db, session.id, s.seq));
    const roster = rosterEntries(db, session.id);
    // A few trainees on leave for a half-day, approved at their region; one of them for two.
    const onLeave = new Map<number, number[]>();
    roster.forEach((e, i) => {
      if (i % 37 === 5) onLeave.set(e.registrationId, [Math.floor(r() * slots.length)]);
    });
    const twice = roster[Math.floor(roster.length / 2)];
    if (twice)
      onLeave.set(
        twice.registrationId,
        [2, 3].filter((k) => k < slots.length),
      );
    for (const [registrationId, ks] of onLeave) {
      const first = slots[ks[0]];
      const at = `${first.date} 07:45`;
      const leaveId = Number(
        leave.run(
          registrationId,
          '地方主管部门经办人',
          APPROVERS[ks.length % APPROVERS.length],
          LEAVE_REASONS[registrationId % LEAVE_REASONS.length],
          enteredAt(at),
          by,
        ).lastInsertRowid,
      );
      for (const k of ks) {
        leaveSlot.run(leaveId, slotIds[k]);
        mark.run({
          batch: `demo-leave-${leaveId}`,
          registrationId,
          slotId: slotIds[k],
          status: '请假',
          minutes: null,
          reason: LEAVE_REASONS[registrationId % LEAVE_REASONS.length],
          at: `${slots[k].date} ${slots[k].startTime}`,
          enteredAt: enteredAt(at),
          by,
          source: 'leave',
          leaveId,
        });
        written++;
      }
    }
    slots.forEach((slot, k) => {
      const start = `${slot.date} ${slot.startTime}`;
      const batch = `demo-${session.id}-${slot.seq}`;
      for (const e of roster) {
        if (onLeave.get(e.registrationId)?.includes(k)) continue;
        const roll = r();
        let status = '出勤';
        let minutes: number | null = null;
        let reason = '';
        let at = shift(start, -Math.floor(r() * 25));
        let source = 'checkin';
        if (roll < 0.012) {
          status = '缺勤';
          reason = '签到结束时未到';
          at = shift(start, 210);
          source = 'close';
        } else if (roll < 0.07) {
          status = '迟到';
          minutes = 6 + Math.floor(r() * 30);
          at = shift(start, minutes);
        } else if (roll < 0.08) {
          status = '早退';
          minutes = 30 + Math.floor(r() * 60);
          reason = '企业有急事提前离开';
          at = shift(start, 180 - minutes);
          source = 'manual';
        }
        mark.run({
          batch,
          registrationId: e.registrationId,
          slotId: slotIds[k],
          status,
          minutes,
          reason,
          at,
          enteredAt: enteredAt(at),
          by,
          source,
          leaveId: null,
        });
        written++;
      }
    });
    // One completion decided by a person: the two-half-day leave, accepted by the class committee.
    if (!overridden && twice) {
      prepared(
        db,
        `INSERT INTO completion_overrides (registration_id, completed, reason, decided_at, decided_by) VALUES (?, 1, ?, ?, ?)`,
      ).run(
        twice.registrationId,
        '请假两个半天均经地方主管部门批准，已补交学习心得，经班委会研究同意结业',
        enteredAt(`${session.endDate} 16:30`),
        by,
      );
      overridden = true;
    }
  }
  return written;
}
