/**
 * 企业信息档案 (.xlsx): a title naming the region, an issuing line, then one row per enterprise — its
 * details, the trainees it sent (姓名·职务·年度期次·结业), the newest year's figures and the last
 * follow-up — and a second sheet 跟踪记录 with one row per follow-up record. A4 landscape, the
 * header row repeated on every printed page.
 */
import ExcelJS from 'exceljs';
import {
  QUALIFICATION_SHORT,
  type FollowUp,
  type TrackedQualification,
  type YearlyFigures,
} from '../../../shared/domain/enterpriseFileTypes';
import { enableQuotePrefix, setText } from './xlsxText';
import { writeTitleRows } from './xlsxTitle';

export const FILES_SHEET = '信息档案';
export const FOLLOWUPS_SHEET = '跟踪记录';
export const FILES_HEADER_ROW = 3;
export const FILES_COLUMNS = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '地区',
  '行业',
  '资质',
  '参训学员',
  '数据年度',
  '营业收入（万元）',
  '利润（万元）',
  '员工人数',
  '研发投入（万元）',
  '专利（件）',
  '最近跟踪',
] as const;
export const FOLLOWUP_COLUMNS = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '日期',
  '类型',
  '年度',
  '营业收入（万元）',
  '利润（万元）',
  '员工人数',
  '研发投入（万元）',
  '专利（件）',
  '获得资质',
  '失去资质',
  '备注',
] as const;

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD: Partial<ExcelJS.Style> = {
  font: { name: FONT, size: 10, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: BORDER,
};
const BODY: Partial<ExcelJS.Style> = { font: { name: FONT, size: 10 }, alignment: { vertical: 'middle', wrapText: true }, border: BORDER };
const CENTRE: Partial<ExcelJS.Style> = { ...BODY, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
// '#,##0.##' would show 「35.」 in Excel for a whole number: money gets two decimals, counts none.
const MONEY: Partial<ExcelJS.Style> = { ...BODY, alignment: { horizontal: 'right', vertical: 'middle' }, numFmt: '#,##0.00' };
const COUNT: Partial<ExcelJS.Style> = { ...MONEY, numFmt: '0' };

export interface EnterpriseFileRow {
  name: string;
  creditCode: string;
  regionName: string;
  industry: string;
  qualifications: string[];
  /** 姓名·职务·2025年第3期·结业, one per line. */
  trainees: string[];
  latest: YearlyFigures | null;
  lastFollowUp: FollowUp | null;
  followUps: FollowUp[];
}

export interface EnterpriseFilesXlsxData {
  title: string;
  organiser: string;
  /** YYYY-MM-DD */
  date: string;
  rows: EnterpriseFileRow[];
}

/** Lines a text takes in a column `width` characters wide (a CJK character is two). */
function lines(text: string, width: number): number {
  return text
    .split('\n')
    .reduce(
      (n, part) =>
        n + Math.max(1, Math.ceil([...part].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e80 ? 2 : 1), 0) / ((width - 2) * 0.9))),
      0,
    );
}

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: FILES_HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${FILES_HEADER_ROW}:${FILES_HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

function header(ws: ExcelJS.Worksheet, columns: readonly string[]): void {
  const head = ws.getRow(FILES_HEADER_ROW);
  head.height = 30;
  columns.forEach((text, k) => {
    const c = head.getCell(k + 1);
    c.style = HEAD;
    c.value = text;
  });
  head.commit();
}

function num(cell: ExcelJS.Cell, v: number | null, style = MONEY): void {
  cell.style = style;
  cell.value = v;
}

const short = (qs: readonly string[]) => qs.map((q) => QUALIFICATION_SHORT[q as TrackedQualification] ?? q).join('、');

export async function writeEnterpriseFilesXlsx(out: string, data: EnterpriseFilesXlsxData): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);

  const widths = [5, 24, 20, 9, 16, 18, 32, 6, 10, 10, 7, 10, 6, 20];
  const ws = sheet(wb, FILES_SHEET, widths);
  writeTitleRows(ws, FILES_COLUMNS.length, { ...data, organiserLabel: '制表' });
  header(ws, FILES_COLUMNS);
  let n = FILES_HEADER_ROW + 1;
  data.rows.forEach((e, i) => {
    const row = ws.getRow(n++);
    const trainees = e.trainees.join('\n');
    const quals = e.qualifications.join('\n');
    const last = e.lastFollowUp ? `${e.lastFollowUp.date} ${e.lastFollowUp.kind}` : '';
    // Streamed rows are not measured by Excel or LibreOffice: the height is set for the wrapped lines.
    row.height = 14 * Math.max(lines(trainees, widths[6]), lines(quals, widths[5]), lines(e.name, widths[1]), lines(last, widths[13])) + 4;
    row.getCell(1).style = CENTRE;
    row.getCell(1).value = i + 1;
    const texts: [number, string, Partial<ExcelJS.Style>][] = [
      [2, e.name, BODY],
      [3, e.creditCode, CENTRE],
      [4, e.regionName, CENTRE],
      [5, e.industry, BODY],
      [6, quals, BODY],
      [7, trainees, BODY],
      [14, last, BODY],
    ];
    for (const [k, text, style] of texts) {
      const c = row.getCell(k);
      c.style = style;
      setText(c, text);
    }
    row.getCell(8).style = CENTRE;
    row.getCell(8).value = e.latest?.year ?? null;
    num(row.getCell(9), e.latest?.revenueWan ?? null);
    num(row.getCell(10), e.latest?.profitWan ?? null);
    num(row.getCell(11), e.latest?.employees ?? null, COUNT);
    num(row.getCell(12), e.latest?.rdWan ?? null);
    num(row.getCell(13), e.latest?.patents ?? null, COUNT);
    row.commit();
  });
  if (!data.rows.length) {
    const row = ws.getRow(n);
    setText(row.getCell(1), '（没有符合条件的企业）');
    row.commit();
  }
  ws.commit();

  const fwidths = [5, 24, 20, 11, 12, 6, 10, 10, 7, 10, 6, 12, 12, 36];
  const fs = sheet(wb, FOLLOWUPS_SHEET, fwidths);
  writeTitleRows(fs, FOLLOWUP_COLUMNS.length, { ...data, title: `${data.title}·跟踪记录`, organiserLabel: '制表' });
  header(fs, FOLLOWUP_COLUMNS);
  let m = FILES_HEADER_ROW + 1;
  let k = 0;
  for (const e of data.rows) {
    for (const f of e.followUps) {
      const row = fs.getRow(m++);
      row.height = 14 * Math.max(lines(f.notes, fwidths[13]), lines(e.name, fwidths[1])) + 4;
      row.getCell(1).style = CENTRE;
      row.getCell(1).value = ++k;
      const texts: [number, string, Partial<ExcelJS.Style>][] = [
        [2, e.name, BODY],
        [3, e.creditCode, CENTRE],
        [4, f.date, CENTRE],
        [5, f.kind, CENTRE],
        [12, short(f.gained), BODY],
        [13, short(f.lost), BODY],
        [14, f.notes, BODY],
      ];
      for (const [col, text, style] of texts) {
        const c = row.getCell(col);
        c.style = style;
        setText(c, text);
      }
      row.getCell(6).style = CENTRE;
      row.getCell(6).value = f.year;
      num(row.getCell(7), f.revenueWan);
      num(row.getCell(8), f.profitWan);
      num(row.getCell(9), f.employees, COUNT);
      num(row.getCell(10), f.rdWan);
      num(row.getCell(11), f.patents, COUNT);
      row.commit();
    }
  }
  if (!k) {
    const row = fs.getRow(m);
    setText(row.getCell(1), '（暂无跟踪记录）');
    row.commit();
  }
  fs.commit();
  await wb.commit();
}
