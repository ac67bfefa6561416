/**
 * The questionnaire being edited (问卷设置): new items' keys, moves, and what must be fixed before it
 * can be saved. Keys are what answers are stored under, so a new item never takes a key in use or one
 * its session already had: it gets the next number after every key seen with its prefix.
 */
import type { Aspect, QuestionItem, Questionnaire } from '../../../shared/domain/evaluation';

export const MAX_OPEN = 10;
export const MAX_ITEMS = 20;
/** The prefix of open questions' keys, as in DEFAULT_QUESTIONNAIRE (「意见-1」). */
export const OPEN_PREFIX = '意见';

/** 「组织管理-3」 after 「组织管理-1」「组织管理-2」: one more than the highest number seen with the prefix. */
export function nextItemKey(prefix: string, seen: Iterable<string>): string {
  let highest = 0;
  const own = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  for (const k of seen) {
    const m = own.exec(k);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return `${prefix}-${highest + 1}`;
}

export function allKeys(q: Questionnaire): string[] {
  return [...q.aspects.flatMap((a) => a.items), ...q.open].map((i) => i.key);
}

/** The list with item `i` moved by `by` places (−1 up, +1 down); unchanged at either end. */
export function moved<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

function listErrors(where: string, items: QuestionItem[]): string[] {
  const errors: string[] = [];
  items.forEach((item, i) => {
    if (!item.text.trim()) errors.push(`${where}第 ${i + 1} 题还没有填写题目`);
  });
  const texts = items.map((i) => i.text.trim()).filter(Boolean);
  const twice = texts.find((t, i) => texts.indexOf(t) !== i);
  if (twice) errors.push(`${where}中「${twice}」出现了两次`);
  return errors;
}

/** What stops the draft from being saved, in words; empty when it can be saved. */
export function draftErrors(q: Questionnaire): string[] {
  const errors: string[] = [];
  for (const a of q.aspects) {
    if (!a.items.length) errors.push(`「${a.name}」至少要有一道题`);
    if (a.items.length > MAX_ITEMS) errors.push(`「${a.name}」最多 ${MAX_ITEMS} 道题`);
    errors.push(...listErrors(`「${a.name}」`, a.items));
  }
  if (q.open.length > MAX_OPEN) errors.push(`开放题最多 ${MAX_OPEN} 道`);
  errors.push(...listErrors('开放题', q.open));
  return errors;
}

export function withAspect(q: Questionnaire, name: Aspect, items: (items: QuestionItem[]) => QuestionItem[]): Questionnaire {
  return { ...q, aspects: q.aspects.map((a) => (a.name === name ? { ...a, items: items(a.items) } : a)) };
}
