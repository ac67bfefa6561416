/**
 * 学员报名表 as .xlsx: one worksheet per trainee, named 「序号-姓名」.
 *
 * Why one sheet each rather than one long sheet with page breaks: Excel and WPS ignore manual page
 * breaks once "fit to one page" is on, so only a sheet per form both fits A4 and starts each trainee
 * on a new page; a region also often forwards a single trainee's form, which is then one tab.
 * Written with the streaming writer, so each finished sheet leaves memory.
 */
import { createPace } from '../pace';
import ExcelJS from 'exceljs';
import type { Programme, RegistrationRow } from '../../../shared/domain/types';
import { FORM_SECTIONS, OPINION_DATE, OPINION_SIGNATURE, OPINION_TITLE, formTitle, type FormLine } from './formLayout';
import { formValues, wrappedLines } from './rowText';
import { enableQuotePrefix, setText } from './xlsxText';

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** A: section, B: label, C: value, D: label, E: value — about 98 units, A4 portrait at ~95 %. */
const WIDTHS = [6, 18, 28, 18, 28];

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ], and quotes at either end. */
export function formSheetName(index: number, name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '').replace(/^'+|'+$/g, '');
  return `${index + 1}-${clean}`.slice(0, 31);
}

type Ws = ExcelJS.Worksheet;

/** At 11 pt a CJK character is a little over two width units. */
const SCALE_11PT = 1.1;

/** Room for the longest text of the line once wrapped; wide lines (企业名称, 企业类型) get two lines at least. */
function lineHeight(line: FormLine, v: Record<string, string>): number {
  const texts: [string, number][] =
    'wide' in line
      ? [[v[line.wide] ?? '', WIDTHS[2] + WIDTHS[3] + WIDTHS[4]]]
      : line.pair.flatMap((label, k): [string, number][] => [
          [label, WIDTHS[1 + 2 * k]],
          [v[label] ?? '', WIDTHS[2 + 2 * k]],
        ]);
  const lines = Math.max(...texts.map(([text, width]) => wrappedLines(text, width / SCALE_11PT)));
  return Math.max('wide' in line ? 40 : 30, lines * 16 + 6);
}

function style(
  cell: ExcelJS.Cell,
  opts: { bold?: boolean; size?: number; align?: 'center' | 'left' | 'right'; valign?: 'middle' | 'bottom' | 'top' },
): void {
  cell.font = { name: FONT, size: opts.size ?? 11, bold: opts.bold ?? false };
  cell.alignment = { horizontal: opts.align ?? 'center', vertical: opts.valign ?? 'middle', wrapText: true };
  cell.border = BORDER;
}

/** Writes text as text: '@' format and quote-prefixed when it looks like a formula, so IDs keep their 18 digits and nothing evaluates. */
function putValue(ws: Ws, row: number, col: number, text: string): void {
  const cell = ws.getCell(row, col);
  cell.numFmt = '@';
  style(cell, { align: 'left' });
  setText(cell, text);
}

function putLabel(ws: Ws, row: number, col: number, label: string): void {
  const cell = ws.getCell(row, col);
  cell.value = label;
  style(cell, { bold: true });
}

function writeForm(ws: Ws, programme: Programme, r: RegistrationRow): void {
  const v = formValues(r);
  ws.columns = WIDTHS.map((width) => ({ width }));

  const title = ws.getCell(1, 1);
  title.font = { name: FONT, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  setText(title, formTitle(programme));
  ws.getRow(1).height = 48;
  ws.mergeCells(1, 1, 1, 5);

  // The registration number lets a returned paper form be matched to its record.
  const ref = ws.getCell(2, 1);
  ref.value = `报名编号：${r.id}`;
  ref.font = { name: FONT, size: 10 };
  ref.alignment = { horizontal: 'right', vertical: 'middle' };
  ws.getRow(2).height = 20;
  ws.mergeCells(2, 1, 2, 5);

  let row = 3;
  for (const section of FORM_SECTIONS) {
    const first = row;
    for (const line of section.lines) {
      ws.getRow(row).height = lineHeight(line, v);
      if ('wide' in line) {
        putLabel(ws, row, 2, line.wide);
        putValue(ws, row, 3, v[line.wide] ?? '');
        for (const c of [4, 5]) ws.getCell(row, c).border = BORDER;
        ws.mergeCells(row, 3, row, 5);
      } else {
        line.pair.forEach((label, k) => {
          putLabel(ws, row, 2 + 2 * k, label);
          putValue(ws, row, 3 + 2 * k, v[label] ?? '');
        });
      }
      row++;
    }
    sectionCell(ws, first, row - 1, section.title);
  }

  // 推荐单位意见: an empty box the recommending department signs and stamps.
  ws.getRow(row).height = 150;
  const box = ws.getCell(row, 2);
  box.value = `${OPINION_SIGNATURE}\u3000\u3000\u3000\u3000\n\n${OPINION_DATE}\u3000\u3000`;
  style(box, { align: 'right', valign: 'bottom' });
  for (const c of [3, 4, 5]) ws.getCell(row, c).border = BORDER;
  ws.mergeCells(row, 2, row, 5);
  sectionCell(ws, row, row, OPINION_TITLE);
}

/** The section title down the left edge, one character per line as on printed forms. */
function sectionCell(ws: Ws, from: number, to: number, title: string): void {
  const cell = ws.getCell(from, 1);
  cell.value = [...title].join('\n');
  style(cell, { bold: true });
  for (let r = from + 1; r <= to; r++) ws.getCell(r, 1).border = BORDER;
  if (to > from) ws.mergeCells(from, 1, to, 1);
}

export async function writeFormsXlsx(
  out: string,
  data: { programme: Programme; rows: RegistrationRow[]; signal?: AbortSignal },
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const pace = createPace(data.signal);
  for (const [i, r] of data.rows.entries()) {
    const ws = wb.addWorksheet(formSheetName(i, r.trainee.name), {
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 1,
        horizontalCentered: true,
        margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
      },
      views: [{ showGridLines: false }],
    });
    writeForm(ws as unknown as Ws, data.programme, r);
    ws.commit();
    const p = pace();
    if (p) await p;
  }
  await wb.commit();
}
