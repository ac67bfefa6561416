/**
 * The two rows above an official table: the title (16 pt bold, centred over the table) and the
 * issuing line (「制表：…」 then the date). Written row by row, so streamed sheets can commit them.
 */
import type ExcelJS from 'exceljs';
import { formatDateZh } from '../../../shared/domain/dates';
import { setText } from './xlsxText';

const FONT = '宋体';

export function writeTitleRows(
  ws: ExcelJS.Worksheet,
  lastColumn: number,
  data: { title: string; organiser: string; date: string; organiserLabel: string },
): void {
  const title = ws.getRow(1);
  title.height = 32;
  const t = title.getCell(1);
  t.font = { name: FONT, size: 16, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  setText(t, data.title);
  ws.mergeCells(1, 1, 1, lastColumn);
  title.commit();

  const line = ws.getRow(2);
  line.height = 20;
  const l = line.getCell(1);
  l.font = { name: FONT, size: 11 };
  setText(
    l,
    [data.organiser && `${data.organiserLabel}：${data.organiser}`, `日期：${formatDateZh(data.date)}`]
      .filter(Boolean)
      .join('\u3000\u3000'),
  );
  ws.mergeCells(2, 1, 2, lastColumn);
  line.commit();
}
