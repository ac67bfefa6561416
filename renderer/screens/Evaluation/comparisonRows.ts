/**
 * 多期对比 as rows: the four aspects (their items beneath, matched across sessions by wording, since
 * each session may word its own questionnaire) and 总体 over all four, one cell per session, with the
 * highest and lowest mean and 满意率 of each row marked when the sessions differ.
 */
import { figures, type Figures, type Rating, type SatisfactionDefinition } from '../../../shared/domain/evaluation';
import type { EvaluationReport } from '../../../shared/domain/evaluationTypes';

export type Metric = 'mean' | 'satisfaction';
export type Mark = 'best' | 'worst' | null;

export interface ComparisonRow {
  key: string;
  name: string;
  kind: 'aspect' | 'item' | 'overall';
  /** One per session, in the order given; null when that session's questionnaire has no such item. */
  cells: (Figures | null)[];
  marks: Record<Metric, Mark[]>;
  children?: ComparisonRow[];
}

/** Figures over the answers counted in several distributions (the same as over the answers themselves). */
export function pooled(parts: Figures[], definition: SatisfactionDefinition): Figures {
  const ratings: number[] = [];
  for (const f of parts) for (const r of [5, 4, 3, 2, 1] as Rating[]) for (let i = 0; i < f.distribution[r]; i++) ratings.push(r);
  return figures(ratings, definition);
}

function marksOf(cells: (Figures | null)[]): Record<Metric, Mark[]> {
  const of = (m: Metric): Mark[] => {
    const values = cells.map((c) => (c && c.answers ? c[m] : null));
    const known = values.filter((v): v is number => v !== null);
    if (known.length < 2) return values.map(() => null);
    const hi = Math.max(...known);
    const lo = Math.min(...known);
    if (hi === lo) return values.map(() => null);
    return values.map((v) => (v === hi ? 'best' : v === lo ? 'worst' : null));
  };
  return { mean: of('mean'), satisfaction: of('satisfaction') };
}

const row = (key: string, name: string, kind: ComparisonRow['kind'], cells: (Figures | null)[]): ComparisonRow => ({
  key,
  name,
  kind,
  cells,
  marks: marksOf(cells),
});

export function comparisonRows(reports: EvaluationReport[]): ComparisonRow[] {
  const definition = reports[0]?.definition ?? 'top2';
  const names = reports[0]?.aspects.map((a) => a.name) ?? [];
  const aspects = names.map((name) => {
    const per = reports.map((r) => r.aspects.find((a) => a.name === name)!);
    const wordings = [...new Set(per.flatMap((a) => a.items.map((i) => i.name)))];
    const items = wordings.map((w, i) =>
      row(
        `${name}|${i}`,
        w,
        'item',
        per.map((a) => a.items.find((x) => x.name === w) ?? null),
      ),
    );
    return { ...row(name, name, 'aspect', per), children: items };
  });
  const overall = row(
    '总体',
    '总体',
    'overall',
    reports.map((r) => pooled(r.aspects, definition)),
  );
  return [...aspects, overall];
}
