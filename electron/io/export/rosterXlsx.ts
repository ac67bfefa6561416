/**
 * 花名册 as .xlsx: title, session line, the column header (repeated on every printed page), one
 * row per trainee; A4 portrait fitted to the width. Every user text goes through setText, so a
 * unit or position that starts with = + - @ stays text.
 */
import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS, rosterCells, type RosterDocData } from './rosterRows';
import { enableQuotePrefix, setText } from './xlsxText';

export const ROSTER_SHEET = '花名册';
export const ROSTER_HEADER_ROW = 3;

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const WIDTHS = [6, 14, 6, 12, 34, 14, 14, 12];

export async function writeRosterXlsx(out: string, data: Omit<RosterDocData, 'fontPath'>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const last = ROSTER_COLUMNS.length;
  const ws = wb.addWorksheet(ROSTER_SHEET, {
    views: [{ state: 'frozen', ySplit: ROSTER_HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${ROSTER_HEADER_ROW}:${ROSTER_HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = WIDTHS.map((width) => ({ width }));

  const title = ws.getRow(1);
  title.height = 30;
  const t = title.getCell(1);
  t.font = { name: FONT, size: 16, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  setText(t, `${data.title} 花名册`);
  ws.mergeCells(1, 1, 1, last);
  title.commit();

  const info = ws.getRow(2);
  info.height = 20;
  const i = info.getCell(1);
  i.font = { name: FONT, size: 11 };
  i.alignment = { horizontal: 'left', vertical: 'middle' };
  setText(i, `${data.session}\u3000共 ${data.entries.length} 人`);
  ws.mergeCells(2, 1, 2, last);
  info.commit();

  const head: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: 11, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: BORDER,
  };
  const header = ws.getRow(ROSTER_HEADER_ROW);
  header.height = 22;
  ROSTER_COLUMNS.forEach((text, k) => {
    const c = header.getCell(k + 1);
    c.style = head;
    c.value = text;
  });
  header.commit();

  const centre: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: BORDER,
  };
  const left: Partial<ExcelJS.Style> = { ...centre, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } };
  data.entries.forEach((e, n) => {
    const row = ws.getRow(ROSTER_HEADER_ROW + 1 + n);
    // Tall enough for a unit wrapped at ~16 characters a line (a fixed height would clip it).
    row.height = Math.max(20, 15 * Math.ceil([...e.enterprise].length / 16));
    rosterCells(e, n).forEach((v, k) => {
      const c = row.getCell(k + 1);
      c.style = k === 4 || k === 5 ? left : centre;
      if (k === 0) c.value = n + 1;
      else setText(c, v);
    });
    row.commit();
  });
  ws.commit();
  await wb.commit();
}
