/**
 * The timetable's files (issue 10 §1): an institution's .xlsx timetable read into the session's
 * timetable — a dry run shows every course with its slot and every problem; the import itself is
 * timetable.set's replacement, so unchanged courses keep their ids and rated courses cannot be
 * dropped — and the A4 课程表 to print.
 */
import path from 'node:path';
import { courseKey } from '../../shared/domain/evaluation';
import type { TimetableCourse, TimetableImportResult } from '../../shared/domain/evaluationTypes';
import { programmeDocTitle } from '../../shared/domain/types';
import type { ParsedInput } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { readRows, type RawRow } from '../io/import';
import type { TimetablePdfRow } from '../io/export/timetablePdf';
import { writeTx, type CallContext, type ServiceContext } from './context';
import { setTimetable, timetable } from './evaluation';
import { checkInputFile, writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { sessionSlots } from './schedule';
import { readTimetableTable } from './timetableImport';

const MAX_COURSES = 500;
const WEEKDAYS = '日一二三四五六';

const same = (c: { slotSeq: number; title: string; teacher: string }) => `${c.slotSeq}|${c.title}|${c.teacher}`;

/** What replacing `before` by `after` does, matched as timetable.set matches (slot, title, teacher). */
function compare(before: TimetableCourse[], after: { slotSeq: number; title: string; teacher: string }[]) {
  const left = new Map<string, TimetableCourse[]>();
  for (const c of before) left.set(same(c), [...(left.get(same(c)) ?? []), c]);
  let kept = 0;
  for (const c of after) {
    const match = left.get(same(c));
    if (match?.length) {
      match.shift();
      kept++;
    }
  }
  return { kept, added: after.length - kept, dropped: [...left.values()].flat() };
}

function ratings(db: Db, sessionId: number, courseId: number): number {
  return (
    prepared(
      db,
      'SELECT count(*) AS n FROM eval_answers a JOIN eval_responses r ON r.id = a.response_id WHERE r.session_id = ? AND a.question = ?',
    ).get(sessionId, courseKey(courseId)) as { n: number }
  ).n;
}

async function importTimetable(
  ctx: ServiceContext,
  input: ParsedInput<'timetable.import'>,
  call: CallContext,
): Promise<TimetableImportResult> {
  const { db } = ctx;
  const session = getSession(db, input.sessionId);
  const shown = input.file.name ?? path.basename(input.file.path);
  checkInputFile(input.file.path, shown);
  const rows: RawRow[] = [];
  for await (const r of readRows(input.file.path, { signal: call.signal })) rows.push(r);
  const slots = sessionSlots(db, input.sessionId).slots;
  if (!slots.length)
    throw new AppError('VALIDATION', `第${session.number}期还没有日期和日程：请先填写本期的开始、结束日期，再导入课程表。`, {
      field: 'sessionId',
    });
  const table = readTimetableTable(rows, { ...session, slots });
  if (table.courses.length > MAX_COURSES)
    throw new AppError('VALIDATION', `课程太多（${table.courses.length} 门，最多 ${MAX_COURSES} 门）：请检查文件是否为一期的课程表。`);
  const before = timetable(db, input.sessionId);
  const { kept, added, dropped } = compare(before, table.courses);
  const errors = [...table.errors];
  // Said before the import, not only by its refusal: a course already rated cannot leave the timetable.
  for (const c of dropped) {
    const n = ratings(db, input.sessionId, c.id);
    if (n)
      errors.push({
        row: 0,
        column: '课程',
        code: 'COURSE_RATED',
        message: `现有课程「${c.title}」已有 ${n} 份评价，文件中没有它（或改了时段、名称、教师）：不能从课程表中删除。`,
      });
  }
  const result: TimetableImportResult = {
    dryRun: input.dryRun,
    written: false,
    courses: table.courses,
    errors,
    warnings: table.warnings,
    columns: table.columns,
    kept,
    added,
    removed: dropped.length,
  };
  if (input.dryRun || errors.length) return result;
  if (call.signal.aborted) throw new AppError('CANCELLED', '已取消导入，数据未作改动。');
  const courses = table.courses.map(({ slotSeq, title, teacher, teacherTitle, kind }) => ({ slotSeq, title, teacher, teacherTitle, kind }));
  writeTx(
    db,
    'timetable.import',
    () => setTimetable(db, { sessionId: input.sessionId, courses }),
    (saved) =>
      `导入课程表「${shown}」（第${session.number}期）：${saved.length} 门课程，保留 ${kept}，新增 ${added}，删除 ${dropped.length}`,
    (saved) => ({ sessionId: input.sessionId, file: shown, courses: saved.length, kept, added, removed: dropped.length }),
  );
  return { ...result, written: true };
}

const dateText = (d: string | null) => (d ? `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : '');

export function timetablePdfData(db: Db, sessionId: number) {
  const session = getSession(db, sessionId);
  const programme = getProgramme(db, session.programmeId);
  const slots = sessionSlots(db, sessionId).slots;
  const rows: TimetablePdfRow[] = timetable(db, sessionId).map((c) => {
    const slot = slots[c.slotSeq - 1];
    const day = slot
      ? [
          `${Number(slot.date.slice(5, 7))}月${Number(slot.date.slice(8, 10))}日`,
          `星期${WEEKDAYS[new Date(`${slot.date}T00:00:00Z`).getUTCDay()]}`,
        ]
      : [`第 ${c.slotSeq} 个时段`];
    return {
      day,
      part: slot ? (slot.part === '其他' ? slot.label || '其他' : slot.part) : '',
      title: c.title,
      teacher: c.teacher,
      teacherTitle: c.teacherTitle,
      kind: c.kind,
    };
  });
  const dates =
    session.startDate && session.endDate && session.endDate !== session.startDate
      ? `${dateText(session.startDate)}至${dateText(session.endDate)}`
      : dateText(session.startDate);
  return {
    title: programmeDocTitle(programme),
    session: [`第${session.number}期`, session.title].filter(Boolean).join('\u3000'),
    datesAndPlace: [dates, session.location].filter(Boolean).join('\u3000'),
    rows,
    stem: `${programme.year}年第${session.number}期`,
  };
}

export function timetableHandlers(ctx: ServiceContext): Pick<Handlers, 'timetable.import' | 'timetable.pdf'> {
  return {
    'timetable.import': (input, call) => importTimetable(ctx, input, call),
    'timetable.pdf': async (input, call) => {
      const { stem, ...data } = timetablePdfData(ctx.db, input.sessionId);
      const { writeTimetablePdf } = await import('../io/export/timetablePdf');
      return writeOutput(ctx, input, `课程表-${stem}.pdf`, 'application/pdf', (f) =>
        writeTimetablePdf(f, { ...data, signal: call.signal }),
      );
    },
  };
}
