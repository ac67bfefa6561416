/**
 * 考勤统计表 (.xlsx): sheet 1, trainees × half-day slots with one symbol per mark (√ 迟 假 缺 退),
 * each trainee's totals, attendance rate and completion result, and per-slot totals at the foot;
 * sheet 2, the per-region summary the centre reports upward. A4 landscape, the header rows
 * repeated on every printed page, fitted to the width.
 */
import ExcelJS from 'exceljs';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../../shared/domain/attendance';
import type { AttendanceSlot } from '../../../shared/domain/attendanceTypes';
import { enableQuotePrefix, setText } from './xlsxText';

export const REPORT_SHEET = '考勤统计表';
export const REGION_SHEET = '各地区汇总';
export const REPORT_HEADER_ROW = 4;
export const STATUS_SYMBOL: Record<AttendanceStatus, string> = { 出勤: '√', 迟到: '迟', 请假: '假', 缺勤: '缺', 早退: '退' };
export const MISSING_SYMBOL = '缺';

export interface ReportRow {
  name: string;
  regionName: string;
  enterprise: string;
  /** Per slot: its mark, or null (shown as 缺 once the session has ended, blank before). */
  marks: (AttendanceStatus | null)[];
  counts: Record<AttendanceStatus, number>;
  attended: number;
  completed: boolean | null;
  reasons: string[];
}

export interface AttendanceReportData {
  title: string;
  session: string;
  slots: AttendanceSlot[];
  rows: ReportRow[];
  ended: boolean;
  /** 「统计至 2025-07-24 18:00」 */
  asOf: string;
}

export interface RegionLine {
  regionName: string;
  trainees: number;
  /** trainee × slot */
  due: number;
  attended: number;
  counts: Record<AttendanceStatus, number>;
  completed: number;
  notCompleted: number;
  pending: number;
}

const zero = (): Record<AttendanceStatus, number> => ({ 出勤: 0, 迟到: 0, 请假: 0, 缺勤: 0, 早退: 0 });

/** Regions in the order they first appear (the roster's order), and a total line last. */
export function regionSummary(rows: readonly ReportRow[], slots: number): RegionLine[] {
  const by = new Map<string, RegionLine>();
  const empty = (regionName: string): RegionLine => ({
    regionName,
    trainees: 0,
    due: 0,
    attended: 0,
    counts: zero(),
    completed: 0,
    notCompleted: 0,
    pending: 0,
  });
  const total = empty('合计');
  for (const r of rows) {
    let line = by.get(r.regionName);
    if (!line) by.set(r.regionName, (line = empty(r.regionName)));
    for (const l of [line, total]) {
      l.trainees++;
      l.due += slots;
      l.attended += r.attended;
      for (const s of ATTENDANCE_STATUSES) l.counts[s] += r.counts[s];
      if (r.completed === true) l.completed++;
      else if (r.completed === false) l.notCompleted++;
      else l.pending++;
    }
  }
  return [...by.values(), total];
}

const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const cellStyle = (bold = false, align: 'center' | 'left' = 'center', size = 10): Partial<ExcelJS.Style> => ({
  font: { name: FONT, size, bold },
  alignment: { horizontal: align, vertical: 'middle', wrapText: true },
  border: BORDER,
});
const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : 0);
const resultText = (c: boolean | null) => (c === null ? '未定' : c ? '结业' : '不结业');

function titleRows(ws: ExcelJS.Worksheet, data: AttendanceReportData, name: string, last: number): void {
  const t = ws.getRow(1);
  t.height = 28;
  t.getCell(1).font = { name: FONT, size: 16, bold: true };
  t.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  setText(t.getCell(1), `${data.title} ${name}`);
  ws.mergeCells(1, 1, 1, last);
  t.commit();
  const i = ws.getRow(2);
  i.height = 18;
  i.getCell(1).font = { name: FONT, size: 10 };
  setText(i.getCell(1), `${data.session}\u3000${data.asOf}\u3000图例：√ 出勤\u3000迟 迟到\u3000假 请假\u3000缺 缺勤\u3000退 早退`);
  ws.mergeCells(2, 1, 2, last);
  i.commit();
}

function pageSetup(headerRows: string): Partial<ExcelJS.WorksheetProperties> & { pageSetup: Partial<ExcelJS.PageSetup> } {
  return {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: headerRows,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  };
}

export async function writeAttendanceReportXlsx(out: string, data: AttendanceReportData): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const n = data.slots.length;
  const tallies = ['出勤', '迟到', '请假', '缺勤', '早退'] as const;
  // 序号 姓名 地区 工作单位 | slots… | 出勤 迟到 请假 缺勤 早退 | 出勤率(%) 结业 说明
  const first = 5;
  const last = 4 + n + tallies.length + 3;
  const ws = wb.addWorksheet(REPORT_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: REPORT_HEADER_ROW }],
    ...pageSetup(`3:${REPORT_HEADER_ROW}`),
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = [
    { width: 5 },
    { width: 9 },
    { width: 10 },
    { width: 24 },
    ...data.slots.map(() => ({ width: 5 })),
    ...tallies.map(() => ({ width: 5 })),
    { width: 7 },
    { width: 7 },
    { width: 40 },
  ];
  titleRows(ws, data, REPORT_SHEET, last);

  // Two header rows: the dates over their half-days, 「考勤合计」 over the tallies.
  const h1 = ws.getRow(3);
  const h2 = ws.getRow(REPORT_HEADER_ROW);
  h1.height = 18;
  h2.height = 30;
  const head = cellStyle(true);
  const both = (col: number, text: string) => {
    h1.getCell(col).style = head;
    h2.getCell(col).style = head;
    h1.getCell(col).value = text;
    ws.mergeCells(3, col, REPORT_HEADER_ROW, col);
  };
  ['序号', '姓名', '地区', '工作单位'].forEach((t, k) => both(k + 1, t));
  let k = 0;
  while (k < n) {
    let j = k;
    while (j + 1 < n && data.slots[j + 1].date === data.slots[k].date) j++;
    for (let c = k; c <= j; c++) {
      h1.getCell(first + c).style = head;
      h2.getCell(first + c).style = head;
      h2.getCell(first + c).value = data.slots[c].part === '其他' ? data.slots[c].startTime : data.slots[c].part;
    }
    h1.getCell(first + k).value = data.slots[k].name.replace(/[上下]午$|晚上$/, '');
    if (j > k) ws.mergeCells(3, first + k, 3, first + j);
    k = j + 1;
  }
  const tallyAt = first + n;
  tallies.forEach((t, i) => {
    h1.getCell(tallyAt + i).style = head;
    h2.getCell(tallyAt + i).style = head;
    h2.getCell(tallyAt + i).value = t;
  });
  h1.getCell(tallyAt).value = '考勤合计（半天）';
  ws.mergeCells(3, tallyAt, 3, tallyAt + tallies.length - 1);
  both(tallyAt + tallies.length, '出勤率（%）');
  both(tallyAt + tallies.length + 1, '结业');
  both(tallyAt + tallies.length + 2, '说明');
  h1.commit();
  h2.commit();

  const body = cellStyle();
  const left = cellStyle(false, 'left');
  const perSlot = data.slots.map(() => zero());
  const missingPerSlot = data.slots.map(() => 0);
  data.rows.forEach((r, i) => {
    const row = ws.getRow(REPORT_HEADER_ROW + 1 + i);
    // Tall enough for the wrapped unit and reasons (~11 and ~19 characters a line at these widths).
    const reasons = r.reasons.join('；');
    row.height = Math.max(18, 13 * Math.max(Math.ceil([...r.enterprise].length / 11), Math.ceil([...reasons].length / 19)));
    const put = (col: number, v: string | number, style = body) => {
      const c = row.getCell(col);
      c.style = style;
      if (typeof v === 'number') c.value = v;
      else setText(c, v);
    };
    put(1, i + 1);
    put(2, r.name);
    put(3, r.regionName);
    put(4, r.enterprise, left);
    r.marks.forEach((m, s) => {
      if (m) perSlot[s][m]++;
      else if (data.ended) missingPerSlot[s]++;
      put(first + s, m ? STATUS_SYMBOL[m] : data.ended ? MISSING_SYMBOL : '');
    });
    tallies.forEach((t, j) => put(tallyAt + j, r.counts[t]));
    put(tallyAt + tallies.length, pct(r.attended, n));
    put(tallyAt + tallies.length + 1, resultText(r.completed));
    put(tallyAt + tallies.length + 2, reasons, left);
    row.commit();
  });

  // Per slot: how many were marked each way (an unmarked slot of an ended session counts as 缺勤).
  const bold = cellStyle(true);
  const foot = REPORT_HEADER_ROW + 1 + data.rows.length;
  const footLines: [string, (s: number) => number][] = [
    ['实到人数', (s) => perSlot[s].出勤 + perSlot[s].迟到 + perSlot[s].早退],
    ...tallies.map((t): [string, (s: number) => number] => [`${t}人数`, (s) => perSlot[s][t] + (t === '缺勤' ? missingPerSlot[s] : 0)]),
  ];
  footLines.forEach(([label, value], li) => {
    const row = ws.getRow(foot + li);
    row.height = 18;
    for (let c = 1; c <= last; c++) row.getCell(c).style = bold;
    row.getCell(1).value = label;
    ws.mergeCells(foot + li, 1, foot + li, 4);
    data.slots.forEach((_, s) => (row.getCell(first + s).value = value(s)));
    row.commit();
  });
  ws.commit();

  // 各地区汇总
  const rs = wb.addWorksheet(REGION_SHEET, { ...pageSetup('3:3'), headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' } });
  const cols = [
    '地区',
    '学员人数',
    '应出勤（人·半天）',
    '实出勤（人·半天）',
    '出勤率（%）',
    ...tallies.map((t) => `${t}（人·半天）`),
    '结业',
    '不结业',
    '未定',
  ];
  rs.columns = cols.map((c, i) => ({ width: i === 0 ? 16 : Math.max(8, c.length * 1.6) }));
  titleRows(rs, data, REGION_SHEET, cols.length);
  const rh = rs.getRow(3);
  rh.height = 32;
  cols.forEach((c, i) => {
    rh.getCell(i + 1).style = head;
    rh.getCell(i + 1).value = c;
  });
  rh.commit();
  regionSummary(data.rows, n).forEach((l, i, all) => {
    const row = rs.getRow(4 + i);
    row.height = 18;
    const style = i === all.length - 1 ? bold : body;
    const values: (string | number)[] = [
      l.regionName,
      l.trainees,
      l.due,
      l.attended,
      pct(l.attended, l.due),
      ...tallies.map((t) => l.counts[t]),
      l.completed,
      l.notCompleted,
      l.pending,
    ];
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.style = style;
      if (typeof v === 'number') cell.value = v;
      else setText(cell, v);
    });
    row.commit();
  });
  rs.commit();
  await wb.commit();
}
