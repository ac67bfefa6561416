/**
 * Completion (结业): the rule per programme, each trainee's result with its reasons in words, and
 * overrides decided by a person with a reason (audited). The result feeds the certificates.
 */
import { wallTime, type AttendanceStatus, type WallTime } from '../../shared/domain/attendance';
import type { CompletionResult } from '../../shared/domain/attendanceTypes';
import { DEFAULT_RULE, evaluateCompletion, type CompletionRule } from '../../shared/domain/completion';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { attendanceSlots, currentMarksForSession } from './attendance';
import { DEFAULT_OPERATOR, nowIso, readSetting, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { rosterEntries } from './rosters';
import { assertProgrammeOpen, assertSessionOpen } from './sessionLock';

export function getRule(db: Db, programmeId: number): CompletionRule {
  const row = prepared(
    db,
    `SELECT min_attendance AS minAttendance, max_leave AS maxLeave, max_absent AS maxAbsent, max_late AS maxLate,
       max_left_early AS maxLeftEarly, grace_minutes AS graceMinutes FROM completion_rules WHERE programme_id = ?`,
  ).get(programmeId) as CompletionRule | undefined;
  return row ?? { ...DEFAULT_RULE };
}

interface OverrideRow {
  completed: number;
  reason: string;
  decidedAt: string;
  decidedBy: string;
}

/** Every approved trainee of the session, judged at `at` (local wall time; now by default). */
export function completionResults(db: Db, sessionId: number, at: WallTime = wallTime(new Date())): CompletionResult[] {
  const session = getSession(db, sessionId);
  const rule = getRule(db, session.programmeId);
  const slots = attendanceSlots(db, sessionId);
  const last = slots[slots.length - 1];
  const ended = !!last && at > `${last.date} 23:59`;
  const marks = currentMarksForSession(db, sessionId);
  const override = prepared(
    db,
    `SELECT completed, reason, decided_at AS decidedAt, decided_by AS decidedBy FROM completion_overrides WHERE registration_id = ?`,
  );
  return rosterEntries(db, sessionId).map((e) => {
    const mine = marks.get(e.registrationId);
    const statuses: (AttendanceStatus | null)[] = slots.map((s) => mine?.get(s.seq) ?? null);
    const ev = evaluateCompletion(rule, slots, statuses, ended);
    const o = override.get(e.registrationId) as OverrideRow | undefined;
    const byRule = ev.state === 'pending' ? null : ev.state === 'completed';
    return {
      registrationId: e.registrationId,
      name: e.name,
      idNumber: e.idNumber,
      regionName: e.regionName,
      enterprise: e.enterprise,
      ruleState: ev.state,
      completed: o ? o.completed === 1 : byRule,
      reasons: o ? [`人工认定为${o.completed ? '结业' : '不结业'}：${o.reason}`, ...ev.reasons] : ev.reasons,
      attended: ev.attended,
      slots: ev.slots,
      counts: ev.counts,
      override: o ? { completed: o.completed === 1, reason: o.reason, decidedAt: o.decidedAt, decidedBy: o.decidedBy } : null,
    };
  });
}

function describeRule(r: CompletionRule): string {
  return `最低出勤率 ${r.minAttendance}，请假≤${r.maxLeave}，缺勤≤${r.maxAbsent}，迟到≤${r.maxLate}，早退≤${r.maxLeftEarly}，迟到宽限 ${r.graceMinutes} 分钟`;
}

export function completionHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'completion.rule.get' | 'completion.rule.set' | 'completion.results' | 'completion.override'> {
  const { db } = ctx;
  return {
    'completion.rule.get': ({ programmeId }) => {
      getProgramme(db, programmeId);
      return getRule(db, programmeId);
    },
    'completion.rule.set': ({ programmeId, ...changes }) =>
      writeTx(
        db,
        'completion.rule.set',
        () => {
          getProgramme(db, programmeId);
          assertProgrammeOpen(db, programmeId);
          const before = getRule(db, programmeId);
          const rule: CompletionRule = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
          prepared(
            db,
            `INSERT INTO completion_rules (programme_id, min_attendance, max_leave, max_absent, max_late, max_left_early, grace_minutes, updated_at, updated_by)
             VALUES (@programmeId, @minAttendance, @maxLeave, @maxAbsent, @maxLate, @maxLeftEarly, @graceMinutes, @t, @by)
             ON CONFLICT (programme_id) DO UPDATE SET min_attendance = excluded.min_attendance, max_leave = excluded.max_leave,
               max_absent = excluded.max_absent, max_late = excluded.max_late, max_left_early = excluded.max_left_early,
               grace_minutes = excluded.grace_minutes, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          ).run({ programmeId, ...rule, t: nowIso(), by: readSetting(db, 'operatorName', DEFAULT_OPERATOR) });
          return { before, rule };
        },
        ({ before, rule }) => `修改结业规则（项目 ${programmeId}）：${describeRule(before)} → ${describeRule(rule)}`,
        ({ before, rule }) => ({ programmeId, before, after: rule }),
      ).rule,
    'completion.results': ({ sessionId, at }) => completionResults(db, sessionId, at),
    'completion.override': ({ registrationId, completed, reason }) =>
      writeTx(
        db,
        'completion.override',
        () => {
          const reg = prepared(db, `SELECT session_id AS sessionId FROM registrations WHERE id = ? AND status = 'approved'`).get(
            registrationId,
          ) as { sessionId: number | null } | undefined;
          if (!reg?.sessionId)
            throw new AppError('NOT_FOUND', `找不到报名编号为 ${registrationId} 的已通过学员，请刷新后重试。`, { registrationId });
          assertSessionOpen(db, reg.sessionId);
          const before = prepared(db, 'SELECT completed, reason FROM completion_overrides WHERE registration_id = ?').get(
            registrationId,
          ) as { completed: number; reason: string } | undefined;
          if (completed === null) prepared(db, 'DELETE FROM completion_overrides WHERE registration_id = ?').run(registrationId);
          else
            prepared(
              db,
              `INSERT INTO completion_overrides (registration_id, completed, reason, decided_at, decided_by) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (registration_id) DO UPDATE SET completed = excluded.completed, reason = excluded.reason,
                 decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
            ).run(registrationId, completed ? 1 : 0, reason, nowIso(), readSetting(db, 'operatorName', DEFAULT_OPERATOR));
          const result = completionResults(db, reg.sessionId).find((r) => r.registrationId === registrationId)!;
          return { before, result };
        },
        ({ result }) =>
          completed === null
            ? `撤销 ${result.name} 的结业人工认定（${reason}），恢复按规则判定`
            : `人工认定 ${result.name} ${completed ? '结业' : '不结业'}：${reason}`,
        ({ before, result }) => ({ registrationId, before: before ?? null, completed, reason, ruleState: result.ruleState }),
      ).result,
  };
}
