/**
 * A byte-level pass over an .xlsx part while its CRC is checked, before exceljs parses it: counts
 * rows, cells and shared strings and measures every text run and tag, so a file whose XML would
 * make the parser build huge strings or millions of objects is refused in constant memory, from
 * the bytes alone. It is not an XML parser: it only finds `<` and `>` and reads the first bytes of
 * each tag (a 100 MB part takes a few tenths of a second).
 *
 * Document type declarations are refused: Excel never writes them, and an internal subset is how
 * entity-expansion attacks (billion laughs) start.
 */
import * as limits from './limits';
import { count, megabytes } from './limits';
import { refuse } from './refusals';

export type XmlPart = 'sheet' | 'sharedStrings' | 'styles';

/**
 * Local copies of the limits: the loop below runs once per byte and once per tag, and some module
 * loaders (tsx, vitest) read imported bindings through a getter each time.
 */
const {
  MAX_GRID_CELLS,
  MAX_IMPORT_ROWS,
  MAX_ROW_RECORDS,
  MAX_SHARED_STRINGS,
  MAX_SHARED_TEXT_BYTES,
  MAX_STYLE_ELEMENTS,
  MAX_XML_ELEMENTS,
  MAX_XML_TAG_BYTES,
  MAX_XML_TEXT_BYTES,
} = limits;

const LT = 0x3c;
const GT = 0x3e;
const HEAD = 24;

const isNameEnd = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x2f || b === GT;
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const DOCTYPE = ascii('!DOCTYPE');
const ENTITY = ascii('!ENTITY');

function startsWith(buf: Uint8Array, start: number, end: number, word: number[]): boolean {
  if (end - start < word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[start + k] !== word[k]) return false;
  return true;
}

/**
 * One pass per byte, in plain JavaScript: with tags every few bytes (a million rows, or a bomb
 * of `<x/>`) a byte loop is many times faster than a native call per tag.
 */
export class XmlScanner {
  private inTag = false;
  private tagBytes = 0;
  /** The first bytes of a tag that started in an earlier chunk. */
  private readonly head = Buffer.alloc(HEAD);
  private headLen = 0;
  /** Bytes of text since the last element tag (comments and CDATA count as text). */
  private textRun = 0;
  private rowHasValue = false;
  rows = 0;
  valueRows = 0;
  cells = 0;
  strings = 0;
  textBytes = 0;
  elements = 0;

  constructor(
    private readonly file: string,
    private readonly part: XmlPart,
  ) {}

  feed(chunk: Buffer): void {
    // XML cannot hold a NUL byte: a part with one is damaged (or a run of zeros meant to inflate).
    if (chunk.indexOf(0) >= 0) throw refuse('corrupt', this.file, { cause: `NUL byte in ${this.part} XML` });
    const n = chunk.length;
    let inTag = this.inTag;
    // Where the current text or tag began in this chunk, and whether the tag began in it.
    let from = 0;
    let tagHere = false;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b === LT) {
        if (inTag) continue; // not well-formed; the parser will say so
        if (i > from) this.text(i - from);
        inTag = true;
        tagHere = true;
        from = i + 1;
      } else if (b === GT && inTag) {
        inTag = false;
        if (tagHere) {
          this.tagBytes = i - from;
          // A closing tag only ends the text run: the most common tag, kept out of tag().
          if (chunk[from] === 0x2f /* / */) this.textRun = 0;
          else this.tag(chunk, from, i);
        } else {
          this.tagBytes += i;
          this.headLen += chunk.copy(this.head, this.headLen, 0, Math.min(i, HEAD - this.headLen));
          this.tag(this.head, 0, this.headLen);
        }
        from = i + 1;
      }
    }
    this.inTag = inTag;
    if (inTag) {
      if (tagHere) {
        this.tagBytes = 0;
        this.headLen = 0;
      }
      this.headLen += chunk.copy(this.head, this.headLen, from, Math.min(n, from + HEAD - this.headLen));
      this.tagBytes += n - from;
      if (this.tagBytes > MAX_XML_TAG_BYTES) throw refuse('unusual-xlsx', this.file, { cause: `tag over ${MAX_XML_TAG_BYTES} bytes` });
    } else if (n > from) this.text(n - from);
  }

  private text(bytes: number): void {
    if (bytes === 0) return;
    this.textRun += bytes;
    if (this.textRun > MAX_XML_TEXT_BYTES) throw refuse('cell-too-long', this.file, { cause: `text run over ${MAX_XML_TEXT_BYTES} bytes` });
    if (this.part === 'sharedStrings') {
      this.textBytes += bytes;
      if (this.textBytes > MAX_SHARED_TEXT_BYTES)
        throw refuse('shared-strings', this.file, { textBytes: this.textBytes }, `文字总量超过 ${megabytes(MAX_SHARED_TEXT_BYTES)}`);
    }
  }

  /** A tag whose first bytes (after `<`) are buf[start, end). */
  private tag(buf: Uint8Array, start: number, end: number): void {
    if (this.tagBytes > MAX_XML_TAG_BYTES) throw refuse('unusual-xlsx', this.file, { cause: `tag over ${MAX_XML_TAG_BYTES} bytes` });
    const first = buf[start];
    if (first === 0x21 /* ! */) {
      if (startsWith(buf, start, end, DOCTYPE) || startsWith(buf, start, end, ENTITY))
        throw refuse('unusual-xlsx', this.file, { cause: `DTD in ${this.part} XML` });
      // A comment or CDATA section: its content is part of the text around it.
      this.text(this.tagBytes + 2);
      return;
    }
    this.textRun = first === 0x3f /* ? */ ? this.textRun : 0;
    if (first === 0x2f /* / */ || first === 0x3f) return;
    if (++this.elements > MAX_XML_ELEMENTS) throw refuse('unusual-xlsx', this.file, { cause: `over ${MAX_XML_ELEMENTS} XML elements` });
    let s = start;
    let e = start;
    while (e < end && !isNameEnd(buf[e])) {
      if (buf[e] === 0x3a /* : */) s = e + 1;
      e++;
    }
    const len = e - s;
    const c0 = buf[s];
    switch (this.part) {
      case 'sheet':
        if (len === 3 && c0 === 0x72 && buf[s + 1] === 0x6f && buf[s + 2] === 0x77 /* row */) {
          this.rowHasValue = false;
          if (++this.rows > MAX_ROW_RECORDS) throw refuse('unusual-xlsx', this.file, { cause: `over ${MAX_ROW_RECORDS} row records` });
        } else if (len === 1 && c0 === 0x63 /* c */) {
          if (++this.cells > MAX_GRID_CELLS)
            throw refuse('too-wide', this.file, { cells: this.cells }, `单元格超过 ${count(MAX_GRID_CELLS)} 个`);
        } else if (
          ((len === 1 && c0 === 0x76) /* v */ || (len === 2 && c0 === 0x69 && buf[s + 1] === 0x73)) /* is */ &&
          !this.rowHasValue
        ) {
          this.rowHasValue = true;
          if (++this.valueRows > MAX_IMPORT_ROWS) throw refuse('too-many-rows', this.file, { limit: MAX_IMPORT_ROWS });
        }
        return;
      case 'sharedStrings':
        if (len === 2 && c0 === 0x73 && buf[s + 1] === 0x69 /* si */ && ++this.strings > MAX_SHARED_STRINGS)
          throw refuse('shared-strings', this.file, { strings: this.strings }, `不同的文字超过 ${count(MAX_SHARED_STRINGS)} 个`);
        return;
      case 'styles':
        if (this.elements > MAX_STYLE_ELEMENTS)
          throw refuse('unusual-xlsx', this.file, { cause: `over ${MAX_STYLE_ELEMENTS} style elements` });
        return;
    }
  }
}
