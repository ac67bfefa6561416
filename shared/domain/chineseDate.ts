/**
 * Dates as certificates print them: 2025年6月26日, or in Chinese numerals 二〇二五年六月二十六日
 * (the year digit by digit with 〇; month and day as spoken numbers). Pure, for the PDF and the preview.
 */

export type ChineseDateStyle = 'digits' | 'chinese';

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function parse(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new Error(`no such date: ${iso}`);
  return [y, mo, d];
}

/** 1..31 as spoken: 十, 十一, 二十, 二十六, 三十一. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`out of range: ${n}`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

export function chineseYear(y: number): string {
  return [...String(y)].map((c) => DIGITS[Number(c)]).join('');
}

export function formatChineseDate(iso: string, style: ChineseDateStyle = 'digits'): string {
  const [y, m, d] = parse(iso);
  if (style === 'chinese') return `${chineseYear(y)}年${chineseNumber(m)}月${chineseNumber(d)}日`;
  return `${y}年${m}月${d}日`;
}

/**
 * A span as the sentence says it: 2025年6月23日至6月26日; the year is not repeated inside one year,
 * nor the month inside one month (2025年6月23日至26日 reads oddly in official text, so the month stays).
 */
export function formatChineseRange(startIso: string, endIso: string, style: ChineseDateStyle = 'digits'): string {
  const [y1] = parse(startIso);
  const [y2, m2, d2] = parse(endIso);
  const start = formatChineseDate(startIso, style);
  if (startIso === endIso) return start;
  if (y1 !== y2) return `${start}至${formatChineseDate(endIso, style)}`;
  const tail = style === 'chinese' ? `${chineseNumber(m2)}月${chineseNumber(d2)}日` : `${m2}月${d2}日`;
  return `${start}至${tail}`;
}
