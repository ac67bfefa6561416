/**
 * 结业名单 as an A4 landscape PDF. Every piece of text is one line drawn by one pdfkit call (shrunk,
 * then narrowed, never wrapped or cut), so reading the file back gives each cell as one text run.
 * `rosterPdfLayout` is the single description of what goes where: the writer draws it, and the
 * verifier lays out the signed content the same way and compares, run by run, with the text read
 * out of the file (electron/io/pdfText.ts).
 *
 * The signature travels in the document information dictionary, key `TrainingLedgerRoster`:
 * base64 of the deflated JSON {format, fingerprint, publicKeyPem, signature, content}.
 */
import zlib from 'node:zlib';
import type { RosterContent } from '../../../shared/domain/certifiedRoster';
import { BOLD, REGULAR, writePdf, type Doc } from './pdfDocument';
import { SIGNATURE_FORMAT, type RosterSignature } from './certifiedRosterXlsx';

export const PDF_INFO_KEY = 'TrainingLedgerRoster';
const PAGE = { w: 841.89, h: 595.28 };
const MARGIN = 36;
const ROW_H = 22;
const WIDTHS = [32, 72, 32, 80, 184, 80, 130, 52, 108];
const PAD = 3;

/** What a run of text is: a line above the table, a header cell, a data cell, or the page number. */
export type RunField =
  | { kind: 'meta'; label: '标题' | '期次' | '组织单位' | '制表日期' | '签名密钥指纹' }
  | { kind: 'header'; col: number }
  | { kind: 'cell'; row: number; col: number }
  | { kind: 'page' };

export interface PdfRun {
  text: string;
  field: RunField;
  x: number;
  y: number;
  w: number;
  h: number;
  bold: boolean;
  size: number;
  align: 'left' | 'center' | 'right';
  /** Cell borders are drawn around runs with a box. */
  box: boolean;
}

export function rosterPdfLayout(content: RosterContent, fingerprint: string): PdfRun[][] {
  const tableW = WIDTHS.reduce((a, b) => a + b, 0);
  const left = (PAGE.w - tableW) / 2;
  const colX = WIDTHS.map((_, c) => left + WIDTHS.slice(0, c).reduce((a, b) => a + b, 0));
  const cols = content.columns.length;
  const widthOf = (c: number) => WIDTHS[c] ?? 60;
  const first: PdfRun[] = [];
  const line = (
    text: string,
    label: Extract<RunField, { kind: 'meta' }>['label'],
    y: number,
    h: number,
    size: number,
    opts: Partial<PdfRun> = {},
  ) =>
    first.push({ text, field: { kind: 'meta', label }, x: left, y, w: tableW, h, bold: false, size, align: 'left', box: false, ...opts });
  line(content.title, '标题', MARGIN, 28, 16, { bold: true, align: 'center' });
  line(content.session, '期次', MARGIN + 30, 18, 10.5, { align: 'center' });
  line(content.organiser, '组织单位', MARGIN + 50, 18, 10.5, { w: tableW / 2 });
  line(content.date, '制表日期', MARGIN + 50, 18, 10.5, { x: left + tableW / 2, w: tableW / 2, align: 'right' });
  line(`签名密钥指纹：${fingerprint}`, '签名密钥指纹', MARGIN + 68, 14, 8, { w: tableW });
  const bottom = PAGE.h - MARGIN - 16;
  const pages: PdfRun[][] = [];
  let page = first;
  let y = MARGIN + 86;
  const header = () => {
    for (let c = 0; c < cols; c++)
      page.push({
        text: content.columns[c],
        field: { kind: 'header', col: c },
        x: colX[c] ?? left,
        y,
        w: widthOf(c),
        h: ROW_H,
        bold: true,
        size: 10.5,
        align: 'center',
        box: true,
      });
    y += ROW_H;
  };
  header();
  content.rows.forEach((r, i) => {
    if (y + ROW_H > bottom) {
      pages.push(page);
      page = [];
      y = MARGIN;
      header();
    }
    for (let c = 0; c < cols; c++)
      page.push({
        text: r[c] ?? '',
        field: { kind: 'cell', row: i, col: c },
        x: colX[c] ?? left,
        y,
        w: widthOf(c),
        h: ROW_H,
        bold: false,
        size: 10,
        align: c === 4 || c === 6 ? 'left' : 'center',
        box: true,
      });
    y += ROW_H;
  });
  pages.push(page);
  pages.forEach((p, k) =>
    p.push({
      text: `第 ${k + 1} / ${pages.length} 页`,
      field: { kind: 'page' },
      x: left,
      y: PAGE.h - MARGIN - 12,
      w: tableW,
      h: 12,
      bold: false,
      size: 8,
      align: 'center',
      box: false,
    }),
  );
  return pages;
}

/** One line, never wrapped or cut: smaller down to 6 pt, then narrower (horizontal scaling). */
function drawRun(doc: Doc, r: PdfRun): void {
  if (r.box) doc.rect(r.x, r.y, r.w, r.h).stroke();
  if (!r.text) return;
  doc.font(r.bold ? BOLD : REGULAR);
  const room = r.w - 2 * PAD;
  let size = r.size;
  while (size > 6 && doc.fontSize(size).widthOfString(r.text) > room) size -= 0.5;
  doc.fontSize(size);
  const natural = doc.widthOfString(r.text);
  const scale = natural > room ? Math.max(30, Math.floor((room / natural) * 100)) : 100;
  const width = (natural * scale) / 100;
  const x = r.align === 'left' ? r.x + PAD : r.align === 'right' ? r.x + r.w - PAD - width : r.x + (r.w - width) / 2;
  const lh = doc.currentLineHeight();
  // horizontalScaling is in pdfkit 0.17 but not in @types/pdfkit.
  doc.text(r.text, x, r.y + (r.h - lh) / 2, { lineBreak: false, horizontalScaling: scale } as PDFKit.Mixins.TextOptions);
}

export interface RosterPdfPayload extends RosterSignature {
  format: string;
  content: RosterContent;
}

export function encodePayload(p: RosterPdfPayload): string {
  return zlib.deflateRawSync(Buffer.from(JSON.stringify(p), 'utf8')).toString('base64');
}

export function decodePayload(b64: string): RosterPdfPayload | null {
  try {
    return JSON.parse(
      zlib.inflateRawSync(Buffer.from(b64, 'base64'), { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8'),
    ) as RosterPdfPayload;
  } catch {
    return null;
  }
}

export async function writeRosterPdf(out: string, content: RosterContent, sig: RosterSignature, fontPath?: string): Promise<void> {
  await writePdf(out, { title: content.title, fontPath }, async (doc, pace) => {
    Object.assign(doc.info, {
      Subject: `${content.session} 结业名单（已签名）`,
      Keywords: `结业名单 签名密钥指纹 ${sig.fingerprint}`,
      [PDF_INFO_KEY]: encodePayload({ format: SIGNATURE_FORMAT, ...sig, content }),
    });
    for (const page of rosterPdfLayout(content, sig.fingerprint)) {
      doc.addPage({ size: [PAGE.w, PAGE.h], margin: 0 });
      doc.lineWidth(0.6).strokeColor('#000').fillColor('#000');
      for (const r of page) drawRun(doc, r);
      const p = pace();
      if (p) await p;
    }
  });
}

/** The payload as stored in the file's information dictionary (pdfkit writes it as an indirect string); null when there is none. */
export function payloadInPdf(bytes: Buffer): string | null {
  const text = bytes.toString('latin1');
  const literal = (s: string) => /^\s*\(([A-Za-z0-9+/=\s\\]+)\)/.exec(s)?.[1].replace(/\\\r?\n|\s/g, '') ?? null;
  const m = new RegExp(`/${PDF_INFO_KEY}\\s*(\\(|(\\d+)\\s+0\\s+R)`).exec(text);
  if (!m) return null;
  if (m[2] === undefined) return literal(text.slice(m.index + m[0].length - 1));
  const obj = new RegExp(`(?:^|[\\r\\n])${m[2]}\\s+0\\s+obj\\b`).exec(text);
  return obj ? literal(text.slice(obj.index + obj[0].length)) : null;
}
