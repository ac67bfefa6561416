/**
 * 学员报名表 as PDF: one A4 page per trainee, all in one document. One document because pdfkit
 * parses and subsets the 15 MB CJK font once per document: 800 separate files would take ~40 s.
 * Same grid as the xlsx form (formLayout.ts); every text is fitted into its box, shrinking and
 * wrapping rather than running over a line.
 */
import type { Programme, RegistrationRow } from '../../../shared/domain/types';
import { FORM_SECTIONS, OPINION_DATE, OPINION_SIGNATURE, OPINION_TITLE, formTitle } from './formLayout';
import { A4, BOLD, REGULAR, writePdf, type Doc } from './pdfDocument';
import { formValues } from './rowText';

const MARGIN_X = 56.7; // 2 cm
const TOP = 64;
const TABLE_W = A4.w - 2 * MARGIN_X;
const COL = { section: 34, label: 100 };
const VALUE_W = (TABLE_W - COL.section - 2 * COL.label) / 2;
const ROW_H = 36;
const WIDE_H = 48;
const OPINION_H = 210;
const PAD = 4;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface FitOptions {
  font: string;
  size: number;
  min?: number;
  align?: 'left' | 'center' | 'right';
}

/** Largest size from `size` down to `min` at which the text fits the box (wrapping allowed); centred vertically. */
function fitText(doc: Doc, text: string, box: Box, o: FitOptions): void {
  if (!text) return;
  const width = box.w - 2 * PAD;
  const height = box.h - 2 * PAD;
  const min = o.min ?? 6.5;
  doc.font(o.font);
  let size = o.size;
  for (; size > min; size -= 0.5) if (doc.fontSize(size).heightOfString(text, { width, lineGap: 0 }) <= height) break;
  doc.fontSize(size);
  const used = Math.min(height, doc.heightOfString(text, { width, lineGap: 0 }));
  // Still too long at the smallest size: cut with an ellipsis rather than draw over the next box.
  doc.text(text, box.x + PAD, box.y + (box.h - used) / 2, { width, height, align: o.align ?? 'left', lineGap: 0, ellipsis: true });
}

/**
 * A section title down the left edge, one character per line as on printed forms. Drawn character
 * by character: pdfkit measures a line with its newline, which would push all but the last off centre.
 */
function verticalText(doc: Doc, title: string, box: Box): void {
  const chars = [...title];
  const size = Math.min(11, (box.h - 2 * PAD) / (chars.length * 1.5));
  const step = size * 1.5;
  doc.font(BOLD).fontSize(size);
  let y = box.y + (box.h - step * chars.length) / 2 + (step - doc.currentLineHeight()) / 2;
  for (const ch of chars) {
    doc.text(ch, box.x, y, { width: box.w, align: 'center', lineBreak: false });
    y += step;
  }
}

function cell(doc: Doc, box: Box): void {
  doc.rect(box.x, box.y, box.w, box.h).stroke();
}

function drawForm(doc: Doc, programme: Programme, r: RegistrationRow): void {
  const v = formValues(r);
  fitText(doc, formTitle(programme), { x: MARGIN_X, y: TOP - 30, w: TABLE_W, h: 56 }, { font: BOLD, size: 17, min: 12, align: 'center' });
  fitText(doc, `报名编号：${r.id}`, { x: MARGIN_X, y: TOP + 28, w: TABLE_W, h: 20 }, { font: REGULAR, size: 9, align: 'right' });

  const xLabel1 = MARGIN_X + COL.section;
  const xValue1 = xLabel1 + COL.label;
  const xLabel2 = xValue1 + VALUE_W;
  const xValue2 = xLabel2 + COL.label;
  const top = TOP + 50;
  let y = top;
  doc.lineWidth(0.6).strokeColor('#000');

  const label = (text: string, x: number, h: number) => {
    const box = { x, y, w: COL.label, h };
    cell(doc, box);
    fitText(doc, text, box, { font: BOLD, size: 10.5, min: 7, align: 'center' });
  };
  const value = (key: string, x: number, w: number, h: number) => {
    const box = { x, y, w, h };
    cell(doc, box);
    fitText(doc, v[key] ?? '', box, { font: REGULAR, size: 11, min: 6.5 });
  };
  const section = (title: string, from: number, h: number) => {
    const box = { x: MARGIN_X, y: from, w: COL.section, h };
    cell(doc, box);
    verticalText(doc, title, box);
  };

  for (const s of FORM_SECTIONS) {
    const from = y;
    for (const line of s.lines) {
      if ('wide' in line) {
        label(line.wide, xLabel1, WIDE_H);
        value(line.wide, xValue1, TABLE_W - COL.section - COL.label, WIDE_H);
        y += WIDE_H;
      } else {
        label(line.pair[0], xLabel1, ROW_H);
        value(line.pair[0], xValue1, VALUE_W, ROW_H);
        label(line.pair[1], xLabel2, ROW_H);
        value(line.pair[1], xValue2, VALUE_W, ROW_H);
        y += ROW_H;
      }
    }
    section(s.title, from, y - from);
  }

  // 推荐单位意见: an empty box for the recommending department's opinion, signature and seal.
  section(OPINION_TITLE, y, OPINION_H);
  const box = { x: xLabel1, y, w: TABLE_W - COL.section, h: OPINION_H };
  cell(doc, box);
  const right = { x: box.x, w: box.w - 40, h: 20 };
  fitText(doc, OPINION_SIGNATURE, { ...right, y: y + OPINION_H - 62 }, { font: REGULAR, size: 11, align: 'right' });
  fitText(doc, OPINION_DATE, { ...right, y: y + OPINION_H - 34 }, { font: REGULAR, size: 11, align: 'right' });
  y += OPINION_H;

  // The outer frame a little heavier, as on printed forms.
  doc
    .lineWidth(1.2)
    .rect(MARGIN_X, top, TABLE_W, y - top)
    .stroke();
}

export interface FormsPdfData {
  programme: Programme;
  rows: RegistrationRow[];
  /** A TTF with the CJK glyphs; default: Noto Serif SC found by resolveCjkFont(). */
  fontPath?: string;
  signal?: AbortSignal;
}

export async function writeFormsPdf(out: string, data: FormsPdfData): Promise<void> {
  await writePdf(out, { title: formTitle(data.programme), fontPath: data.fontPath, signal: data.signal }, async (doc, pace) => {
    for (const r of data.rows) {
      doc.addPage({ size: 'A4', margin: 0 });
      drawForm(doc, data.programme, r);
      const p = pace();
      if (p) await p;
    }
  });
}
