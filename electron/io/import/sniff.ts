/**
 * What a file really is, from its first bytes: people rename files, mail clients rename them, and
 * "报名表.xlsx" may be a Word document, a PDF, an old .xls, a password-protected workbook or a web
 * page saved by a portal. Each gets a message that says what to do; the extension is never trusted.
 */
import fs from 'node:fs';

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'zip' }
  /** OLE2 compound file: legacy .xls/.doc/.et, or an encrypted OOXML file (same container). */
  | { kind: 'ole2'; content: 'encrypted' | 'xls' | 'doc' | 'ppt' | 'unknown' }
  | { kind: 'text' }
  | { kind: 'binary'; what: 'pdf' | 'image' | 'archive' | 'html' | 'xml' | 'rtf' | 'unknown' };

const HEAD = 64 * 1024;
/** OLE2 directories are small, but may sit anywhere; files past this are scanned in part only. */
const OLE_SCAN = 32 * 1024 * 1024;

function readHead(file: string, n: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

const starts = (b: Buffer, bytes: number[]): boolean => bytes.every((x, i) => b[i] === x);
const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

/** Names of the streams in an OLE2 directory (UTF-16LE) tell an encrypted .xlsx from an .xls. */
function oleContent(file: string): Extract<Sniffed, { kind: 'ole2' }>['content'] {
  const buf = readHead(file, OLE_SCAN);
  if (buf.includes(utf16('EncryptedPackage')) || buf.includes(utf16('EncryptionInfo'))) return 'encrypted';
  if (buf.includes(utf16('Workbook')) || buf.includes(utf16('Book'))) return 'xls';
  if (buf.includes(utf16('WordDocument'))) return 'doc';
  if (buf.includes(utf16('PowerPoint Document'))) return 'ppt';
  return 'unknown';
}

/** Text files have no NUL bytes (unless UTF-16) and few control characters. */
function looksLikeText(b: Buffer): boolean {
  if (starts(b, [0xff, 0xfe]) || starts(b, [0xfe, 0xff])) return true;
  let control = 0;
  for (const c of b) {
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control <= b.length / 100;
}

export function sniffFile(file: string): Sniffed {
  const b = readHead(file, HEAD);
  if (b.length === 0) return { kind: 'empty' };
  if (starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'ole2', content: oleContent(file) };
  if (starts(b, [0x25, 0x50, 0x44, 0x46])) return { kind: 'binary', what: 'pdf' };
  if (
    starts(b, [0x89, 0x50, 0x4e, 0x47]) ||
    starts(b, [0xff, 0xd8, 0xff]) ||
    starts(b, [0x47, 0x49, 0x46, 0x38]) ||
    starts(b, [0x49, 0x49, 0x2a, 0x00])
  )
    return { kind: 'binary', what: 'image' };
  if (starts(b, [0x52, 0x61, 0x72, 0x21]) || starts(b, [0x37, 0x7a, 0xbc, 0xaf]) || starts(b, [0x1f, 0x8b]))
    return { kind: 'binary', what: 'archive' };
  if (!looksLikeText(b)) return { kind: 'binary', what: 'unknown' };
  // Text, but maybe a web page or SpreadsheetML saved as ".xls" by a portal, or an RTF document.
  const text = b
    .subarray(0, 2048)
    .toString('latin1')
    .replace(/^\xef\xbb\xbf/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('{\\rtf')) return { kind: 'binary', what: 'rtf' };
  if (/^<(!doctype html|html|table|meta|head)\b/.test(text)) return { kind: 'binary', what: 'html' };
  if (text.startsWith('<?xml') || text.startsWith('<workbook')) return { kind: 'binary', what: 'xml' };
  return { kind: 'text' };
}
