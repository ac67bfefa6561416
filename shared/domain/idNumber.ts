/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit area code, 8-digit birth date,
 * 3-digit sequence (17th digit odd = male, even = female) and an ISO 7064 MOD 11-2 check character.
 * The check character catches every single wrong digit and every swap of two neighbouring digits,
 * which is why a failed check is an error and not a warning.
 */
import { err, type Issue } from './issues';
import { normalizeCode } from './normalize';

export type IdGender = '男' | '女';

export interface IdValidation {
  /** The normalised number (upper-case X), or what was received when it cannot be used. */
  value: string;
  /** 'YYYY-MM-DD', only when the number is well formed and the birth date is a real past date. */
  birthDate?: string;
  /** From the 17th digit, whenever the number is well formed. */
  gender?: IdGender;
  issues: Issue[];
}

export interface IdValidationOptions {
  /** The gender recorded elsewhere on the form, checked against the 17th digit. */
  gender?: IdGender;
  /** "Now" for the future-birth-date check (tests pass a fixed day); default: the current local day. */
  today?: Date;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. Throws on anything but 17 digits (a programming error). */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`idCheckChar: expected 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

const storedAsNumber = (shown: string): Issue =>
  err(
    'ID_STORED_AS_NUMBER',
    `身份证号「${shown}」被 Excel 当作数字保存了。Excel 的数字只保留 15 位有效数字，18 位身份证号的最后几位已经丢失，无法从表格中恢复。` +
      '请把该列的单元格格式设为「文本」，再对照身份证原件重新输入完整的 18 位号码。',
  );

/**
 * Does this text look like an 18-digit number that went through an Excel number cell? Excel keeps
 * 15 significant digits, so the text ends in 000; a real number ending in 000 passes the check.
 * (JavaScript's own 17-digit form ends in fewer zeros but arrives as a number, caught earlier.)
 */
function looksLikeLostDigits(s: string): boolean {
  return /^\d{15}000$/.test(s) && idCheckChar(s.slice(0, 17)) !== s[17];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Why the 8 birth-date digits are unusable, or null when they are a real date between 1900 and today. */
function birthDateProblem(y: number, m: number, d: number, today: Date): string | null {
  const last = m >= 1 && m <= 12 ? new Date(Date.UTC(y, m, 0)).getUTCDate() : 0;
  if (m < 1 || m > 12 || d < 1 || d > last) return `其中的出生日期 ${y}年${m}月${d}日 不存在`;
  if (y < 1900) return `其中的出生年份 ${y} 早于 1900 年`;
  const todayText = `${today.getFullYear()}${pad2(today.getMonth() + 1)}${pad2(today.getDate())}`;
  if (`${y}${pad2(m)}${pad2(d)}` > todayText) return `其中的出生日期 ${y}年${m}月${d}日 晚于今天`;
  return null;
}

/**
 * Validates a resident ID number from a form or a cell. Errors: ID_STORED_AS_NUMBER, ID_REQUIRED,
 * ID_FORMAT, ID_BIRTHDATE, ID_CHECKSUM, ID_GENDER_MISMATCH. A bad birth date and a bad check
 * character are both reported: together they point at a typo in the date digits.
 */
export function validateIdNumber(raw: unknown, opts: IdValidationOptions = {}): IdValidation {
  // A numeric cell: an 18-digit ID is past 15 significant digits, so its tail is already gone.
  if (typeof raw === 'number' && Number.isFinite(raw) && Math.abs(raw) >= 1e15) {
    const shown = normalizeCode(raw);
    return { value: shown, issues: [storedAsNumber(shown)] };
  }
  const value = normalizeCode(raw);
  if (value === '') return { value, issues: [err('ID_REQUIRED', '身份证号不能为空。')] };
  // The same number as text: "4.40101199001012E+17" (how Excel shows it) or "440101199001011200.0".
  if (/^\d(?:\.\d+)?E\+?\d+$/.test(value) || /^\d{16,}\.0+$/.test(value)) return { value, issues: [storedAsNumber(value)] };
  if (looksLikeLostDigits(value)) return { value, issues: [storedAsNumber(value)] };

  if (/^\d{15}$/.test(value))
    return { value, issues: [err('ID_FORMAT', `身份证号「${value}」是 15 位的第一代身份证号码，请填写 18 位的第二代居民身份证号码。`)] };
  const chars = [...value];
  if (chars.length !== 18)
    return { value, issues: [err('ID_FORMAT', `身份证号应为 18 位，「${value}」是 ${chars.length} 位，请核对是否多输或漏输。`)] };
  const bad = chars.findIndex((c, i) => !(/\d/.test(c) || (i === 17 && c === 'X')));
  if (bad >= 0)
    return {
      value,
      issues: [
        err(
          'ID_FORMAT',
          `身份证号「${value}」的第 ${bad + 1} 位「${chars[bad]}」不正确：身份证号由 18 位数字组成，只有最后一位可以是字母 X。`,
        ),
      ],
    };

  const issues: Issue[] = [];
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const problem = birthDateProblem(y, m, d, opts.today ?? new Date());
  if (problem) issues.push(err('ID_BIRTHDATE', `身份证号「${value}」${problem}，请对照身份证原件核对第 7—14 位。`));
  if (idCheckChar(value.slice(0, 17)) !== value[17])
    issues.push(err('ID_CHECKSUM', `身份证号「${value}」未通过校验，号码中可能有输错或顺序颠倒的数字，请对照身份证原件逐位核对。`));
  const gender: IdGender = Number(value[16]) % 2 === 1 ? '男' : '女';
  if (opts.gender && opts.gender !== gender)
    issues.push(
      err(
        'ID_GENDER_MISMATCH',
        `性别填写为「${opts.gender}」，但身份证号第 17 位表示「${gender}」（奇数为男、偶数为女），请核对性别或身份证号。`,
      ),
    );
  const result: IdValidation = { value, gender, issues };
  if (!problem) result.birthDate = `${y}-${pad2(m)}-${pad2(d)}`;
  return result;
}
