/**
 * The first step of every import: a file in, raw rows out. The kind of file is decided by its
 * content, never by its extension; anything we cannot read is refused with an AppError
 * ('VALIDATION') whose Chinese message says what the file is and what to do (see refusals.ts).
 *
 * - .xlsx: the first worksheet that has data (visible sheets first, in workbook order), streamed.
 * - .csv / .txt: UTF-8 (BOM or not), GB18030/GBK, UTF-16 with BOM; comma, tab or semicolon.
 *
 * Values are plain: text, number, boolean, Date or null. Dates in cells formatted as dates are
 * Date objects at UTC midnight of the calendar day shown in Excel, already corrected for the 1904
 * date system. Numbers are left alone, including date serials typed into "General" cells: pass
 * `date1904` (from inspectFile, or the generator's return value) to parseDateValue for those.
 * Rows without any value are not yielded; row numbers stay those Excel shows, in the order the
 * file has them (Excel writes them ascending; other writers may repeat or reorder them).
 *
 * Every read is bounded (limits.ts): file and inflated sizes, shared strings, cell length, rows
 * with content (MAX_IMPORT_ROWS) and width. Past a limit the read stops with an AppError saying
 * which limit and what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../../shared/result';
import { csvRows, planCsv, type CsvEncoding, type CsvPlan } from './csvSource';
import { MAX_FILE_BYTES, MAX_IMPORT_ROWS, megabytes } from './limits';
import { cancelled, refuse, type RefusalKind } from './refusals';
import { sniffFile, type Sniffed } from './sniff';
import { planXlsx, xlsxRows, type XlsxPlan } from './xlsxSource';
import { readZipIndex, ZipProblem } from './zipIndex';

export interface RawRow {
  /** As Excel shows it, 1-based. */
  rowNumber: number;
  /** Index 0 = column A; empty cells are null. */
  cells: unknown[];
}

export interface TableInfo {
  kind: 'xlsx' | 'csv';
  /** The workbook counts dates from 1904 (old Mac Excel); always false for CSV. */
  date1904: boolean;
  /** The worksheet read; for CSV the file name without extension, as Excel shows it. */
  sheetName: string;
  /** CSV only. */
  encoding?: CsvEncoding;
  delimiter?: CsvPlan['delimiter'];
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Bytes read so far of the bytes to read; for .xlsx, of the parts actually parsed (styles, shared strings, the sheet). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called once the file has been judged, before the first row: the same value readRows returns at the end. */
  onInfo?: (info: TableInfo) => void;
  /** .xlsx: pass over this many sheets with data (see planXlsx). */
  sheetSkip?: number;
}

type Plan = { info: TableInfo; xlsx?: XlsxPlan; csv?: CsvPlan; totalBytes: number };

function toAppError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof ZipProblem)
    return refuse(e.kind === 'encrypted' ? 'encrypted' : e.kind === 'unsupported' ? 'unusual-xlsx' : 'corrupt', file, { cause: e.message });
  if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return refuse('missing', file);
  return refuse('unusual-xlsx', file, { cause: String(e) });
}

/** An OLE2 container is an old .xls/.doc/.ppt, or an Office file encrypted with a password. */
const OLE_REFUSAL: Record<Extract<Sniffed, { kind: 'ole2' }>['content'], RefusalKind> = {
  encrypted: 'encrypted',
  xls: 'xls',
  doc: 'word',
  ppt: 'powerpoint',
  unknown: 'ole-unknown',
};

async function plan(file: string, signal?: AbortSignal, sheetSkip = 0): Promise<Plan> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw refuse('missing', file);
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) throw refuse('file-too-large', file, { size }, megabytes(size));
  const sniffed = sniffFile(file);
  switch (sniffed.kind) {
    case 'empty':
      throw refuse('empty', file);
    case 'ole2':
      throw refuse(OLE_REFUSAL[sniffed.content], file);
    case 'binary':
      throw refuse(sniffed.what === 'unknown' ? 'binary' : sniffed.what, file);
    case 'zip': {
      const xlsx = await planXlsx(file, readZipIndex(file), signal, sheetSkip);
      return { info: { kind: 'xlsx', date1904: xlsx.date1904, sheetName: xlsx.sheet.name }, xlsx, totalBytes: xlsx.streamBytes };
    }
    case 'text': {
      const csv = await planCsv(file);
      const info: TableInfo = { kind: 'csv', date1904: false, sheetName: path.basename(file).replace(/\.[^.]*$/, ''), ...csv };
      return { info, csv, totalBytes: fs.statSync(file).size };
    }
  }
}

/**
 * A waiting next() inside the zip reader does not see the signal: race each step against it.
 * One listener per step, removed after it — racing every step against one long-lived promise
 * would keep every row reachable from that promise (a leak of ~650 bytes a row).
 */
function untilAborted<T>(step: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return step;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    step.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** What the file is and which sheet will be read; throws AppError for files we cannot read. */
export async function inspectFile(file: string): Promise<TableInfo> {
  try {
    return (await plan(file)).info;
  } catch (e) {
    throw toAppError(e, file);
  }
}

/**
 * Streams the rows of the file's table; the generator's return value is the TableInfo. Stops
 * promptly on `signal` with AppError 'CANCELLED', also while waiting inside the zip reader, and
 * releases the file when the consumer stops early.
 */
export async function* readRows(file: string, opts: ReadOptions = {}): AsyncGenerator<RawRow, TableInfo> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw cancelled();
  let p: Plan;
  try {
    p = await plan(file, signal, opts.sheetSkip);
  } catch (e) {
    throw toAppError(e, file);
  }
  if (signal?.aborted) throw cancelled();
  opts.onInfo?.(p.info);

  let read = 0;
  const onBytes = (n: number): void => {
    read += n;
    onProgress?.(Math.min(read, p.totalBytes), p.totalBytes);
  };
  let source: Readable | fs.ReadStream | null = null;
  const inner = p.xlsx ? xlsxRows(file, p.xlsx, onBytes, (s) => (source = s)) : csvRows(file, p.csv!, onBytes, (s) => (source = s));

  let pending = false;
  let rows = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw cancelled();
      pending = true;
      const r = await untilAborted(inner.next(), signal);
      pending = false;
      if (r.done) break;
      if (++rows > MAX_IMPORT_ROWS) throw refuse('too-many-rows', file, { limit: MAX_IMPORT_ROWS });
      yield r.value;
    }
  } catch (e) {
    throw toAppError(e, file);
  } finally {
    (source as Readable | null)?.destroy();
    // The inner generator can only be closed when it is not in the middle of a step.
    if (!pending) await inner.return(undefined).catch(() => {});
  }
  return p.info;
}

/**
 * Reads the first `count` rows and gives them back with an iterator over the rest, so the header
 * can be detected before the bulk of the file is read, without reading it twice.
 */
export async function peekRows(
  rows: AsyncGenerator<RawRow, TableInfo>,
  count: number,
): Promise<{ head: RawRow[]; rest: AsyncGenerator<RawRow, TableInfo>; info: TableInfo | null }> {
  const head: RawRow[] = [];
  let info: TableInfo | null = null;
  while (head.length < count) {
    const r = await rows.next();
    if (r.done) {
      info = r.value;
      break;
    }
    head.push(r.value);
  }
  async function* rest(): AsyncGenerator<RawRow, TableInfo> {
    if (info) return info;
    const r: TableInfo = yield* rows;
    return r;
  }
  return { head, rest: rest(), info };
}
