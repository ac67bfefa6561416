/**
 * The printed 课程表 of a session, A4 portrait: the programme's title, the session, its dates and
 * place; a table 日期 | 时段 | 课程 | 授课教师 | 形式, one row per course, the date and the half-day
 * drawn as one cell over their rows (as the institutions' own timetables do), and, when the table
 * runs onto the next page, the title and column heads repeated and the date cell begun again.
 */
import { BOLD, fit, REGULAR, writePdf, type Doc } from './pdfDocument';
import { CONTENT_W, Flow, MARGIN_X } from './pdfFlow';

export interface TimetablePdfRow {
  /** 「6月23日\n周一」: the date cell's lines. */
  day: string[];
  /** 「上午」, or the slot's own label. */
  part: string;
  title: string;
  teacher: string;
  teacherTitle: string;
  kind: string;
}

export interface TimetablePdfData {
  /** 「2025年度中小企业经营管理领军人才培训」 */
  title: string;
  /** 「第1期 数字化转型专题班」 */
  session: string;
  /** 「2025年6月23日至6月26日 北京」 */
  datesAndPlace: string;
  rows: TimetablePdfRow[];
  fontPath?: string;
  signal?: AbortSignal;
}

const COLS: [string, number][] = [
  ['日期', 70],
  ['时段', 44],
  ['课程', CONTENT_W - 70 - 44 - 150 - 62],
  ['授课教师', 150],
  ['形式', 62],
];
/** Each column's left edge. */
const X = COLS.map((_, i) => MARGIN_X + COLS.slice(0, i).reduce((sum, [, w]) => sum + w, 0));
const HEAD_H = 22;
const ROW_H = 34;

function columnHeads(doc: Doc, y: number): number {
  doc.save().rect(MARGIN_X, y, CONTENT_W, HEAD_H).fill('#eeeeee').restore();
  doc.lineWidth(0.6).strokeColor('#000').fillColor('#000');
  COLS.forEach(([text, w], i) => {
    doc.rect(X[i], y, w, HEAD_H).stroke();
    fit(doc, text, X[i], y, w, HEAD_H, BOLD, 10, 'center');
  });
  return y + HEAD_H;
}

/** The course's title: one line when it fits, else wrapped over two at a smaller size. */
function titleCell(doc: Doc, title: string, y: number): void {
  const w = COLS[2][1] - 8;
  if (doc.font(REGULAR).fontSize(10.5).widthOfString(title) <= w) {
    fit(doc, title, X[2], y, COLS[2][1], ROW_H, REGULAR, 10.5, 'left');
    return;
  }
  doc.font(REGULAR).fontSize(9).fillColor('#000');
  const lh = doc.currentLineHeight();
  doc.text(title, X[2] + 4, y + (ROW_H - 2 * lh) / 2, { width: w, height: 2 * lh, ellipsis: true });
}

/** A block of rows sharing one cell (a date, a half-day) on the current page. */
interface Block {
  key: string;
  top: number;
  lines: string[];
}

export async function writeTimetablePdf(out: string, data: TimetablePdfData): Promise<void> {
  const heading = `${data.title} 课程表`;
  await writePdf(out, { title: heading, fontPath: data.fontPath, signal: data.signal }, async (doc, pace) => {
    const flow = new Flow(doc, (d, top, page) => {
      fit(d, page === 1 ? heading : `${heading}（续）`, MARGIN_X, top, CONTENT_W, 26, BOLD, 16, 'center');
      fit(d, data.session, MARGIN_X, top + 28, CONTENT_W, 16, REGULAR, 11, 'center');
      fit(d, data.datesAndPlace, MARGIN_X, top + 46, CONTENT_W, 14, REGULAR, 9.5, 'center');
      return columnHeads(d, top + 68);
    });
    const close = (b: Block | null, col: number, bottom: number) => {
      if (!b) return;
      const [, w] = COLS[col];
      doc
        .lineWidth(0.6)
        .strokeColor('#000')
        .rect(X[col], b.top, w, bottom - b.top)
        .stroke();
      const h = bottom - b.top;
      const lineH = 14;
      const start = b.top + (h - lineH * b.lines.length) / 2;
      b.lines.forEach((l, k) => fit(doc, l, X[col], start + k * lineH, w, lineH, k ? REGULAR : BOLD, k ? 8.5 : 10, 'center'));
    };
    let day = null as Block | null;
    let part = null as Block | null;
    flow.newPage();
    if (!data.rows.length) fit(doc, '本期尚未安排课程。', MARGIN_X, flow.y + 20, CONTENT_W, 20, REGULAR, 11, 'center');
    for (const [i, r] of data.rows.entries()) {
      if (flow.ensure(ROW_H)) {
        // A page break: the blocks end at the old page's last row and begin again on this one.
        day = part = null;
      }
      const dayKey = r.day.join('');
      const partKey = `${dayKey}|${r.part}`;
      if (day?.key !== dayKey) {
        close(day, 0, flow.y);
        day = { key: dayKey, top: flow.y, lines: r.day };
      }
      if (part?.key !== partKey) {
        close(part, 1, flow.y);
        part = { key: partKey, top: flow.y, lines: [r.part] };
      }
      const y = flow.y;
      doc.lineWidth(0.6).strokeColor('#000').fillColor('#000');
      for (let c = 2; c < COLS.length; c++) doc.rect(X[c], y, COLS[c][1], ROW_H).stroke();
      titleCell(doc, r.title, y);
      if (r.teacherTitle) {
        fit(doc, r.teacher, X[3], y + 2, COLS[3][1], 16, REGULAR, 10.5, 'left');
        fit(doc, r.teacherTitle, X[3], y + 17, COLS[3][1], 14, REGULAR, 8, 'left');
      } else fit(doc, r.teacher, X[3], y, COLS[3][1], ROW_H, REGULAR, 10.5, 'left');
      fit(doc, r.kind, X[4], y, COLS[4][1], ROW_H, REGULAR, 9.5, 'center');
      flow.y += ROW_H;
      const next = data.rows[i + 1];
      // Close the blocks before a page break can come between them and their last row.
      if (!next || flow.y + ROW_H > flow.bottom) {
        close(part, 1, flow.y);
        close(day, 0, flow.y);
        day = part = null;
      }
      const wait = pace();
      if (wait) await wait;
    }
  });
}
