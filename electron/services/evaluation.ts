/**
 * The course timetable and the anonymous evaluation of a session (issue 10 §1–§2): the questionnaire
 * (stored per session, else the default), responses typed from paper or given at the kiosk, the
 * survey tool's .xlsx imported, and the figures per aspect, item and course.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  courseKey,
  DEFAULT_QUESTIONNAIRE,
  figures,
  SATISFACTION_DEFINITIONS,
  type Questionnaire,
  type Rating,
  type SatisfactionDefinition,
} from '../../shared/domain/evaluation';
import type { EvaluationImportResult, EvaluationReport, TimetableCourse } from '../../shared/domain/evaluationTypes';
import type { ParsedInput } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { readRows, type RawRow } from '../io/import';
import { nowIso, readSetting, writeTx, type CallContext, type ServiceContext } from './context';
import { overallKey, readEvaluationTable } from './evaluationImport';
import { changesText, checkQuestionnaireKeys, guardAnswered, questionnaireChanges } from './questionnaireChange';
import { checkInputFile } from './files';
import type { Handlers } from './handlers';
import { getSession } from './programmes';
import { sessionSlots } from './schedule';

const DEFINITION_KEY = 'evaluation.satisfaction';

export function satisfactionDefinition(db: Db): SatisfactionDefinition {
  const v = readSetting(db, DEFINITION_KEY, 'top2');
  return v === 'top3' ? 'top3' : 'top2';
}

/** The file's SHA-256, read as a stream (the file may be large; only its digest is kept). */
async function fileDigest(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function timetable(db: Db, sessionId: number): TimetableCourse[] {
  getSession(db, sessionId);
  return prepared(
    db,
    `SELECT id, session_id AS sessionId, slot_seq AS slotSeq, title, teacher, teacher_title AS teacherTitle, kind
       FROM timetable_courses WHERE session_id = ? ORDER BY slot_seq, sort, id`,
  ).all(sessionId) as TimetableCourse[];
}

export function questionnaireOf(db: Db, sessionId: number): Questionnaire {
  getSession(db, sessionId);
  const row = prepared(db, 'SELECT definition FROM eval_questionnaires WHERE session_id = ?').get(sessionId) as
    { definition: string } | undefined;
  return row ? (JSON.parse(row.definition) as Questionnaire) : DEFAULT_QUESTIONNAIRE;
}

/** Every question a response may answer: key → what it is. */
export function questionIndex(db: Db, sessionId: number): Map<string, { kind: 'rating' | 'text'; label: string }> {
  const q = questionnaireOf(db, sessionId);
  const index = new Map<string, { kind: 'rating' | 'text'; label: string }>();
  for (const a of q.aspects) for (const i of a.items) index.set(i.key, { kind: 'rating', label: `${a.name}：${i.text}` });
  if (q.rateCourses)
    for (const c of timetable(db, sessionId))
      index.set(courseKey(c.id), { kind: 'rating', label: `课程：${c.title}${c.teacher ? `（${c.teacher}）` : ''}` });
  for (const o of q.open) index.set(o.key, { kind: 'text', label: o.text });
  return index;
}

function answeredCount(db: Db, sessionId: number): number {
  return (prepared(db, 'SELECT count(*) AS n FROM eval_responses WHERE session_id = ?').get(sessionId) as { n: number }).n;
}

/** Inserts one response; the caller holds the transaction (evaluation.addResponse, the import, the demo). */
export function insertResponse(
  db: Db,
  sessionId: number,
  source: 'paper' | 'kiosk' | 'import',
  ratings: [string, number][],
  texts: [string, string][],
  importId: number | null,
  at: string,
): number {
  const id = Number(
    prepared(db, 'INSERT INTO eval_responses (session_id, source, import_id, entered_at) VALUES (?, ?, ?, ?)').run(
      sessionId,
      source,
      importId,
      at,
    ).lastInsertRowid,
  );
  const add = prepared(db, 'INSERT INTO eval_answers (response_id, question, rating, text) VALUES (?, ?, ?, ?)');
  for (const [k, r] of ratings) add.run(id, k, r, null);
  for (const [k, t] of texts) if (t) add.run(id, k, null, t);
  return id;
}

/** Replaces a session's timetable (timetable.set and timetable.import); the caller holds the transaction. */
export function setTimetable(db: Db, input: ParsedInput<'timetable.set'>): TimetableCourse[] {
  const slots = sessionSlots(db, input.sessionId).slots.length;
  const wrong = input.courses.find((c) => c.slotSeq > slots);
  if (wrong)
    throw new AppError('VALIDATION', `课程「${wrong.title}」的时段序号 ${wrong.slotSeq} 超出本期的 ${slots} 个半天时段。`, {
      field: 'slotSeq',
    });
  const before = timetable(db, input.sessionId);
  // A course keeps its id (and its ratings) while its slot, title and teacher stay the same.
  const same = (c: { slotSeq: number; title: string; teacher: string }) => `${c.slotSeq}|${c.title}|${c.teacher}`;
  const keep = new Map(before.map((c) => [same(c), c.id]));
  const kept = new Set<number>();
  const update = prepared(db, 'UPDATE timetable_courses SET sort = ?, teacher_title = ?, kind = ? WHERE id = ?');
  const insert = prepared(
    db,
    'INSERT INTO timetable_courses (session_id, slot_seq, sort, title, teacher, teacher_title, kind) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  input.courses.forEach((c, i) => {
    const id = keep.get(same(c));
    if (id !== undefined && !kept.has(id)) {
      kept.add(id);
      update.run(i, c.teacherTitle, c.kind, id);
    } else insert.run(input.sessionId, c.slotSeq, i, c.title, c.teacher, c.teacherTitle, c.kind);
  });
  for (const c of before) {
    if (kept.has(c.id)) continue;
    const rated = prepared(
      db,
      'SELECT count(*) AS n FROM eval_answers a JOIN eval_responses r ON r.id = a.response_id WHERE r.session_id = ? AND a.question = ?',
    ).get(input.sessionId, courseKey(c.id)) as { n: number };
    if (rated.n)
      throw new AppError('CONFLICT', `课程「${c.title}」已有 ${rated.n} 份评价，不能从课程表中删除或改名（可修改类别与教师职称）。`, {
        courseId: c.id,
      });
    prepared(db, 'DELETE FROM timetable_courses WHERE id = ?').run(c.id);
  }
  return timetable(db, input.sessionId);
}

function checkResponse(db: Db, input: ParsedInput<'evaluation.addResponse'>): void {
  getSession(db, input.sessionId);
  const index = questionIndex(db, input.sessionId);
  for (const [k] of [...Object.entries(input.ratings), ...Object.entries(input.texts)]) {
    const q = index.get(k);
    if (!q) throw new AppError('VALIDATION', `问题「${k}」不在本期问卷中。`, { field: 'ratings', question: k });
  }
  for (const k of Object.keys(input.ratings))
    if (index.get(k)!.kind !== 'rating')
      throw new AppError('VALIDATION', `「${index.get(k)!.label}」是文字题，不能打分。`, { question: k });
  for (const k of Object.keys(input.texts))
    if (index.get(k)!.kind !== 'text') throw new AppError('VALIDATION', `「${index.get(k)!.label}」是评分题，请填 1–5。`, { question: k });
  if (!Object.keys(input.ratings).length && !Object.values(input.texts).some(Boolean))
    throw new AppError('VALIDATION', '这份问卷一题也没有作答，未保存。', { field: 'ratings' });
}

async function importEvaluations(
  ctx: ServiceContext,
  input: ParsedInput<'evaluation.import'>,
  call: CallContext,
): Promise<EvaluationImportResult> {
  const { db } = ctx;
  const file = input.file.path;
  const shown = input.file.name ?? path.basename(file);
  getSession(db, input.sessionId);
  checkInputFile(file, shown);
  const sha256 = await fileDigest(file);
  const seen = prepared(
    db,
    'SELECT file_name AS fileName, imported_at AS at, responses FROM eval_imports WHERE session_id = ? AND sha256 = ?',
  ).get(input.sessionId, sha256) as { fileName: string; at: string; responses: number } | undefined;
  if (seen)
    throw new AppError(
      'CONFLICT',
      `这个文件已于 ${seen.at.slice(0, 16).replace('T', ' ')} 导入过（「${seen.fileName}」，${seen.responses} 份）：同一批问卷不重复计入。`,
      { sha256 },
    );
  const rows: RawRow[] = [];
  for await (const r of readRows(file, { signal: call.signal })) rows.push(r);
  const table = readEvaluationTable(rows, questionIndex(db, input.sessionId), timetable(db, input.sessionId));
  const result: EvaluationImportResult = {
    valid: table.responses.length,
    imported: 0,
    rejected: table.rejected,
    warnings: table.warnings,
    errors: table.errors,
    columns: table.columns,
  };
  if (input.dryRun || !table.responses.length) return result;
  if (call.signal.aborted) throw new AppError('CANCELLED', '已取消导入，数据未作改动。');
  const imported = writeTx(
    db,
    'evaluation.import',
    () => {
      const at = nowIso();
      const importId = Number(
        prepared(db, 'INSERT INTO eval_imports (session_id, file_name, sha256, responses, imported_at) VALUES (?, ?, ?, ?, ?)').run(
          input.sessionId,
          shown,
          sha256,
          table.responses.length,
          at,
        ).lastInsertRowid,
      );
      for (const r of table.responses) insertResponse(db, input.sessionId, 'import', r.ratings, r.texts, importId, at);
      return table.responses.length;
    },
    (n) => `导入评价问卷「${shown}」：${n} 份，拒绝 ${table.rejected} 行`,
    (n) => ({ sessionId: input.sessionId, file: shown, imported: n, rejected: table.rejected }),
  );
  return { ...result, imported };
}

export function evaluationReport(db: Db, sessionId: number): EvaluationReport {
  getSession(db, sessionId);
  const definition = satisfactionDefinition(db);
  const q = questionnaireOf(db, sessionId);
  const ratings = new Map<string, number[]>();
  const texts = new Map<string, string[]>();
  for (const a of prepared(
    db,
    `SELECT a.question, a.rating, a.text FROM eval_answers a JOIN eval_responses r ON r.id = a.response_id
      WHERE r.session_id = ? ORDER BY r.id`,
  ).all(sessionId) as { question: string; rating: number | null; text: string | null }[]) {
    if (a.rating !== null) (ratings.get(a.question) ?? ratings.set(a.question, []).get(a.question)!).push(a.rating as Rating);
    else if (a.text) (texts.get(a.question) ?? texts.set(a.question, []).get(a.question)!).push(a.text);
  }
  const of = (key: string) => ratings.get(key) ?? [];
  return {
    sessionId,
    responses: answeredCount(db, sessionId),
    definition,
    definitionText: SATISFACTION_DEFINITIONS[definition].text,
    // An aspect's figures are over all answers to all its items (and to a column that named the aspect only).
    aspects: q.aspects.map((a) => {
      const items = [...a.items, ...(of(overallKey(a.name)).length ? [{ key: overallKey(a.name), text: '总体评价' }] : [])];
      return {
        name: a.name,
        ...figures(
          items.flatMap((i) => of(i.key)),
          definition,
        ),
        items: items.map((i) => ({ key: i.key, name: i.text, ...figures(of(i.key), definition) })),
      };
    }),
    courses: q.rateCourses
      ? timetable(db, sessionId).map((c) => ({
          courseId: c.id,
          name: c.title,
          teacher: c.teacher,
          slotSeq: c.slotSeq,
          ...figures(of(courseKey(c.id)), definition),
        }))
      : [],
    comments: [
      ...q.open.map((o) => ({ question: o.text, texts: texts.get(o.key) ?? [] })),
      // Text columns of an imported file that were not the questionnaire's own questions.
      ...[...texts].filter(([k]) => k.startsWith('开放-')).map(([k, t]) => ({ question: k.slice('开放-'.length), texts: t })),
    ],
  };
}

export function evaluationHandlers(
  ctx: ServiceContext,
): Pick<
  Handlers,
  | 'timetable.list'
  | 'timetable.set'
  | 'evaluation.questionnaire'
  | 'evaluation.setQuestionnaire'
  | 'evaluation.addResponse'
  | 'evaluation.import'
  | 'evaluation.report'
  | 'evaluation.setDefinition'
> {
  const { db } = ctx;
  return {
    'timetable.list': ({ sessionId }) => timetable(db, sessionId),
    'timetable.set': (input) =>
      writeTx(
        db,
        'timetable.set',
        () => setTimetable(db, input),
        (courses) => `修改课程表（期次 ${input.sessionId}）：${courses.length} 门课程`,
        (courses) => ({ sessionId: input.sessionId, courses: courses.length }),
      ),
    'evaluation.questionnaire': ({ sessionId }) => questionnaireOf(db, sessionId),
    'evaluation.setQuestionnaire': ({ sessionId, questionnaire }) =>
      writeTx(
        db,
        'evaluation.setQuestionnaire',
        () => {
          getSession(db, sessionId);
          checkQuestionnaireKeys(questionnaire);
          const before = questionnaireOf(db, sessionId);
          guardAnswered(db, sessionId, before, questionnaire);
          prepared(
            db,
            `INSERT INTO eval_questionnaires (session_id, definition, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (session_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
          ).run(sessionId, JSON.stringify(questionnaire), nowIso());
          return { questionnaire: questionnaireOf(db, sessionId), changes: questionnaireChanges(before, questionnaire) };
        },
        ({ changes }) => `修改评价问卷（期次 ${sessionId}）：${changesText(changes)}`,
        ({ changes }) => ({ sessionId, ...changes }),
      ).questionnaire,
    'evaluation.addResponse': (input) =>
      writeTx(
        db,
        'evaluation.addResponse',
        () => {
          checkResponse(db, input);
          const responseId = insertResponse(
            db,
            input.sessionId,
            input.source,
            Object.entries(input.ratings),
            Object.entries(input.texts),
            null,
            nowIso(),
          );
          return { responseId, responses: answeredCount(db, input.sessionId) };
        },
        (r) => `录入评价问卷（${input.source === 'kiosk' ? '现场填写' : '纸质问卷'}）：第 ${r.responses} 份`,
      ),
    'evaluation.import': (input, call) => importEvaluations(ctx, input, call),
    'evaluation.report': ({ sessionId }) => evaluationReport(db, sessionId),
    'evaluation.setDefinition': ({ definition }) =>
      writeTx(
        db,
        'evaluation.setDefinition',
        () => {
          prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
            DEFINITION_KEY,
            definition,
          );
          return { definition };
        },
        () => `满意率口径改为：${SATISFACTION_DEFINITIONS[definition].text}`,
      ),
  };
}
