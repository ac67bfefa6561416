/**
 * 复制上年计划: a new programme with last year's sessions shifted by the years between them, their
 * schedules, the quota table carried over as a draft (to be confirmed), and the regions' contacts.
 */
import crypto from 'node:crypto';
import type { Session } from '../../shared/domain/types';
import type { SessionSlot } from '../../shared/domain/quotas';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { applyQuotaChanges } from './quotas';
import { createProgramme, createSession, getProgramme, listSessions } from './programmes';
import { replaceSlots } from './schedule';

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
export function shiftYears(date: string | null, years: number): string | null {
  if (!date) return date;
  const [y, m, d] = date.split('-').map(Number);
  const ny = y + years;
  const last = new Date(Date.UTC(ny, m, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function copyProgramme(db: Db, fromId: number, year: number, title?: string) {
  const from = getProgramme(db, fromId);
  const years = year - from.year;
  if (years === 0 && !title) throw new AppError('VALIDATION', `复制到同一年度（${year}年）时请给新项目换一个名称。`, { year });
  const newTitle = title ?? from.title.replace(String(from.year), String(year));
  const programme = createProgramme(db, {
    year,
    title: newTitle,
    documentNo: '',
    plannedTrainees: from.plannedTrainees,
    organiser: from.organiser,
  });
  prepared(db, "UPDATE programmes SET quota_state = 'draft', copied_from = ? WHERE id = ?").run(fromId, programme.id);
  const sessionMap = new Map<number, Session>();
  for (const s of listSessions(db, fromId)) {
    const copy = createSession(db, {
      programmeId: programme.id,
      number: s.number,
      title: s.title,
      startDate: shiftYears(s.startDate, years),
      endDate: shiftYears(s.endDate, years),
      location: s.location,
      institution: s.institution,
      capacity: s.capacity,
      registrationDeadline: shiftYears(s.registrationDeadline, years),
    });
    sessionMap.set(s.id, copy);
    const slots = prepared(
      db,
      'SELECT date, part, label, start_time AS startTime, kind FROM session_slots WHERE session_id = ? ORDER BY seq',
    ).all(s.id) as SessionSlot[];
    if (slots.length)
      replaceSlots(
        db,
        copy.id,
        slots.map((x) => ({ ...x, date: shiftYears(x.date, years)! })),
      );
  }
  const quotas = prepared(
    db,
    'SELECT session_id AS sessionId, region_code AS regionCode, places, min, max, locked FROM quotas WHERE programme_id = ?',
  ).all(fromId) as { sessionId: number; regionCode: string; places: number; min: number | null; max: number | null; locked: 0 | 1 }[];
  const result = applyQuotaChanges(
    db,
    programme.id,
    quotas.map((q) => ({
      sessionId: sessionMap.get(q.sessionId)!.id,
      regionCode: q.regionCode,
      places: q.places,
      min: q.min,
      max: q.max,
      locked: q.locked === 1,
    })),
    'copy',
    `复制自 ${from.year} 年「${from.title}」（草稿，待确认）`,
    { batch: crypto.randomUUID() },
  );
  prepared(
    db,
    `INSERT INTO region_contacts (programme_id, region_code, role, name, post, office_phone, mobile, email, updated_at)
     SELECT ?, region_code, role, name, post, office_phone, mobile, email, updated_at FROM region_contacts WHERE programme_id = ?`,
  ).run(programme.id, fromId);
  return { programme: getProgramme(db, programme.id), sessions: [...sessionMap.values()], quotas: result.changed };
}

export function planCopyHandlers(ctx: ServiceContext): Pick<Handlers, 'programmes.copy'> {
  const { db } = ctx;
  return {
    'programmes.copy': ({ fromId, year, title }) =>
      writeTx(
        db,
        'programmes.copy',
        () => copyProgramme(db, fromId, year, title),
        (r) => `复制上年计划：新建${r.programme.year}年「${r.programme.title}」，${r.sessions.length} 期，名额 ${r.quotas} 格（草稿）`,
      ),
  };
}
