/**
 * 培训效果评价报告 as .xlsx: with several sessions a 期次对比 sheet first (responses, mean and
 * 满意率 per aspect, the sessions side by side); then one sheet per session with the aspects, their
 * items and the courses (answers, mean, 满意率, the five counts) and the comments. The definition of
 * 满意率 is written under every table. Means and rates are numbers (formatted 0.00 and 0.0%), so
 * the centre can compute on them; every user text goes through setText (a comment "=…" stays text).
 */
import ExcelJS from 'exceljs';
import type { FigureLine } from '../../../shared/domain/evaluationTypes';
import { RATING_HEADERS, RATINGS, type EvaluationReportData, type SessionReport } from './evaluationReportData';
import { enableQuotePrefix, setText } from './xlsxText';

export const COMPARISON_SHEET = '期次对比';
const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TITLE: Partial<ExcelJS.Style> = {
  font: { name: FONT, size: 15, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle' },
};
const PLAIN: Partial<ExcelJS.Style> = { font: { name: FONT, size: 11 }, alignment: { vertical: 'middle', wrapText: true } };
const NOTE: Partial<ExcelJS.Style> = {
  font: { name: FONT, size: 9, italic: true, color: { argb: 'FF555555' } },
  alignment: { vertical: 'middle' },
};
const HEAD: Partial<ExcelJS.Style> = {
  font: { name: FONT, size: 11, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: BORDER,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } },
};
const CELL: Partial<ExcelJS.Style> = { font: { name: FONT, size: 11 }, alignment: { vertical: 'middle', wrapText: true }, border: BORDER };
const COUNT: Partial<ExcelJS.Style> = { ...CELL, alignment: { horizontal: 'center', vertical: 'middle' } };
const MEAN: Partial<ExcelJS.Style> = { ...COUNT, numFmt: '0.00' };
const RATE: Partial<ExcelJS.Style> = { ...COUNT, numFmt: '0.0%' };

/** Writes rows top to bottom (a streamed sheet commits each row once). */
class Sheet {
  private n = 0;
  constructor(private readonly ws: ExcelJS.Worksheet) {}
  line(cells: [unknown, Partial<ExcelJS.Style>][], opts: { height?: number; merge?: number; spans?: [number, number][] } = {}): void {
    const r = this.ws.getRow(++this.n);
    if (opts.height) r.height = opts.height;
    cells.forEach(([v, style], k) => {
      const c = r.getCell(k + 1);
      c.style = style;
      if (typeof v === 'string') setText(c, v);
      else c.value = v === null || v === undefined ? null : (v as ExcelJS.CellValue);
    });
    if (opts.merge) this.ws.mergeCells(this.n, 1, this.n, opts.merge);
    for (const [from, to] of opts.spans ?? []) this.ws.mergeCells(this.n, from, this.n, to);
    r.commit();
  }
  text(v: string, style: Partial<ExcelJS.Style>, merge: number, height?: number): void {
    this.line([[v, style]], { merge, height });
  }
  gap(): void {
    this.n++;
  }
}

const FIG_HEADS = ['作答数', '均分', '满意率', ...RATING_HEADERS];
const figCells = (f: FigureLine): [unknown, Partial<ExcelJS.Style>][] => [
  [f.answers, COUNT],
  [f.mean, MEAN],
  [f.satisfaction, RATE],
  ...RATINGS.map((r) => [f.distribution[r], COUNT] as [unknown, Partial<ExcelJS.Style>]),
];

/** Every table's figures start in column D: its labels fill A–C (a shorter label list spans its last column to C). */
const LEAD = 3;
const WIDTH = LEAD + 8;

function table(s: Sheet, caption: string, lead: string[], rows: { lead: string[]; f: FigureLine }[], definition: string): void {
  const pad = (cells: string[], style: Partial<ExcelJS.Style>) =>
    [...cells, ...Array<string>(LEAD - cells.length).fill('')].map((t) => [t, style] as [unknown, Partial<ExcelJS.Style>]);
  const spans: [number, number][] = lead.length < LEAD ? [[lead.length, LEAD]] : [];
  s.text(caption, { ...PLAIN, font: { name: FONT, size: 12, bold: true } }, WIDTH, 20);
  s.line([...pad(lead, HEAD), ...FIG_HEADS.map((h) => [h, HEAD] as [unknown, Partial<ExcelJS.Style>])], { height: 30, spans });
  if (!rows.length) s.text('（无）', CELL, WIDTH);
  for (const r of rows) s.line([...pad(r.lead, CELL), ...figCells(r.f)], { spans });
  s.text(`注：${definition}；均分按 非常满意 5 分 … 非常不满意 1 分计。`, NOTE, WIDTH);
  s.gap();
}

function sessionSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, data: EvaluationReportData, one: SessionReport): void {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = [30, 32, 12, 9, 9, 9, 10, 9, 10, 9, 11].map((width) => ({ width }));
  const s = new Sheet(ws);
  const r = one.report;
  s.text(`${one.programme} 培训效果评价报告`, TITLE, WIDTH, 28);
  s.text(`${one.session}\u3000收回问卷 ${r.responses} 份`, PLAIN, WIDTH, 20);
  s.gap();
  table(
    s,
    '一、各方面评价（每个方面为其全部题目的全部作答）',
    ['方面'],
    r.aspects.map((a) => ({ lead: [a.name], f: a })),
    data.definitionText,
  );
  table(
    s,
    '二、各题评价',
    ['方面', '题目'],
    r.aspects.flatMap((a) => a.items.map((i) => ({ lead: [a.name, i.name], f: i }))),
    data.definitionText,
  );
  table(
    s,
    '三、各课程评价',
    ['课程', '授课教师', '时段'],
    r.courses.map((c) => ({ lead: [c.name, c.teacher, `第 ${c.slotSeq} 个时段`], f: c })),
    data.definitionText,
  );
  s.text('四、意见和建议', { ...PLAIN, font: { name: FONT, size: 12, bold: true } }, WIDTH, 20);
  for (const c of r.comments) {
    s.text(`${c.question}（${c.texts.length} 条）`, { ...PLAIN, font: { name: FONT, size: 11, bold: true } }, WIDTH);
    // The text over B–K, as tall as its wrapped lines (about 60 characters a line).
    c.texts.forEach((t, k) =>
      s.line([[k + 1, COUNT], [t, CELL], ...Array.from({ length: WIDTH - 2 }, () => ['', CELL] as [unknown, Partial<ExcelJS.Style>])], {
        spans: [[2, WIDTH]],
        height: Math.min(400, 16 * Math.max(1, Math.ceil([...t].length / 60))),
      }),
    );
    s.gap();
  }
  ws.commit();
}

function comparisonSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: EvaluationReportData): void {
  const ws = wb.addWorksheet(COMPARISON_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const n = data.sessions.length;
  ws.columns = [{ width: 14 }, ...data.sessions.flatMap(() => [{ width: 9 }, { width: 9 }, { width: 10 }])];
  const width = 1 + 3 * n;
  const s = new Sheet(ws);
  s.text(`${data.title} 培训效果评价 期次对比`, TITLE, width, 28);
  s.gap();
  // Each session's label spans its three columns.
  s.line(
    [
      ['方面', HEAD],
      ...data.sessions.flatMap(
        (x) =>
          [
            [x.label, HEAD],
            ['', HEAD],
            ['', HEAD],
          ] as [unknown, Partial<ExcelJS.Style>][],
      ),
    ],
    { spans: data.sessions.map((_, k) => [2 + 3 * k, 4 + 3 * k] as [number, number]) },
  );
  s.line([
    ['', HEAD],
    ...data.sessions.flatMap(() => ['作答数', '均分', '满意率'].map((h) => [h, HEAD] as [unknown, Partial<ExcelJS.Style>])),
  ]);
  s.line([
    ['收回问卷（份）', CELL],
    ...data.sessions.flatMap(
      (x) =>
        [
          [x.report.responses, COUNT],
          ['', COUNT],
          ['', COUNT],
        ] as [unknown, Partial<ExcelJS.Style>][],
    ),
  ]);
  const aspects = data.sessions[0].report.aspects.map((a) => a.name);
  for (const name of aspects)
    s.line([
      [name, CELL],
      ...data.sessions.flatMap((x) => {
        const a = x.report.aspects.find((y) => y.name === name)!;
        return [
          [a.answers, COUNT],
          [a.mean, MEAN],
          [a.satisfaction, RATE],
        ] as [unknown, Partial<ExcelJS.Style>][];
      }),
    ]);
  s.text(`注：${data.definitionText}；均分按 非常满意 5 分 … 非常不满意 1 分计。`, NOTE, width);
  ws.commit();
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book. */
function sheetNames(sessions: SessionReport[]): string[] {
  const used = new Set<string>([COMPARISON_SHEET]);
  return sessions.map((x) => {
    const base = x.label.replace(/[[\]:*?/\\]/g, '_').slice(0, 28);
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}(${k})`;
    used.add(name);
    return name;
  });
}

export async function writeEvaluationReportXlsx(out: string, data: EvaluationReportData): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  if (data.sessions.length > 1) comparisonSheet(wb, data);
  const names = sheetNames(data.sessions);
  data.sessions.forEach((x, k) => sessionSheet(wb, names[k], data, x));
  await wb.commit();
}
