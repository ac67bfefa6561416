/** What the timetable and evaluation methods answer (issue 10 §1–§2). */
import type { Figures, SatisfactionDefinition } from './evaluation';

export const COURSE_KINDS = ['讲授', '案例研讨', '现场教学', '交流'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export interface TimetableCourse {
  id: number;
  sessionId: number;
  slotSeq: number;
  title: string;
  teacher: string;
  teacherTitle: string;
  kind: CourseKind;
}

export interface EvaluationImportResult {
  /** Rows without errors: what an import writes (a dry run: would write). */
  valid: number;
  imported: number;
  rejected: number;
  warnings: number;
  /** The registration import's shape: row as Excel numbers it, the column's header, a stable code, a Chinese message. */
  errors: { row: number; column: string; code: string; message: string }[];
  /** How each column of the file was read: the question it answers, or why it was left aside. */
  columns: { column: string; header: string; question: string | null; note: string }[];
}

export interface FigureLine extends Figures {
  name: string;
}

export interface EvaluationReport {
  sessionId: number;
  responses: number;
  definition: SatisfactionDefinition;
  /** Printed under every figure. */
  definitionText: string;
  /** The four aspects, each over all answers to all its items. */
  aspects: (FigureLine & { items: (FigureLine & { key: string })[] })[];
  courses: (FigureLine & { courseId: number; teacher: string; slotSeq: number })[];
  comments: { question: string; texts: string[] }[];
}

/** A course as read from an institution's timetable file: where it goes in the session's schedule. */
export interface ImportedCourse {
  /** The row it was read from, as Excel numbers it. */
  row: number;
  slotSeq: number;
  /** YYYY-MM-DD */
  date: string;
  part: '上午' | '下午' | '晚上';
  title: string;
  teacher: string;
  teacherTitle: string;
  kind: CourseKind;
  /** Why a word was read as it was (a kind guessed, a teacher's title split off). */
  note: string;
}

export interface TimetableImportResult {
  dryRun: boolean;
  /** True when the timetable was replaced (not on a dry run, nor when rows have errors). */
  written: boolean;
  courses: ImportedCourse[];
  /** The registration import's shape: row as Excel numbers it, the column's header, a stable code, a Chinese message. */
  errors: { row: number; column: string; code: string; message: string }[];
  /** Rows read but left aside (报到, 午餐, a ceremony without a teacher…) and other remarks. */
  warnings: { row: number; message: string }[];
  /** How each column was read: the field it fills, or why it was left aside. */
  columns: { column: string; header: string; field: string | null; note: string }[];
  /** Against the stored timetable: courses that keep their id (and ratings), new ones, dropped ones. */
  kept: number;
  added: number;
  removed: number;
}
