/**
 * The contract's methods for the course timetable and the anonymous evaluation (issue 10 §1–§2).
 * Spread into `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import { ASPECTS, type Questionnaire, type SatisfactionDefinition } from './domain/evaluation';
import type { EvaluationImportResult, EvaluationReport, TimetableCourse } from './domain/evaluationTypes';
import { COURSE_KINDS } from './domain/evaluationTypes';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const fileInput = z.object({ path: filePath, name: text(260).optional() }).strict();
const questionKey = z.string().min(1).max(60);

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

const course = z
  .object({
    slotSeq: z.number().int().min(1, '时段序号从 1 开始').max(200),
    title: text(200).min(1, '请填写课程名称'),
    teacher: text(100).default(''),
    teacherTitle: text(200).default(''),
    kind: z.enum(COURSE_KINDS).default('讲授'),
  })
  .strict();

const item = z.object({ key: questionKey, text: text(200).min(1, '请填写题目') }).strict();
const questionnaire = z
  .object({
    aspects: z
      .array(
        z.object({ name: z.enum(ASPECTS), items: z.array(item).min(1, '每个方面至少一道题').max(20, '每个方面最多 20 道题') }).strict(),
      )
      .length(4, '问卷应包含课程设置、师资力量、组织管理、实际效果四个方面'),
    rateCourses: z.boolean(),
    open: z.array(item).max(10, '开放题最多 10 道'),
  })
  .strict();

export const evaluationContract = {
  'timetable.list': method<TimetableCourse[]>()(z.object({ sessionId: id }).strict(), 'query'),
  'timetable.set': method<TimetableCourse[]>()(
    z.object({ sessionId: id, courses: z.array(course).max(500, '课程太多（最多 500 门）') }).strict(),
    'mutation',
  ),
  'evaluation.questionnaire': method<Questionnaire>()(z.object({ sessionId: id }).strict(), 'query'),
  'evaluation.setQuestionnaire': method<Questionnaire>()(z.object({ sessionId: id, questionnaire }).strict(), 'mutation'),
  /** One returned sheet or one kiosk submission: ratings 1–5 and text answers by question key. */
  'evaluation.addResponse': method<{ responseId: number; responses: number }>()(
    z
      .object({
        sessionId: id,
        source: z.enum(['paper', 'kiosk']),
        ratings: z.record(questionKey, z.number().int().min(1, '评分应为 1–5').max(5, '评分应为 1–5')),
        texts: z.record(questionKey, text(2000)).default({}),
      })
      .strict(),
    'mutation',
  ),
  'evaluation.import': method<EvaluationImportResult>()(
    z.object({ sessionId: id, file: fileInput, dryRun: z.boolean().default(false) }).strict(),
    'mutation',
  ),
  'evaluation.report': method<EvaluationReport>()(z.object({ sessionId: id }).strict(), 'query'),
  'evaluation.setDefinition': method<{ definition: SatisfactionDefinition }>()(
    z.object({ definition: z.enum(['top2', 'top3']) }).strict(),
    'mutation',
  ),
};
