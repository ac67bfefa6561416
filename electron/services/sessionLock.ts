/**
 * Closing a session (结班): once closed, its attendance marks, leaves, completion overrides and the
 * programme's completion rule are locked, so the certified roster exported from it stays true.
 * Reopening needs a reason; both are audited and kept in `session_closures`. Every write that the
 * lock covers starts with `assertSessionOpen` (or `assertProgrammeOpen` for the programme's rule).
 */
import type { ClosureEvent, SessionClosure } from '../../shared/certifiedRosterContract';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { DEFAULT_OPERATOR, nowIso, readSetting, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getSession } from './programmes';

const LAST = `SELECT action, reason, at, by FROM session_closures WHERE session_id = ? ORDER BY id DESC LIMIT 1`;

function lastEvent(db: Db, sessionId: number): ClosureEvent | undefined {
  return prepared(db, LAST).get(sessionId) as ClosureEvent | undefined;
}

export function isSessionClosed(db: Db, sessionId: number): boolean {
  return lastEvent(db, sessionId)?.action === 'close';
}

export function sessionClosure(db: Db, sessionId: number): SessionClosure {
  const session = getSession(db, sessionId);
  const history = prepared(db, 'SELECT action, reason, at, by FROM session_closures WHERE session_id = ? ORDER BY id').all(
    sessionId,
  ) as ClosureEvent[];
  const last = history[history.length - 1];
  const closed = last?.action === 'close';
  return {
    sessionId,
    sessionNumber: session.number,
    closed,
    closedAt: closed ? last.at : null,
    closedBy: closed ? last.by : null,
    history,
  };
}

function closedMessage(db: Db, sessionId: number, at: string): string {
  const n = (prepared(db, 'SELECT number FROM sessions WHERE id = ?').get(sessionId) as { number: number } | undefined)?.number;
  return `第${n ?? '?'}期已于 ${at.slice(0, 10)} 结班，考勤、请假和结业认定已锁定。如需修改，请先在「结业与证书」中重新开启本期并填写原因。`;
}

/** Refuses a write to a closed session's attendance or completion (CONFLICT, in words). */
export function assertSessionOpen(db: Db, sessionId: number): void {
  const last = lastEvent(db, sessionId);
  if (last?.action === 'close') throw new AppError('CONFLICT', closedMessage(db, sessionId, last.at), { sessionId });
}

/** The completion rule is the programme's: changing it would change the results of any closed session. */
export function assertProgrammeOpen(db: Db, programmeId: number): void {
  const ids = prepared(db, 'SELECT id FROM sessions WHERE programme_id = ? ORDER BY number').pluck().all(programmeId) as number[];
  for (const id of ids) assertSessionOpen(db, id);
}

function record(db: Db, sessionId: number, action: 'close' | 'reopen', reason: string): void {
  prepared(db, 'INSERT INTO session_closures (session_id, action, reason, at, by) VALUES (?, ?, ?, ?, ?)').run(
    sessionId,
    action,
    reason,
    nowIso(),
    readSetting(db, 'operatorName', DEFAULT_OPERATOR),
  );
}

export function sessionLockHandlers(ctx: ServiceContext): Pick<Handlers, 'sessions.closure' | 'sessions.close' | 'sessions.reopen'> {
  const { db } = ctx;
  return {
    'sessions.closure': ({ sessionId }) => sessionClosure(db, sessionId),
    'sessions.close': ({ sessionId, reason }) =>
      writeTx(
        db,
        'sessions.close',
        () => {
          const before = sessionClosure(db, sessionId);
          if (before.closed)
            throw new AppError('CONFLICT', `第${before.sessionNumber}期已于 ${before.closedAt!.slice(0, 10)} 结班，无需重复关闭。`, {
              sessionId,
            });
          record(db, sessionId, 'close', reason);
          return sessionClosure(db, sessionId);
        },
        (s) => `第${s.sessionNumber}期结班，锁定考勤与结业认定${reason ? `：${reason}` : ''}`,
        () => ({ sessionId, reason }),
      ),
    'sessions.reopen': ({ sessionId, reason }) =>
      writeTx(
        db,
        'sessions.reopen',
        () => {
          const before = sessionClosure(db, sessionId);
          if (!before.closed) throw new AppError('CONFLICT', `第${before.sessionNumber}期尚未结班，无需重新开启。`, { sessionId });
          record(db, sessionId, 'reopen', reason);
          return sessionClosure(db, sessionId);
        },
        (s) => `重新开启第${s.sessionNumber}期（解除结班锁定）：${reason}`,
        () => ({ sessionId, reason }),
      ),
  };
}

/** The same check for a write that knows only the slot (every attendance mark goes through one). */
export function assertSlotOpen(db: Db, slotId: number): void {
  const s = prepared(db, 'SELECT session_id AS sessionId FROM session_slots WHERE id = ?').get(slotId) as { sessionId: number } | undefined;
  if (s) assertSessionOpen(db, s.sessionId);
}
