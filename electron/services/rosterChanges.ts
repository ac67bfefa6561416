/**
 * Changing who is on a session's roster (issue 8 §1): move a trainee to another session, withdraw
 * one, add from the waitlist. Capacity is checked on every way in; going beyond it needs a reason,
 * which the audit row keeps. The one-place-a-year rule is the registrations' own (findConflicts).
 */
import { assertTransition } from '../../shared/domain/registrationStatus';
import type { RosterChange, WaitlistEntry } from '../../shared/domain/rosterTypes';
import { STATUS_LABELS, type RegistrationRow, type Session } from '../../shared/domain/types';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { nowIso, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getSession } from './programmes';
import { quotaStanding } from './quotas';
import { registrationsWritten } from './registrationIndex';
import { findConflicts, getRegistration } from './registrations';
import { assertSessionOpen } from './sessionLock';
import { getRoster } from './rosters';

const sessionName = (s: Session) => `第${s.number}期`;

function approvedCount(db: Db, sessionId: number): number {
  return (
    prepared(db, "SELECT count(*) AS n FROM registrations WHERE session_id = ? AND status = 'approved'").get(sessionId) as { n: number }
  ).n;
}

export interface CapacityCheck {
  capacity: number | null;
  filled: number;
  /** Set when the session goes beyond its capacity by the override's leave. */
  override: string | null;
}

/** Refuses `adding` more trainees beyond the session's capacity, unless a reason to override is given. */
export function checkCapacity(db: Db, session: Session, adding: number, overrideReason: string | undefined): CapacityCheck {
  const filled = approvedCount(db, session.id);
  const capacity = session.capacity;
  if (capacity === null || filled + adding <= capacity) return { capacity, filled, override: null };
  if (!overrideReason)
    throw new AppError(
      'CONFLICT',
      `${sessionName(session)}容量 ${capacity} 人，已有 ${filled} 人，再加入 ${adding} 人将超出容量。如确需超额，请填写超出容量的理由（记入台账）；或在「年度计划与名额」中调整容量。`,
      { rule: 'CAPACITY', sessionId: session.id, capacity, filled, adding },
    );
  return { capacity, filled, override: overrideReason };
}

/**
 * The regions' quotas (issue 7) are the centre's plan, not a limit at the classroom door: a trainee
 * taken beyond their region's quota is allowed, and the message and the audit row say so.
 */
function quotaWarnings(db: Db, programmeId: number, sessionId: number, regionCodes: readonly string[]): string[] {
  const adding = new Map<string, number>();
  for (const code of regionCodes) adding.set(code, (adding.get(code) ?? 0) + 1);
  return [...adding].flatMap(([code, n]) => {
    const { places, filled } = quotaStanding(db, programmeId, sessionId, code);
    return places !== null && filled + n > places ? [`${regionName(code)}本期名额 ${places} 人，现占 ${filled + n} 人`] : [];
  });
}

const overText = (c: CapacityCheck, adding: number) =>
  c.override ? `；超出容量（${c.filled + adding}/${c.capacity}），理由：${c.override}` : '';

const quotaText = (warnings: string[]) => (warnings.length ? `；超出地区名额：${warnings.join('，')}` : '');

function rosterMember(db: Db, registrationId: number, verb: string): RegistrationRow {
  const r = getRegistration(db, registrationId);
  if (r.status !== 'approved' || r.sessionId === null)
    throw new AppError(
      'CONFLICT',
      `学员 ${r.trainee.name} 的报名是「${STATUS_LABELS[r.status]}」${r.sessionId === null ? '且未分配期次' : ''}，不在花名册上，不能${verb}。请刷新后重试。`,
      { rule: 'NOT_ON_ROSTER', registrationId, status: r.status },
    );
  return r;
}

/** Marks that count (not undone) for a registration: a trainee who has attended stays in the session. */
function liveMarks(db: Db, registrationId: number): number {
  return (
    prepared(db, 'SELECT count(*) AS n FROM attendance_marks WHERE registration_id = ? AND undone_at IS NULL').get(registrationId) as {
      n: number;
    }
  ).n;
}

function clearPlace(db: Db, registrationId: number): void {
  prepared(db, 'DELETE FROM roster_entries WHERE registration_id = ?').run(registrationId);
}

const WAITLIST_SQL = `
  SELECT r.id AS registrationId, t.name, t.gender, r.region_code AS regionCode, e.name AS enterprise, t.position, t.mobile,
    s.number AS sessionNumber, r.created_at AS createdAt
  FROM registrations r
  JOIN trainees t ON t.id = r.trainee_id
  JOIN enterprises e ON e.id = r.enterprise_id
  LEFT JOIN sessions s ON s.id = r.session_id
  WHERE r.programme_id = ? AND r.status = 'waitlisted' AND (r.session_id = ? OR r.session_id IS NULL)
  ORDER BY r.created_at, r.id`;

/**
 * The session's waitlist: 候补 registrations of its programme that asked for this session or for
 * none, first registered first (the order in which they are added).
 */
export function waitlist(db: Db, sessionId: number): WaitlistEntry[] {
  const session = getSession(db, sessionId);
  return (prepared(db, WAITLIST_SQL).all(session.programmeId, sessionId) as Omit<WaitlistEntry, 'order' | 'regionName'>[]).map((w, i) => ({
    ...w,
    order: i + 1,
    regionName: regionName(w.regionCode),
  }));
}

type ChangeHandlers = Pick<Handlers, 'rosters.waitlist' | 'rosters.move' | 'rosters.withdraw' | 'rosters.addFromWaitlist'>;

export function rosterChangeHandlers(ctx: ServiceContext): ChangeHandlers {
  const { db } = ctx;
  // Committed: the search index learns the registrations' new session or status.
  const told = (change: RosterChange & { ids: number[] }): RosterChange => {
    registrationsWritten(db, { registrations: change.ids });
    return { roster: change.roster, message: change.message };
  };
  return {
    'rosters.waitlist': ({ sessionId }) => waitlist(db, sessionId),

    'rosters.move': ({ registrationId, toSessionId, overrideReason }) =>
      told(
        writeTx(
          db,
          'rosters.move',
          () => {
            const r = rosterMember(db, registrationId, '调班');
            const from = getSession(db, r.sessionId!);
            const to = getSession(db, toSessionId);
            // A closed session's roster is what its completion and certificates rest on.
            assertSessionOpen(db, from.id);
            assertSessionOpen(db, to.id);
            if (to.id === from.id)
              throw new AppError('VALIDATION', `学员 ${r.trainee.name} 已在${sessionName(to)}，请选择另一个期次。`, {
                field: 'toSessionId',
              });
            if (to.programmeId !== r.programmeId)
              throw new AppError('VALIDATION', '只能调到本年度培训项目的其他期次：每个企业本年度仅可参加一个培训班，且限一人。', {
                field: 'toSessionId',
              });
            // The registration keeps its place; this only refuses if the store already breaks the rule.
            const conflict = findConflicts(db, r.programmeId, r.enterprise.id, r.trainee.id, r.id);
            if (conflict) throw conflict;
            const marks = liveMarks(db, r.id);
            if (marks)
              throw new AppError(
                'CONFLICT',
                `学员 ${r.trainee.name} 在${sessionName(from)}已有 ${marks} 条考勤记录，不能调班。如确需调班，请先在「签到考勤」中撤销这些记录。`,
                { rule: 'HAS_ATTENDANCE', registrationId, marks },
              );
            const capacity = checkCapacity(db, to, 1, overrideReason);
            const quota = quotaWarnings(db, r.programmeId, to.id, [r.regionCode]);
            clearPlace(db, r.id);
            prepared(db, 'UPDATE registrations SET session_id = ?, updated_at = ? WHERE id = ?').run(to.id, nowIso(), r.id);
            return {
              roster: getRoster(db, from.id),
              ids: [r.id],
              message: `学员 ${r.trainee.name}（${r.enterprise.name}）由${sessionName(from)}调至${sessionName(to)}${overText(capacity, 1)}${quotaText(quota)}`,
              audit: { registrationId: r.id, fromSessionId: from.id, toSessionId: to.id, ...capacity, quota },
            };
          },
          (c) => c.message,
          (c) => c.audit,
        ),
      ),

    'rosters.withdraw': ({ registrationId, reason }) =>
      told(
        writeTx(
          db,
          'rosters.withdraw',
          () => {
            const r = rosterMember(db, registrationId, '退出');
            assertTransition(r.status, 'withdrawn', reason);
            assertSessionOpen(db, r.sessionId!);
            clearPlace(db, r.id);
            prepared(db, "UPDATE registrations SET status = 'withdrawn', status_reason = ?, updated_at = ? WHERE id = ?").run(
              reason,
              nowIso(),
              r.id,
            );
            const session = getSession(db, r.sessionId!);
            return {
              roster: getRoster(db, session.id),
              ids: [r.id],
              message: `学员 ${r.trainee.name}（${r.enterprise.name}）退出${sessionName(session)}，原因：${reason}`,
              audit: { registrationId: r.id, sessionId: session.id, from: r.status, to: 'withdrawn', reason },
            };
          },
          (c) => c.message,
          (c) => c.audit,
        ),
      ),

    'rosters.addFromWaitlist': ({ sessionId, count, overrideReason }) =>
      told(
        writeTx(
          db,
          'rosters.addFromWaitlist',
          () => {
            const session = getSession(db, sessionId);
            assertSessionOpen(db, sessionId);
            const queue = waitlist(db, sessionId);
            if (!queue.length)
              throw new AppError('CONFLICT', `${sessionName(session)}的候补名单是空的，没有可补入的学员。`, { rule: 'EMPTY_WAITLIST' });
            if (count > queue.length)
              throw new AppError('VALIDATION', `候补名单只有 ${queue.length} 人，不能补入 ${count} 人。`, { field: 'count' });
            const capacity = checkCapacity(db, session, count, overrideReason);
            const taken = queue.slice(0, count);
            const quota = quotaWarnings(
              db,
              session.programmeId,
              sessionId,
              taken.map((w) => w.regionCode),
            );
            const t = nowIso();
            const update = prepared(
              db,
              "UPDATE registrations SET status = 'approved', status_reason = '', session_id = ?, updated_at = ? WHERE id = ?",
            );
            for (const w of taken) {
              assertTransition('waitlisted', 'approved');
              update.run(sessionId, t, w.registrationId);
            }
            return {
              roster: getRoster(db, sessionId),
              ids: taken.map((w) => w.registrationId),
              message: `从候补补入${sessionName(session)} ${count} 人：${taken.map((w) => w.name).join('、')}${overText(capacity, count)}${quotaText(quota)}`,
              audit: { sessionId, registrationIds: taken.map((w) => w.registrationId), ...capacity, quota },
            };
          },
          (c) => c.message,
          (c) => c.audit,
        ),
      ),
  };
}
