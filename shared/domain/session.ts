import { normalizeText } from './normalize';

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Small Chinese numerals as they appear in 期次: 三, 十, 十二, 二十一. */
function chineseNumber(t: string): number | null {
  if (!/^[零〇一二两三四五六七八九十]+$/.test(t)) return null;
  if (!t.includes('十')) return t.length === 1 ? CN_DIGITS[t] : null;
  const [tens, ones] = t.split('十');
  return (tens ? CN_DIGITS[tens] : 1) * 10 + (ones ? CN_DIGITS[ones] : 0);
}

/** 期次 as written in forms: 3, "3", "第3期", "第三期", "三期", "3期" → 3; blank → null; anything else → NaN. */
export function parseSessionNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : NaN;
  const t = normalizeText(v).replace(/\s+/g, '');
  if (!t) return null;
  const m = /^第?([0-9]+|[零〇一二两三四五六七八九十]+)(期|班|期班)?$/.exec(t);
  if (!m) return NaN;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : chineseNumber(m[1]);
  return n && n > 0 ? n : NaN;
}
