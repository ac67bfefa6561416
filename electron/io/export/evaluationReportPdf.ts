/**
 * 培训效果评价报告 as A4 PDF for the centre: with several sessions a comparison first (a table and
 * grouped 满意率 bars per aspect); then per session the aspects' table, the five-point distribution
 * and 满意率 charts, the items' and courses' tables and the comments. The definition of 满意率 is
 * printed under every table and chart.
 */
import type { FigureLine } from '../../../shared/domain/evaluationTypes';
import { distributionChart, distributionHeight, rateChart, rateHeight } from './evaluationCharts';
import { meanText, pctText, RATING_HEADERS, RATINGS, type EvaluationReportData, type SessionReport } from './evaluationReportData';
import type { Pace } from '../pace';
import { BOLD, fit, REGULAR, writePdf, type Doc } from './pdfDocument';
import { CONTENT_W, Flow, MARGIN_X } from './pdfFlow';

const ROW_H = 20;
const NOTE_H = 16;

interface Column {
  title: string;
  w: number;
  align: 'left' | 'center';
  /** Takes the width the figures leave. */
  grow?: boolean;
}

function note(flow: Flow, text: string): void {
  flow.ensure(NOTE_H);
  flow.doc.fillColor('#444');
  fit(flow.doc, `注：${text}`, MARGIN_X, flow.y, CONTENT_W, NOTE_H, REGULAR, 8, 'left');
  flow.doc.fillColor('#000');
  flow.y += NOTE_H + 8;
}

function heading(flow: Flow, text: string, size = 12, room = 80): void {
  flow.ensure(24 + room);
  fit(flow.doc, text, MARGIN_X, flow.y, CONTENT_W, 22, BOLD, size, 'left');
  flow.y += 24;
}

/** A table whose head is repeated when it runs onto a new page. */
function table(flow: Flow, columns: Column[], rows: string[][]): void {
  const doc = flow.doc;
  const head = () => {
    let x = MARGIN_X;
    doc.save().rect(MARGIN_X, flow.y, CONTENT_W, ROW_H).fill('#eeeeee').restore();
    for (const c of columns) {
      doc.lineWidth(0.5).strokeColor('#000').rect(x, flow.y, c.w, ROW_H).stroke();
      doc.font(BOLD).fontSize(9);
      if (doc.widthOfString(c.title) <= c.w - 6) fit(doc, c.title, x, flow.y, c.w, ROW_H, BOLD, 9, 'center');
      else {
        // A head wider than its column (非常不满意) on two lines, 非常 / 不满意, rather than shrunk out of sight.
        doc.fontSize(8);
        const lh = doc.currentLineHeight();
        doc.fillColor('#000');
        [c.title.slice(0, 2), c.title.slice(2)].forEach((t, k) =>
          doc.text(t, x, flow.y + ROW_H / 2 - lh + k * lh, { width: c.w, align: 'center', lineBreak: false }),
        );
      }
      x += c.w;
    }
    flow.y += ROW_H;
  };
  flow.ensure(ROW_H * 2);
  head();
  for (const r of rows) {
    if (flow.ensure(ROW_H)) head();
    let x = MARGIN_X;
    columns.forEach((c, k) => {
      doc.lineWidth(0.5).strokeColor('#000').rect(x, flow.y, c.w, ROW_H).stroke();
      fit(doc, r[k], x, flow.y, c.w, ROW_H, REGULAR, 9, c.align);
      x += c.w;
    });
    flow.y += ROW_H;
  }
  flow.y += 2;
}

function figureTable(flow: Flow, lead: Column[], rows: { lead: string[]; f: FigureLine }[], definition: string): void {
  const fixed = 36 + 36 + 44 + 5 * 40;
  const spare = CONTENT_W - fixed - lead.reduce((s, c) => s + c.w, 0);
  const columns: Column[] = [
    ...lead.map((c) => (c.grow ? { ...c, w: c.w + spare } : c)),
    { title: '作答数', w: 36, align: 'center' },
    { title: '均分', w: 36, align: 'center' },
    { title: '满意率', w: 44, align: 'center' },
    ...RATING_HEADERS.map((t) => ({ title: t, w: 40, align: 'center' as const })),
  ];
  table(
    flow,
    columns,
    rows.length
      ? rows.map((r) => [...r.lead, String(r.f.answers), meanText(r.f), pctText(r.f), ...RATINGS.map((k) => String(r.f.distribution[k]))])
      : [['（无）', ...columns.slice(1).map(() => '')]],
  );
  note(flow, `${definition}；均分按 非常满意 5 分 … 非常不满意 1 分计。`);
}

function chart(flow: Flow, height: number, draw: (y: number) => number, definition: string): void {
  flow.ensure(height + NOTE_H + 4);
  flow.y += draw(flow.y);
  note(flow, definition);
}

function comparison(flow: Flow, data: EvaluationReportData): void {
  heading(flow, '一、期次对比', 13);
  const aspects = data.sessions[0].report.aspects.map((a) => a.name);
  const per = Math.min(120, (CONTENT_W - 90) / data.sessions.length);
  const columns: Column[] = [
    { title: '方面', w: CONTENT_W - per * data.sessions.length, align: 'left' },
    ...data.sessions.map((s) => ({ title: s.label, w: per, align: 'center' as const })),
  ];
  table(flow, columns, [
    ['收回问卷（份）', ...data.sessions.map((s) => String(s.report.responses))],
    ...aspects.map((name) => [
      `${name}（均分 / 满意率）`,
      ...data.sessions.map((s) => {
        const a = s.report.aspects.find((x) => x.name === name)!;
        return `${meanText(a)} / ${pctText(a)}`;
      }),
    ]),
  ]);
  note(flow, `${data.definitionText}；均分按 非常满意 5 分 … 非常不满意 1 分计。`);
  chart(
    flow,
    rateHeight(aspects.length, data.sessions.length),
    (y) =>
      rateChart(
        flow.doc,
        MARGIN_X,
        y,
        CONTENT_W,
        '各方面满意率（期次对比）',
        data.sessions.map((s) => s.label),
        aspects.map((name) => ({ name, values: data.sessions.map((s) => s.report.aspects.find((x) => x.name === name)!.satisfaction) })),
      ),
    data.definitionText,
  );
}

async function sessionPart(flow: Flow, data: EvaluationReportData, s: SessionReport, no: string, pace: Pace): Promise<void> {
  const r = s.report;
  const doc = flow.doc;
  heading(flow, `${no}${s.session}`, 13);
  fit(doc, `收回问卷 ${r.responses} 份（不记名）`, MARGIN_X, flow.y, CONTENT_W, 16, REGULAR, 10, 'left');
  flow.y += 20;
  heading(flow, '各方面评价（每个方面为其全部题目的全部作答）', 11);
  figureTable(
    flow,
    [{ title: '方面', w: 0, align: 'left', grow: true }],
    r.aspects.map((a) => ({ lead: [a.name], f: a })),
    data.definitionText,
  );
  chart(
    flow,
    distributionHeight(r.aspects.length),
    (y) => distributionChart(doc, MARGIN_X, y, CONTENT_W, '各方面评价分布', r.aspects),
    data.definitionText,
  );
  chart(
    flow,
    rateHeight(r.aspects.length, 1),
    (y) =>
      rateChart(
        doc,
        MARGIN_X,
        y,
        CONTENT_W,
        '各方面满意率',
        [s.label],
        r.aspects.map((a) => ({ name: a.name, values: [a.satisfaction] })),
      ),
    data.definitionText,
  );
  let wait = pace();
  if (wait) await wait;
  heading(flow, '各题评价', 11);
  figureTable(
    flow,
    [
      { title: '方面', w: 56, align: 'left' },
      { title: '题目', w: 0, align: 'left', grow: true },
    ],
    r.aspects.flatMap((a) => a.items.map((i) => ({ lead: [a.name, i.name], f: i }))),
    data.definitionText,
  );
  if (r.courses.length) {
    heading(flow, '各课程评价', 11);
    figureTable(
      flow,
      [
        { title: '课程', w: 0, align: 'left', grow: true },
        { title: '授课教师', w: 64, align: 'left' },
      ],
      r.courses.map((c) => ({ lead: [c.name, c.teacher], f: c })),
      data.definitionText,
    );
    chart(
      flow,
      rateHeight(r.courses.length, 1),
      (y) =>
        rateChart(
          doc,
          MARGIN_X,
          y,
          CONTENT_W,
          '各课程满意率',
          [s.label],
          r.courses.map((c) => ({ name: c.name, values: [c.satisfaction] })),
        ),
      data.definitionText,
    );
  }
  wait = pace();
  if (wait) await wait;
  heading(flow, '意见和建议', 11, 30);
  for (const c of r.comments) {
    flow.ensure(40);
    fit(doc, `${c.question}（${c.texts.length} 条）`, MARGIN_X, flow.y, CONTENT_W, 18, BOLD, 10, 'left');
    flow.y += 20;
    if (!c.texts.length) {
      fit(doc, '（无）', MARGIN_X + 12, flow.y, CONTENT_W - 12, 16, REGULAR, 9.5, 'left');
      flow.y += 18;
    }
    c.texts.forEach((t, k) => {
      doc.font(REGULAR).fontSize(9.5);
      const line = `${k + 1}. ${t}`;
      const h = doc.heightOfString(line, { width: CONTENT_W - 12 });
      // A very long comment is cut at a page's height: the .xlsx keeps its full text.
      // A new page's header leaves its own font set: set the comment's again.
      if (flow.ensure(Math.min(h, 600) + 4)) doc.font(REGULAR).fontSize(9.5);
      doc.fillColor('#000').text(line, MARGIN_X + 12, flow.y, { width: CONTENT_W - 12, height: 600, ellipsis: true });
      flow.y += Math.min(h, 600) + 4;
    });
    flow.y += 6;
  }
}

const NUMERALS = '一二三四五六七八九十';
const numeral = (k: number) => (k < 10 ? NUMERALS[k] : k < 20 ? `十${NUMERALS[k - 10] ?? ''}` : String(k + 1));

export async function writeEvaluationReportPdf(out: string, data: EvaluationReportData): Promise<void> {
  const title = `${data.title} 培训效果评价报告`;
  await writePdf(out, { title, fontPath: data.fontPath, signal: data.signal }, async (doc: Doc, pace) => {
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
    const several = data.sessions.length > 1;
    if (several) comparison(flow, data);
    for (const [k, s] of data.sessions.entries()) {
      if (several) flow.newPage();
      await sessionPart(flow, data, s, several ? `${numeral(k + 1)}、` : '', pace);
    }
  });
}
