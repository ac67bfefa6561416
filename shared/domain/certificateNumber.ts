/**
 * Certificate numbering patterns, e.g. `LJ2025-{session:02}-{seq:03}`: {year}, {session[:width]},
 * {seq[:width]} (zero-padded). Only upper-case letters, digits and '-' besides the tokens, so a
 * number travels in the QR code's compact alphanumeric mode and reads aloud unambiguously.
 */

export const DEFAULT_NUMBER_PATTERN = 'ZS{year}-{session:02}-{seq:03}';

const TOKEN = /\{(year|session|seq)(?::(\d{1,2}))?\}/g;

/** A message saying what is wrong with the pattern, or null when it is usable. */
export function patternProblem(pattern: string): string | null {
  if (!pattern.trim()) return '请填写证书编号规则';
  const seqs = [...pattern.matchAll(/\{seq(?::\d{1,2})?\}/g)].length;
  if (seqs !== 1) return '编号规则中应有且只有一个 {seq}（顺序号），例如 LJ2025-{session:02}-{seq:03}';
  const rest = pattern.replace(TOKEN, '');
  if (/[{}]/.test(rest)) return '编号规则中有无法识别的 {…}：只能用 {year}、{session}、{seq}，可写宽度如 {seq:03}';
  if (!/^[A-Z0-9-]*$/.test(rest)) return '编号规则只能用大写字母、数字和短横线 -（以便印入二维码）';
  if (pattern.replace(TOKEN, 'X').length > 30) return '编号规则太长，编号请不超过 30 个字符';
  return null;
}

function pad(n: number, width: string | undefined): string {
  return width ? String(n).padStart(Number(width), '0') : String(n);
}

/** The number for `seq`; `scope` is the text with {seq} left in, which is what the counter counts by. */
export function expandPattern(pattern: string, v: { year: number; session: number; seq: number }): string {
  return pattern.replace(TOKEN, (_m, k: string, w: string | undefined) =>
    k === 'year' ? String(v.year) : k === 'session' ? pad(v.session, w) : pad(v.seq, w),
  );
}

export function patternScope(pattern: string, v: { year: number; session: number }): string {
  return pattern.replace(TOKEN, (m, k: string, w: string | undefined) =>
    k === 'year' ? String(v.year) : k === 'session' ? pad(v.session, w) : m,
  );
}
