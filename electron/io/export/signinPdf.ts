/**
 * 签到表: one table per slot on A4 portrait, title and session at the top of every page and the
 * column header repeated, 序号 / 姓名 / 单位 / 组别 / 签名 with an empty box to sign in. One
 * document for a day or a whole session, so the CJK font is subset once.
 */
import { A4, BOLD, fit, REGULAR, writePdf, type Doc } from './pdfDocument';

const MARGIN_X = 42.5; // 1.5 cm
const TOP = 42.5;
const BOTTOM = 48;
const ROW_H = 30;
const HEAD_H = 24;
const COLUMNS: { title: string; w: number; align: 'center' | 'left' }[] = [
  { title: '序号', w: 40, align: 'center' },
  { title: '姓名', w: 80, align: 'center' },
  { title: '单位', w: 230, align: 'left' },
  { title: '组别', w: 50, align: 'center' },
  { title: '签名', w: 0, align: 'center' }, // the rest of the width
];
const TABLE_W = A4.w - 2 * MARGIN_X;
COLUMNS[4].w = TABLE_W - COLUMNS.slice(0, 4).reduce((s, c) => s + c.w, 0);

export interface SigninRow {
  name: string;
  unit: string;
  group: string;
}
export interface SigninSlot {
  /** 「7月22日上午 08:30」 */
  name: string;
  rows: SigninRow[];
}
export interface SigninPdfData {
  /** 「2025年中小企业经营管理领军人才培训」 */
  title: string;
  /** 「第1期 数字化转型专题班 · 北京」 */
  session: string;
  slots: SigninSlot[];
  fontPath?: string;
  signal?: AbortSignal;
}

function header(doc: Doc, data: SigninPdfData, slot: SigninSlot, page: number, pages: number): number {
  fit(doc, `${data.title} 签到表`, MARGIN_X, TOP, TABLE_W, 26, BOLD, 16, 'center');
  fit(doc, `${data.session}\u3000${slot.name}`, MARGIN_X, TOP + 28, TABLE_W * 0.72, 18, REGULAR, 10.5, 'left');
  fit(
    doc,
    `第 ${page} / ${pages} 页\u3000应到 ${slot.rows.length} 人`,
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
  for (const c of COLUMNS) {
    doc.rect(x, y, c.w, HEAD_H).stroke();
    fit(doc, c.title, x, y, c.w, HEAD_H, BOLD, 11, 'center');
    x += c.w;
  }
  return y + HEAD_H;
}

function rowsPerPage(): number {
  return Math.floor((A4.h - BOTTOM - (TOP + 50 + HEAD_H)) / ROW_H);
}

export async function writeSigninPdf(out: string, data: SigninPdfData): Promise<void> {
  const per = rowsPerPage();
  await writePdf(out, { title: `${data.title} 签到表`, fontPath: data.fontPath, signal: data.signal }, async (doc, pace) => {
    for (const slot of data.slots) {
      const pages = Math.max(1, Math.ceil(slot.rows.length / per));
      for (let p = 0; p < pages; p++) {
        doc.addPage({ size: 'A4', margin: 0 });
        let y = header(doc, data, slot, p + 1, pages);
        slot.rows.slice(p * per, (p + 1) * per).forEach((r, i) => {
          const values = [String(p * per + i + 1), r.name, r.unit, r.group, ''];
          let x = MARGIN_X;
          COLUMNS.forEach((c, k) => {
            doc.rect(x, y, c.w, ROW_H).stroke();
            fit(doc, values[k], x, y, c.w, ROW_H, REGULAR, k === 1 ? 12 : 10.5, c.align);
            x += c.w;
          });
          y += ROW_H;
        });
        const w = pace();
        if (w) await w;
      }
    }
  });
}
