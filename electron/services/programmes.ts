/** Programmes (年度计划) and their sessions (期). */
import { prepared } from '../db/statements';
import type { Programme, ProgrammeSummary, Session, SessionSummary } from '../../shared/domain/types';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { ACTIVE_STATUS_SQL } from '../db/activeStatusSql';
import { isUniqueViolation } from '../db/errors';
import { nowIso, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';

const PROGRAMME_COLUMNS = `p.id, p.year, p.title, p.document_no AS documentNo, p.planned_trainees AS plannedTrainees,
  p.organiser, p.created_at AS createdAt, p.updated_at AS updatedAt`;
const SESSION_COLUMNS = `s.id, s.programme_id AS programmeId, s.number, s.title, s.start_date AS startDate,
  s.end_date AS endDate, s.location, s.institution, s.capacity, s.registration_deadline AS registrationDeadline`;

export function getProgramme(db: Db, id: number): Programme {
  const row = prepared(db, `SELECT ${PROGRAMME_COLUMNS} FROM programmes p WHERE p.id = ?`).get(id) as Programme | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的培训项目，可能已被删除。请刷新后重试。`, { id });
  return row;
}

export function getSession(db: Db, id: number): Session {
  const row = prepared(db, `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`).get(id) as Session | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的培训班（期次）。请刷新后重试。`, { id });
  return row;
}

export function listSessions(db: Db, programmeId: number): SessionSummary[] {
  getProgramme(db, programmeId);
  return db
    .prepare(
      `SELECT ${SESSION_COLUMNS},
         (SELECT count(*) FROM registrations r WHERE r.session_id = s.id AND r.status IN ${ACTIVE_STATUS_SQL}) AS activeRegistrations
       FROM sessions s WHERE s.programme_id = ? ORDER BY s.number`,
    )
    .all(programmeId) as SessionSummary[];
}

function checkDates(s: Partial<Session>): void {
  if (s.startDate && s.endDate && s.endDate < s.startDate)
    throw new AppError('VALIDATION', `结束日期（${s.endDate}）早于开始日期（${s.startDate}），请检查。`, {
      fields: ['startDate', 'endDate'],
    });
}

function programmeConflict(year: number, title: string): AppError {
  return new AppError('CONFLICT', `${year} 年已有名为「${title}」的培训项目，请换一个名称。`, { year, title });
}

export function createProgramme(db: Db, p: Omit<Programme, 'id' | 'createdAt' | 'updatedAt'>): Programme {
  const t = nowIso();
  try {
    const info = db
      .prepare(
        `INSERT INTO programmes (year, title, document_no, planned_trainees, organiser, created_at, updated_at)
         VALUES (@year, @title, @documentNo, @plannedTrainees, @organiser, @t, @t)`,
      )
      .run({ ...p, t });
    return getProgramme(db, Number(info.lastInsertRowid));
  } catch (e) {
    if (isUniqueViolation(e)) throw programmeConflict(p.year, p.title);
    throw e;
  }
}

export function createSession(db: Db, s: Omit<Session, 'id' | 'institution'> & { institution?: string }): Session {
  getProgramme(db, s.programmeId);
  checkDates(s);
  try {
    const info = db
      .prepare(
        `INSERT INTO sessions (programme_id, number, title, start_date, end_date, location, institution, capacity, registration_deadline)
         VALUES (@programmeId, @number, @title, @startDate, @endDate, @location, @institution, @capacity, @registrationDeadline)`,
      )
      .run({ ...s, institution: s.institution ?? '' });
    return getSession(db, Number(info.lastInsertRowid));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `本项目已有第${s.number}期，请换一个期次号。`, { number: s.number });
    throw e;
  }
}

/** Builds `SET a = @a, …` from the keys actually given, so a partial update leaves the rest alone. */
function setClause(input: Record<string, unknown>, columns: Record<string, string>): string {
  return Object.keys(input)
    .filter((k) => k in columns && input[k] !== undefined)
    .map((k) => `${columns[k]} = @${k}`)
    .join(', ');
}

const PROGRAMME_SET = {
  year: 'year',
  title: 'title',
  documentNo: 'document_no',
  plannedTrainees: 'planned_trainees',
  organiser: 'organiser',
};
const SESSION_SET = {
  number: 'number',
  title: 'title',
  startDate: 'start_date',
  endDate: 'end_date',
  location: 'location',
  institution: 'institution',
  capacity: 'capacity',
  registrationDeadline: 'registration_deadline',
};

export function programmeHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'programmes.list' | 'programmes.create' | 'programmes.update' | 'sessions.list' | 'sessions.create' | 'sessions.update'> {
  const { db } = ctx;
  return {
    'programmes.list': () =>
      db
        .prepare(
          `SELECT ${PROGRAMME_COLUMNS},
             (SELECT count(*) FROM sessions s WHERE s.programme_id = p.id) AS sessionCount,
             (SELECT count(*) FROM registrations r WHERE r.programme_id = p.id AND r.status IN ${ACTIVE_STATUS_SQL}) AS registrationCount
           FROM programmes p ORDER BY p.year DESC, p.id DESC`,
        )
        .all() as ProgrammeSummary[],
    'programmes.create': (input) =>
      writeTx(
        db,
        'programmes.create',
        () => createProgramme(db, input),
        (p) => `新建培训项目：${p.year}年「${p.title}」`,
      ),
    'programmes.update': ({ id, ...changes }) =>
      writeTx(
        db,
        'programmes.update',
        () => {
          const before = getProgramme(db, id);
          const set = setClause(changes, PROGRAMME_SET);
          if (set) {
            try {
              prepared(db, `UPDATE programmes SET ${set}, updated_at = @t WHERE id = @id`).run({ ...changes, id, t: nowIso() });
            } catch (e) {
              if (isUniqueViolation(e)) throw programmeConflict(changes.year ?? before.year, changes.title ?? before.title);
              throw e;
            }
          }
          return getProgramme(db, id);
        },
        (p) => `修改培训项目：${p.year}年「${p.title}」`,
        () => changes,
      ),
    'sessions.list': ({ programmeId }) => listSessions(db, programmeId),
    'sessions.create': (input) =>
      writeTx(
        db,
        'sessions.create',
        () => createSession(db, input),
        (s) => `新建第${s.number}期（项目 ${s.programmeId}）`,
      ),
    'sessions.update': ({ id, ...changes }) =>
      writeTx(
        db,
        'sessions.update',
        () => {
          const before = getSession(db, id);
          checkDates({ ...before, ...changes });
          const set = setClause(changes, SESSION_SET);
          if (set) {
            try {
              prepared(db, `UPDATE sessions SET ${set} WHERE id = @id`).run({ ...changes, id });
            } catch (e) {
              if (isUniqueViolation(e))
                throw new AppError('CONFLICT', `本项目已有第${changes.number}期，请换一个期次号。`, { number: changes.number });
              throw e;
            }
          }
          return getSession(db, id);
        },
        (s) => `修改第${s.number}期（项目 ${s.programmeId}）`,
        () => changes,
      ),
  };
}
