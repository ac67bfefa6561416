/**
 * 领军人才培训工作信息表 (merged): one row per region in the official order, the 负责人 and the
 * 联络人 side by side, each with 姓名, 职务, 办公电话, 手机, 电子邮箱. Phones are text cells, so a
 * mobile number never turns into 1.38E+10. A4 landscape, both header rows repeated on every page.
 */
import ExcelJS from 'exceljs';
import { CONTACT_ROLE_LABELS, CONTACT_ROLES, type Contact, type RegionContacts } from '../../../shared/domain/quotas';
import { enableQuotePrefix, setText } from './xlsxText';
import { writeTitleRows } from './xlsxTitle';

export const CONTACT_FIELDS: readonly { key: keyof Contact; label: string; width: number }[] = [
  { key: 'name', label: '姓名', width: 9 },
  { key: 'post', label: '职务', width: 14 },
  { key: 'officePhone', label: '办公电话', width: 15 },
  { key: 'mobile', label: '手机', width: 14 },
  { key: 'email', label: '电子邮箱', width: 22 },
];

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export interface ContactsXlsxData {
  title: string;
  organiser: string;
  date: string;
  rows: RegionContacts[];
}

export async function writeContactsXlsx(out: string, data: ContactsXlsxData): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const last = 2 + CONTACT_FIELDS.length * 2;
  const ws = wb.addWorksheet('工作信息表', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: '3:4',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = [
    { width: 6 },
    { width: 16 },
    ...CONTACT_ROLES.flatMap(() => CONTACT_FIELDS.map((f) => ({ width: f.width, style: { numFmt: '@' } }))),
  ];
  writeTitleRows(ws, last, { ...data, organiserLabel: '汇总' });

  const head: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: 11, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
  };
  const groups = ws.getRow(3);
  const fields = ws.getRow(4);
  for (const [k, text] of ['序号', '地区'].entries()) {
    groups.getCell(k + 1).style = head;
    groups.getCell(k + 1).value = text;
    fields.getCell(k + 1).style = head;
    ws.mergeCells(3, k + 1, 4, k + 1);
  }
  CONTACT_ROLES.forEach((role, g) => {
    const from = 3 + g * CONTACT_FIELDS.length;
    for (let k = 0; k < CONTACT_FIELDS.length; k++) groups.getCell(from + k).style = head;
    groups.getCell(from).value = CONTACT_ROLE_LABELS[role];
    ws.mergeCells(3, from, 3, from + CONTACT_FIELDS.length - 1);
    CONTACT_FIELDS.forEach((f, k) => {
      const c = fields.getCell(from + k);
      c.style = head;
      c.value = f.label;
    });
  });
  groups.commit();
  fields.commit();

  const body: Partial<ExcelJS.Style> = {
    numFmt: '@',
    font: { name: FONT, size: 10 },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
  };
  data.rows.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    row.height = 20;
    row.getCell(1).style = { ...body, numFmt: 'General' };
    row.getCell(1).value = i + 1;
    row.getCell(2).style = body;
    setText(row.getCell(2), r.regionName);
    CONTACT_ROLES.forEach((role, g) => {
      const person = r[role];
      CONTACT_FIELDS.forEach((f, k) => {
        const c = row.getCell(3 + g * CONTACT_FIELDS.length + k);
        c.style = body;
        setText(c, person?.[f.key] ?? '');
      });
    });
    row.commit();
  });
  ws.commit();
  await wb.commit();
}
