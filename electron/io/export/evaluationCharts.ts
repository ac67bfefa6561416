/**
 * Horizontal bar charts drawn with pdfkit's vector shapes (no chart library): the five-point
 * distribution as one 100 % stacked bar per row, and a value (满意率) as one bar per row, grouped
 * when several sessions are compared. Each returns the height it used.
 */
import type { Rating } from '../../../shared/domain/evaluation';
import { RATING_HEADERS, RATINGS } from './evaluationReportData';
import { BOLD, fit, REGULAR, type Doc } from './pdfDocument';

/** Dark green (非常满意) to red (非常不满意); distinct in greyscale print as well. */
export const RATING_COLOURS: Record<Rating, string> = { 5: '#1b6e3a', 4: '#5fa873', 3: '#d8c36a', 2: '#e58a45', 1: '#b8322c' };
/** One colour per compared session. */
const SERIES = [
  '#2f5d9e',
  '#e08a2c',
  '#4d9e6a',
  '#9a4fa0',
  '#c33d3d',
  '#5a8fb0',
  '#8c6d3f',
  '#555555',
  '#b0a030',
  '#2aa198',
  '#d33682',
  '#6c71c4',
];

const BAR_H = 15;
const GAP = 7;

/** The row labels' column: as wide as the longest label (within reason). */
function labelWidth(doc: Doc, names: string[]): number {
  doc.font(REGULAR).fontSize(9.5);
  return Math.min(200, Math.max(70, ...names.map((n) => doc.widthOfString(n) + 10)));
}

function legend(doc: Doc, x: number, y: number, items: { text: string; colour: string }[]): void {
  let cx = x;
  for (const it of items) {
    doc.rect(cx, y + 3, 10, 10).fill(it.colour);
    doc.fillColor('#000').font(REGULAR).fontSize(8.5);
    const w = doc.widthOfString(it.text);
    doc.text(it.text, cx + 13, y + 3, { lineBreak: false });
    cx += 13 + w + 12;
  }
}

export function distributionChart(
  doc: Doc,
  x: number,
  y: number,
  w: number,
  title: string,
  rows: { name: string; answers: number; distribution: Record<Rating, number> }[],
): number {
  const LABEL_W = labelWidth(
    doc,
    rows.map((r) => r.name),
  );
  fit(doc, title, x, y, w, 18, BOLD, 11, 'left');
  legend(
    doc,
    x + LABEL_W,
    y + 18,
    RATINGS.map((r, k) => ({ text: RATING_HEADERS[k], colour: RATING_COLOURS[r] })),
  );
  let cy = y + 40;
  const barW = w - LABEL_W - 50;
  for (const r of rows) {
    fit(doc, r.name, x, cy - 2, LABEL_W, BAR_H + 4, REGULAR, 9.5, 'right');
    doc
      .lineWidth(0.5)
      .strokeColor('#999')
      .rect(x + LABEL_W, cy, barW, BAR_H)
      .stroke();
    let bx = x + LABEL_W;
    for (const rating of RATINGS) {
      const n = r.distribution[rating];
      if (!n || !r.answers) continue;
      const bw = (barW * n) / r.answers;
      doc.rect(bx, cy, bw, BAR_H).fill(RATING_COLOURS[rating]);
      // The count inside its segment when there is room.
      doc.font(REGULAR).fontSize(7.5);
      const label = String(n);
      if (doc.widthOfString(label) + 3 < bw)
        doc
          .fillColor(rating === 3 ? '#000' : '#fff')
          .text(label, bx, cy + (BAR_H - doc.currentLineHeight()) / 2, { width: bw, align: 'center', lineBreak: false });
      bx += bw;
    }
    doc.fillColor('#000');
    fit(doc, r.answers ? `${r.answers} 人次` : '无作答', x + LABEL_W + barW, cy - 2, 50, BAR_H + 4, REGULAR, 8, 'left');
    cy += BAR_H + GAP;
  }
  return cy - y;
}

/** Bars of a share 0–1 per row; with several series, one bar per series in each row's group. */
export function rateChart(
  doc: Doc,
  x: number,
  y: number,
  w: number,
  title: string,
  series: string[],
  rows: { name: string; values: (number | null)[] }[],
): number {
  const LABEL_W = labelWidth(
    doc,
    rows.map((r) => r.name),
  );
  fit(doc, title, x, y, w, 18, BOLD, 11, 'left');
  let cy = y + 20;
  if (series.length > 1) {
    legend(
      doc,
      x + LABEL_W,
      cy,
      series.map((s, k) => ({ text: s, colour: SERIES[k % SERIES.length] })),
    );
    cy += 20;
  }
  const barW = w - LABEL_W - 46;
  const h = series.length > 1 ? 11 : BAR_H;
  const axisTop = cy;
  for (const r of rows) {
    const groupH = h * r.values.length;
    fit(doc, r.name, x, cy + groupH / 2 - 10, LABEL_W, 20, REGULAR, 9.5, 'right');
    r.values.forEach((v, k) => {
      const by = cy + k * h;
      if (v !== null && v > 0)
        doc.rect(x + LABEL_W, by + 1, barW * v, h - 2).fill(series.length > 1 ? SERIES[k % SERIES.length] : '#2f5d9e');
      doc.fillColor('#000');
      const label = v === null ? '无作答' : `${(v * 100).toFixed(1)}%`;
      fit(doc, label, x + LABEL_W + (v ?? 0) * barW, by - 3, 46, h + 6, REGULAR, h > 12 ? 8.5 : 7.5, 'left');
    });
    cy += groupH + GAP;
  }
  // The scale: 0, 50 %, 100 % gridlines under the bars.
  doc.lineWidth(0.4).strokeColor('#888');
  for (const t of [0, 0.5, 1]) {
    const gx = x + LABEL_W + t * barW;
    doc
      .moveTo(gx, axisTop - 2)
      .lineTo(gx, cy - GAP + 2)
      .dash(2, { space: 2 })
      .stroke()
      .undash();
    fit(doc, `${t * 100}%`, gx - 20, cy - GAP + 2, 40, 12, REGULAR, 7.5, 'center');
  }
  doc.strokeColor('#000');
  return cy - GAP + 16 - y;
}

/** The height distributionChart and rateChart will use, to keep a chart on one page. */
export const distributionHeight = (rows: number) => 40 + rows * (BAR_H + GAP);
export const rateHeight = (rows: number, series: number) =>
  20 + (series > 1 ? 20 : 0) + rows * ((series > 1 ? 11 : BAR_H) * series + GAP) + 16;
