/**
 * One place that turns what a person typed (or a spreadsheet held) into clean trainee and
 * enterprise records, with every problem named by field. The form, the importer and the services
 * all call it, so a value accepted in one is accepted in all.
 */
import { validateCreditCode } from './creditCode';
import { validateEmail, validateMobile } from './contact';
import { parseDateValue } from './dates';
import { validateIdNumber } from './idNumber';
import type { Issue } from './issues';
import { normalizeName, normalizeText } from './normalize';
import type { Enterprise, Gender, Trainee } from './types';

export interface FieldIssue extends Issue {
  field: string;
}

export interface TraineeDraft {
  name: unknown;
  idNumber: unknown;
  gender?: unknown;
  ethnicity?: unknown;
  birthDate?: unknown;
  politicalStatus?: unknown;
  education?: unknown;
  position?: unknown;
  isPrincipal?: unknown;
  mobile?: unknown;
  email?: unknown;
}

/** A trainee as stored, without its id. */
export type CleanTrainee = Omit<Trainee, 'id'>;

export interface EnterpriseDraft {
  creditCode: unknown;
  name: unknown;
  industry?: unknown;
  qualifications?: unknown;
  foundedOn?: unknown;
  employees?: unknown;
  revenueWan?: unknown;
  isManufacturing?: unknown;
}

/** An enterprise as stored, without its id and region (the registration brings the region). */
export type CleanEnterprise = Omit<Enterprise, 'id' | 'regionCode'>;

const tag = (field: string, issues: Issue[]): FieldIssue[] => issues.map((i) => ({ ...i, field }));

export function parseGender(v: unknown): Gender | null | 'invalid' {
  const t = normalizeText(v);
  if (!t) return null;
  if (t === '男' || t === '男性' || /^m(ale)?$/i.test(t)) return '男';
  if (t === '女' || t === '女性' || /^f(emale)?$/i.test(t)) return '女';
  return 'invalid';
}

export function parseYesNo(v: unknown): boolean | null | 'invalid' {
  if (typeof v === 'boolean') return v;
  const t = normalizeText(v);
  if (!t) return null;
  if (['是', 'Y', 'y', 'yes', 'Yes', '√', '1', 'true', '对'].includes(t)) return true;
  if (['否', 'N', 'n', 'no', 'No', '×', '0', 'false', '不是'].includes(t)) return false;
  return 'invalid';
}

/** A date cell as 'YYYY-MM-DD' or 'YYYY-MM', or an issue for `field`. */
function cleanDate(v: unknown, field: string, label: string, issues: FieldIssue[], date1904?: boolean): string | null {
  if (v === null || v === undefined || normalizeText(v) === '') return null;
  const r = parseDateValue(v, { date1904 });
  if (r.ok) return r.value;
  issues.push({ ...r.issue, field, message: `${label}：${r.issue.message}` });
  return null;
}

function cleanNumber(v: unknown, field: string, label: string, issues: FieldIssue[], integer: boolean): number | null {
  if (v === null || v === undefined) return null;
  const t =
    typeof v === 'number'
      ? v
      : Number(
          normalizeText(v)
            .replace(/[,，]/g, '')
            .replace(/(万元|万|人)$/, ''),
        );
  if (typeof v !== 'number' && normalizeText(v) === '') return null;
  if (!Number.isFinite(t) || t < 0 || (integer && !Number.isInteger(t))) {
    issues.push({
      severity: 'error',
      code: 'NUMBER_FORMAT',
      field,
      message: `${label}应为${integer ? '非负整数' : '非负数'}，现为「${normalizeText(v)}」。`,
    });
    return null;
  }
  return t;
}

export function checkTrainee(
  d: TraineeDraft,
  opts: { date1904?: boolean; today?: Date } = {},
): { value: CleanTrainee; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const name = normalizeName(d.name);
  if (!name) issues.push({ severity: 'error', code: 'NAME_REQUIRED', field: 'name', message: '姓名不能为空。' });
  else if (name.length > 30 || /[0-9]/.test(name))
    issues.push({ severity: 'error', code: 'NAME_FORMAT', field: 'name', message: `姓名「${name}」看起来不是人名，请检查是否填错了列。` });

  let gender = parseGender(d.gender);
  if (gender === 'invalid') {
    issues.push({
      severity: 'error',
      code: 'GENDER_FORMAT',
      field: 'gender',
      message: `性别应填「男」或「女」，现为「${normalizeText(d.gender)}」。`,
    });
    gender = null;
  }
  const id = validateIdNumber(d.idNumber, { gender: gender ?? undefined, today: opts.today });
  issues.push(...tag('idNumber', id.issues));
  gender = gender ?? id.gender ?? null;

  let birthDate = cleanDate(d.birthDate, 'birthDate', '出生年月', issues, opts.date1904);
  if (id.birthDate) {
    if (birthDate && !id.birthDate.startsWith(birthDate))
      issues.push({
        severity: 'error',
        code: 'BIRTHDATE_MISMATCH',
        field: 'birthDate',
        message: `出生年月（${birthDate}）与身份证号中的出生日期（${id.birthDate}）不一致，请核对。`,
      });
    birthDate = id.birthDate;
  }

  let isPrincipal = parseYesNo(d.isPrincipal);
  if (isPrincipal === 'invalid') {
    issues.push({
      severity: 'error',
      code: 'YESNO_FORMAT',
      field: 'isPrincipal',
      message: `是否企业主要负责人应填「是」或「否」，现为「${normalizeText(d.isPrincipal)}」。`,
    });
    isPrincipal = null;
  }
  const mobile = validateMobile(d.mobile);
  issues.push(...tag('mobile', mobile.issues));
  const email = validateEmail(d.email);
  issues.push(...tag('email', email.issues));

  return {
    value: {
      name,
      idNumber: id.value,
      gender,
      ethnicity: normalizeText(d.ethnicity),
      birthDate,
      politicalStatus: normalizeText(d.politicalStatus),
      education: normalizeText(d.education),
      position: normalizeText(d.position),
      isPrincipal,
      mobile: mobile.value,
      email: email.value,
    },
    issues,
  };
}

/** Splits 专精特新；高新技术企业、瞪羚企业 into a clean list. */
export function splitList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(normalizeText).filter(Boolean);
  return normalizeText(v)
    .split(/[,;，；、/|\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function checkEnterprise(d: EnterpriseDraft, opts: { date1904?: boolean } = {}): { value: CleanEnterprise; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const code = validateCreditCode(d.creditCode);
  issues.push(...tag('creditCode', code.issues));
  const name = normalizeText(d.name).replace(/\s+/g, '');
  if (!name) issues.push({ severity: 'error', code: 'ENTERPRISE_NAME_REQUIRED', field: 'enterpriseName', message: '企业名称不能为空。' });
  let isManufacturing = parseYesNo(d.isManufacturing);
  if (isManufacturing === 'invalid') {
    issues.push({
      severity: 'error',
      code: 'YESNO_FORMAT',
      field: 'isManufacturing',
      message: `是否制造业应填「是」或「否」，现为「${normalizeText(d.isManufacturing)}」。`,
    });
    isManufacturing = null;
  }
  return {
    value: {
      creditCode: code.value,
      name,
      industry: normalizeText(d.industry),
      qualifications: splitList(d.qualifications),
      foundedOn: cleanDate(d.foundedOn, 'foundedOn', '成立时间', issues, opts.date1904),
      employees: cleanNumber(d.employees, 'employees', '员工人数', issues, true),
      revenueWan: cleanNumber(d.revenueWan, 'revenueWan', '上年营业收入（万元）', issues, false),
      isManufacturing,
    },
    issues,
  };
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
