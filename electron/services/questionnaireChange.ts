/**
 * Changing a session's questionnaire (issue 10 §2). An answer is stored under its question's key, so
 * once a question has answers its key must keep meaning that question: it cannot be removed, moved to
 * another aspect or turned into an open question (its figures would vanish or count elsewhere), and
 * course ratings cannot be switched off while courses have ratings. Its wording may be corrected; every
 * change is told in words for the audit log.
 */
import { ASPECTS, type Questionnaire } from '../../shared/domain/evaluation';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { overallKey } from './evaluationImport';

const OPEN = '开放题';
type Place = { where: string; text: string };

function places(q: Questionnaire): Map<string, Place> {
  const m = new Map<string, Place>();
  for (const a of q.aspects) for (const i of a.items) m.set(i.key, { where: a.name, text: i.text });
  for (const o of q.open) m.set(o.key, { where: OPEN, text: o.text });
  return m;
}

const RESERVED = new Set<string>(ASPECTS.map(overallKey));

/** Keys unique, none of the forms the timetable and the import use for their own answers, the four aspects once each. */
export function checkQuestionnaireKeys(q: Questionnaire): void {
  const keys = [...q.aspects.flatMap((a) => a.items), ...q.open].map((i) => i.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new AppError('VALIDATION', `题目编号「${dup}」重复，每道题的编号应不同。`, { field: 'questionnaire' });
  if (keys.some((k) => k.startsWith('课程-')))
    throw new AppError('VALIDATION', '题目编号不能以「课程-」开头（课程评分由课程表生成）。', { field: 'questionnaire' });
  const reserved = keys.find((k) => RESERVED.has(k) || k.startsWith('开放-'));
  if (reserved)
    throw new AppError('VALIDATION', `题目编号「${reserved}」留作导入文件中的总体评价或其他文字题，请换一个编号。`, {
      field: 'questionnaire',
    });
  if (new Set(q.aspects.map((a) => a.name)).size !== 4)
    throw new AppError('VALIDATION', '问卷应包含课程设置、师资力量、组织管理、实际效果四个方面，各一次。', { field: 'questionnaire' });
}

/** Question key → how many responses answered it. */
function answered(db: Db, sessionId: number): Map<string, number> {
  const rows = prepared(
    db,
    `SELECT a.question AS key, count(DISTINCT a.response_id) AS n FROM eval_answers a JOIN eval_responses r ON r.id = a.response_id
      WHERE r.session_id = ? GROUP BY a.question`,
  ).all(sessionId) as { key: string; n: number }[];
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** Refuses a change that would drop or re-mean answered questions, naming each one. */
export function guardAnswered(db: Db, sessionId: number, before: Questionnaire, after: Questionnaire): void {
  const counts = answered(db, sessionId);
  if (!counts.size) return;
  const old = places(before);
  const now = places(after);
  const lost: string[] = [];
  const moved: string[] = [];
  for (const [key, n] of counts) {
    const was = old.get(key);
    // Course ratings and the import's aspect-level and extra text columns are not questionnaire items.
    if (!was) continue;
    const is = now.get(key);
    if (!is) lost.push(`「${was.where === OPEN ? '' : `${was.where}：`}${was.text}」（${n} 份）`);
    else if (is.where !== was.where) moved.push(`「${was.text}」（${n} 份）不能从「${was.where}」移到「${is.where}」`);
  }
  if (lost.length)
    throw new AppError('CONFLICT', `题目 ${lost.join('、')} 已有作答，不能从问卷中删除（可以修改题目文字）。`, {
      field: 'questionnaire',
      questions: lost,
    });
  if (moved.length) throw new AppError('CONFLICT', `已有作答的题目不能换方面：${moved.join('；')}。`, { field: 'questionnaire' });
  if (before.rateCourses && !after.rateCourses) {
    const rated = (
      prepared(
        db,
        `SELECT count(DISTINCT a.response_id) AS n FROM eval_answers a JOIN eval_responses r ON r.id = a.response_id
          WHERE r.session_id = ? AND a.question LIKE '课程-%'`,
      ).get(sessionId) as { n: number }
    ).n;
    if (rated)
      throw new AppError('CONFLICT', `已有 ${rated} 份问卷为课程打分，不能关闭「按课程评分」（关闭后这些评分将不再计入报告）。`, {
        field: 'rateCourses',
      });
  }
}

export interface QuestionnaireChanges {
  added: { key: string; where: string; text: string }[];
  removed: { key: string; where: string; text: string }[];
  reworded: { key: string; from: string; to: string }[];
  moved: { key: string; from: string; to: string }[];
  reordered: boolean;
  rateCourses: boolean | null;
}

export function questionnaireChanges(before: Questionnaire, after: Questionnaire): QuestionnaireChanges {
  const old = places(before);
  const now = places(after);
  const order = (m: Map<string, Place>, keep: Map<string, Place>) => [...m].filter(([k]) => keep.has(k)).map(([k, p]) => `${p.where}|${k}`);
  return {
    added: [...now].filter(([k]) => !old.has(k)).map(([key, p]) => ({ key, ...p })),
    removed: [...old].filter(([k]) => !now.has(k)).map(([key, p]) => ({ key, ...p })),
    reworded: [...now].flatMap(([key, p]) => {
      const was = old.get(key);
      return was && was.text !== p.text ? [{ key, from: was.text, to: p.text }] : [];
    }),
    moved: [...now].flatMap(([key, p]) => {
      const was = old.get(key);
      return was && was.where !== p.where ? [{ key, from: was.where, to: p.where }] : [];
    }),
    reordered: order(old, now).join('\n') !== order(now, old).join('\n'),
    rateCourses: before.rateCourses === after.rateCourses ? null : after.rateCourses,
  };
}

/** 「新增 1 题、删除 1 题、改写 2 题、调整顺序」, or 「无改动」. */
export function changesText(c: QuestionnaireChanges): string {
  const parts = [
    c.added.length ? `新增 ${c.added.length} 题` : '',
    c.removed.length ? `删除 ${c.removed.length} 题` : '',
    c.reworded.length ? `改写 ${c.reworded.length} 题` : '',
    c.moved.length ? `调整方面 ${c.moved.length} 题` : '',
    c.reordered ? '调整顺序' : '',
    c.rateCourses === null ? '' : c.rateCourses ? '开启按课程评分' : '关闭按课程评分',
  ].filter(Boolean);
  return parts.length ? parts.join('、') : '无改动';
}
