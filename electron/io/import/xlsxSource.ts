/**
 * .xlsx rows through exceljs' streaming WorkbookReader, so a 50,000-row table never sits in memory.
 *
 * We read the zip's directory ourselves first (zipIndex.ts): it finds the first worksheet with
 * data in workbook order, reads date1904 from workbook.xml, and checks every part we will use
 * against its CRC, so a damaged download is refused before any row is produced. The same pass
 * scans the XML bytes against the limits (xmlScan.ts): a bomb, a huge shared-string table or a
 * 50-million-character cell is refused before exceljs builds any of it. Rows are bounded again as
 * they come (cell length, width, the sum of row widths). exceljs then gets
 * a stream with only styles, shared strings and that one sheet, in that order. Excel itself writes
 * the sheets *before* the shared strings, which makes exceljs spool every sheet to a temp file
 * first; in our order it parses the sheet directly, never touches a temp file, and has the styles
 * it needs to turn date-formatted cells into Date objects.
 */
import { Readable } from 'node:stream';
import fs from 'node:fs';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { checkEntrySize, entryChunks, entryLayout, entryText, verifyEntry, ZipProblem, type ZipEntry, type ZipIndex } from './zipIndex';
import { AppError } from '../../../shared/result';
import { columnLetter } from './extractRows';
import {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_GRID_CELLS,
  MAX_INFLATED_BYTES,
  MAX_ROW_RECORDS,
  MAX_SHEETS_LOOKED_AT,
  count,
  megabytes,
} from './limits';
import { refuse } from './refusals';
import type { RawRow } from './readTable';
import { XmlScanner, type XmlPart } from './xmlScan';

export interface XlsxSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  entry: ZipEntry;
}

export interface XlsxPlan {
  date1904: boolean;
  sheet: XlsxSheet;
  styles: ZipEntry | null;
  sharedStrings: ZipEntry | null;
  /** Bytes of the stream handed to exceljs: what progress counts. */
  streamBytes: number;
}

const REL_TYPE = /\/(worksheet|sharedStrings|styles|officeDocument)$/;

function decodeXml(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Attributes of each `<tag …>` (any namespace prefix), local names as keys. */
function tags(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b([^>]*)>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      // r:id and sheetId both end in "id": keep the prefixed one under its full name too.
      const value = decodeXml(a[3] ?? a[4] ?? '');
      attrs[a[2]] = attrs[a[2]] ?? value;
      if (a[1]) attrs[`${a[1]}${a[2]}`] = value;
    }
    out.push(attrs);
  }
  return out;
}

/** A relationship target relative to the part that declares it (xl/workbook.xml → xl/…). */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function lookup(index: ZipIndex, name: string): ZipEntry | null {
  return index.entries.get(name.toLowerCase()) ?? null;
}

/** Some cell, somewhere, holds a value: <v>x</v>, or inline text <is><t>x</t></is>. */
const CELL_VALUE = /<(?:[\w.-]+:)?v>[^<]|<(?:[\w.-]+:)?t(?:\s[^>]*)?>[^<]/;
const PEEK_BYTES = 1024 * 1024;

async function sheetHasData(file: string, e: ZipEntry, budget: ZipIndex['inflated']): Promise<boolean> {
  let xml = '';
  for await (const c of entryChunks(file, e, { limit: PEEK_BYTES, budget })) xml += c.toString('utf8');
  if (CELL_VALUE.test(xml)) return true;
  // Not all of it was looked at: cannot tell, so it counts as data (readRows will see).
  return e.size > PEEK_BYTES;
}

/** Zips that are not workbooks get their own message (Word, PowerPoint, ODS, binary .xlsb). */
function notAWorkbook(file: string, index: ZipIndex, mainPart = ''): never {
  const has = (prefix: string): boolean => mainPart.startsWith(prefix) || [...index.entries.keys()].some((k) => k.startsWith(prefix));
  if (lookup(index, 'word/document.xml') || has('word/')) throw refuse('word', file);
  if (lookup(index, 'ppt/presentation.xml') || has('ppt/')) throw refuse('powerpoint', file);
  if (lookup(index, 'content.xml') && lookup(index, 'mimetype')) throw refuse('ods', file);
  if (lookup(index, 'xl/workbook.bin')) throw refuse('unusual-xlsx', file, { part: 'xl/workbook.bin' });
  throw refuse('zip-not-xlsx', file);
}

/** Everything readRows needs to know before the first row; throws AppError for unusable files. */
/**
 * `sheetSkip` passes over that many sheets with data: a workbook often opens with a 填表说明
 * sheet, and the caller tries the next sheet when the first has no header.
 */
export async function planXlsx(file: string, index: ZipIndex, signal?: AbortSignal, sheetSkip = 0): Promise<XlsxPlan> {
  const budget = index.inflated;
  let workbookPath = 'xl/workbook.xml';
  const rootRels = lookup(index, '_rels/.rels');
  if (rootRels) {
    const office = tags(await entryText(file, rootRels, budget), 'Relationship').find((r) => /\/officeDocument$/.test(r.Type ?? ''));
    if (office?.Target) workbookPath = resolveTarget('', office.Target);
  }
  // A Word document's main part is word/document.xml: the same relationship, another kind of file.
  const workbookEntry = lookup(index, workbookPath) ?? lookup(index, 'xl/workbook.xml');
  if (!workbookEntry) notAWorkbook(file, index, workbookPath.toLowerCase());
  const workbookXml = await entryText(file, workbookEntry, budget);
  if (!/<(?:[\w.-]+:)?workbook\b/.test(workbookXml)) notAWorkbook(file, index, workbookPath.toLowerCase());
  const relsPath = workbookPath.replace(/[^/]+$/, (n) => `_rels/${n}.rels`);
  const relsEntry = lookup(index, relsPath);
  if (!relsEntry) throw refuse('corrupt', file, { missing: relsPath });
  const rels = new Map<string, { type: string; path: string }>();
  for (const r of tags(await entryText(file, relsEntry, budget), 'Relationship')) {
    const type = REL_TYPE.exec(r.Type ?? '')?.[1];
    if (r.Id && type && r.Target) rels.set(r.Id, { type, path: resolveTarget(workbookPath, r.Target) });
  }
  const pr = tags(workbookXml, 'workbookPr')[0];
  const date1904 = pr?.date1904 === '1' || pr?.date1904 === 'true';

  const sheets: XlsxSheet[] = [];
  for (const s of tags(workbookXml, 'sheet')) {
    const relId = Object.entries(s).find(([k]) => k.includes(':') && k.endsWith(':id'))?.[1];
    const rel = relId ? rels.get(relId) : undefined;
    if (!rel || rel.type !== 'worksheet') continue; // chart sheets, dialog sheets
    const entry = lookup(index, rel.path);
    if (!entry) throw refuse('corrupt', file, { missing: rel.path });
    const state = s.state === 'hidden' || s.state === 'veryHidden' ? s.state : 'visible';
    sheets.push({ name: s.name ?? rel.path, state, entry });
  }
  // The first visible sheet with data; hidden sheets (often lists for drop-downs) only as a last resort.
  let sheet: XlsxSheet | null = null;
  let skip = sheetSkip;
  const order = [...sheets.filter((x) => x.state === 'visible'), ...sheets.filter((x) => x.state !== 'visible')];
  for (const s of order.slice(0, MAX_SHEETS_LOOKED_AT)) {
    if (await sheetHasData(file, s.entry, budget)) {
      if (skip-- > 0) continue;
      sheet = s;
      break;
    }
  }
  if (!sheet) throw refuse('no-rows', file, { sheets: sheets.map((s) => s.name), sheetSkip });

  const byType = (t: string, fallback: string): ZipEntry | null => {
    const rel = [...rels.values()].find((r) => r.type === t);
    return (rel && lookup(index, rel.path)) || lookup(index, fallback);
  };
  const styles = byType('styles', 'xl/styles.xml');
  const sharedStrings = byType('sharedStrings', 'xl/sharedStrings.xml');
  const parts: [ZipEntry | null, XmlPart][] = [
    [styles, 'styles'],
    [sharedStrings, 'sharedStrings'],
    [sheet.entry, 'sheet'],
  ];
  // exceljs inflates these parts once more: what it will inflate must fit the budget as well.
  let toInflate = budget.bytes;
  for (const [e] of parts) {
    if (!e) continue;
    checkEntrySize(file, e);
    toInflate += 2 * e.size;
  }
  if (toInflate > MAX_INFLATED_BYTES)
    throw refuse(
      'inflate-limit',
      file,
      { inflated: toInflate },
      `读取时需要解压 ${megabytes(toInflate)}，上限为 ${megabytes(MAX_INFLATED_BYTES)}`,
    );
  // The CRC check reads each part whole anyway: the byte scan rides along, before exceljs sees a byte.
  for (const [e, part] of parts) {
    if (!e) continue;
    const scanner = new XmlScanner(file, part);
    await verifyEntry(file, e, { signal, budget, scan: (c) => scanner.feed(c) });
  }
  const plan = { date1904, sheet, styles, sharedStrings, streamBytes: 0 };
  for (const p of streamParts(plan)) plan.streamBytes += p.bytes;
  return plan;
}

// ---------------------------------------------------------------------------------------------
// The stream handed to exceljs

const EMPTY_SST =
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';
const EMPTY_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';

/** A local file header with the sizes filled in, so unzipper never has to hunt for data descriptors. */
function localHeader(name: string, method: number, crc: number, compressed: number, size: number): Buffer {
  const nameBuf = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x0800, 6); // UTF-8 names, no data descriptor
  h.writeUInt16LE(method, 8);
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(nameBuf.length, 26);
  return Buffer.concat([h, nameBuf]);
}

function storedEntry(name: string, text: string): Buffer {
  const data = Buffer.from(text, 'utf8');
  return Buffer.concat([localHeader(name, 0, zlib.crc32(data), data.length, data.length), data]);
}

const END_OF_ZIP = (() => {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  return b;
})();

/** One part of the stream: fixed bytes, or an entry's compressed data copied from the file. */
type StreamPart = { bytes: number } & ({ buffer: Buffer } | { header: Buffer; entry: ZipEntry });

function copied(name: string, e: ZipEntry): StreamPart {
  const header = localHeader(name, e.method, e.crc32, e.compressedSize, e.size);
  return { header, entry: e, bytes: header.length + e.compressedSize };
}

function fixed(buffer: Buffer): StreamPart {
  return { buffer, bytes: buffer.length };
}

/** The zip exceljs reads: empty workbook rels, styles, shared strings (an empty table if none), the sheet. */
function streamParts(plan: XlsxPlan): StreamPart[] {
  return [
    fixed(storedEntry('xl/_rels/workbook.xml.rels', EMPTY_RELS)),
    ...(plan.styles ? [copied('xl/styles.xml', plan.styles)] : []),
    plan.sharedStrings ? copied('xl/sharedStrings.xml', plan.sharedStrings) : fixed(storedEntry('xl/sharedStrings.xml', EMPTY_SST)),
    copied('xl/worksheets/sheet1.xml', plan.sheet.entry),
    fixed(END_OF_ZIP),
  ];
}

function planStream(file: string, plan: XlsxPlan, onBytes: (n: number) => void): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    for (const p of streamParts(plan)) {
      if ('buffer' in p) {
        onBytes(p.buffer.length);
        yield p.buffer;
        continue;
      }
      onBytes(p.header.length);
      yield p.header;
      if (p.entry.compressedSize === 0) continue;
      const { dataOffset } = entryLayout(file, p.entry);
      for await (const chunk of fs.createReadStream(file, {
        start: dataOffset,
        end: dataOffset + p.entry.compressedSize - 1,
        highWaterMark: 64 * 1024,
      })) {
        onBytes((chunk as Buffer).length);
        yield chunk as Buffer;
      }
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

// ---------------------------------------------------------------------------------------------
// Cell values

/** Excel escapes control characters in text as _xHHHH_ (a CR pasted from Windows: _x000D_). */
function unescapeText(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/**
 * exceljs cell value → plain value: text, number, boolean, Date or null. Rich text is its text,
 * a formula its cached result (null when Excel saved none, or when the result was an error value,
 * which exceljs does not keep), a hyperlink its text, an error value like #N/A its text.
 */
export function plainCellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return unescapeText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return unescapeText((o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
    if ('formula' in o || 'sharedFormula' in o) return plainCellValue(o.result);
    if ('error' in o) return String(o.error);
    if ('text' in o) return plainCellValue(o.text);
    return null;
  }
  return String(v);
}

const isBlank = (v: unknown): boolean => v === null || v === '';

interface ExcelRowInternals {
  _cells?: ({ col: number; type: number; value: unknown } | undefined)[];
}

/**
 * The cells a row holds, by column (1-based), in column order, and how far right it reaches.
 * exceljs' own row.values walks every column up to the last one: with one cell in XFD that is
 * 16,384 slow steps per row (the array is sparse). Its cell list enumerated by key costs only
 * the cells there are.
 */
function presentCells(row: ExcelJS.Row): { cells: [number, unknown][]; width: number } {
  const list = (row as unknown as ExcelRowInternals)._cells;
  const cells: [number, unknown][] = [];
  const take = (cell: { col: number; type: number; value: unknown } | undefined): void => {
    if (cell && cell.type !== ExcelJS.ValueType.Null) cells.push([cell.col, cell.value]);
  };
  if (Array.isArray(list) && list.length <= 256) {
    for (let i = 0; i < list.length; i++) take(list[i]);
  } else if (Array.isArray(list)) {
    for (const key in list) take(list[key as unknown as number]);
  } else {
    (row.values as unknown[]).forEach((v, col) => cells.push([col, v]));
  }
  cells.sort((a, b) => a[0] - b[0]);
  return { cells, width: cells.length ? cells[cells.length - 1][0] : 0 };
}

/** The internals of exceljs' reader we rely on, set before it parses (see below). */
interface ReaderInternals {
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: unknown[] };
}

export async function* xlsxRows(
  file: string,
  plan: XlsxPlan,
  onBytes: (n: number) => void,
  onStream: (s: Readable) => void,
): AsyncGenerator<RawRow> {
  const input = planStream(file, plan, onBytes);
  onStream(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // We leave workbook.xml out of the stream, so give exceljs the epoch ourselves: with it, cells
  // formatted as dates in a 1904 workbook come back as the true dates, not 1462 days early.
  const internals = reader as unknown as ReaderInternals;
  internals.properties = { model: { date1904: plan.date1904 } };
  internals.model = { sheets: [] };
  let produced = 0;
  let records = 0;
  let grid = 0;
  try {
    for await (const ws of reader) {
      for await (const row of ws) {
        // The byte scan counted the row records already; this also covers rows exceljs makes up.
        if (++records > MAX_ROW_RECORDS || !Number.isInteger(row.number) || row.number < 1 || row.number > MAX_ROW_RECORDS)
          throw refuse('unusual-xlsx', file, { cause: `row number ${row.number}` });
        const present = presentCells(row);
        // Work per row grows with its last column, not its number of cells: bound the sum.
        grid += Math.max(present.width, row.cellCount);
        if (grid > MAX_GRID_CELLS)
          throw refuse(
            'too-wide',
            file,
            { grid },
            `读到第 ${row.number} 行时已有 ${count(grid)} 个单元格位置，上限为 ${count(MAX_GRID_CELLS)}`,
          );
        if (present.width > MAX_COLUMNS) throw refuse('too-wide', file, { columns: present.width }, `超过 ${count(MAX_COLUMNS)} 列`);
        const cells: unknown[] = [];
        let last = -1;
        for (const [col, raw] of present.cells) {
          const v = plainCellValue(raw);
          if (isBlank(v)) continue;
          if (typeof v === 'string' && v.length > MAX_CELL_CHARS)
            throw refuse('cell-too-long', file, { row: row.number, column: col - 1 }, `第 ${row.number} 行 ${columnLetter(col - 1)} 列`);
          while (cells.length < col - 1) cells.push(null);
          cells[col - 1] = v;
          last = col - 1;
        }
        if (last < 0) continue;
        produced++;
        yield { rowNumber: row.number, cells };
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A part that passed its CRC check but does not parse: the XML is broken, or written in a way
    // exceljs does not follow (e.g. rows without their r="…" numbers).
    throw refuse(e instanceof ZipProblem ? 'corrupt' : 'unusual-xlsx', file, { cause: String(e) });
  } finally {
    input.destroy();
  }
  if (produced === 0) throw refuse('no-rows', file, { sheet: plan.sheet.name });
}
