/**
 * The weights table: a header row, then one region per row. Columns `name,weight` and optionally
 * `min,max,locked` (Chinese headers 地区/名称, 权重, 最小名额, 最大名额, 锁定 work too), separated by
 * commas or, as pasted from Excel/WPS, by tabs. UTF-8 text, with or without a BOM; quoted cells as in
 * RFC 4180. `locked` is true/1/是/yes or false/0/否/no/empty. Pure: the caller reads the file.
 */
import { ApportionError } from './errors';
import { decimalText, parseDecimal } from './exact';
import type { RegionInput } from './types';

export interface WeightsTable {
  regions: RegionInput[];
  /** The line each region came from (1-based, the header is line 1). */
  lines: number[];
}

type Column = 'name' | 'weight' | 'min' | 'max' | 'locked';

const HEADERS: Record<string, Column> = {
  name: 'name',
  region: 'name',
  名称: 'name',
  地区: 'name',
  地区名称: 'name',
  weight: 'weight',
  权重: 'weight',
  min: 'min',
  minimum: 'min',
  最小: 'min',
  最小名额: 'min',
  max: 'max',
  maximum: 'max',
  最大: 'max',
  最大名额: 'max',
  locked: 'locked',
  lock: 'locked',
  锁定: 'locked',
};

const TRUE = new Set(['true', '1', '是', 'yes', 'y']);
const FALSE = new Set(['false', '0', '否', 'no', 'n', '']);

function fail(message: string, line?: number): never {
  throw new ApportionError('CSV_INVALID', line === undefined ? message : `第 ${line} 行：${message}`, { line });
}

/** Splits the text into rows of cells, keeping the line each row starts on. */
function splitRows(text: string, sep: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cellStart && cell.trim() === '') {
      quoted = true;
      cell = '';
      cellStart = false;
    } else if (c === sep) {
      cells.push(cell);
      cell = '';
      cellStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      cellStart = true;
      line++;
      rowLine = line;
    } else {
      if (c === '"') fail('引号只能出现在单元格开头（或在引号内写成两个 ""）。', line);
      cell += c;
      if (c.trim() !== '') cellStart = false;
    }
  }
  if (quoted) fail('引号没有闭合。', rowLine);
  cells.push(cell);
  rows.push({ cells, line: rowLine });
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

function clean(cell: string | undefined): string {
  return (cell ?? '').normalize('NFKC').trim();
}

/** A weight cell: a plain decimal, also with thousands separators (1,234,567.5). */
function weightCell(raw: string, line: number): string {
  const text = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw) ? raw.replace(/,/g, '') : raw;
  if (text === '') fail('缺少权重。', line);
  const d = parseDecimal(text);
  if (!d) fail(`权重「${raw}」不是数字。`, line);
  if (d.int < 0n) fail(`权重「${raw}」为负数，权重不能小于 0。`, line);
  return decimalText(d);
}

function boundCell(raw: string, what: string, line: number): number | undefined {
  if (raw === '') return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) fail(`${what}「${raw}」应为非负整数。`, line);
  return Number(raw);
}

export function parseWeightsTable(text: string): WeightsTable {
  const body = text.replace(/^\uFEFF/, '');
  if (body.includes('\u0000')) fail('不是文本文件（含有二进制内容），请提供 UTF-8 编码的 CSV。');
  if (body.includes('\uFFFD')) fail('文件不是 UTF-8 编码（出现无法识别的字符），请另存为“CSV UTF-8”。');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows = splitRows(body, sep);
  if (!rows.length) fail('文件是空的：第一行应为表头 name,weight[,min,max,locked]。');

  const header = rows[0];
  const columns: Column[] = [];
  for (const raw of header.cells) {
    const key = clean(raw).toLowerCase();
    const col = HEADERS[key];
    if (!col) fail(`表头「${clean(raw)}」不认识：应为 name,weight，可选 min,max,locked。`, header.line);
    if (columns.includes(col)) fail(`表头「${clean(raw)}」重复。`, header.line);
    columns.push(col);
  }
  for (const need of ['name', 'weight'] as const)
    if (!columns.includes(need)) fail(`表头缺少 ${need} 列：应为 name,weight，可选 min,max,locked。`, header.line);

  const regions: RegionInput[] = [];
  const lines: number[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.length > columns.length)
      fail(`有 ${row.cells.length} 列，表头只有 ${columns.length} 列（名称中有逗号时请加英文引号）。`, row.line);
    const get = (c: Column) => clean(row.cells[columns.indexOf(c)]);
    const name = get('name');
    if (!name) fail('缺少地区名称。', row.line);
    const region: RegionInput = { name, weight: weightCell(get('weight'), row.line) };
    if (columns.includes('min')) region.min = boundCell(get('min'), 'min', row.line);
    if (columns.includes('max')) region.max = boundCell(get('max'), 'max', row.line);
    if (columns.includes('locked')) {
      const v = get('locked').toLowerCase();
      if (TRUE.has(v)) region.locked = true;
      else if (!FALSE.has(v)) fail(`locked「${get('locked')}」应为 true/1/是 或 false/0/否。`, row.line);
    }
    for (const k of ['min', 'max'] as const) if (region[k] === undefined) delete region[k];
    regions.push(region);
    lines.push(row.line);
  }
  if (!regions.length) fail('表中只有表头，没有地区。');
  return { regions, lines };
}
