/**
 * Reads the yearly follow-up tables regions collect (企业跟踪调查表, 年度经营数据表): title rows, a
 * 填报单位 line, one or two header rows (a group label such as 「2024年经营数据」 merged over the
 * figures below it), full-width digits, money in 万元, 元 or 亿元 as the header or the cell says,
 * blanks, 合计 rows and credit codes typed with spaces or in lower case. Pure: rows in, records
 * and per-row problems out; matching to enterprises and writing are the service's (followups.ts).
 */
import {
  FIGURE_KEYS,
  FOLLOWUP_KINDS,
  parseQualificationList,
  type FigureKey,
  type FollowUpImportResult,
  type FollowUpKind,
  type TrackedQualification,
} from '../../shared/domain/enterpriseFileTypes';
import { validateCreditCode } from '../../shared/domain/creditCode';
import { parseDateValue } from '../../shared/domain/dates';
import { AppError } from '../../shared/result';
import type { RawRow } from '../io/import';
import { cellText } from '../io/import/detectHeader';
import { columnLetter } from '../io/import/extractRows';

type Field = FigureKey | 'creditCode' | 'enterpriseName' | 'year' | 'date' | 'kind' | 'gained' | 'lost' | 'current' | 'notes';

const FIELD_NAMES: Record<Field, string> = {
  creditCode: '统一社会信用代码',
  enterpriseName: '企业名称',
  year: '年度',
  date: '日期',
  kind: '跟踪类型',
  revenueWan: '营业收入',
  profitWan: '利润',
  employees: '员工人数',
  rdWan: '研发投入',
  patents: '专利',
  gained: '获得资质',
  lost: '失去资质',
  current: '现有资质',
  notes: '备注',
};

/** The first pattern that matches a header (spaces and punctuation set aside) names its field. */
const HEADER_PATTERNS: [Field, RegExp][] = [
  ['creditCode', /信用代码|社会信用|组织机构代码|纳税人识别号/],
  ['enterpriseName', /^(企业|单位|公司)(名称|全称)|^企业$/],
  ['rdWan', /研发|r&d|rd投入|科研投入|研究开发/],
  ['profitWan', /利润|净利|盈利|利税/],
  ['revenueWan', /营业收入|营收|主营业务收入|销售收入|营业额|总收入|产值/],
  ['employees', /员工|职工|从业人|用工|人数/],
  ['patents', /专利|知识产权/],
  ['gained', /新获|获得|新增|新认定|认定资质|获评/],
  ['lost', /失去|取消|撤销|到期|摘牌|不再/],
  ['current', /资质|企业类型|称号|荣誉/],
  ['date', /日期|时间|回访时间|调查时间/],
  ['year', /^(数据|统计|经营|所属|填报)?年度$|^年份$|^年$/],
  ['kind', /跟踪类型|跟踪方式|类型|方式/],
  ['notes', /备注|说明|情况|意见|建议|问题/],
];
/** Headers that are read and set aside without a warning. */
const SET_ASIDE =
  /^(序号|编号|地区|所在地区|所属地区|市|县|区|所在地|行业|所属行业|联系人|联系电话|电话|手机|填报人|企业负责人|负责人|法人|法定代表人)$/;
const SUMMARY_ROW = /^(合计|总计|小计|累计|平均|汇总)/;
const FOOTER_ROW = /^(填报人|填表人|审核人|联系人|联系电话|负责人|制表|说明|注[:：]|备注[:：])/;
const BLANK = /^(无|—+|-+|－+|\/|／|空|暂无|不详|n\/?a)$/i;

export interface ImportColumn {
  index: number;
  header: string;
  field: Field | null;
  /** The year a figure column names in its header (「2024年营业收入」), else null. */
  year: number | null;
  /** Money columns: factor from the header's unit into 万元 (元 → 0.0001, 亿元 → 10000). */
  factor: number;
  note: string;
}

export interface ImportedRecord {
  rowNumber: number;
  creditCode: string;
  enterpriseName: string;
  kind: FollowUpKind;
  year: number | null;
  date: string | null;
  figures: { [K in FigureKey]: number | null };
  gained: TrackedQualification[];
  lost: TrackedQualification[];
  /** The qualifications the row says the enterprise holds now (a 资质 column), null without one. */
  current: TrackedQualification[] | null;
  notes: string;
}

export interface FollowUpTable {
  records: ImportedRecord[];
  /** Data rows read (blank, 合计 and footer rows aside). */
  rows: number;
  rejected: number;
  warnings: number;
  errors: FollowUpImportResult['errors'];
  columns: FollowUpImportResult['columns'];
  /** The year named in the title rows (「2024年度…」), used where a row names none. */
  titleYear: number | null;
  /** The well-formed credit code of every data row, rejected ones too (to count the rows matched). */
  rowCodes: Map<number, string>;
}

function squash(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .toLowerCase();
}

/** 2024, 2024年, 2024年度, ２０２４ — a plausible business year in a text, else null. */
export function yearIn(text: string): number | null {
  const m = /(19[5-9]\d|20\d\d|2100)\s*年?/.exec(text.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

/** Factor into 万元 from a unit written in a header or after a number. */
function unitFactor(text: string): number | null {
  const t = squash(text);
  if (/亿元|亿/.test(t)) return 10_000;
  if (/千万/.test(t)) return 1_000;
  if (/万元|万/.test(t)) return 1;
  if (/千元/.test(t)) return 0.1;
  if (/元/.test(t)) return 0.0001;
  return null;
}

const MONEY: ReadonlySet<Field> = new Set(['revenueWan', 'profitWan', 'rdWan']);

export function matchHeader(header: string): Omit<ImportColumn, 'index' | 'header'> {
  const h = squash(header).replace(/[（(][^）)]*[）)]/g, (m) => (/元|亿|万/.test(m) ? m : ''));
  const bare = h.replace(/[（()）:：、，,.。\-_—[\]【】]/g, '');
  if (!bare) return { field: null, year: null, factor: 1, note: '空表头，未导入' };
  // 成立时间 is the enterprise's, not the follow-up's date.
  if (SET_ASIDE.test(bare) || /成立|注册/.test(bare)) return { field: null, year: null, factor: 1, note: '不需导入，已略过' };
  for (const [field, re] of HEADER_PATTERNS) {
    if (!re.test(bare)) continue;
    // 「2024年营业收入」: the year belongs to the figure; on a 年度 column it is a value, not a label.
    const year = FIGURE_KEYS.includes(field as FigureKey) || field === 'gained' || field === 'lost' ? yearIn(bare) : null;
    const factor = MONEY.has(field) ? (unitFactor(h) ?? 1) : 1;
    const unit = MONEY.has(field)
      ? factor === 1
        ? '（万元）'
        : `（按${factor === 0.0001 ? '元' : factor === 10_000 ? '亿元' : factor === 0.1 ? '千元' : '千万元'}折算为万元）`
      : '';
    return { field, year, factor, note: `${FIELD_NAMES[field]}${year ? `（${year} 年）` : ''}${unit}` };
  }
  return { field: null, year: null, factor: 1, note: '未识别的列，未导入' };
}

interface Candidate {
  at: number;
  rows: number;
  columns: ImportColumn[];
  score: number;
}

function score(columns: ImportColumn[]): number {
  const fields = new Set(columns.map((c) => c.field).filter(Boolean));
  if (!fields.has('creditCode')) return 0;
  const rest = [...fields].filter((f) => f !== 'creditCode' && f !== 'enterpriseName').length;
  return rest ? fields.size : 0;
}

function single(rows: RawRow[], i: number): Candidate {
  const columns = rows[i].cells.map((v, index) => {
    const header = typeof v === 'string' || typeof v === 'number' ? cellText(v) : '';
    return { index, header, ...matchHeader(header) };
  });
  return { at: i, rows: 1, columns, score: score(columns) };
}

/**
 * Two header rows as one: under a group label merged across (「2024年经营数据」 over 营业收入 …) the
 * lower text joined to the group; where the lower cell is empty the upper one was merged down.
 */
function pair(rows: RawRow[], i: number): Candidate | null {
  const upper = rows[i];
  const lower = rows[i + 1];
  if (!lower || lower.rowNumber !== upper.rowNumber + 1) return null;
  if (lower.cells.some((v) => v !== null && typeof v !== 'string')) return null;
  const width = Math.max(upper.cells.length, lower.cells.length);
  const columns: ImportColumn[] = [];
  let group = '';
  for (let index = 0; index < width; index++) {
    const up = cellText(upper.cells[index]);
    const low = cellText(lower.cells[index]);
    if (up) group = up;
    if (!low) {
      columns.push({ index, header: up, ...matchHeader(up) });
      continue;
    }
    const own = matchHeader(low);
    const joined = matchHeader(group + low);
    // The group lends its year (and its unit) to the figures under it.
    const pick = own.field ? { ...own, year: own.year ?? joined.year, factor: unitFactor(low) ? own.factor : joined.factor } : joined;
    const header = group && group !== low ? `${group}/${low}` : low;
    columns.push({
      index,
      header,
      ...pick,
      note: pick.field ? `${FIELD_NAMES[pick.field]}${(pick.year ?? null) ? `（${pick.year} 年）` : ''}${noteUnit(pick)}` : pick.note,
    });
  }
  return { at: i, rows: 2, columns, score: score(columns) };
}

function noteUnit(c: { field: Field | null; factor: number }): string {
  if (!c.field || !MONEY.has(c.field)) return '';
  return c.factor === 1
    ? '（万元）'
    : `（按${c.factor === 0.0001 ? '元' : c.factor === 10_000 ? '亿元' : c.factor === 0.1 ? '千元' : '千万元'}折算为万元）`;
}

/** A number as typed: full-width digits, thousands separators, a unit after it, (12.5) or −12.5 for a loss. */
export function parseFigure(
  v: unknown,
  factor: number,
  opts: { integer: boolean; negative: boolean },
): { value: number | null } | { error: string } {
  if (v === null || v === undefined) return { value: null };
  let n: number;
  let f = factor;
  if (typeof v === 'number') n = v;
  else {
    let t = cellText(v).normalize('NFKC').replace(/\s/g, '');
    if (!t || BLANK.test(t)) return { value: null };
    t = t.replace(/[,，]/g, '').replace(/^[−–—]/, '-');
    const paren = /^\((.*)\)$/.exec(t);
    if (paren) t = `-${paren[1]}`;
    const m = /^([+-]?\d+(?:\.\d+)?)(.*)$/.exec(t);
    if (!m) return { error: `「${cellText(v)}」不是数字` };
    n = Number(m[1]);
    const unit = m[2];
    // A unit after the number wins over the header's: 「350万元」 in a column headed （元）.
    if (unit && opts.integer && !/^(人|个|件|项|名|位)$/.test(unit)) return { error: `「${cellText(v)}」不是数字` };
    if (unit && !opts.integer) {
      const u = /^(亿元?|千?万元?|千?元)$/.test(unit) ? unitFactor(unit) : null;
      if (u === null) return { error: `「${cellText(v)}」不是数字` };
      f = u;
    }
  }
  if (!Number.isFinite(n)) return { error: `「${cellText(v)}」不是数字` };
  if (opts.integer && !Number.isInteger(n)) return { error: `应为整数，现为「${cellText(v)}」` };
  if (n < 0 && !opts.negative) return { error: `不能为负数，现为「${cellText(v)}」` };
  const value = opts.integer ? n : Math.round(n * f * 10_000) / 10_000;
  const limit = opts.integer ? 10_000_000 : 1e9;
  if (Math.abs(value) > limit) return { error: `数值过大（${cellText(v)}）` };
  return { value };
}

/** The header among the first 30 rows that names a credit code column and the most fields. */
function findHeader(rows: RawRow[]): Candidate | null {
  let best: Candidate | null = null;
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const options = [single(rows, i)];
    const p = pair(rows, i);
    // The pair only wins when it knows more than either row alone (a title above a header is no group label).
    if (p && p.score > options[0].score && (i + 1 >= rows.length || p.score > single(rows, i + 1).score)) options.push(p);
    for (const c of options) if (c.score > (best?.score ?? 0)) best = c;
  }
  return best;
}

export function readFollowUpTable(rows: RawRow[], opts: { today: string; date1904?: boolean }): FollowUpTable {
  const header = findHeader(rows);
  if (!header)
    throw new AppError(
      'VALIDATION',
      '表中没有找到跟踪数据的表头：应有「统一社会信用代码」一列，以及营业收入、利润、员工人数、研发投入、专利、资质变化或备注中的至少一列。',
    );
  // A field taken by one column is not taken again by a later one, except figures of different years.
  const seen = new Set<string>();
  for (const c of header.columns) {
    if (!c.field) continue;
    const key = `${c.field}:${c.year ?? ''}`;
    if (seen.has(key)) Object.assign(c, { field: null, note: `与前面的列重复（${FIELD_NAMES[c.field]}），未导入` });
    else seen.add(key);
  }
  const titleRows = rows.slice(0, header.at);
  const titleYear = titleRows.map((r) => yearIn(r.cells.map(cellText).join(' '))).find((y) => y !== null) ?? null;
  const mapped = header.columns.filter((c) => c.field);
  const col = (f: Field) => mapped.find((c) => c.field === f);
  const table: FollowUpTable = {
    records: [],
    rows: 0,
    rejected: 0,
    warnings: header.columns.filter((c) => c.header && !c.field && c.note === '未识别的列，未导入').length,
    errors: [],
    columns: header.columns
      .filter((c) => c.header || c.field)
      .map((c) => ({ column: columnLetter(c.index), header: c.header, field: c.field, note: c.note })),
    titleYear,
    rowCodes: new Map(),
  };
  const codeCol = col('creditCode')!;
  for (const row of rows.slice(header.at + header.rows)) {
    const texts = row.cells.map(cellText);
    const first = texts.find((t) => t !== '') ?? '';
    const firstBare = first.replace(/\s/g, '');
    if (!first || SUMMARY_ROW.test(firstBare) || FOOTER_ROW.test(firstBare)) continue;
    const valuesOf = mapped.filter((c) => c.field !== 'creditCode' && cellText(row.cells[c.index]) !== '');
    const codeText = cellText(row.cells[codeCol.index]);
    // A row with only its 序号 (a blank line of the form) is not data.
    if (!codeText && !valuesOf.length) continue;
    if (SUMMARY_ROW.test(codeText.replace(/\s/g, ''))) continue;
    table.rows++;
    const problems: FollowUpImportResult['errors'] = [];
    const problem = (c: ImportColumn, code: string, message: string) =>
      problems.push({ row: row.rowNumber, column: c.header, code, message: `第 ${row.rowNumber} 行「${c.header}」：${message}` });
    const code = validateCreditCode(row.cells[codeCol.index]);
    const codeError = code.issues.find((i) => i.severity === 'error');
    if (codeError) problem(codeCol, 'CREDIT_CODE_INVALID', codeError.message);
    else table.rowCodes.set(row.rowNumber, code.value);
    const figures = Object.fromEntries(FIGURE_KEYS.map((k) => [k, null])) as ImportedRecord['figures'];
    // Figures of several years in one row (2023 and 2024 side by side) become one record per year.
    const byYear = new Map<number | null, ImportedRecord['figures']>();
    let rowYear: number | null = null;
    const yearCol = col('year');
    if (yearCol) {
      const t = cellText(row.cells[yearCol.index]);
      if (t) {
        rowYear = yearIn(t);
        if (rowYear === null) problem(yearCol, 'YEAR_INVALID', `「${t}」不是年度（应为 2024 或 2024年）`);
      }
    }
    let date: string | null = null;
    const dateCol = col('date');
    if (dateCol && cellText(row.cells[dateCol.index])) {
      const d = parseDateValue(row.cells[dateCol.index], { date1904: opts.date1904 });
      if (d.ok && d.precision === 'day') date = d.value;
      else if (d.ok) date = `${d.value}-01`;
      else problem(dateCol, 'DATE_INVALID', d.issue.message);
      if (date && date > opts.today) problem(dateCol, 'DATE_INVALID', `日期 ${date} 晚于今天`);
    }
    for (const c of mapped) {
      if (!FIGURE_KEYS.includes(c.field as FigureKey)) continue;
      const key = c.field as FigureKey;
      const r = parseFigure(row.cells[c.index], c.factor, {
        integer: key === 'employees' || key === 'patents',
        negative: key === 'profitWan',
      });
      if ('error' in r) {
        problem(c, 'NUMBER_INVALID', r.error);
        continue;
      }
      if (r.value === null) continue;
      const y = c.year ?? rowYear ?? titleYear;
      const slot = byYear.get(y) ?? byYear.set(y, { ...figures }).get(y)!;
      slot[key] = r.value;
    }
    const quals = (f: 'gained' | 'lost' | 'current'): TrackedQualification[] | null => {
      const c = col(f);
      if (!c) return null;
      const t = cellText(row.cells[c.index]);
      const { known, unknown } = parseQualificationList(t);
      if (unknown.length)
        problem(c, 'QUALIFICATION_UNKNOWN', `「${unknown.join('、')}」不是跟踪的资质（专精特新、小巨人、单项冠军、高新技术企业）`);
      return known;
    };
    const gained = quals('gained') ?? [];
    const lost = quals('lost') ?? [];
    const current = col('current') && cellText(row.cells[col('current')!.index]) ? quals('current') : null;
    const both = gained.filter((q) => lost.includes(q));
    if (both.length) problem(col('lost')!, 'QUALIFICATION_CONFLICT', `「${both.join('、')}」既填在获得资质中又填在失去资质中`);
    let kind: FollowUpKind | null = null;
    const kindCol = col('kind');
    if (kindCol) {
      const t = cellText(row.cells[kindCol.index]).replace(/\s/g, '');
      if (t) {
        kind = FOLLOWUP_KINDS.find((k) => t.includes(k) || (k === '年度经营数据' && /经营数据|年报|年度数据/.test(t))) ?? null;
        if (!kind) problem(kindCol, 'KIND_INVALID', `「${t}」不是跟踪类型（回访、调研、年度经营数据）`);
      }
    }
    const notesCol = col('notes');
    const notes = notesCol ? cellText(row.cells[notesCol.index]).slice(0, 2000) : '';
    const name = col('enterpriseName') ? cellText(row.cells[col('enterpriseName')!.index]) : '';
    if (byYear.has(null) && !problems.some((p) => p.code === 'YEAR_INVALID'))
      problem(
        mapped.find((c) => FIGURE_KEYS.includes(c.field as FigureKey) && c.year === null)!,
        'YEAR_REQUIRED',
        '经营数据未注明年度：请在表头（如「2024年营业收入」）、标题或「年度」列中写明',
      );
    if (problems.length) {
      table.rejected++;
      table.errors.push(...problems);
      continue;
    }
    const base = { rowNumber: row.rowNumber, creditCode: code.value, enterpriseName: name, date, notes };
    const years = [...byYear.keys()] as number[];
    if (!years.length) {
      // A visit or survey row: no figures, only qualifications or notes.
      if (!gained.length && !lost.length && !current && !notes) continue;
      const year = rowYear ?? titleYear;
      if (kind === '年度经营数据' && year === null) {
        table.rejected++;
        table.errors.push({
          row: row.rowNumber,
          column: kindCol!.header,
          code: 'YEAR_REQUIRED',
          message: `第 ${row.rowNumber} 行「${kindCol!.header}」：年度经营数据须注明年度`,
        });
        continue;
      }
      table.records.push({ ...base, kind: kind ?? '回访', year, figures, gained, lost, current });
      continue;
    }
    years.sort((a, b) => a - b);
    years.forEach((y, k) => {
      const last = k === years.length - 1;
      // Qualification changes and notes go with the newest year of the row.
      table.records.push({
        ...base,
        kind: '年度经营数据',
        year: y,
        figures: byYear.get(y)!,
        gained: last ? gained : [],
        lost: last ? lost : [],
        current: last ? current : null,
        notes: last ? notes : '',
      });
    });
  }
  return table;
}
