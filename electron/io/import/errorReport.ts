/**
 * The error report the wizard offers after a dry run: a copy of the imported sheet, every row at
 * the row number it has in the original (so 「第 7 行」 and cell D7 mean the same in both files),
 * each problem cell filled red (warnings yellow) with an Excel note holding the message, and a
 * last column 「问题说明」 listing the row's messages. The header rows are bold and frozen.
 *
 * Written with exceljs' streaming WorkbookWriter: it supports notes (comments), fills and frozen
 * panes, and keeps memory flat for 50,000 rows. What it cannot do is merge cells after the fact,
 * so the title and header merges of the original are not reproduced; values are as read.
 * Columns to the right of the first 30 rows' width (and of any problem) are not copied; past
 * MAX_NOTES marked cells, cells are filled but get no note (the 问题说明 column has every message).
 */
import ExcelJS from 'exceljs';
import type { FieldKey } from '../../../shared/domain/fields';
import { neutraliseFormula } from '../xlsxSafe';
import { detectHeader, HEADER_SCAN_ROWS, cellText, type HeaderColumn, type HeaderDetection } from './detectHeader';
import { peekRows, readRows, type RawRow, type ReadOptions, type TableInfo } from './readTable';

export interface ReportProblem {
  rowNumber: number;
  /** 0-based column in the sheet (for a form: the position in the form's field list); null or out of range: the row as a whole. */
  column: number | null;
  severity: 'error' | 'warning';
  message: string;
}

export interface ErrorReportOptions extends ReadOptions {
  /** The header row the preview used; only a fallback when the header cannot be detected again. */
  headerRow?: number;
  /** The columns after the user's mapping, to know which hold ID numbers and codes. */
  columns?: HeaderColumn[];
}

export interface ErrorReportSummary {
  rows: number;
  problemRows: number;
  markedCells: number;
}

const RED = 'FFFFC7CE';
const YELLOW = 'FFFFEB9C';
/** Fields whose digits must stay text: as numbers they lose digits or show as 4.4E+17. */
const TEXT_FIELDS = new Set<FieldKey>(['idNumber', 'creditCode', 'mobile']);
const FORM_MAX_ROWS = 300;
/**
 * exceljs buffers the notes (and their VML drawing, ≈ 1.5 KB each) until the sheet is finished, so
 * past this many cells only the fill and the 问题说明 column carry the message: a file where every
 * row fails (an ID column stored as numbers) must not grow without bound.
 */
const MAX_NOTES = 10_000;
const PROBLEM_HEADER = '问题说明';

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

function sheetNameOf(name: string): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || '导入数据';
}

/** A cell as written: text neutralised against formulas, long digit strings and code columns as text. */
function cellValue(v: unknown, asText: boolean): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return asText || (Number.isInteger(v) && Math.abs(v) >= 1e11) ? String(v) : v;
  if (typeof v === 'boolean') return v;
  return neutraliseFormula(String(v));
}

function listMessages(list: ReportProblem[]): string {
  const msgs = [...new Set(list.map((p) => (p.severity === 'warning' ? `（提醒）${p.message}` : p.message)))];
  return msgs.length === 1 ? msgs[0] : msgs.map((m, i) => `${i + 1}. ${m}`).join('\n');
}

/**
 * Writes the report to `out`. The source is read again (streamed), so the copy shows exactly what
 * the importer saw. Problems on rows the source does not have are still listed, on rows of their own.
 */
export async function writeErrorReport(
  sourceFile: string,
  out: string,
  problems: readonly ReportProblem[],
  opts: ErrorReportOptions = {},
): Promise<ErrorReportSummary> {
  const judged: { info?: TableInfo } = {};
  const rows = readRows(sourceFile, { signal: opts.signal, onProgress: opts.onProgress, onInfo: (i) => (judged.info = i) });
  try {
    const peeked = await peekRows(rows, HEADER_SCAN_ROWS);
    let head = peeked.head;
    let rest: AsyncIterable<RawRow> | Iterable<RawRow> = peeked.rest;
    let detected: HeaderDetection | null = null;
    try {
      detected = detectHeader(head);
    } catch {
      detected = null; // no header found: still a copy with the problems marked
    }
    // A form is small: read it whole, so that its field list (and the problems' positions in it) is complete.
    if (detected?.layout === 'form') {
      for await (const r of peeked.rest) {
        head = [...head, r];
        if (head.length >= FORM_MAX_ROWS) break;
      }
      rest = [];
      detected = detectHeader(head);
    }
    return await writeReport(out, problems, opts, head, rest, detected, judged.info?.sheetName ?? '导入数据');
  } finally {
    await rows.return(undefined as never).catch(() => {});
  }
}

async function writeReport(
  out: string,
  problemsIn: readonly ReportProblem[],
  opts: ErrorReportOptions,
  head: RawRow[],
  rest: AsyncIterable<RawRow> | Iterable<RawRow>,
  detected: HeaderDetection | null,
  sheetName: string,
): Promise<ErrorReportSummary> {
  let problems = [...problemsIn];
  const textColumns = new Set<number>();
  let headerFirst = opts.headerRow ?? 0;
  let headerLast = opts.headerRow ?? 0;
  if (detected?.layout === 'table') {
    headerFirst = detected.headerRow;
    headerLast = detected.dataStartRow - 1;
    for (const c of opts.columns ?? detected.columns) if (c.field && TEXT_FIELDS.has(c.field)) textColumns.add(c.index);
  } else if (detected?.layout === 'form') {
    // Problems point at the form's field list: move each onto the value cell of its field.
    const fields = detected.fields;
    problems = problems.map((p) =>
      p.column !== null && fields[p.column] ? { ...p, rowNumber: fields[p.column].rowNumber, column: fields[p.column].column } : p,
    );
    headerFirst = headerLast = 0;
  } else {
    for (const c of opts.columns ?? []) if (c.field && TEXT_FIELDS.has(c.field)) textColumns.add(c.index);
  }

  const width = Math.max(1, ...head.map((r) => r.cells.length), ...problems.map((p) => (p.column ?? -1) + 1));
  const byRow = new Map<number, ReportProblem[]>();
  for (const p of problems) {
    const list = byRow.get(p.rowNumber) ?? [];
    list.push(p);
    byRow.set(p.rowNumber, list);
  }
  const pendingRows = [...byRow.keys()].sort((a, b) => a - b);

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  const ws = workbook.addWorksheet(sheetNameOf(sheetName), {
    views: headerLast > 0 ? [{ state: 'frozen', ySplit: headerLast }] : [],
  });
  // Widths from the first rows: wide enough for an ID number, not wider than a short sentence.
  ws.columns = Array.from({ length: width + 1 }, (_, i) => {
    if (i === width) return { width: 60 };
    const longest = Math.max(4, ...head.map((r) => [...cellText(r.cells[i])].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0)));
    return { width: Math.min(40, Math.max(8, longest + 2)) };
  });

  let written = 0;
  let markedCells = 0;
  let problemRows = 0;
  let lastRow = 0;
  const writeRow = (rowNumber: number, cells: unknown[]): void => {
    const row = ws.getRow(rowNumber);
    const isHeader = rowNumber >= headerFirst && rowNumber <= headerLast && headerFirst > 0;
    for (let i = 0; i < Math.min(width, cells.length); i++) {
      const v = cellValue(cells[i], textColumns.has(i) && rowNumber > headerLast);
      if (v === null) continue;
      const cell = row.getCell(i + 1);
      cell.value = v;
      if (v instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      if (isHeader) cell.font = { bold: true };
    }
    if (rowNumber === headerLast && headerLast > 0) {
      const c = row.getCell(width + 1);
      c.value = PROBLEM_HEADER;
      c.font = { bold: true };
    }
    const list = byRow.get(rowNumber);
    if (list) {
      problemRows++;
      const byColumn = new Map<number, ReportProblem[]>();
      for (const p of list) {
        if (p.column === null || p.column < 0 || p.column >= width) continue;
        byColumn.set(p.column, [...(byColumn.get(p.column) ?? []), p]);
      }
      for (const [col, ps] of byColumn) {
        const cell = row.getCell(col + 1);
        cell.fill = fill(ps.some((p) => p.severity === 'error') ? RED : YELLOW);
        if (markedCells < MAX_NOTES) cell.note = listMessages(ps);
        markedCells++;
      }
      const summary = row.getCell(width + 1);
      summary.value = neutraliseFormula(listMessages(list));
      summary.alignment = { wrapText: true, vertical: 'top' };
      summary.fill = fill(list.some((p) => p.severity === 'error') ? RED : YELLOW);
    }
    row.commit();
    written++;
    lastRow = rowNumber;
  };
  const flushProblemRowsBefore = (rowNumber: number): void => {
    while (pendingRows.length && pendingRows[0] < rowNumber) {
      const n = pendingRows.shift()!;
      if (n > lastRow) writeRow(n, []);
    }
  };

  const all = async function* (): AsyncGenerator<RawRow> {
    yield* head;
    yield* rest;
  };
  for await (const raw of all()) {
    flushProblemRowsBefore(raw.rowNumber);
    if (pendingRows[0] === raw.rowNumber) pendingRows.shift();
    writeRow(raw.rowNumber, raw.cells);
  }
  flushProblemRowsBefore(Number.POSITIVE_INFINITY);
  ws.commit();

  const legend = workbook.addWorksheet('说明');
  const errors = problems.filter((p) => p.severity === 'error').length;
  const lines: [string, string | number][] = [
    ['红色单元格', '错误：改正后才能导入'],
    ['黄色单元格', '提醒：请核对，确认无误也可以导入'],
    ['单元格批注', '鼠标移到单元格上可查看具体问题'],
    [PROBLEM_HEADER, '每行最后一列列出该行的全部问题'],
    ['错误数', errors],
    ['提醒数', problems.length - errors],
    ['有问题的行数', problemRows],
  ];
  legend.columns = [{ width: 16 }, { width: 50 }];
  lines.forEach(([k, v], i) => {
    const r = legend.getRow(i + 1);
    r.getCell(1).value = k;
    r.getCell(1).font = { bold: true };
    r.getCell(2).value = v;
    if (i === 0) r.getCell(1).fill = fill(RED);
    if (i === 1) r.getCell(1).fill = fill(YELLOW);
    r.commit();
  });
  legend.commit();
  await workbook.commit();
  return { rows: written, problemRows, markedCells };
}
