/**
 * Raw rows below the header → one record per trainee, values keyed by field, as the cells held
 * them (the shared checks clean them). Rows that are not trainees are left out: blank rows and
 * rows with only a 序号 silently; a 合计 line, the 填表说明 and 注：/备注：/说明： notes under the
 * table, a signature line, and the header pasted a second time with a reason the wizard shows
 * ("跳过第 N 行：填表说明").
 */
import { headerKey, type FieldKey } from '../../../shared/domain/fields';
import { cellText, formPairs, isIgnoredHeader, type FormLayout, type HeaderColumn, type TableHeader } from './detectHeader';
import type { RawRow } from './readTable';

export interface ExtractedRow {
  rowNumber: number;
  values: Partial<Record<FieldKey, unknown>>;
  /** Where each value came from, e.g. { idNumber: 'E7' }. */
  cellRefs: Partial<Record<FieldKey, string>>;
}

export interface SkippedRow {
  rowNumber: number;
  reason: string;
}

export type RowOutcome = { kind: 'record'; row: ExtractedRow } | { kind: 'skipped'; skipped: SkippedRow } | { kind: 'blank' };

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Lines under a table, by how they start (spaces removed, full-width colons folded). */
const FOOTERS: [RegExp, string][] = [
  [/^(?:合计|总计|小计|共计)/, '合计行'],
  [/^填表说明/, '填表说明'],
  [/^(?:注|注意)(?:[:：]|[0-9一二三四五六七八九十][:：、.])|^注意事项/, '注释'],
  [/^备注[:：]/, '备注说明'],
  [/^说明[:：]/, '说明文字'],
  [
    /^(?:填报单位|报送单位|推荐单位|填报日期|填表人|填报人|联系人|联系电话|审核人|制表人|负责人|单位负责人|经办人)(?:[（(][^）)]*[）)])?[:：]/,
    '签名或填报信息行',
  ],
];

/** Text that reads as a sentence, not as one value in a column. */
const SENTENCE = /[，。；！？,;!?]|^(?:以上|以下|本表|请)/;

/** Blank: nothing, or only spaces (U+3000 and NBSP included) and zero-width characters. */
const BLANK = /^[\s\u200B-\u200D\u2060\uFEFF]*$/;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && BLANK.test(v));
}

/**
 * Decides, for each row below the header, whether it is a trainee and what it holds. Runs for
 * every row of a 50,000-row file, so an ordinary data row costs one text conversion (its first
 * cell) and one headerKey (its first data cell), not one per cell.
 */
export function createRowExtractor(header: TableHeader): (raw: RawRow) => RowOutcome {
  const ignored = new Set(header.columns.filter((c) => isIgnoredHeader(c.header)).map((c) => c.index));
  const mapped = header.columns.filter((c): c is HeaderColumn & { field: FieldKey } => c.field !== null);
  const fieldAt = new Map(mapped.map((c) => [c.index, c.field]));
  const byField = new Map<FieldKey, number>();
  for (const c of mapped) if (!byField.has(c.field)) byField.set(c.field, c.index);
  const letters = new Map([...byField.values()].map((i) => [i, columnLetter(i)]));
  const titleKey = header.titleText ? headerKey(header.titleText) : null;
  const isHeaderText = (index: number, v: unknown): boolean => {
    const k = headerKey(cellText(v));
    return header.headerKeys.some((keys) => !!keys[index] && keys[index] === k);
  };

  return (raw) => {
    const any: number[] = [];
    raw.cells.forEach((v, index) => {
      if (!isEmpty(v)) any.push(index);
    });
    if (!any.length) return { kind: 'blank' };
    // 序号 cells alone (templates come pre-numbered) do not make a row.
    const filled = any.filter((i) => !ignored.has(i));
    const skip = (reason: string): RowOutcome => ({ kind: 'skipped', skipped: { rowNumber: raw.rowNumber, reason } });
    const text = (i: number): string => cellText(raw.cells[i]);

    // 合计 and notes usually start in column A, which is the 序号 column: look at the very first cell.
    if (typeof raw.cells[any[0]] === 'string') {
      const lead = text(any[0]).replace(/\s+/g, '').normalize('NFKC');
      for (const [re, reason] of FOOTERS) if (re.test(lead)) return skip(reason);
    }
    if (!filled.length) return any.some((i) => !/^\d+$/.test(text(i)) && text(i).length > 4) ? skip('说明文字') : { kind: 'blank' };

    // The header (or its group row) pasted again: its first cell is a header text, and so are most others.
    if (typeof raw.cells[filled[0]] === 'string' && isHeaderText(filled[0], raw.cells[filled[0]])) {
      const same = filled.filter((i) => isHeaderText(i, raw.cells[i])).length;
      if (same >= 2 && same >= filled.length * 0.6) return skip('重复的表头行');
    }

    const idIndex = byField.get('idNumber');
    if (filled.length === 1 && (idIndex === undefined || isEmpty(raw.cells[idIndex]))) {
      const only = text(filled[0]);
      if (titleKey && headerKey(only) === titleKey) return skip('重复的标题行');
      // One text across the row (a merged cell) with no ID: a note, unless it could be a name or a value.
      if (!fieldAt.has(filled[0]) || only.length > 12 || SENTENCE.test(only)) return skip('说明文字');
    }

    const values: Partial<Record<FieldKey, unknown>> = {};
    const cellRefs: Partial<Record<FieldKey, string>> = {};
    for (const [f, i] of byField) {
      const v = raw.cells[i];
      values[f] = v === undefined ? null : v;
      cellRefs[f] = `${letters.get(i)}${raw.rowNumber}`;
    }
    return { kind: 'record', row: { rowNumber: raw.rowNumber, values, cellRefs } };
  };
}

/**
 * Records from the rows of a table. Rows above `dataStartRow` are passed over; skipped rows are
 * pushed onto `skipped` as they are met, so the array is complete once the iteration ends.
 */
export async function* extractRows(
  rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  header: TableHeader,
  skipped: SkippedRow[] = [],
): AsyncGenerator<ExtractedRow> {
  const extract = createRowExtractor(header);
  for await (const raw of rows) {
    if (raw.rowNumber < header.dataStartRow) continue;
    const r = extract(raw);
    if (r.kind === 'record') yield r.row;
    else if (r.kind === 'skipped') skipped.push(r.skipped);
  }
}

/** The one record of a 学员报名表 (label | value form). Its row number is that of the first field. */
export function extractForm(rows: RawRow[], form: FormLayout): ExtractedRow {
  const values: Partial<Record<FieldKey, unknown>> = {};
  const cellRefs: Partial<Record<FieldKey, string>> = {};
  for (const p of formPairs(rows)) {
    values[p.field] = p.value;
    cellRefs[p.field] = `${columnLetter(p.column)}${p.rowNumber}`;
  }
  return { rowNumber: form.firstRow, values, cellRefs };
}
