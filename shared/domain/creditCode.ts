/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * set (no I, O, Z, S, V, which look like 1, 0, 2, 5, U), the last one a MOD 31 check character.
 * Some codes issued in early pilot areas do not satisfy the check, so a failed check is only a
 * warning, while a wrong length or character is an error.
 */
import { err, warn, type Issue } from './issues';
import { normalizeCode } from './normalize';

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Letters people type for a look-alike that the code never uses, for a hint in the message. */
const LOOKALIKE: Record<string, string> = { I: '数字 1', O: '数字 0', Z: '数字 2', S: '数字 5', V: '字母 U' };

/** The check character for the first 17 characters. Throws on anything else (a programming error). */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`creditCodeCheckChar: expected 17 characters, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`creditCodeCheckChar: "${first17[i]}" is not allowed in a credit code`);
    sum += v * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

export interface CreditCodeValidation {
  /** The normalised code (upper case, no spaces), also when it has issues, so it can be shown. */
  value: string;
  issues: Issue[];
}

/** Errors CREDIT_CODE_REQUIRED, CREDIT_CODE_FORMAT; warning CREDIT_CODE_CHECKSUM. */
export function validateCreditCode(raw: unknown): CreditCodeValidation {
  const value = normalizeCode(raw);
  if (value === '') return { value, issues: [err('CREDIT_CODE_REQUIRED', '统一社会信用代码不能为空。')] };
  const chars = [...value];
  if (chars.length !== 18)
    return {
      value,
      issues: [
        err('CREDIT_CODE_FORMAT', `统一社会信用代码应为 18 位，「${value}」是 ${chars.length} 位，请对照营业执照核对是否多输或漏输。`),
      ],
    };
  const bad = chars.findIndex((c) => !CREDIT_CODE_CHARSET.includes(c));
  if (bad >= 0) {
    const c = chars[bad];
    const hint = LOOKALIKE[c] ? `，可能是把${LOOKALIKE[c]}错输成了字母 ${c}` : '';
    return {
      value,
      issues: [
        err(
          'CREDIT_CODE_FORMAT',
          `统一社会信用代码「${value}」的第 ${bad + 1} 位「${c}」不是允许的字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）${hint}，请对照营业执照核对。`,
        ),
      ],
    };
  }
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17])
    return {
      value,
      issues: [
        warn(
          'CREDIT_CODE_CHECKSUM',
          `统一社会信用代码「${value}」未通过校验位检查，可能有输错或顺序颠倒的字符，请对照营业执照逐位核对。少数早期试点地区发放的代码本身不符合校验规则，如核对无误可忽略此提示。`,
        ),
      ],
    };
  return { value, issues: [] };
}
