/**
 * One way to start and finish an A4 document with the CJK font: the font found (or a clear error
 * when it is missing), registered under fixed names, the document piped to the file, and the file
 * closed (or destroyed on failure) once the pages are drawn. Used by every PDF writer but the
 * certificates, which share parsed fonts across many documents (certificateFonts.ts).
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../../shared/result';
import { createPace, type Pace } from '../pace';
import { resolveCjkFont } from './cjkFont';
import { loadKaiFont } from './kaiFont';

export type Doc = PDFKit.PDFDocument;

export const A4 = { w: 595.28, h: 841.89 };
/** Font names inside every document made here. */
export const REGULAR = 'cjk';
export const BOLD = 'cjk-bold';
/** The Kai face for large names (Noto Serif SC Bold when it is missing). */
export const KAI = 'kai';

const PAD = 4;

/** One line in a box: the largest size (down to 7 pt) at which the text fits the box on one line; cut with … beyond. */
export function fit(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  w: number,
  h: number,
  font: string,
  size: number,
  align: 'center' | 'left' | 'right',
): void {
  if (!text) return;
  doc.font(font);
  let s = size;
  for (; s > 7; s -= 0.5) if (doc.fontSize(s).widthOfString(text) <= w - 2 * PAD) break;
  doc.fontSize(s);
  const lh = doc.currentLineHeight();
  // pdfkit ignores `align` on an unbroken line: place a right-aligned text by its width.
  const left = align === 'right' ? Math.max(x + PAD, x + w - PAD - doc.widthOfString(text)) : x + PAD;
  doc.text(text, left, y + (h - lh) / 2, {
    width: x + w - PAD - left,
    height: lh,
    align: align === 'right' ? 'left' : align,
    lineBreak: false,
    ellipsis: true,
  });
}

export interface PdfOptions {
  /** The document's Title in its properties. */
  title: string;
  /** A TTF with the CJK glyphs, used for every face; default: Noto Serif SC found by resolveCjkFont(). */
  fontPath?: string;
  /** Also register the Kai face (names on badges and table tents). */
  kai?: boolean;
  signal?: AbortSignal;
}

export function missingFontError(fontPath: string | null): AppError {
  return new AppError(
    'INTERNAL',
    `找不到生成 PDF 所需的中文字体${fontPath ? `：${fontPath}` : ''}。请重新安装本程序，或把 NotoSerifSC-Regular.ttf 放到 resources/fonts/ 目录。`,
    { fontPath },
  );
}

/**
 * Writes `out` with the pages `draw` adds (pages are added by the caller: `autoFirstPage` is off
 * and margins are 0). `pace` hands the thread back between pages and stops a cancelled job.
 */
export async function writePdf(out: string, o: PdfOptions, draw: (doc: Doc, pace: Pace) => Promise<void> | void): Promise<void> {
  const regular = o.fontPath ?? resolveCjkFont('regular');
  if (!regular || !fs.existsSync(regular)) throw missingFontError(regular);
  // A given font serves for every face; otherwise the bold weight when it is there.
  const bold = o.fontPath ? regular : (resolveCjkFont('bold') ?? regular);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: o.title, Creator: '培训台账', Producer: '培训台账' },
  });
  doc.registerFont(REGULAR, regular);
  doc.registerFont(BOLD, bold);
  if (o.kai) {
    const kai = o.fontPath ? null : loadKaiFont();
    if (kai) doc.registerFont(KAI, kai);
    else doc.registerFont(KAI, bold);
  }
  const file = fs.createWriteStream(out);
  const done = new Promise<void>((resolve, reject) => {
    file.on('finish', () => resolve());
    file.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(file);
  try {
    await draw(doc, createPace(o.signal));
  } catch (e) {
    file.destroy();
    throw e;
  }
  doc.end();
  await done;
}
