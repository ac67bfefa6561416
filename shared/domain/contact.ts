/**
 * Mobile numbers and e-mail addresses of trainees and liaisons. Both are optional on the forms,
 * so an empty value is not an issue; a filled-in value must be usable to reach the person.
 */
import { err, type Issue } from './issues';
import { normalizePhone, normalizeText } from './normalize';

export interface ContactValidation {
  /** The normalised value ('' when empty), also when it has issues, so it can be shown. */
  value: string;
  issues: Issue[];
}

/** Mainland mobile numbers: 11 digits, 13x–19x. Errors: MOBILE_FORMAT. */
export function validateMobile(raw: unknown): ContactValidation {
  const value = normalizePhone(raw);
  if (value === '' || /^1[3-9]\d{9}$/.test(value)) return { value, issues: [] };
  const digits = value.replace(/\D/g, '');
  const detail = /\D/.test(value) ? '只能填写一个手机号，且只含数字' : `应为以 1 开头的 11 位数字，现为 ${digits.length} 位`;
  return { value, issues: [err('MOBILE_FORMAT', `手机号「${value}」格式不正确：${detail}，请核对。`)] };
}

/**
 * Practical, not RFC 5322: letters, digits and ._%+-'! etc. before @, a dotted domain of
 * LDH labels ending in a top-level domain of 2+ letters. No dot at either end of the local part.
 */
const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** E-mail: NFKC (full-width ＠ becomes @), trimmed, domain in lower case. Errors: EMAIL_FORMAT. */
export function validateEmail(raw: unknown): ContactValidation {
  const text = normalizeText(raw).replace(/^mailto:/i, '');
  if (text === '') return { value: '', issues: [] };
  const at = text.lastIndexOf('@');
  const value = at > 0 ? text.slice(0, at) + '@' + text.slice(at + 1).toLowerCase() : text;
  if (EMAIL.test(value)) return { value, issues: [] };
  let hint = '';
  if (/[。，、；;,\s]/.test(value)) hint = '（其中含有空格、中文句号或逗号等字符，一栏只能填写一个邮箱）';
  else if (at < 0) hint = '（缺少 @ 符号）';
  return { value, issues: [err('EMAIL_FORMAT', `电子邮箱「${value}」格式不正确${hint}，应类似 name@example.com，请核对。`)] };
}
