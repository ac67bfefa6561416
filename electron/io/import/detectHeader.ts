/**
 * Finds where the table starts in a file people made by hand: title rows, a 填报单位/填报日期
 * line, then a header of one row or of two (a group row such as 学员信息 | 企业信息 merged across
 * its columns, with the real headers below, and columns like 序号 merged down over both rows).
 * exceljs' streaming reader does not report merged cells, so merges are inferred from empty cells:
 * a merged area keeps its text in its top-left cell only.
 *
 * Also recognises the 学员报名表 layout — one trainee per sheet, label | value pairs such as
 * 姓名 | 张三 | 性别 | 男 — and reports it as a form, which extractRows turns into one record.
 */
import crypto from 'node:crypto';
import { FIELD_DEFS, REQUIRED_FIELDS, fieldForHeader, headerKey, type FieldKey } from '../../../shared/domain/fields';
import { AppError } from '../../../shared/result';
import type { RawRow } from './readTable';

export interface HeaderColumn {
  /** 0-based column index in the sheet (for a form: the position in the form's field list). */
  index: number;
  header: string;
  field: FieldKey | null;
}

export interface TableHeader {
  layout: 'table';
  /** First header row as Excel numbers it. */
  headerRow: number;
  /** 1; 2 for a group row above the real headers; one more for a row of hints (（必填）, (yyyy.mm)) below them. */
  headerRows: number;
  dataStartRow: number;
  columns: HeaderColumn[];
  /** Header texts that map to no field (序号 and the like are left out: they are never data). */
  unmapped: string[];
  missingRequired: FieldKey[];
  titleText: string | null;
  reportingUnit: string | null;
  /** headerKey of each header row's cells, to recognise the header pasted again further down. */
  headerKeys: string[][];
}

export interface FormField {
  field: FieldKey;
  label: string;
  rowNumber: number;
  /** 0-based column of the value cell (of its first cell when the value is spread over boxes). */
  column: number;
}

export interface FormLayout {
  layout: 'form';
  firstRow: number;
  fields: FormField[];
  missingRequired: FieldKey[];
  titleText: string | null;
  reportingUnit: string | null;
}

export type HeaderDetection = TableHeader | FormLayout;

/** How many rows the detection looks at; callers pass at least these. */
export const HEADER_SCAN_ROWS = 30;

const FIELD_KEYS = new Set<string>(FIELD_DEFS.map((f) => f.key));
/** Columns that only number the rows. */
const IGNORED_HEADER = /^(序号|编号|序|no\.?|#|行号)$/;

/** A cell as header text: trimmed, line breaks and runs of spaces as one space, none next to Chinese. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .replace(/(?<=[\p{Script=Han}（）：])\s+|\s+(?=[\p{Script=Han}（）：])/gu, '');
}

export function isIgnoredHeader(header: string): boolean {
  return IGNORED_HEADER.test(headerKey(header));
}

/** Maps header texts, the first column of each field keeping it. */
function mapTexts(texts: string[], fieldOf: (i: number) => FieldKey | null): (FieldKey | null)[] {
  const seen = new Set<FieldKey>();
  return texts.map((_, i) => {
    const f = fieldOf(i);
    if (!f || seen.has(f)) return null;
    seen.add(f);
    return f;
  });
}

interface Candidate {
  rows: RawRow[];
  headers: string[];
  fields: (FieldKey | null)[];
  score: number;
}

function candidateOf(rows: RawRow[], headers: string[], fields: (FieldKey | null)[]): Candidate {
  const set = new Set(fields.filter((f): f is FieldKey => f !== null));
  const usable = set.size >= 3 && (set.has('name') || set.has('idNumber'));
  return { rows, headers, fields, score: usable ? set.size : 0 };
}

function single(row: RawRow): Candidate {
  const headers = row.cells.map(cellText);
  return candidateOf(
    [row],
    headers,
    mapTexts(headers, (i) => (typeof row.cells[i] === 'string' ? fieldForHeader(headers[i]) : null)),
  );
}

/**
 * Two header rows read as one. Under a group label (学员信息 over B–H) the lower text is the header;
 * where the lower cell is empty the upper one was merged down over both rows (序号, 姓名); a lower
 * text that only qualifies the upper one ("出生年月" over "（yyyy.mm）") is read together with it.
 */
function pair(upper: RawRow, lower: RawRow): Candidate | null {
  if (lower.rowNumber !== upper.rowNumber + 1) return null;
  // Data rows have numbers and dates; a header row has text only, and some of it must be known.
  if (lower.cells.some((v) => v !== null && typeof v !== 'string')) return null;
  if (!lower.cells.some((v) => typeof v === 'string' && fieldForHeader(v))) return null;
  const width = Math.max(upper.cells.length, lower.cells.length);
  const up = Array.from({ length: width }, (_, i) => cellText(upper.cells[i]));
  const low = Array.from({ length: width }, (_, i) => cellText(lower.cells[i]));
  const headers: string[] = [];
  const fields: (FieldKey | null)[] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    if (up[i]) group = up[i];
    if (!low[i]) {
      headers.push(up[i]);
      fields.push(up[i] ? fieldForHeader(up[i]) : null);
      continue;
    }
    const own = fieldForHeader(low[i]);
    const joined = fieldForHeader(group + low[i]);
    headers.push(!own && joined && group === up[i] ? group + low[i] : low[i]);
    fields.push(own ?? joined);
  }
  return candidateOf(
    [upper, lower],
    headers,
    mapTexts(headers, (i) => fields[i]),
  );
}

const REPORTING = /^(?:填报单位|报送单位|推荐单位)(?:[（(]盖章[）)])?\s*[:：]\s*(.*)$/;
const NEXT_LABEL = /\s*(?:填报日期|报送日期|填报时间|日期|填报人|填表人|联系人|联系电话|电话)\s*[:：].*$/;

/** 填报单位：XXX (in one cell, or the value in the next cell), without a trailing 填报日期 or （盖章）. */
function reportingUnitOf(rows: RawRow[]): string | null {
  for (const row of rows) {
    const texts = row.cells.map(cellText);
    for (let i = 0; i < texts.length; i++) {
      const m = REPORTING.exec(texts[i]);
      if (!m) continue;
      let value = m[1].replace(NEXT_LABEL, '');
      if (!value) value = texts.slice(i + 1).find((t) => t !== '') ?? '';
      if (NEXT_LABEL.test(value) && value.replace(NEXT_LABEL, '') === '') value = '';
      value = value.replace(/[（(]盖章[）)]/g, '').trim();
      return value || null;
    }
  }
  return null;
}

/** The first row above the header with a single text that is not the 填报单位 line. */
function titleOf(rows: RawRow[]): string | null {
  for (const row of rows) {
    const texts = [...new Set(row.cells.map(cellText).filter(Boolean))];
    if (texts.length === 1 && !REPORTING.test(texts[0]) && !/^(?:填报日期|填报人|填表人)/.test(texts[0])) return texts[0];
  }
  return null;
}

const HINT = /^[（(【[].*[)）】\]]$|必填|选填|格式|填写|yyyy|如[:：]|例[:：]|例如/i;

/** Every filled cell is text explaining how to fill the column in, none of it a value or a header. */
function isHintRow(row: RawRow): boolean {
  const filled = row.cells.filter((v) => v !== null && cellText(v) !== '');
  return filled.length > 0 && filled.every((v) => typeof v === 'string' && !fieldForHeader(v) && HINT.test(cellText(v)));
}

export function missingRequiredFields(columns: readonly { field: FieldKey | null }[]): FieldKey[] {
  const have = new Set(columns.map((c) => c.field));
  return REQUIRED_FIELDS.filter((f) => !have.has(f));
}

// ---------------------------------------------------------------------------------------------
// Forms: label | value pairs

/** 制造业 names a field (是否制造业) but is far more often the value of 所属行业. */
const NOT_A_LABEL = new Set(['制造业']);

function labelField(v: unknown): FieldKey | null {
  if (typeof v !== 'string' || v.trim().length > 20 || NOT_A_LABEL.has(headerKey(v))) return null;
  return fieldForHeader(v);
}

/** The value after a label: the next non-empty cell, or a number written one digit per box. */
function valueAfter(cells: unknown[], from: number): { column: number; value: unknown; end: number } | null {
  const parts: { column: number; value: unknown }[] = [];
  for (let i = from; i < cells.length; i++) {
    const v = cells[i];
    if (v === null || cellText(v) === '') continue;
    if (labelField(v)) break;
    parts.push({ column: i, value: v });
  }
  if (!parts.length) return null;
  if (parts.length >= 2 && parts.every((p) => cellText(p.value).length === 1))
    return { column: parts[0].column, value: parts.map((p) => cellText(p.value)).join(''), end: parts[parts.length - 1].column };
  return { ...parts[0], end: parts[0].column };
}

/** Label | value pairs (and 「姓名：张三」 in one cell), first occurrence of each field. Fields without a value are kept too. */
export function formPairs(rows: RawRow[]): (FormField & { value: unknown })[] {
  const out: (FormField & { value: unknown })[] = [];
  const seen = new Set<FieldKey>();
  for (const row of rows) {
    for (let i = 0; i < row.cells.length; i++) {
      const v = row.cells[i];
      let field = labelField(v);
      let found: { column: number; value: unknown; end: number } | null = null;
      if (field) {
        found = valueAfter(row.cells, i + 1) ?? { column: i + 1, value: null, end: i };
      } else if (typeof v === 'string') {
        const m = /^([^:：]{1,12})[:：]\s*(.+)$/.exec(v.trim());
        field = m ? labelField(m[1]) : null;
        if (field && m) found = { column: i, value: m[2], end: i };
      }
      if (!field || !found) continue;
      // A value is never read again as a label (所属行业 | 制造业 …).
      i = found.end;
      if (seen.has(field)) continue;
      seen.add(field);
      out.push({ field, label: cellText(v).replace(/[:：].*$/, ''), rowNumber: row.rowNumber, column: found.column, value: found.value });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function noHeader(best: Candidate | null): AppError {
  return new AppError(
    'VALIDATION',
    `在表格的前 ${HEADER_SCAN_ROWS} 行中没有找到表头。表头行应包含「姓名」或「身份证号」，以及「性别」「企业名称」「统一社会信用代码」等列名中的至少两个。` +
      '请检查是否选错了文件，或表头是否被改动（程序会依次查看各个有内容的工作表）。',
    { reason: 'no-header', nearest: best ? { row: best.rows[0].rowNumber, headers: best.headers.filter(Boolean) } : null },
  );
}

/**
 * The table's header (or the form's fields) in the first rows of a sheet. The header is the row,
 * or pair of rows, whose cells name the most known fields — at least 3, 姓名 or 身份证号 among
 * them. Throws AppError 'VALIDATION' when there is none.
 */
export function detectHeader(rows: RawRow[]): HeaderDetection {
  const scan = rows.slice(0, HEADER_SCAN_ROWS);
  let best: Candidate | null = null;
  let nearest: Candidate | null = null;
  for (let i = 0; i < scan.length; i++) {
    const options = [single(scan[i])];
    if (i + 1 < scan.length) {
      const p = pair(scan[i], scan[i + 1]);
      // The pair only wins when it knows more than either row alone.
      if (p && p.score > options[0].score && p.score > single(scan[i + 1]).score) options.push(p);
    }
    for (const c of options) {
      if (c.score > (best?.score ?? 0)) best = c;
      if (!nearest || c.fields.filter(Boolean).length > nearest.fields.filter(Boolean).length) nearest = c;
    }
  }

  const pairs = formPairs(scan).filter((p) => p.value !== null);
  const pairRows = new Set(pairs.map((p) => p.rowNumber));
  if (pairs.length >= 4 && pairRows.size >= 2 && pairs.length > (best?.score ?? 0)) {
    const all = formPairs(rows);
    const firstRow = Math.min(...all.map((p) => p.rowNumber));
    const above = rows.filter((r) => r.rowNumber < firstRow);
    return {
      layout: 'form',
      firstRow,
      fields: all.map(({ field, label, rowNumber, column }) => ({ field, label, rowNumber, column })),
      missingRequired: missingRequiredFields(all),
      titleText: titleOf(above),
      reportingUnit: reportingUnitOf(rows),
    };
  }
  if (!best) throw noHeader(nearest);

  const columns: HeaderColumn[] = [];
  best.headers.forEach((header, index) => {
    if (header) columns.push({ index, header, field: best.fields[index] });
  });
  const headerRow = best.rows[0].rowNumber;
  let last = best.rows[best.rows.length - 1].rowNumber;
  // A row of hints under the header — （必填）, (yyyy.mm), 如：董事长 — belongs to the header.
  const next = scan.find((r) => r.rowNumber === last + 1);
  const hintRow = next && isHintRow(next);
  if (hintRow) last = next.rowNumber;
  const above = scan.filter((r) => r.rowNumber < headerRow);
  return {
    layout: 'table',
    headerRow,
    headerRows: last - headerRow + 1,
    dataStartRow: last + 1,
    columns,
    unmapped: columns.filter((c) => !c.field && !isIgnoredHeader(c.header)).map((c) => c.header),
    missingRequired: missingRequiredFields(columns),
    titleText: titleOf(above),
    reportingUnit: reportingUnitOf(above),
    headerKeys: best.rows.map((r) => r.cells.map((v) => headerKey(cellText(v)))),
  };
}

/**
 * The user's choice from the mapping step, over the automatic one. Keys are header texts (compared
 * as headerKey, so a remembered mapping also fits 「身份证号(18位)」 vs 「身份证号（18位）」); null means
 * "do not import this column". A field the user gives to one column is taken from any other.
 */
export function applyMapping(columns: readonly HeaderColumn[], override: Record<string, FieldKey | null>): HeaderColumn[] {
  const byKey = new Map<string, FieldKey | null>();
  for (const [header, field] of Object.entries(override)) {
    if (field === null || FIELD_KEYS.has(field)) byKey.set(headerKey(header), field);
  }
  const chosen = new Set([...byKey.values()].filter((f): f is FieldKey => f !== null));
  const seen = new Set<FieldKey>();
  return columns.map((c) => {
    const k = headerKey(c.header);
    let field = byKey.has(k) ? byKey.get(k)! : c.field && chosen.has(c.field) ? null : c.field;
    if (field && seen.has(field)) field = null;
    if (field) seen.add(field);
    return { ...c, field };
  });
}

/** A stable key for a header shape: the same template gives the same key, whatever the widths or spaces. */
export function mappingSignature(headers: readonly string[]): string {
  const keys = headers.map((h) => headerKey(h));
  while (keys.length && !keys[keys.length - 1]) keys.pop();
  return 'h1:' + crypto.createHash('sha256').update(keys.join('\u0001')).digest('hex').slice(0, 20);
}
