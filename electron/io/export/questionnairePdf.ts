/**
 * The printed 培训效果评价问卷 of a session, A4 portrait: title, the session and its dates, the
 * anonymity line; each aspect's items, then one row per course of the timetable, each rated
 * question numbered in the order the returned sheets are typed back (one digit per question, left
 * to right: PaperEntry), with five boxes to tick; the open questions with room to write. The header
 * and the column heads are repeated on every page.
 */
import { BOLD, fit, REGULAR, writePdf, type Doc } from './pdfDocument';
import { CONTENT_W, Flow, MARGIN_X } from './pdfFlow';

export interface QuestionnairePdfData {
  /** 「2025年领军人才培训」 */
  title: string;
  /** 「第1期 数字化转型专题班 2025年6月23日至2025年6月26日」 */
  session: string;
  /** 非常满意 … 非常不满意, the boxes' heads left to right. */
  scale: string[];
  aspects: { name: string; items: { no: number; text: string }[] }[];
  courses: { no: number; title: string; teacher: string; slot: string }[];
  open: string[];
  /** How many rated questions: the legend's N. */
  rated: number;
  fontPath?: string;
  signal?: AbortSignal;
}

const NO_W = 30;
const BOX_W = 50;
const TEXT_W = CONTENT_W - NO_W - 5 * BOX_W;
const HEAD_H = 22;
const ROW_H = 24;
const COURSE_H = 32;
const SECTION_H = 20;
const NUMERALS = '一二三四五六七八九十';

function columnHeads(doc: Doc, data: QuestionnairePdfData, y: number): number {
  doc.save().rect(MARGIN_X, y, CONTENT_W, HEAD_H).fill('#eeeeee').restore();
  doc.lineWidth(0.6).strokeColor('#000').fillColor('#000');
  let x = MARGIN_X;
  for (const [text, w] of [['题号', NO_W], ['题目', TEXT_W], ...data.scale.map((s) => [s, BOX_W] as const)] as const) {
    doc.rect(x, y, w, HEAD_H).stroke();
    fit(doc, text, x, y, w, HEAD_H, BOLD, 9.5, 'center');
    x += w;
  }
  return y + HEAD_H;
}

/** One rated question; `lineH` places the number level with the first line of a two-line text. */
function row(doc: Doc, no: number, y: number, h: number, drawText: (x: number, w: number) => void, lineH = h): void {
  doc.lineWidth(0.6).strokeColor('#000').fillColor('#000');
  doc.rect(MARGIN_X, y, NO_W, h).stroke();
  fit(doc, String(no), MARGIN_X, y + (lineH === h ? 0 : 1), NO_W, lineH, BOLD, 10.5, 'center');
  doc.rect(MARGIN_X + NO_W, y, TEXT_W, h).stroke();
  drawText(MARGIN_X + NO_W, TEXT_W);
  for (let k = 0; k < 5; k++) {
    const x = MARGIN_X + NO_W + TEXT_W + k * BOX_W;
    doc.rect(x, y, BOX_W, h).stroke();
    // The box to tick, with its digit small beside it for the typist: 5 … 1.
    doc
      .rect(x + BOX_W / 2 - 6, y + h / 2 - 6, 12, 12)
      .lineWidth(0.9)
      .stroke();
    doc
      .font(REGULAR)
      .fontSize(6)
      .fillColor('#777')
      .text(String(5 - k), x + BOX_W / 2 + 8, y + h / 2 - 3.5, { lineBreak: false });
    doc.fillColor('#000').lineWidth(0.6);
  }
}

export async function writeQuestionnairePdf(out: string, data: QuestionnairePdfData): Promise<void> {
  const heading = `${data.title} 培训效果评价问卷`;
  await writePdf(out, { title: heading, fontPath: data.fontPath, signal: data.signal }, async (doc, pace) => {
    let tableOpen = false;
    const flow = new Flow(doc, (d, top, page) => {
      fit(d, page === 1 ? heading : `${heading}（续）`, MARGIN_X, top, CONTENT_W, 26, BOLD, 16, 'center');
      fit(d, data.session, MARGIN_X, top + 28, CONTENT_W, 16, REGULAR, 10.5, 'center');
      let y = top + 48;
      if (page === 1) {
        fit(
          d,
          '本问卷不记名，仅用于改进培训工作。请在每题选定的一格内打 √（每题只选一格），并写下您的意见和建议。',
          MARGIN_X,
          y,
          CONTENT_W,
          16,
          REGULAR,
          9.5,
          'left',
        );
        y += 18;
      }
      if (data.rated)
        fit(
          d,
          `录入顺序：第1–${data.rated}题（按题号从左到右每题录入一位数字：5 非常满意 … 1 非常不满意）`,
          MARGIN_X,
          y,
          CONTENT_W,
          14,
          REGULAR,
          8,
          'right',
        );
      y += 18;
      return tableOpen ? columnHeads(d, data, y) : y;
    });
    let section = 0;
    /** A section's title, kept on one page with `room` for what follows it. */
    const sectionRow = (title: string, room: number) => {
      flow.ensure(SECTION_H + room + 4);
      doc.fillColor('#000');
      fit(doc, `${NUMERALS[section++] ?? section}、${title}`, MARGIN_X, flow.y + 2, CONTENT_W, SECTION_H, BOLD, 11.5, 'left');
      flow.y += SECTION_H + 2;
    };
    const ratedSection = (title: string) => {
      tableOpen = false;
      sectionRow(title, HEAD_H + COURSE_H);
      tableOpen = true;
      flow.y = columnHeads(doc, data, flow.y);
    };
    flow.newPage();
    for (const a of data.aspects) {
      ratedSection(a.name);
      for (const i of a.items) {
        flow.ensure(ROW_H);
        row(doc, i.no, flow.y, ROW_H, (x, w) => fit(doc, i.text, x, flow.y, w, ROW_H, REGULAR, 10.5, 'left'));
        flow.y += ROW_H;
      }
      flow.y += 6;
      const wait = pace();
      if (wait) await wait;
    }
    if (data.courses.length) {
      ratedSection('课程评价（请对每门课程的总体满意程度打分）');
      for (const c of data.courses) {
        flow.ensure(COURSE_H);
        const y = flow.y;
        row(
          doc,
          c.no,
          y,
          COURSE_H,
          (x, w) => {
            fit(doc, c.title, x, y + 1, w, 17, REGULAR, 10.5, 'left');
            fit(doc, [c.teacher, c.slot].filter(Boolean).join('\u3000'), x, y + 15, w, 15, REGULAR, 8, 'left');
          },
          17,
        );
        flow.y += COURSE_H;
        const wait = pace();
        if (wait) await wait;
      }
      flow.y += 6;
    }
    tableOpen = false;
    if (data.open.length) {
      sectionRow('意见和建议', 18 + 96);
      data.open.forEach((text, k) => {
        flow.ensure(18 + 96);
        fit(doc, `（${k + 1}）${text}`, MARGIN_X, flow.y, CONTENT_W, 18, REGULAR, 10.5, 'left');
        flow.y += 18;
        doc.lineWidth(0.6).strokeColor('#000').rect(MARGIN_X, flow.y, CONTENT_W, 88).stroke();
        // Ruled lines to write on.
        doc.strokeColor('#bbbbbb');
        for (let l = 1; l < 4; l++)
          doc
            .moveTo(MARGIN_X + 6, flow.y + l * 22)
            .lineTo(MARGIN_X + CONTENT_W - 6, flow.y + l * 22)
            .stroke();
        doc.strokeColor('#000');
        flow.y += 96;
      });
    }
    flow.ensure(20);
    fit(doc, '感谢您的参与！', MARGIN_X, flow.y + 4, CONTENT_W, 16, REGULAR, 10, 'center');
  });
}
