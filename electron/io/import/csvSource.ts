/**
 * CSV as Excel and WPS save it in China: UTF-8 with or without BOM ("CSV UTF-8"), GBK/GB18030
 * (plain "CSV" on a Chinese Windows), or UTF-16 with BOM and tabs ("Unicode 文本"). Quoted fields
 * may hold commas, line breaks and doubled quotes. Streamed, with a small parser of our own, because
 * the decoding (GB18030 through iconv-lite) has to happen before the splitting.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { columnLetter } from './extractRows';
import * as limits from './limits';
import { count } from './limits';
import { refuse } from './refusals';
import type { RawRow } from './readTable';

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface CsvPlan {
  encoding: CsvEncoding;
  delimiter: ',' | '\t' | ';';
}

/** Local copies: the parser checks them once per character, and some loaders read imports through getters. */
const { MAX_CELL_CHARS, MAX_COLUMNS, MAX_GRID_CELLS, MAX_ROW_RECORDS } = limits;

const CHUNK = 64 * 1024;
/**
 * A quoted field this long is a quote left open (when it spans lines) or a cell far too long:
 * either way the parser stops there instead of holding the rest of the file in one string.
 */
const RUNAWAY_FIELD = 100_000;
/** Enough to tell UTF-8 from GB18030: the header alone has Chinese in it. */
const ENCODING_SNIFF_BYTES = 8 * 1024 * 1024;

interface TextDecoderLike {
  write(b: Buffer): string;
  end(): string;
}

function decoderFor(encoding: CsvEncoding): TextDecoderLike {
  if (encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  if (encoding === 'utf-16be') {
    // Node has no UTF-16BE decoder of its own: swap byte pairs and decode as LE.
    const le = new StringDecoder('utf16le');
    let odd: Buffer | null = null;
    return {
      write(b) {
        const buf = odd ? Buffer.concat([odd, b]) : b;
        const even = buf.length - (buf.length % 2);
        odd = even < buf.length ? buf.subarray(even) : null;
        return le.write(Buffer.from(buf.subarray(0, even)).swap16());
      },
      end: () => le.end(),
    };
  }
  const d = new StringDecoder(encoding === 'utf-16le' ? 'utf16le' : 'utf8');
  return { write: (b) => d.write(b), end: () => d.end() };
}

function bomOf(head: Buffer): { encoding: CsvEncoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Valid UTF-8 throughout its first megabytes → UTF-8; otherwise GB18030 (a superset of GBK and GB2312). */
async function isUtf8(file: string): Promise<boolean> {
  const d = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK, end: ENCODING_SNIFF_BYTES - 1 }))
      d.decode(chunk as Buffer, { stream: true });
    // A multi-byte character cut off at the very end is a truncated file, not another encoding.
    return true;
  } catch {
    return false;
  }
}

/** Counts each candidate outside quotes in the first lines; the most frequent wins. */
function sniffDelimiter(text: string): CsvPlan['delimiter'] | null {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  let lines = 0;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === ',' || ch === '\t' || ch === ';')) counts[ch]++;
    else if (!inQuotes && ch === '\n' && ++lines >= 50) break;
  }
  const best = (Object.entries(counts) as [CsvPlan['delimiter'], number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : null;
}

function readHead(file: string, n: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, fs.readSync(fd, buf, 0, n, 0));
  } finally {
    fs.closeSync(fd);
  }
}

export async function planCsv(file: string): Promise<CsvPlan> {
  const head = readHead(file, CHUNK);
  const bom = bomOf(head);
  const encoding: CsvEncoding = bom?.encoding ?? ((await isUtf8(file)) ? 'utf-8' : 'gb18030');
  const d = decoderFor(encoding);
  const text = d.write(head.subarray(bom?.length ?? 0));
  const delimiter = sniffDelimiter(text);
  if (!delimiter) throw refuse('not-a-table', file);
  return { encoding, delimiter };
}

export interface CsvLimitHandlers {
  /** A quote opened and never closed, swallowing the lines after it. */
  openQuote(rowNumber: number): never;
  cellTooLong(rowNumber: number, column: number): never;
  tooWide(rowNumber: number, detail: string): never;
  tooManyRecords(): never;
}

/**
 * A CSV state machine fed with decoded text in pieces of any size. Records are numbered as Excel
 * shows them: a record with a line break inside quotes is one row. Every field, record and the
 * whole table are bounded as the text comes (limits.ts).
 */
class CsvParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** Inside quotes, a quote was just read: either "" (a literal quote) or the closing one. */
  private quoteSeen = false;
  private skipLF = false;
  private fieldStart = true;
  rowNumber = 0;
  private grid = 0;

  constructor(
    private readonly delimiter: string,
    private readonly limits: CsvLimitHandlers,
  ) {}

  feed(text: string, emit: (rowNumber: number, fields: string[]) => void): void {
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.skipLF) {
        this.skipLF = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // the closing quote; this character is read as outside quotes
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          // Fast path: copy up to the next quote in one slice.
          const next = text.indexOf('"', i);
          const end = next < 0 ? text.length : next;
          this.field += text.slice(i, end);
          if (this.field.length > RUNAWAY_FIELD) this.fieldTooLong();
          i = end - 1;
          continue;
        }
      }
      if (ch === '"' && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else if (ch === d) {
        this.endField();
      } else if (ch === '\n' || ch === '\r') {
        this.endField();
        this.endRecord(emit);
        this.skipLF = ch === '\r';
      } else {
        this.field += ch;
        this.fieldStart = false;
        if (this.field.length > MAX_CELL_CHARS) this.fieldTooLong();
      }
    }
  }

  end(emit: (rowNumber: number, fields: string[]) => void): void {
    this.quoteSeen = false;
    this.inQuotes = false;
    if (this.field !== '' || this.record.length > 0) {
      this.endField();
      this.endRecord(emit);
    }
  }

  /**
   * A field past the cell limit: when it spans lines and holds delimiters it has swallowed rows
   * after a quote left open (the more useful message); otherwise it is one cell far too long.
   */
  private fieldTooLong(): never {
    if (/[\r\n]/.test(this.field) && this.field.includes(this.delimiter)) this.limits.openQuote(this.rowNumber + 1);
    this.limits.cellTooLong(this.rowNumber + 1, this.record.length);
  }

  private endField(): void {
    if (this.field.length > MAX_CELL_CHARS) this.fieldTooLong();
    if (this.record.length >= MAX_COLUMNS) this.limits.tooWide(this.rowNumber + 1, `超过 ${count(MAX_COLUMNS)} 列`);
    this.record.push(this.field);
    this.field = '';
    this.fieldStart = true;
  }

  private endRecord(emit: (rowNumber: number, fields: string[]) => void): void {
    if (this.rowNumber >= MAX_ROW_RECORDS) this.limits.tooManyRecords();
    this.grid += this.record.length;
    if (this.grid > MAX_GRID_CELLS)
      this.limits.tooWide(
        this.rowNumber + 1,
        `读到第 ${this.rowNumber + 1} 行时已有 ${count(this.grid)} 个单元格，上限为 ${count(MAX_GRID_CELLS)}`,
      );
    this.rowNumber++;
    const rec = this.record;
    this.record = [];
    emit(this.rowNumber, rec);
  }
}

/** ="0123" is how some systems force Excel to keep a number as text; the value is what is inside. */
function cellOf(field: string): string | null {
  if (field === '') return null;
  const m = /^="(.*)"$/s.exec(field);
  return m ? m[1] : field;
}

export async function* csvRows(
  file: string,
  plan: CsvPlan,
  onBytes: (n: number) => void,
  onStream: (s: fs.ReadStream) => void,
): AsyncGenerator<RawRow> {
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK });
  onStream(stream);
  const decoder = decoderFor(plan.encoding);
  const parser = new CsvParser(plan.delimiter, {
    openQuote: (row) => {
      throw refuse('csv-quote', file, { row }, `第 ${row} 行`);
    },
    cellTooLong: (row, column) => {
      throw refuse('cell-too-long', file, { row, column }, `第 ${row} 行 ${columnLetter(column)} 列`);
    },
    tooWide: (row, detail) => {
      throw refuse('too-wide', file, { row }, detail);
    },
    tooManyRecords: () => {
      throw refuse('too-many-rows', file, { records: MAX_ROW_RECORDS });
    },
  });
  let pending: RawRow[] = [];
  const emit = (rowNumber: number, fields: string[]): void => {
    const cells = fields.map(cellOf);
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    if (cells.length) pending.push({ rowNumber, cells });
  };
  let first = true;
  let produced = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      onBytes(buf.length);
      let text = decoder.write(buf);
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      parser.feed(text, emit);
      const out = pending;
      pending = [];
      produced += out.length;
      yield* out;
    }
    parser.feed(decoder.end(), emit);
    parser.end(emit);
    produced += pending.length;
    yield* pending;
  } finally {
    stream.destroy();
  }
  if (produced === 0) throw refuse('no-rows', file);
}
