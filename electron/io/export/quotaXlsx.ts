/**
 * 各地名额分配表: the title, an issuing line (document number, issuer, date), the 37 regions in the
 * official order as rows, the sessions as columns (with their dates and place under the number),
 * row and column totals; A4 landscape with the two header rows repeated on every printed page.
 * The totals are formulas with their values stored, so the table stays right when a region edits
 * it, and reads back (electron/services/quotaFiles.ts) to exactly the same quotas.
 */
import ExcelJS from 'exceljs';
import { formatDateZh } from '../../../shared/domain/dates';
import type { QuotaGrid, QuotaGridSession } from '../../../shared/domain/quotas';
import { enableQuotePrefix, setText } from './xlsxText';

export const QUOTA_SHEET = '名额分配表';
export const QUOTA_HEADER_ROW = 3;
/** Under the session numbers: when and where (the importer passes over this row). */
export const QUOTA_DETAIL_LABEL = '时间、地点';
export const QUOTA_TOTAL_LABEL = '合计';

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export function quotaTitle(g: Pick<QuotaGrid, 'year' | 'title'>): string {
  const base = g.title.includes(String(g.year)) ? g.title : `${g.year}年度${g.title}`;
  return `${base.replace(/各地名额分配表$/, '')}各地名额分配表`;
}

/** 「6月16日—19日 北京」: the dates without the year (the title has it), then the place. */
export function sessionDetail(s: Pick<QuotaGridSession, 'startDate' | 'endDate' | 'location'>): string {
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  let when = '';
  if (s.startDate && s.endDate && s.endDate !== s.startDate)
    when =
      s.startDate.slice(5, 7) === s.endDate.slice(5, 7)
        ? `${md(s.startDate)}—${Number(s.endDate.slice(8, 10))}日`
        : `${md(s.startDate)}—${md(s.endDate)}`;
  else if (s.startDate) when = md(s.startDate);
  return [when, s.location].filter(Boolean).join('\n');
}

export interface QuotaXlsxData {
  grid: QuotaGrid;
  /** YYYY-MM-DD */
  date: string;
}

function colName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export async function writeQuotaXlsx(out: string, { grid, date }: QuotaXlsxData): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const n = grid.sessions.length;
  const last = n + 3; // 序号, 地区, sessions…, 合计
  const ws = wb.addWorksheet(QUOTA_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: QUOTA_HEADER_ROW + 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${QUOTA_HEADER_ROW}:${QUOTA_HEADER_ROW + 1}`,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  // 13 wide: the longest date span, 「9月29日—10月2日」, clears the borders.
  ws.columns = [{ width: 6 }, { width: 19 }, ...grid.sessions.map(() => ({ width: 13 })), { width: 9 }];

  const title = ws.getRow(1);
  title.height = 34;
  const t = title.getCell(1);
  t.font = { name: FONT, size: 18, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  setText(t, quotaTitle(grid));
  ws.mergeCells(1, 1, 1, last);
  title.commit();

  const issuing = ws.getRow(2);
  issuing.height = 22;
  const i = issuing.getCell(1);
  i.font = { name: FONT, size: 11 };
  i.alignment = { horizontal: 'left', vertical: 'middle' };
  setText(
    i,
    [grid.documentNo && `依据：${grid.documentNo}`, grid.organiser && `制表：${grid.organiser}`, `日期：${formatDateZh(date)}`]
      .filter(Boolean)
      .join('\u3000\u3000'),
  );
  ws.mergeCells(2, 1, 2, last);
  issuing.commit();

  const headStyle: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: 11, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
  };
  const header = ws.getRow(QUOTA_HEADER_ROW);
  header.height = 22;
  ['序号', '地区', ...grid.sessions.map((s) => `第${s.number}期`), QUOTA_TOTAL_LABEL].forEach((text, k) => {
    const c = header.getCell(k + 1);
    c.style = headStyle;
    c.value = text;
  });
  header.commit();

  const detail = ws.getRow(QUOTA_HEADER_ROW + 1);
  const texts = grid.sessions.map(sessionDetail);
  detail.height = texts.some((x) => x.includes('\n')) ? 30 : 18;
  const detailStyle: Partial<ExcelJS.Style> = { ...headStyle, font: { name: FONT, size: 9 } };
  ['', QUOTA_DETAIL_LABEL, ...texts, ''].forEach((text, k) => {
    const c = detail.getCell(k + 1);
    c.style = detailStyle;
    setText(c, text);
  });
  detail.commit();

  const body: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: BORDER,
  };
  // Indented: a name flush against the border reads as cut off on paper.
  const nameStyle: Partial<ExcelJS.Style> = { ...body, alignment: { horizontal: 'left', vertical: 'middle', indent: 1 } };
  const first = QUOTA_HEADER_ROW + 2;
  grid.regions.forEach((r, ri) => {
    const row = ws.getRow(first + ri);
    row.height = 18;
    const rowNo = first + ri;
    row.getCell(1).style = body;
    row.getCell(1).value = ri + 1;
    row.getCell(2).style = nameStyle;
    setText(row.getCell(2), r.name);
    grid.cells[ri].forEach((cell, k) => {
      const c = row.getCell(k + 3);
      c.style = body;
      c.value = cell.places;
    });
    const total = row.getCell(last);
    total.style = { ...body, font: { name: FONT, size: 11, bold: true } };
    total.value = n ? { formula: `SUM(C${rowNo}:${colName(last - 1)}${rowNo})`, result: r.places } : r.places;
    row.commit();
  });
  const end = first + grid.regions.length - 1;
  const totals = ws.getRow(end + 1);
  totals.height = 20;
  const bold: Partial<ExcelJS.Style> = { ...body, font: { name: FONT, size: 11, bold: true } };
  totals.getCell(1).style = bold;
  totals.getCell(2).style = bold;
  totals.getCell(1).value = QUOTA_TOTAL_LABEL; // the merged cell's value lives in its first cell
  ws.mergeCells(end + 1, 1, end + 1, 2);
  grid.sessions.forEach((s, k) => {
    const c = totals.getCell(k + 3);
    c.style = bold;
    c.value = { formula: `SUM(${colName(k + 3)}${first}:${colName(k + 3)}${end})`, result: s.places };
  });
  const grand = totals.getCell(last);
  grand.style = bold;
  grand.value = { formula: `SUM(${colName(last)}${first}:${colName(last)}${end})`, result: grid.places };
  totals.commit();

  ws.commit();
  await wb.commit();
}
