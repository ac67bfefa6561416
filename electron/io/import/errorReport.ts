/**
 * The error report the wizard offers after a dry run: a copy of the imported sheet, every row at
 * the row number it has in the original (so 「第 7 行」 and cell D7 mean the same in both files),
 * each problem cell filled red (warnings yellow) with an Excel note holding the message, and a
 * column 「问题说明」 after the table listing the row's messages. The header rows are bold and frozen.
 * Text that looks like a formula is a quote-prefixed text cell, as Excel stores a typed '=….
 *
 * Written with exceljs' streaming WorkbookWriter (notes, fills, frozen panes, flat memory). What
 * it cannot do is merge cells after the fact, so the title and header merges of the original are
 * not reproduced; values are as read. Columns to the right of the first 30 rows' width (and of any
 * problem) are not copied, nor past column XFC, so that 问题说明 always fits; past MAX_NOTES marked
 * cells, cells are filled but get no note (the 问题说明 column has every message).
 *
 * Only rows that exist are written, in ascending order, each committed before the next is made:
 * time and memory follow the rows, not the row numbers, so a stray cell at row 1,048,576 costs one
 * row. A row repeated in the source is merged into one (later values win). Rows out of order,
 * which Excel never writes, are found on the way; the report is then written again in windows of
 * row numbers, reading the source once per window, so memory stays bounded for them too.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { FieldKey } from '../../../shared/domain/fields';
import { enableQuotePrefix, looksLikeFormula, quoted, type QuotedStyle } from '../export/xlsxText';
import { detectHeader, HEADER_SCAN_ROWS, cellText, type HeaderColumn, type HeaderDetection } from './detectHeader';
import { MAX_COLUMNS, MAX_ROW_RECORDS } from './limits';
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
  /** Bytes of rows held at once when the source's rows are out of order (tests make it small to get many windows). */
  windowBytes?: number;
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
/** Copied columns stop one short of Excel's last column, which 问题说明 may then take. */
const MAX_COPIED_COLUMNS = MAX_COLUMNS - 1;
/** Estimated bytes of rows held at once when rows out of order are written window by window. */
const WINDOW_BYTES = 64 * 1024 * 1024;
/** Header widths are judged on the first characters only. */
const WIDTH_SAMPLE = 60;

// ---------------------------------------------------------------------------------------------
// What the report looks like, decided from the first rows

interface Layout {
  sheetName: string;
  headerFirst: number;
  headerLast: number;
  textColumns: Set<number>;
  /** Columns copied; 问题说明 is the next one. */
  width: number;
  columnWidths: number[];
  byRow: Map<number, ReportProblem[]>;
  /** Row numbers with problems, ascending. */
  problemRows: number[];
  errors: number;
  warnings: number;
}

function sheetNameOf(name: string): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || '导入数据';
}

/** Width in spreadsheet units of the start of a cell's text: CJK counts two. */
function textWidth(v: unknown): number {
  const s = cellText(v).slice(0, WIDTH_SAMPLE);
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0xff ? 2 : 1;
  return w;
}

function layoutOf(
  problemsIn: readonly ReportProblem[],
  opts: ErrorReportOptions,
  head: RawRow[],
  detected: HeaderDetection | null,
  sheetName: string,
): Layout {
  const textColumns = new Set<number>();
  let headerFirst = opts.headerRow ?? 0;
  let headerLast = opts.headerRow ?? 0;
  let problems: readonly ReportProblem[] = problemsIn;
  if (detected?.layout === 'table') {
    headerFirst = detected.headerRow;
    headerLast = detected.dataStartRow - 1;
    for (const c of opts.columns ?? detected.columns) if (c.field && TEXT_FIELDS.has(c.field)) textColumns.add(c.index);
  } else if (detected?.layout === 'form') {
    // Problems point at the form's field list: move each onto the value cell of its field.
    const fields = detected.fields;
    problems = problemsIn.map((p) =>
      p.column !== null && fields[p.column] ? { ...p, rowNumber: fields[p.column].rowNumber, column: fields[p.column].column } : p,
    );
    headerFirst = headerLast = 0;
  } else {
    for (const c of opts.columns ?? []) if (c.field && TEXT_FIELDS.has(c.field)) textColumns.add(c.index);
  }

  // Loops, not Math.max(...list): a list of 140,000 problems would overflow the stack.
  let width = 1;
  for (const r of head) width = Math.max(width, r.cells.length);
  const byRow = new Map<number, ReportProblem[]>();
  let errors = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    if (p.column !== null && p.column >= 0) width = Math.max(width, p.column + 1);
    // A row Excel cannot have cannot be written; its message is counted in the legend all the same.
    if (!Number.isInteger(p.rowNumber) || p.rowNumber < 1 || p.rowNumber > MAX_ROW_RECORDS) continue;
    const list = byRow.get(p.rowNumber);
    if (list) list.push(p);
    else byRow.set(p.rowNumber, [p]);
  }
  width = Math.min(width, MAX_COPIED_COLUMNS);
  const problemRows = [...byRow.keys()].sort((a, b) => a - b);

  // Widths from the first rows: wide enough for an ID number, not wider than a short sentence.
  const columnWidths: number[] = [];
  for (let i = 0; i < width; i++) {
    let longest = 4;
    for (const r of head) if (i < r.cells.length) longest = Math.max(longest, textWidth(r.cells[i]));
    columnWidths.push(Math.min(40, Math.max(8, longest + 2)));
  }
  columnWidths.push(60);
  return {
    sheetName: sheetNameOf(sheetName),
    headerFirst,
    headerLast,
    textColumns,
    width,
    columnWidths,
    byRow,
    problemRows,
    errors,
    warnings: problems.length - errors,
  };
}

/** A cell as written: long digit strings and code columns as text. */
function cellValue(v: unknown, asText: boolean): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return asText || (Number.isInteger(v) && Math.abs(v) >= 1e11) ? String(v) : v;
  if (typeof v === 'boolean') return v;
  return String(v);
}

function listMessages(list: readonly ReportProblem[]): string {
  const msgs = [...new Set(list.map((p) => (p.severity === 'warning' ? `（提醒）${p.message}` : p.message)))];
  return msgs.length === 1 ? msgs[0] : msgs.map((m, i) => `${i + 1}. ${m}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// The writer

/** A cell's look as bits, so that each combination is one shared style object (exceljs reuses its <xf> by identity). */
const BOLD = 1;
const DATE = 2;
const ERROR_FILL = 4;
const WARNING_FILL = 8;
const WRAP = 16;
const QUOTE = 32;

function fillBits(ps: readonly ReportProblem[]): number {
  return ps.some((p) => p.severity === 'error') ? ERROR_FILL : WARNING_FILL;
}

function styleOf(look: number): QuotedStyle {
  const base: Partial<ExcelJS.Style> = {};
  if (look & BOLD) base.font = { bold: true };
  if (look & DATE) base.numFmt = 'yyyy-mm-dd';
  if (look & (ERROR_FILL | WARNING_FILL))
    base.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: look & ERROR_FILL ? RED : YELLOW } };
  if (look & WRAP) base.alignment = { wrapText: true, vertical: 'top' };
  return look & QUOTE ? quoted(base) : base;
}

/**
 * exceljs' streaming sheet keeps uncommitted rows in an array indexed from the last committed row,
 * so getRow(last + 30,000) leaves 30,000 holes that commit then shifts out one at a time: time
 * grows with the square of the gap. Every row here is committed before the next is made, so the
 * array is empty and may start at the new row.
 */
function rowAt(ws: ExcelJS.Worksheet, n: number): ExcelJS.Row {
  const internals = ws as unknown as { _rows?: unknown[]; _rowZero?: number };
  if (Array.isArray(internals._rows) && internals._rows.length === 0 && typeof internals._rowZero === 'number' && n > internals._rowZero)
    internals._rowZero = n;
  return ws.getRow(n);
}

class ReportWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;
  private readonly looks: QuotedStyle[] = [];
  private nextProblem = 0;
  private last = 0;
  written = 0;
  markedCells = 0;
  problemRows = 0;

  constructor(
    private readonly out: string,
    private readonly layout: Layout,
  ) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
    enableQuotePrefix(this.wb);
    this.ws = this.wb.addWorksheet(layout.sheetName, {
      views: layout.headerLast > 0 ? [{ state: 'frozen', ySplit: layout.headerLast }] : [],
    });
    this.ws.columns = layout.columnWidths.map((width) => ({ width }));
  }

  /** Sets the cell's value and its shared style; text that looks like a formula gets the quote prefix. */
  private put(cell: ExcelJS.Cell, value: string | number | boolean | Date | null, look: number): void {
    const quote = typeof value === 'string' && looksLikeFormula(value);
    if (quote) look |= QUOTE;
    if (value instanceof Date) look |= DATE;
    cell.style = this.looks[look] ?? (this.looks[look] = styleOf(look));
    if (value !== null) cell.value = quote ? { richText: [{ text: value as string }] } : value;
  }

  /** Writes a row of the source; rows must come in ascending order. */
  write(rowNumber: number, cells: unknown[]): void {
    const rows = this.layout.problemRows;
    while (this.nextProblem < rows.length && rows[this.nextProblem] < rowNumber) this.writeRow(rows[this.nextProblem++], []);
    if (rows[this.nextProblem] === rowNumber) this.nextProblem++;
    this.writeRow(rowNumber, cells);
  }

  private writeRow(rowNumber: number, cells: unknown[]): void {
    if (rowNumber <= this.last) throw new Error(`report rows out of order: ${rowNumber} after ${this.last}`);
    const { width, headerFirst, headerLast, textColumns } = this.layout;
    const row = rowAt(this.ws, rowNumber);
    const isHeader = headerFirst > 0 && rowNumber >= headerFirst && rowNumber <= headerLast;
    const list = this.layout.byRow.get(rowNumber);
    const byColumn = new Map<number, ReportProblem[]>();
    for (const p of list ?? []) {
      if (p.column === null || p.column < 0 || p.column >= width) continue;
      const ps = byColumn.get(p.column);
      if (ps) ps.push(p);
      else byColumn.set(p.column, [p]);
    }
    const end = Math.min(width, cells.length);
    for (let i = 0; i < end; i++) {
      const v = cellValue(cells[i], textColumns.has(i) && rowNumber > headerLast);
      const ps = byColumn.get(i);
      if (v === null && !ps) continue;
      this.put(row.getCell(i + 1), v, (isHeader ? BOLD : 0) | (ps ? fillBits(ps) : 0));
    }
    for (const [col, ps] of byColumn) {
      const cell = row.getCell(col + 1);
      if (col >= end) this.put(cell, null, fillBits(ps));
      if (this.markedCells < MAX_NOTES) cell.note = listMessages(ps);
      this.markedCells++;
    }
    if (rowNumber === headerLast && headerLast > 0) this.put(row.getCell(width + 1), PROBLEM_HEADER, BOLD);
    if (list) {
      this.problemRows++;
      this.put(row.getCell(width + 1), listMessages(list), WRAP | fillBits(list));
    }
    row.commit();
    this.written++;
    this.last = rowNumber;
  }

  async finish(): Promise<ErrorReportSummary> {
    const rows = this.layout.problemRows;
    while (this.nextProblem < rows.length) this.writeRow(rows[this.nextProblem++], []);
    this.ws.commit();
    this.writeLegend();
    await this.wb.commit();
    return { rows: this.written, problemRows: this.problemRows, markedCells: this.markedCells };
  }

  /** Closes the file after a failure and removes it: a half report is no report (and holds personal data). */
  async abandon(): Promise<void> {
    try {
      this.ws.commit();
      await this.wb.commit();
    } catch {
      // already failing: the removal below is what matters
    }
    fs.rmSync(this.out, { force: true });
  }

  private writeLegend(): void {
    const legend = this.wb.addWorksheet('说明');
    const lines: [string, string | number][] = [
      ['红色单元格', '错误：改正后才能导入'],
      ['黄色单元格', '提醒：请核对，确认无误也可以导入'],
      ['单元格批注', '鼠标移到单元格上可查看具体问题'],
      [PROBLEM_HEADER, '表格右侧的「问题说明」列列出该行的全部问题'],
      ['错误数', this.layout.errors],
      ['提醒数', this.layout.warnings],
      ['有问题的行数', this.problemRows],
    ];
    legend.columns = [{ width: 16 }, { width: 50 }];
    lines.forEach(([k, v], i) => {
      const r = legend.getRow(i + 1);
      r.getCell(1).value = k;
      r.getCell(1).font = { bold: true };
      r.getCell(2).value = v;
      if (i === 0) r.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RED } };
      if (i === 1) r.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: YELLOW } };
      r.commit();
    });
    legend.commit();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the source in order

class OutOfOrder extends Error {}

/** Cells of a repeated row merged into the earlier ones: later values win, empty cells do not erase. */
function mergeCells(into: unknown[], from: unknown[]): unknown[] {
  for (let i = 0; i < from.length; i++) if (from[i] !== null && from[i] !== undefined) into[i] = from[i];
  return into;
}

/** Holds back one row, so that a repeat of it right after is merged before it is written. */
class InOrder {
  private pending: RawRow | null = null;
  constructor(private readonly writer: ReportWriter) {}

  push(r: RawRow): void {
    const p = this.pending;
    if (p && r.rowNumber === p.rowNumber) {
      mergeCells(p.cells, r.cells);
      return;
    }
    if (p && r.rowNumber < p.rowNumber) throw new OutOfOrder();
    if (p) this.writer.write(p.rowNumber, p.cells);
    this.pending = { rowNumber: r.rowNumber, cells: [...r.cells] };
  }

  flush(): void {
    if (this.pending) this.writer.write(this.pending.rowNumber, this.pending.cells);
    this.pending = null;
  }
}

/** Rows in ascending order, repeats merged: for a small set held in memory (a form, a window). */
function sortedMerged(rows: Iterable<RawRow>): RawRow[] {
  const byNumber = new Map<number, unknown[]>();
  for (const r of rows) {
    const had = byNumber.get(r.rowNumber);
    byNumber.set(r.rowNumber, had ? mergeCells(had, r.cells) : [...r.cells]);
  }
  return [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([rowNumber, cells]) => ({ rowNumber, cells }));
}

function estimateBytes(cells: unknown[]): number {
  let n = 64 + 8 * cells.length;
  for (const v of cells) if (typeof v === 'string') n += 32 + 2 * v.length;
  return n;
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
  const open = (progress: boolean, onInfo?: (i: TableInfo) => void): AsyncGenerator<RawRow, TableInfo> =>
    readRows(sourceFile, { signal: opts.signal, onProgress: progress ? opts.onProgress : undefined, onInfo });

  const judged: { info?: TableInfo } = {};
  const rows = open(true, (i) => (judged.info = i));
  let layout: Layout | null = null;
  let writer: ReportWriter | null = null;
  try {
    const peeked = await peekRows(rows, HEADER_SCAN_ROWS);
    let head = peeked.head;
    let detected: HeaderDetection | null = null;
    try {
      detected = detectHeader(head);
    } catch {
      detected = null; // no header found: still a copy with the problems marked
    }
    // A form is small: read it whole, so that its field list (and the problems' positions in it) is complete.
    if (detected?.layout === 'form') {
      for await (const r of peeked.rest) {
        head.push(r);
        if (head.length >= FORM_MAX_ROWS) break;
      }
      detected = detectHeader(head);
      head = sortedMerged(head);
    }
    layout = layoutOf(problems, opts, head, detected, judged.info?.sheetName ?? '导入数据');
    writer = new ReportWriter(out, layout);
    const inOrder = new InOrder(writer);
    for (const r of head) inOrder.push(r);
    if (detected?.layout !== 'form') for await (const r of peeked.rest) inOrder.push(r);
    inOrder.flush();
    const done = await writer.finish();
    writer = null;
    return done;
  } catch (e) {
    await writer?.abandon();
    if (!(e instanceof OutOfOrder)) throw e;
  } finally {
    await rows.return(undefined as never).catch(() => {});
  }
  if (!layout) throw new Error('report layout missing after rows out of order');
  return writeInWindows(open, out, layout, opts.windowBytes ?? WINDOW_BYTES);
}

/**
 * The source's rows are out of order: one pass notes each row number and its size, then each
 * window of row numbers that fits `windowBytes` is read, sorted, merged and written.
 */
async function writeInWindows(
  open: (progress: boolean) => AsyncGenerator<RawRow, TableInfo>,
  out: string,
  layout: Layout,
  windowBytes: number,
): Promise<ErrorReportSummary> {
  const sizes = new Map<number, number>();
  for await (const r of open(true)) sizes.set(r.rowNumber, (sizes.get(r.rowNumber) ?? 0) + estimateBytes(r.cells));
  const numbers = [...sizes.keys()].sort((a, b) => a - b);
  const windows: [number, number][] = [];
  let bytes = 0;
  for (const n of numbers) {
    const size = sizes.get(n)!;
    if (windows.length === 0 || bytes + size > windowBytes) {
      windows.push([n, n]);
      bytes = 0;
    }
    windows[windows.length - 1][1] = n;
    bytes += size;
  }
  sizes.clear();

  const writer = new ReportWriter(out, layout);
  try {
    for (const [lo, hi] of windows) {
      const held: RawRow[] = [];
      for await (const r of open(false)) if (r.rowNumber >= lo && r.rowNumber <= hi) held.push(r);
      for (const r of sortedMerged(held)) writer.write(r.rowNumber, r.cells);
    }
    return await writer.finish();
  } catch (e) {
    await writer.abandon();
    throw e;
  }
}
