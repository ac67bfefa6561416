/**
 * 名额调剂记录 (.xlsx): a title, an issuing line, then one row per move of every reallocation of the
 * programme (newest first) with its time, operator, session, from and to regions, places, reason
 * and status; A4 landscape with the header row repeated on every printed page.
 */
import ExcelJS from 'exceljs';
import { REALLOCATION_STATUS_LABELS, type ReallocationRecord } from '../../../shared/domain/reallocation';
import { enableQuotePrefix, setText } from './xlsxText';
import { writeTitleRows } from './xlsxTitle';

export const REALLOCATION_SHEET = '名额调剂记录';
export const REALLOCATION_HEADER_ROW = 3;
export const REALLOCATION_COLUMNS = ['时间', '操作人', '期次', '调出地区', '调入地区', '名额', '原因', '状态'] as const;

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export interface ReallocationXlsxData {
  title: string;
  organiser: string;
  /** YYYY-MM-DD */
  date: string;
  records: ReallocationRecord[];
}

/** An ISO instant as local 「YYYY-MM-DD HH:MM」, the way the history shows it. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Lines a text takes in a column `width` characters wide (a CJK character is two). */
function lines(text: string, width: number): number {
  return text
    .split('\n')
    .reduce(
      (n, part) => n + Math.max(1, Math.ceil([...part].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e80 ? 2 : 1), 0) / (width - 2))),
      0,
    );
}

export async function writeReallocationXlsx(out: string, data: ReallocationXlsxData): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const last = REALLOCATION_COLUMNS.length;
  const ws = wb.addWorksheet(REALLOCATION_SHEET, {
    views: [{ state: 'frozen', ySplit: REALLOCATION_HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${REALLOCATION_HEADER_ROW}:${REALLOCATION_HEADER_ROW}`,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const widths = [18, 12, 12, 18, 18, 7, 50, 18];
  ws.columns = widths.map((width) => ({ width }));

  writeTitleRows(ws, last, { ...data, organiserLabel: '制表' });

  const head = ws.getRow(REALLOCATION_HEADER_ROW);
  head.height = 22;
  REALLOCATION_COLUMNS.forEach((text, k) => {
    const c = head.getCell(k + 1);
    c.style = { font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' }, border: BORDER };
    c.value = text;
  });
  head.commit();

  const body: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: 11 },
    alignment: { vertical: 'middle', wrapText: true },
    border: BORDER,
  };
  const centre: Partial<ExcelJS.Style> = { ...body, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
  let n = REALLOCATION_HEADER_ROW + 1;
  for (const rec of data.records) {
    for (const m of rec.moves) {
      const row = ws.getRow(n++);
      const session =
        m.fromSessionId === m.toSessionId ? `第${m.fromSessionNumber}期` : `第${m.fromSessionNumber}期→第${m.toSessionNumber}期`;
      const reason = m.reason && m.reason !== rec.reason ? `${rec.reason}（${m.reason}）` : rec.reason;
      const status =
        rec.status === 'applied'
          ? REALLOCATION_STATUS_LABELS.applied
          : `${REALLOCATION_STATUS_LABELS[rec.status]}${rec.revertedAt ? `\n${localTime(rec.revertedAt)}` : ''}`;
      // Streamed rows are not measured by Excel or LibreOffice: the height is set for the wrapped lines.
      row.height = 15 * Math.max(lines(reason, widths[6]), lines(status, widths[7])) + 4;
      const texts = [localTime(rec.at), rec.operator, session, m.fromRegionName, m.toRegionName];
      texts.forEach((x, k) => {
        const c = row.getCell(k + 1);
        c.style = k === 0 || k === 2 ? centre : body;
        setText(c, x);
      });
      row.getCell(6).style = centre;
      row.getCell(6).value = m.places;
      row.getCell(7).style = body;
      setText(row.getCell(7), reason);
      row.getCell(8).style = centre;
      setText(row.getCell(8), status);
      row.commit();
    }
  }
  if (n === REALLOCATION_HEADER_ROW + 1) {
    const row = ws.getRow(n);
    setText(row.getCell(1), '（暂无名额调剂记录）');
    row.commit();
  }
  ws.commit();
  await wb.commit();
}
