/**
 * How a registration reads on paper: the same words in the summary table, the xlsx forms and the
 * PDF forms, so the three never disagree (是/否, 1980.05, 第3期 …).
 */
import { STATUS_LABELS, type Programme, type RegistrationRow } from '../../../shared/domain/types';

/** '1980-05-01' or '1980-05' → '1980.05', the way personnel forms write 出生年月. */
export function birthMonth(date: string | null): string {
  const m = date ? /^(\d{4})-(\d{2})/.exec(date) : null;
  return m ? `${m[1]}.${m[2]}` : (date ?? '');
}

export function yesNo(v: boolean | null): string {
  return v === null ? '' : v ? '是' : '否';
}

export function sessionLabel(n: number | null): string {
  return n ? `第${n}期` : '';
}

/** 备注: the status a reader of the table needs (候补 vs 已通过) and why, when a reason was given. */
export function remarks(r: RegistrationRow): string {
  const label = STATUS_LABELS[r.status];
  return r.statusReason ? `${label}：${r.statusReason}` : label;
}

/** '2025年度中小企业经营管理领军人才培训', with the year added when the programme's title lacks it. */
export function programmeHeading(p: Programme): string {
  return p.title.includes(String(p.year)) ? p.title : `${p.year}年度${p.title}`;
}

/** Every field of the forms, by its label in shared/domain/fields.ts. */
export function formValues(r: RegistrationRow): Record<string, string> {
  const t = r.trainee;
  const e = r.enterprise;
  return {
    姓名: t.name,
    性别: t.gender ?? '',
    民族: t.ethnicity,
    出生年月: birthMonth(t.birthDate),
    政治面貌: t.politicalStatus,
    学历: t.education,
    身份证号: t.idNumber,
    职务: t.position,
    是否企业主要负责人: yesNo(t.isPrincipal),
    手机: t.mobile,
    电子邮箱: t.email,
    期次: sessionLabel(r.sessionNumber),
    企业名称: e.name,
    统一社会信用代码: e.creditCode,
    所在地区: r.regionName,
    所属行业: e.industry,
    企业类型: e.qualifications.join('、'),
    是否制造业: yesNo(e.isManufacturing),
    备注: remarks(r),
  };
}

/** Width in spreadsheet units: CJK and full-width characters take two, everything else one. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch)
      ? 2
      : 1;
  return w;
}

/**
 * Lines a wrapping cell needs in a column `width` units wide. Excel and LibreOffice do not grow
 * rows to fit wrapped text when they open a file, so the writers set row heights from this.
 */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, width - 1.5); // the cell's inner padding
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0);
}
