/**
 * The 概览 as an A4 report for a leadership briefing: the programme's title, the date, one line of
 * key figures, then each chart as the screen drew it (its PNG) with its title and the caption that
 * states the definition, as many per page as fit.
 */
import type { Pace } from '../pace';
import { BOLD, fit, REGULAR, writePdf, type Doc } from './pdfDocument';
import { CONTENT_W, Flow, MARGIN_X } from './pdfFlow';
import type { PngImage } from './pngImage';

export interface DashboardPdfData {
  title: string;
  /** 「2025年12月2日」 */
  date: string;
  keyFigures: { label: string; value: string; note: string }[];
  /** Printed under the figures: how 满意率 and the rates are counted. */
  note: string;
  charts: { title: string; caption: string; image: PngImage }[];
  fontPath?: string;
  signal?: AbortSignal;
}

/** A chart is at most this tall on paper, so two usually share a page. */
const MAX_IMAGE_H = 330;

function wrapped(doc: Doc, text: string, y: number, size: number): number {
  doc.font(REGULAR).fontSize(size).fillColor('#444');
  const h = doc.heightOfString(text, { width: CONTENT_W });
  doc.text(text, MARGIN_X, y, { width: CONTENT_W });
  doc.fillColor('#000');
  return h;
}

async function chart(flow: Flow, c: DashboardPdfData['charts'][number], pace: Pace): Promise<void> {
  const doc = flow.doc;
  const scale = Math.min(CONTENT_W / c.image.width, MAX_IMAGE_H / c.image.height);
  const w = c.image.width * scale;
  const h = c.image.height * scale;
  doc.font(REGULAR).fontSize(8.5);
  const captionH = c.caption ? doc.heightOfString(c.caption, { width: CONTENT_W }) + 4 : 0;
  flow.ensure(24 + h + captionH + 14);
  fit(doc, c.title, MARGIN_X, flow.y, CONTENT_W, 22, BOLD, 12, 'left');
  flow.y += 24;
  doc.image(c.image.data, MARGIN_X + (CONTENT_W - w) / 2, flow.y, { width: w, height: h });
  doc
    .lineWidth(0.4)
    .strokeColor('#bbbbbb')
    .rect(MARGIN_X, flow.y - 2, CONTENT_W, h + 4)
    .stroke();
  flow.y += h + 6;
  if (c.caption) flow.y += wrapped(doc, c.caption, flow.y, 8.5) + 4;
  flow.y += 14;
  const wait = pace();
  if (wait) await wait;
}

export async function writeDashboardPdf(out: string, data: DashboardPdfData): Promise<void> {
  const title = `${data.title} 培训情况概览`;
  await writePdf(out, { title, fontPath: data.fontPath, signal: data.signal }, async (doc, pace) => {
    const flow = new Flow(doc, (d, top, page) => {
      fit(d, page === 1 ? title : `${title}（续）`, MARGIN_X, top, CONTENT_W, 26, BOLD, page === 1 ? 16 : 11, 'center');
      d.lineWidth(0.6)
        .strokeColor('#000')
        .moveTo(MARGIN_X, top + 28)
        .lineTo(MARGIN_X + CONTENT_W, top + 28)
        .stroke();
      return top + 36;
    });
    flow.newPage();
    fit(doc, `截至 ${data.date}`, MARGIN_X, flow.y, CONTENT_W, 18, REGULAR, 10, 'right');
    flow.y += 20;
    // The key figures as boxes side by side: the figure large, what it counts small beneath.
    const n = Math.max(1, data.keyFigures.length);
    const boxW = CONTENT_W / n;
    data.keyFigures.forEach((f, i) => {
      const x = MARGIN_X + i * boxW;
      doc
        .save()
        .rect(x + 2, flow.y, boxW - 4, 64)
        .fill('#f0f5ff')
        .restore();
      fit(doc, f.label, x + 2, flow.y + 4, boxW - 4, 16, REGULAR, 9.5, 'center');
      doc.fillColor('#003eb3');
      fit(doc, f.value, x + 2, flow.y + 20, boxW - 4, 24, BOLD, 17, 'center');
      doc.fillColor('#555');
      fit(doc, f.note, x + 2, flow.y + 44, boxW - 4, 16, REGULAR, 8, 'center');
      doc.fillColor('#000');
    });
    flow.y += 70;
    if (data.note) flow.y += wrapped(doc, data.note, flow.y, 8) + 4;
    flow.y += 12;
    for (const c of data.charts) await chart(flow, c, pace);
  });
}
