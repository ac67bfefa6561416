/**
 * 花名册 as A4 portrait PDF: title and session on every page, the column header repeated, one
 * line per trainee (long units shrink, then end in …).
 */
import { A4, BOLD, fit, REGULAR, writePdf, type Doc } from './pdfDocument';
import { ROSTER_COLUMNS, rosterCells, type RosterDocData } from './rosterRows';

const MARGIN_X = 42.5; // 1.5 cm
const TOP = 42.5;
const BOTTOM = 48;
const ROW_H = 24;
const HEAD_H = 24;
const TABLE_W = A4.w - 2 * MARGIN_X;
// 序号 姓名 性别 地区 工作单位 职务 手机 组别: widths in points, 工作单位 takes the rest.
const WIDTHS = [28, 74, 28, 58, 0, 64, 74, 56];
WIDTHS[4] = TABLE_W - WIDTHS.reduce((s, w) => s + w, 0);
const ALIGN: ('center' | 'left')[] = ['center', 'center', 'center', 'center', 'left', 'left', 'center', 'center'];
const PER_PAGE = Math.floor((A4.h - BOTTOM - (TOP + 50 + HEAD_H)) / ROW_H);

/** A unit or position: one line while it fits at 8.5 pt, else wrapped onto two smaller lines, … beyond. */
function fitWrapped(doc: Doc, text: string, x: number, y: number, w: number, h: number): void {
  doc.font(REGULAR);
  if (doc.fontSize(8.5).widthOfString(text) <= w - 8) return fit(doc, text, x, y, w, h, REGULAR, 9.5, 'left');
  let s = 8.5;
  for (; s > 6; s -= 0.5) if (doc.fontSize(s).heightOfString(text, { width: w - 6, lineGap: -1 }) <= h - 2) break;
  doc.fontSize(s);
  const used = Math.min(h - 2, doc.heightOfString(text, { width: w - 6, lineGap: -1 }));
  doc.text(text, x + 3, y + (h - used) / 2, { width: w - 6, height: h - 2, lineGap: -1, ellipsis: true });
}

function header(doc: Doc, data: RosterDocData, page: number, pages: number): number {
  fit(doc, `${data.title} 花名册`, MARGIN_X, TOP, TABLE_W, 26, BOLD, 16, 'center');
  fit(doc, data.session, MARGIN_X, TOP + 28, TABLE_W * 0.72, 18, REGULAR, 10.5, 'left');
  fit(
    doc,
    `共 ${data.entries.length} 人\u3000第 ${page} / ${pages} 页`,
    MARGIN_X + TABLE_W * 0.72,
    TOP + 28,
    TABLE_W * 0.28,
    18,
    REGULAR,
    9,
    'right',
  );
  let x = MARGIN_X;
  const y = TOP + 50;
  doc.lineWidth(0.6).strokeColor('#000').fillColor('#000');
  ROSTER_COLUMNS.forEach((title, k) => {
    doc.rect(x, y, WIDTHS[k], HEAD_H).stroke();
    fit(doc, title, x, y, WIDTHS[k], HEAD_H, BOLD, 10.5, 'center');
    x += WIDTHS[k];
  });
  return y + HEAD_H;
}

export async function writeRosterPdf(out: string, data: RosterDocData): Promise<void> {
  const pages = Math.max(1, Math.ceil(data.entries.length / PER_PAGE));
  await writePdf(out, { title: `${data.title} 花名册`, fontPath: data.fontPath, signal: data.signal }, async (doc, pace) => {
    for (let p = 0; p < pages; p++) {
      doc.addPage({ size: 'A4', margin: 0 });
      let y = header(doc, data, p + 1, pages);
      data.entries.slice(p * PER_PAGE, (p + 1) * PER_PAGE).forEach((e, i) => {
        let x = MARGIN_X;
        rosterCells(e, p * PER_PAGE + i).forEach((v, k) => {
          doc.rect(x, y, WIDTHS[k], ROW_H).stroke();
          if (k === 4 || k === 5) fitWrapped(doc, v, x, y, WIDTHS[k], ROW_H);
          else fit(doc, v, x, y, WIDTHS[k], ROW_H, REGULAR, k === 1 ? 11 : 9.5, ALIGN[k]);
          x += WIDTHS[k];
        });
        y += ROW_H;
      });
      const w = pace();
      if (w) await w;
    }
  });
}
