/**
 * 结业名单 as .xlsx: title, session, organiser and date, the signing key's fingerprint, then the
 * table on A4 landscape with its header repeated on every printed page. The signature lives in a
 * very-hidden sheet 「签名」: a format tag, the fingerprint, the public key, the signature and the
 * signed canonical content as JSON (in pieces: a cell holds at most 32,767 characters), so a
 * verifier can name every cell that changed. Reading back (`readRosterXlsx`) takes each cell's
 * value, not its look, so a file re-saved by LibreOffice or WPS without edits reads the same.
 */
import ExcelJS from 'exceljs';
import type { RosterContent } from '../../../shared/domain/certifiedRoster';
import { enableQuotePrefix, setText } from './xlsxText';

export const ROSTER_SHEET = '结业名单';
export const SIGNATURE_SHEET = '签名';
export const SIGNATURE_FORMAT = 'training-ledger-certified-roster/1';
const HEADER_ROW = 6;
const CHUNK = 30_000;
const WIDTHS = [6, 10, 6, 12, 34, 14, 26, 10, 18];
const FONT = '宋体';
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export interface RosterSignature {
  fingerprint: string;
  publicKeyPem: string;
  /** base64 Ed25519 signature over `signedBytes(content)`. */
  signature: string;
}

export async function writeRosterXlsx(out: string, content: RosterContent, sig: RosterSignature): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = '培训台账';
  enableQuotePrefix(wb);
  const n = content.columns.length;
  const ws = wb.addWorksheet(ROSTER_SHEET, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
  });
  ws.columns = WIDTHS.slice(0, n).map((width) => ({ width }));
  const line = (r: number, text: string, size: number, bold = false) => {
    const row = ws.getRow(r);
    const cell = row.getCell(1);
    cell.font = { name: FONT, size, bold };
    cell.alignment = { horizontal: r === 1 ? 'center' : 'left', vertical: 'middle' };
    setText(cell, text);
    row.height = r === 1 ? 30 : 20;
    ws.mergeCells(r, 1, r, n);
    row.commit();
  };
  line(1, content.title, 16, true);
  line(2, content.session, 11);
  line(3, content.organiser, 11);
  line(4, content.date, 11);
  line(5, `签名密钥指纹：${sig.fingerprint}`, 9);
  const head = ws.getRow(HEADER_ROW);
  content.columns.forEach((t, c) => {
    const cell = head.getCell(c + 1);
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    setText(cell, t);
  });
  head.height = 22;
  head.commit();
  content.rows.forEach((values, i) => {
    const row = ws.getRow(HEADER_ROW + 1 + i);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.font = { name: FONT, size: 10.5 };
      cell.border = BORDER;
      cell.alignment = { horizontal: c === 4 || c === 6 ? 'left' : 'center', vertical: 'middle', wrapText: true };
      // 序号 as a number, as a person would type it; the canonical form reads it back as the same text.
      if (c === 0 && /^[1-9]\d{0,5}$/.test(v)) cell.value = Number(v);
      else setText(cell, v);
    });
    row.height = 20;
    row.commit();
  });
  await ws.commit();

  const hidden = wb.addWorksheet(SIGNATURE_SHEET, { state: 'veryHidden' });
  const json = JSON.stringify(content);
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += CHUNK) pieces.push(json.slice(i, i + CHUNK));
  const rows: [string, string][] = [
    ['格式', SIGNATURE_FORMAT],
    ['指纹', sig.fingerprint],
    ['公钥', sig.publicKeyPem],
    ['签名', sig.signature],
    ['内容段数', String(pieces.length)],
    // Each piece behind a letter, so no piece ever starts like a formula (= + - @).
    ...pieces.map((p, i): [string, string] => [`内容${i + 1}`, `J${p}`]),
  ];
  rows.forEach(([k, v], i) => {
    const row = hidden.getRow(i + 1);
    row.getCell(1).value = k;
    row.getCell(2).value = v;
    row.commit();
  });
  await hidden.commit();
  await wb.commit();
}

/** A cell's value as canonical text input: numbers as JS writes them, dates as YYYY-MM-DD, rich text joined. */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result);
    if ('text' in v) return cellText((v as { text: ExcelJS.CellValue }).text);
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return String(v);
}

export interface ReadRoster {
  /** What the visible sheet shows, null when there is no such sheet. */
  found: RosterContent | null;
  /** The signature sheet, null when missing; `content` null when its JSON cannot be read. */
  signature: (RosterSignature & { format: string; content: string | null }) | null;
  /** The fingerprint line as the visible sheet shows it. */
  shownFingerprint: string | null;
}

export async function readRosterXlsx(file: string): Promise<ReadRoster> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let signature: ReadRoster['signature'] = null;
  const hidden = wb.getWorksheet(SIGNATURE_SHEET);
  if (hidden) {
    const kv = new Map<string, string>();
    hidden.eachRow((row) => kv.set(cellText(row.getCell(1).value).trim(), cellText(row.getCell(2).value)));
    const count = Number(kv.get('内容段数'));
    let content: string | null = null;
    if (Number.isInteger(count) && count > 0) {
      const parts = Array.from({ length: count }, (_, i) => kv.get(`内容${i + 1}`));
      if (parts.every((p) => p?.startsWith('J'))) content = parts.map((p) => p!.slice(1)).join('');
    }
    signature = {
      format: kv.get('格式') ?? '',
      fingerprint: (kv.get('指纹') ?? '').trim(),
      publicKeyPem: kv.get('公钥') ?? '',
      signature: (kv.get('签名') ?? '').trim(),
      content,
    };
  }
  const ws = wb.getWorksheet(ROSTER_SHEET) ?? wb.worksheets.find((w) => w.name !== SIGNATURE_SHEET && w.state === 'visible');
  if (!ws) return { found: null, signature, shownFingerprint: null };
  const text = (r: number, c: number) => cellText(ws.getRow(r).getCell(c).value);
  // The header row: where 「序号」 stands in column A (rows may have been inserted above it).
  let header = HEADER_ROW;
  for (let r = 1; r <= Math.min(ws.rowCount, 40); r++)
    if (text(r, 1).trim() === '序号') {
      header = r;
      break;
    }
  const lastCol = (r: number) => {
    let last = 0;
    ws.getRow(r).eachCell((cell, c) => {
      if (cellText(cell.value).trim() !== '') last = Math.max(last, c);
    });
    return last;
  };
  let width = lastCol(header);
  let lastRow = header;
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const w = lastCol(r);
    if (w) {
      lastRow = r;
      width = Math.max(width, w);
    }
  }
  const rowValues = (r: number) => Array.from({ length: width }, (_, c) => text(r, c + 1));
  const fpLine = text(header - 1, 1);
  return {
    found: {
      title: text(1, 1),
      session: text(2, 1),
      organiser: text(3, 1),
      date: text(4, 1),
      columns: rowValues(header),
      rows: Array.from({ length: lastRow - header }, (_, i) => rowValues(header + 1 + i)),
    },
    signature,
    shownFingerprint: fpLine.replace(/^签名密钥指纹[：:]/, '').trim() || null,
  };
}
