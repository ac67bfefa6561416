/**
 * 培训效果评价 (issue 10 §2): the four aspects the notices name, the five-point scale, reading a
 * rating however it was written (words, digits, both), and the figures: answers, mean and 满意率.
 * Anonymous by construction: nothing here knows a trainee.
 */

export const ASPECTS = ['课程设置', '师资力量', '组织管理', '实际效果'] as const;
export type Aspect = (typeof ASPECTS)[number];

/** 5 … 1, best first. */
export const SCALE = [
  { value: 5, label: '非常满意' },
  { value: 4, label: '满意' },
  { value: 3, label: '基本满意' },
  { value: 2, label: '不满意' },
  { value: 1, label: '非常不满意' },
] as const;
export type Rating = 1 | 2 | 3 | 4 | 5;

export const RATING_LABELS: Record<Rating, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/** Which answers count as satisfied: (非常满意 + 满意), or counting 基本满意 as well. A setting. */
export type SatisfactionDefinition = 'top2' | 'top3';
export const SATISFACTION_DEFINITIONS: Record<SatisfactionDefinition, { lowest: Rating; text: string }> = {
  top2: { lowest: 4, text: '满意率 =（非常满意 + 满意）÷ 该题作答人数' },
  top3: { lowest: 3, text: '满意率 =（非常满意 + 满意 + 基本满意）÷ 该题作答人数' },
};

export interface QuestionItem {
  /** Stable within the questionnaire, e.g. "课程设置-1". */
  key: string;
  text: string;
}

export interface Questionnaire {
  aspects: { name: Aspect; items: QuestionItem[] }[];
  /** One rating per course of the timetable. */
  rateCourses: boolean;
  open: QuestionItem[];
}

export const DEFAULT_QUESTIONNAIRE: Questionnaire = {
  aspects: [
    {
      name: '课程设置',
      items: [
        { key: '课程设置-1', text: '课程内容符合企业经营管理需要' },
        { key: '课程设置-2', text: '课程安排与学时合理' },
      ],
    },
    {
      name: '师资力量',
      items: [
        { key: '师资力量-1', text: '授课教师理论水平与实践经验' },
        { key: '师资力量-2', text: '授课方式与课堂互动' },
      ],
    },
    {
      name: '组织管理',
      items: [
        { key: '组织管理-1', text: '班级组织与服务保障' },
        { key: '组织管理-2', text: '食宿与教学条件' },
      ],
    },
    {
      name: '实际效果',
      items: [
        { key: '实际效果-1', text: '对提升经营管理能力的帮助' },
        { key: '实际效果-2', text: '对企业发展的启发' },
      ],
    },
  ],
  rateCourses: true,
  open: [
    { key: '意见-1', text: '对本期培训的意见和建议' },
    { key: '意见-2', text: '希望今后增加的课程或活动' },
  ],
};

export type ParsedRating = { rating: Rating } | { blank: true } | { error: string };

const FULLWIDTH = /[０-９]/g;
const WORDS = [...SCALE].sort((a, b) => b.label.length - a.label.length);

/**
 * A rating as survey tools and hands write it: 5, "5", "５", "5分", "非常满意", "A.非常满意",
 * "5-非常满意", "非常满意(5)". A digit and a word that disagree, or anything else, is an error
 * for the person to fix; empty is unanswered.
 */
export function parseRating(v: unknown): ParsedRating {
  if (v === null || v === undefined) return { blank: true };
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1 && v <= 5) return { rating: v as Rating };
    return { error: `「${v}」不在 1–5 之间` };
  }
  const text = String(v)
    .replace(FULLWIDTH, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '');
  if (!text || text === '-' || text === '—' || text === '(跳过)' || text === '（跳过）' || text === '(空)') return { blank: true };
  const word = WORDS.find((w) => text.includes(w.label));
  // Digits 1–5 standing alone (not inside a larger number such as 10 or 2025).
  const digits = [...text.matchAll(/(?<![0-9.])([0-9]+(?:\.[0-9]+)?)(?![0-9.])/g)].map((m) => m[1]);
  const digit = digits.length === 1 && /^[1-5](\.0+)?$/.test(digits[0]) ? (Number(digits[0]) as Rating) : null;
  if (digits.length > 1 || (digits.length === 1 && digit === null && !word))
    return { error: `「${String(v).slice(0, 40)}」不是五级评价（应为 1–5 或 非常满意/满意/基本满意/不满意/非常不满意）` };
  if (word && digit !== null && word.value !== digit)
    return { error: `「${String(v).slice(0, 40)}」中的分数 ${digit} 与「${word.label}」不一致` };
  if (word) return { rating: word.value };
  if (digit !== null) return { rating: digit };
  return { error: `「${String(v).slice(0, 40)}」不是五级评价（应为 1–5 或 非常满意/满意/基本满意/不满意/非常不满意）` };
}

export interface Figures {
  answers: number;
  /** 5 … 1, two decimals; null without answers. */
  mean: number | null;
  /** Share of satisfied answers under the definition, four decimals; null without answers. */
  satisfaction: number | null;
  /** Count per rating, 5 … 1. */
  distribution: Record<Rating, number>;
}

const round = (x: number, places: number) => {
  const f = 10 ** places;
  // Round half up on the decimal value (4.365 → 4.37), not on its binary approximation.
  return Math.round(Number((x * f).toFixed(6))) / f;
};

export function figures(ratings: Iterable<number>, definition: SatisfactionDefinition = 'top2'): Figures {
  const distribution: Record<Rating, number> = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
  let n = 0;
  let sum = 0;
  for (const r of ratings) {
    distribution[r as Rating]++;
    n++;
    sum += r;
  }
  if (!n) return { answers: 0, mean: null, satisfaction: null, distribution };
  const lowest = SATISFACTION_DEFINITIONS[definition].lowest;
  let satisfied = 0;
  for (const r of [5, 4, 3, 2, 1] as Rating[]) if (r >= lowest) satisfied += distribution[r];
  return { answers: n, mean: round(sum / n, 2), satisfaction: round(satisfied / n, 4), distribution };
}

/** The key a course's rating is stored under. */
export const courseKey = (courseId: number) => `课程-${courseId}`;
