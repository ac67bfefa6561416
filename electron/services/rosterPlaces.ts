/**
 * Groups, 组长 and seats by hand (issue 8 §1): the class administrator moves a trainee to another
 * group (the board's drag and drop, or the row's group select), types a seat, names a leader.
 * Automatic grouping is rosters.assignGroups (rosters.ts).
 */
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { nowIso, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getRegistration } from './registrations';
import { getRoster } from './rosters';
import type { RosterEntry } from '../../shared/domain/attendanceTypes';

interface Place {
  groupNo: number | null;
  isLeader: boolean;
  seatNo: number | null;
}

/** The trainee's entry on their session's roster; only an approved registration in a session has one. */
function member(db: Db, registrationId: number): { sessionId: number; entry: RosterEntry; sessionNumber: number } {
  const r = getRegistration(db, registrationId);
  const entry =
    r.status === 'approved' && r.sessionId !== null ? getRoster(db, r.sessionId).entries.find((e) => e.registrationId === r.id) : undefined;
  if (!entry)
    throw new AppError('CONFLICT', `学员 ${r.trainee.name} 不在任何期次的花名册上（只有已通过的报名才能分组排座）。请刷新后重试。`, {
      rule: 'NOT_ON_ROSTER',
      registrationId,
    });
  return { sessionId: r.sessionId!, entry, sessionNumber: r.sessionNumber! };
}

/**
 * Rows left behind by trainees no longer on the session's roster (withdrawn or moved elsewhere by
 * the registrations screen) would still hold their seat and leadership: they go first.
 */
function dropStale(db: Db, sessionId: number): void {
  prepared(
    db,
    `DELETE FROM roster_entries WHERE session_id = ? AND registration_id NOT IN
       (SELECT id FROM registrations WHERE session_id = ? AND status = 'approved')`,
  ).run(sessionId, sessionId);
}

function save(db: Db, registrationId: number, sessionId: number, p: Place): void {
  prepared(
    db,
    `INSERT INTO roster_entries (registration_id, session_id, group_no, is_leader, seat_no, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (registration_id) DO UPDATE SET session_id = excluded.session_id, group_no = excluded.group_no,
       is_leader = excluded.is_leader, seat_no = excluded.seat_no, updated_at = excluded.updated_at`,
  ).run(registrationId, sessionId, p.groupNo, p.isLeader ? 1 : 0, p.seatNo, nowIso());
}

const groupText = (g: number | null) => (g === null ? '未分组' : `${g}组`);

type PlaceHandlers = Pick<Handlers, 'rosters.setPlace' | 'rosters.setLeader'>;

export function rosterPlaceHandlers(ctx: ServiceContext): PlaceHandlers {
  const { db } = ctx;
  return {
    'rosters.setPlace': ({ registrationId, groupNo, seatNo }) =>
      writeTx(
        db,
        'rosters.setPlace',
        () => {
          const { sessionId, entry, sessionNumber } = member(db, registrationId);
          dropStale(db, sessionId);
          const next: Place = {
            groupNo: groupNo === undefined ? entry.groupNo : groupNo,
            seatNo: seatNo === undefined ? entry.seatNo : seatNo,
            isLeader: entry.isLeader,
          };
          // A leader moved out of the group leaves it without one; they do not lead the new group.
          if (next.groupNo !== entry.groupNo) next.isLeader = false;
          if (next.seatNo !== null && next.seatNo !== entry.seatNo) {
            const holder = getRoster(db, sessionId).entries.find((e) => e.seatNo === next.seatNo && e.registrationId !== registrationId);
            if (holder)
              throw new AppError(
                'CONFLICT',
                `${next.seatNo} 号座位已安排给 ${holder.name}，请换一个座号，或先调整 ${holder.name} 的座位。`,
                {
                  rule: 'SEAT_TAKEN',
                  seatNo: next.seatNo,
                  holderId: holder.registrationId,
                },
              );
          }
          save(db, registrationId, sessionId, next);
          const parts = [
            ...(next.groupNo !== entry.groupNo
              ? [`${groupText(entry.groupNo)} → ${groupText(next.groupNo)}${entry.isLeader ? '（不再担任组长）' : ''}`]
              : []),
            ...(next.seatNo !== entry.seatNo ? [`座号 ${entry.seatNo ?? '—'} → ${next.seatNo ?? '—'}`] : []),
          ];
          return { roster: getRoster(db, sessionId), name: entry.name, sessionNumber, parts, before: entry, next };
        },
        (c) => `第${c.sessionNumber}期 ${c.name}：${c.parts.join('，') || '分组座号未变'}`,
        (c) => ({
          registrationId,
          before: { groupNo: c.before.groupNo, seatNo: c.before.seatNo, isLeader: c.before.isLeader },
          after: c.next,
        }),
      ).roster,

    'rosters.setLeader': ({ registrationId, leader }) =>
      writeTx(
        db,
        'rosters.setLeader',
        () => {
          const { sessionId, entry, sessionNumber } = member(db, registrationId);
          dropStale(db, sessionId);
          if (entry.groupNo === null)
            throw new AppError('VALIDATION', `${entry.name} 还没有分组，请先把他（她）分到一个小组，再设为组长。`, {
              field: 'registrationId',
            });
          const previous = leader
            ? getRoster(db, sessionId).entries.find((e) => e.groupNo === entry.groupNo && e.isLeader && e.registrationId !== registrationId)
            : undefined;
          if (previous)
            prepared(db, 'UPDATE roster_entries SET is_leader = 0, updated_at = ? WHERE registration_id = ?').run(
              nowIso(),
              previous.registrationId,
            );
          save(db, registrationId, sessionId, { groupNo: entry.groupNo, seatNo: entry.seatNo, isLeader: leader });
          return { roster: getRoster(db, sessionId), entry, sessionNumber, previous };
        },
        (c) =>
          leader
            ? `第${c.sessionNumber}期${c.entry.groupNo}组组长：${c.entry.name}${c.previous ? `（原组长 ${c.previous.name}）` : ''}`
            : `第${c.sessionNumber}期${c.entry.groupNo}组：${c.entry.name} 不再担任组长`,
        (c) => ({ registrationId, groupNo: c.entry.groupNo, leader, previousLeaderId: c.previous?.registrationId ?? null }),
      ).roster,
  };
}
