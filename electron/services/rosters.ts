/**
 * A session's roster (花名册): its approved registrations with their group, leader and seat, and
 * an automatic grouping that mixes regions and industries.
 */
import type { Roster, RosterEntry } from '../../shared/domain/attendanceTypes';
import { regionName } from '../../shared/regions';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { nowIso, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getSession } from './programmes';

type Row = Omit<RosterEntry, 'regionName' | 'isLeader' | 'badge'> & { isLeader: number; regionSort: number };

const ROSTER_SQL = `
  SELECT r.id AS registrationId, t.name, t.gender, t.id_number AS idNumber, t.name_initials AS initials, t.name_pinyin AS pinyin,
    t.mobile, t.position, r.region_code AS regionCode, e.name AS enterprise, e.industry,
    re.group_no AS groupNo, coalesce(re.is_leader, 0) AS isLeader, re.seat_no AS seatNo, coalesce(g.sort, 999) AS regionSort
  FROM registrations r
  JOIN trainees t ON t.id = r.trainee_id
  JOIN enterprises e ON e.id = r.enterprise_id
  LEFT JOIN regions g ON g.code = r.region_code
  LEFT JOIN roster_entries re ON re.registration_id = r.id AND re.session_id = r.session_id
  WHERE r.session_id = ? AND r.status = 'approved'
  ORDER BY re.seat_no IS NULL, re.seat_no, regionSort, r.id`;

export function rosterEntries(db: Db, sessionId: number): RosterEntry[] {
  return (prepared(db, ROSTER_SQL).all(sessionId) as Row[]).map(({ regionSort: _sort, ...r }) => ({
    ...r,
    isLeader: r.isLeader === 1,
    regionName: regionName(r.regionCode),
    badge: String(r.registrationId),
  }));
}

export function getRoster(db: Db, sessionId: number): Roster {
  const session = getSession(db, sessionId);
  return { session, capacity: session.capacity, entries: rosterEntries(db, sessionId) };
}

/**
 * Deals the trainees, ordered by region and then industry, round the groups in turn, so neighbours
 * in that order (same region, same industry) land in different groups. The same roster always gives
 * the same groups. The first member dealt into each group leads it; seats follow group order.
 */
export function planGroups(
  entries: readonly RosterEntry[],
  groups: number,
): Map<number, { groupNo: number; isLeader: boolean; seatNo: number }> {
  const order = [...entries].sort(
    (a, b) => a.regionCode.localeCompare(b.regionCode) || a.industry.localeCompare(b.industry) || a.registrationId - b.registrationId,
  );
  const members: RosterEntry[][] = Array.from({ length: groups }, () => []);
  order.forEach((e, i) => members[i % groups].push(e));
  const plan = new Map<number, { groupNo: number; isLeader: boolean; seatNo: number }>();
  let seat = 0;
  members.forEach((list, g) => list.forEach((e, i) => plan.set(e.registrationId, { groupNo: g + 1, isLeader: i === 0, seatNo: ++seat })));
  return plan;
}

export function rosterHandlers(ctx: ServiceContext): Pick<Handlers, 'rosters.get' | 'rosters.assignGroups'> {
  const { db } = ctx;
  return {
    'rosters.get': ({ sessionId }) => getRoster(db, sessionId),
    'rosters.assignGroups': ({ sessionId, groups }) =>
      writeTx(
        db,
        'rosters.assignGroups',
        () => {
          const roster = getRoster(db, sessionId);
          const plan = planGroups(roster.entries, Math.min(groups, Math.max(1, roster.entries.length)));
          prepared(db, 'DELETE FROM roster_entries WHERE session_id = ?').run(sessionId);
          const insert = prepared(
            db,
            `INSERT INTO roster_entries (registration_id, session_id, group_no, is_leader, seat_no, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
          );
          const t = nowIso();
          for (const [registrationId, p] of plan) insert.run(registrationId, sessionId, p.groupNo, p.isLeader ? 1 : 0, p.seatNo, t);
          return { roster: getRoster(db, sessionId), groups: new Set([...plan.values()].map((p) => p.groupNo)).size };
        },
        ({ roster, groups: n }) => `第${roster.session.number}期自动分组：${roster.entries.length} 人分为 ${n} 个组，排定座位`,
      ).roster,
  };
}
