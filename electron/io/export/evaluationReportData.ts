/** What the evaluation report writers (.xlsx and PDF) are given, and how they show a figure. */
import { RATING_LABELS, type Figures, type Rating } from '../../../shared/domain/evaluation';
import type { EvaluationReport } from '../../../shared/domain/evaluationTypes';

export interface SessionReport {
  /** 「2025年领军人才培训」 */
  programme: string;
  /** 「2025年第1期」: a column or sheet name. */
  label: string;
  /** 「第1期 数字化转型专题班 2025年6月23日至2025年6月26日」 */
  session: string;
  report: EvaluationReport;
}

export interface EvaluationReportData {
  title: string;
  sessions: SessionReport[];
  /** The setting in force, printed under every table and figure. */
  definitionText: string;
  fontPath?: string;
  signal?: AbortSignal;
}

/** 5 … 1, the order of every distribution column and bar. */
export const RATINGS: Rating[] = [5, 4, 3, 2, 1];
export const RATING_HEADERS = RATINGS.map((r) => RATING_LABELS[r]);

export const meanText = (f: Pick<Figures, 'mean'>) => (f.mean === null ? '—' : f.mean.toFixed(2));
export const pctText = (f: Pick<Figures, 'satisfaction'>) => (f.satisfaction === null ? '—' : `${(f.satisfaction * 100).toFixed(1)}%`);
