/**
 * Dates as they arrive from forms and spreadsheets: Date objects (exceljs gives UTC midnight),
 * Excel serial numbers, and the many ways people type a date or a month ("1980.05", "1980年5月",
 * "19800501"...). The result is plain text, 'YYYY-MM-DD' or 'YYYY-MM', so no time zone can shift it.
 */
import { err, type Issue } from './issues';
import { normalizeText } from './normalize';

export type DatePrecision = 'day' | 'month';

export type DateParseResult = { ok: true; value: string; precision: DatePrecision } | { ok: false; issue: Issue };

export interface DateParseOptions {
  /** The workbook uses the 1904 date system (old Mac Excel): serial 0 is 1904-01-01. */
  date1904?: boolean;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const DAY_MS = 86_400_000;
/** Latest serial Excel itself accepts (9999-12-31); larger numbers are not dates at all. */
const MAX_EXCEL_SERIAL = 2_958_465;
const EXAMPLES = '请写成 1980-05-01、1980年5月1日、1980.05 或 1980年5月 这样的格式';

const pad2 = (n: number): string => String(n).padStart(2, '0');

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

const fail = (issue: Issue): DateParseResult => ({ ok: false, issue });

/** Checks the parts and builds the text; `shown` is what the user wrote, quoted in messages. */
function build(y: number, m: number, d: number | null, shown: string): DateParseResult {
  if (y < MIN_YEAR || y > MAX_YEAR)
    return fail(err('DATE_OUT_OF_RANGE', `日期「${shown}」的年份 ${y} 超出了 ${MIN_YEAR}—${MAX_YEAR} 年的范围，请核对年份是否写错。`));
  if (m < 1 || m > 12) return fail(err('DATE_INVALID', `日期「${shown}」的月份 ${m} 不存在（应为 1—12），请核对。`));
  if (d === null) return { ok: true, value: `${y}-${pad2(m)}`, precision: 'month' };
  const last = daysInMonth(y, m);
  if (d < 1 || d > last) return fail(err('DATE_INVALID', `日期「${shown}」不存在（${y}年${m}月只有 ${last} 天），请核对。`));
  return { ok: true, value: `${y}-${pad2(m)}-${pad2(d)}`, precision: 'day' };
}

/** UTC calendar day of an instant; from 23:59:59 on it counts as the next day (float noise in serial→Date conversions). */
function fromInstant(ms: number, shown: string): DateParseResult {
  const t = new Date(ms + 1000);
  return build(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), shown);
}

/** Excel serial number → day. 1900 system copies Lotus's fictitious 1900-02-29 (serial 60). */
function fromSerial(serial: number, date1904: boolean): DateParseResult {
  const shown = String(serial);
  // Fractions are times of day; a hair under the next whole day is float noise, not 23:59:59.99.
  const day = Math.floor(serial + 1e-6);
  if (date1904) {
    if (day < 0) return fail(err('DATE_UNRECOGNISED', `无法把数字「${shown}」识别为日期，${EXAMPLES}。`));
    return fromInstant(Date.UTC(1904, 0, 1) + day * DAY_MS, shown);
  }
  if (day < 1) return fail(err('DATE_UNRECOGNISED', `无法把数字「${shown}」识别为日期，${EXAMPLES}。`));
  if (day === 60) return fail(err('DATE_INVALID', `日期序号 60 对应 Excel 中并不存在的 1900年2月29日，请核对该单元格的日期。`));
  // Serial 1 = 1900-01-01; from 61 on everything is one day later than a true count because of day 60.
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return fromInstant(base + day * DAY_MS, shown);
}

const yearOnly = (shown: string): DateParseResult =>
  fail(err('DATE_INCOMPLETE', `日期「${shown}」只有年份，请补充月份，例如 ${shown.replace(/年$/, '')}年5月。`));

function fromNumber(v: number, date1904: boolean): DateParseResult {
  const shown = String(v);
  const unrecognised = (): DateParseResult => fail(err('DATE_UNRECOGNISED', `无法把数字「${shown}」识别为日期，${EXAMPLES}。`));
  if (!Number.isFinite(v)) return unrecognised();
  if (Number.isInteger(v)) {
    // Typed into a "General" cell, 19800501 and 198005 are stored as plain numbers; as serials they
    // would be far past the year 2100, so reading them as written clashes with nothing.
    if (v >= 19000101 && v <= 21001231) return fromString(shown);
    if (v >= 190001 && v <= 210012) return fromString(shown);
    // A bare year; as a serial it would mean a day in 1905, which no trainee or enterprise has.
    if (v >= MIN_YEAR && v <= MAX_YEAR) return yearOnly(shown);
  } else if (v > MIN_YEAR && v < MAX_YEAR + 1) {
    // "1980.05" typed into a "General" cell becomes the number 1980.05. "1980.10" becomes 1980.1,
    // which cannot be told apart from "1980.1", so that one case is refused rather than guessed.
    const m = /^(\d{4})\.(\d{1,2})$/.exec(shown);
    if (!m) return unrecognised();
    if (m[2] === '1')
      return fail(
        err(
          'DATE_AMBIGUOUS',
          `「${shown}」可能是 ${m[1]}年1月，也可能是 ${m[1]}年10月（Excel 会把输入的 ${m[1]}.10 存成数字 ${shown}）。请把该列设为“文本”格式后重新输入，或写成「${m[1]}年10月」这样的形式。`,
        ),
      );
    return build(Number(m[1]), Number(m[2]), null, shown);
  }
  if (v < 0 || v > MAX_EXCEL_SERIAL) return unrecognised();
  return fromSerial(v, date1904);
}

/** Trailing time of day in "1980-05-01 00:00:00" or an ISO timestamp; the calendar date is taken as written. */
const TIME_SUFFIX = /(?<=^\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

function fromString(raw: string): DateParseResult {
  const shown = normalizeText(raw);
  // People put spaces anywhere ("1980 年 5 月"); the separators alone carry the meaning.
  const s = shown.replace(TIME_SUFFIX, '').replace(/\s+/g, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[日号]?$/.exec(s)) || (m = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(s)))
    return build(Number(m[1]), Number(m[2]), Number(m[3]), shown);
  if ((m = /^(\d{4})[-/.](\d{1,2})[.月]?$/.exec(s)) || (m = /^(\d{4})年(\d{1,2})月份?$/.exec(s)))
    return build(Number(m[1]), Number(m[2]), null, shown);
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return build(Number(m[1]), Number(m[2]), Number(m[3]), shown);
  if ((m = /^(\d{4})(\d{2})$/.exec(s))) return build(Number(m[1]), Number(m[2]), null, shown);
  if (/^\d{4}年?$/.test(s)) return yearOnly(shown);
  return fail(err('DATE_UNRECOGNISED', `无法识别日期「${shown}」，${EXAMPLES}。`));
}

/**
 * Reads a date or a month from a cell or a form field. Never throws: an unusable value comes
 * back as an issue (DATE_REQUIRED, DATE_UNRECOGNISED, DATE_INVALID, DATE_OUT_OF_RANGE,
 * DATE_INCOMPLETE, DATE_AMBIGUOUS) whose message says how to write it instead.
 */
export function parseDateValue(v: unknown, opts: DateParseOptions = {}): DateParseResult {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return fail(err('DATE_INVALID', '日期无效，请重新填写。'));
    return fromInstant(ms, v.toISOString().slice(0, 10));
  }
  if (typeof v === 'number') return fromNumber(v, opts.date1904 === true);
  if (v === null || v === undefined || normalizeText(v) === '') return fail(err('DATE_REQUIRED', '日期不能为空。'));
  return fromString(typeof v === 'string' ? v : String(v));
}

/** '1980-05' → '1980年5月', '1980-05-01' → '1980年5月1日'; anything else is returned unchanged. */
export function formatDateZh(value: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return value;
  const month = `${Number(m[1])}年${Number(m[2])}月`;
  return m[3] === undefined ? month : `${month}${Number(m[3])}日`;
}
