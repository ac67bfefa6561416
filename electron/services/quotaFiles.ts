/**
 * The plan's tables that travel: 名额分配表 out and back in (a dry run first; the table is taken whole
 * or not at all), and the 工作信息表, exported as one merged table and read back from the forms the
 * regions return (title rows, a 填报单位 line, one row per person or label/value pairs).
 */
import path from 'node:path';
import { normalizeText } from '../../shared/domain/normalize';
import type { ContactImportResult, ContactRole, Contact, QuotaImportIssue, QuotaImportResult } from '../../shared/domain/quotas';
import { CONTACT_ROLE_LABELS } from '../../shared/domain/quotas';
import { parseSessionNumber } from '../../shared/domain/session';
import type { WrittenFile } from '../../shared/domain/importTypes';
import type { ParsedInput } from '../../shared/contract';
import { REGIONS, findRegion, regionName, type Region } from '../../shared/regions';
import { AppError } from '../../shared/result';
import { readRows, type RawRow } from '../io/import';
import { listContacts, putContact } from './contacts';
import { noCall, readSetting, writeTx, type CallContext, type ServiceContext } from './context';
import { checkInputFile, writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme } from './programmes';
import { applyQuotaChanges, quotaGrid, type CellChange } from './quotas';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A quota table has 37 region rows and a few more; a contact form a page. Anything far longer is another file. */
const MAX_TABLE_ROWS = 400;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const writers = () => Promise.all([import('../io/export/quotaXlsx'), import('../io/export/contactsXlsx')]);

export async function exportQuotas(ctx: ServiceContext, input: ParsedInput<'quotas.export'>): Promise<WrittenFile> {
  const grid = quotaGrid(ctx.db, input.programmeId);
  if (!grid.sessions.length) throw new AppError('NOT_FOUND', '该培训项目还没有期次，名额分配表无从导出。请先新增期次。', input);
  const [{ writeQuotaXlsx, quotaTitle }] = await writers();
  return writeOutput(ctx, input, `${quotaTitle(grid)}.xlsx`, XLSX, (file) => writeQuotaXlsx(file, { grid, date: today() }));
}

export async function exportContacts(ctx: ServiceContext, input: ParsedInput<'contacts.export'>): Promise<WrittenFile> {
  const p = getProgramme(ctx.db, input.programmeId);
  const rows = listContacts(ctx.db, input.programmeId);
  const [, { writeContactsXlsx }] = await writers();
  const base = p.title.includes(String(p.year)) ? p.title : `${p.year}年度${p.title}`;
  const title = `${base}工作信息表`;
  return writeOutput(ctx, input, `${title}.xlsx`, XLSX, (file) =>
    writeContactsXlsx(file, { title, organiser: p.organiser || readSetting(ctx.db, 'organisation', ''), date: today(), rows }),
  );
}

/** The first rows of a file, bounded: a quota table or a contact form is short. */
async function readShortTable(file: string, what: string, call: CallContext): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const r of readRows(file, { signal: call.signal })) {
    rows.push(r);
    if (rows.length > MAX_TABLE_ROWS)
      throw new AppError('VALIDATION', `这个文件超过 ${MAX_TABLE_ROWS} 行，不像${what}。请确认选择的文件。`, { rows: rows.length });
  }
  return rows;
}

const text = (v: unknown) => normalizeText(v).replace(/\s+/g, '');

/** A whole number of places: 12, "12", "１２", blank (0). null: not a number of places. */
function placesOf(v: unknown): number | null {
  if (v === null || v === undefined || text(v) === '') return 0;
  const n = typeof v === 'number' ? v : /^\d+$/.test(text(v)) ? Number(text(v)) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 100_000 ? n : null;
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', '合计人数']);
const REGION_HEADERS = new Set(['地区', '省份', '地区名称', '省市', '单位', '地方', '省（区、市）', '省(区、市)']);

interface ParsedQuotaTable {
  sessions: { col: number; number: number; header: string }[];
  values: Map<string, { row: number; places: Map<number, number> }>;
  errors: QuotaImportIssue[];
  warnings: QuotaImportIssue[];
}

/** Reads a 名额分配表 and checks it against itself (totals) and the programme (sessions, regions). */
export function parseQuotaTable(rows: RawRow[], sessionNumbers: Set<number>): ParsedQuotaTable {
  const errors: QuotaImportIssue[] = [];
  const warnings: QuotaImportIssue[] = [];
  const headerIndex = rows.findIndex(
    (r) =>
      r.cells.some((c) => REGION_HEADERS.has(text(c))) &&
      r.cells.some((c) => /期/.test(text(c)) && Number.isInteger(parseSessionNumber(text(c)))),
  );
  if (headerIndex < 0)
    throw new AppError('VALIDATION', '表中找不到表头：需要一行含「地区」和「第1期」「第2期」……的表头。请确认这是名额分配表。', {
      reason: 'no-header',
    });
  const header = rows[headerIndex];
  const regionCol = header.cells.findIndex((c) => REGION_HEADERS.has(text(c)));
  const totalCol = header.cells.findIndex((c) => TOTAL_WORDS.has(text(c)));
  const sessions: ParsedQuotaTable['sessions'] = [];
  header.cells.forEach((c, col) => {
    const t = text(c);
    if (col === regionCol || col === totalCol || !t || !/期/.test(t)) return;
    const n = parseSessionNumber(t);
    if (n === null || !Number.isInteger(n)) return;
    if (sessions.some((s) => s.number === n))
      errors.push({
        row: header.rowNumber,
        column: t,
        code: 'SESSION_DUPLICATE',
        message: `表头中「第${n}期」出现了两次，请删去重复的一列。`,
      });
    else if (!sessionNumbers.has(n))
      errors.push({
        row: header.rowNumber,
        column: t,
        code: 'SESSION_UNKNOWN',
        message: `表头「${t}」：本项目没有第${n}期（现有：${[...sessionNumbers].map((x) => `第${x}期`).join('、') || '无'}）。请先新增期次或改正表头。`,
      });
    else sessions.push({ col, number: n, header: t });
  });
  const values: ParsedQuotaTable['values'] = new Map();
  let totalsRow: RawRow | null = null;
  for (const r of rows.slice(headerIndex + 1)) {
    const name = text(r.cells[regionCol]);
    const sessionCells = sessions.map((s) => r.cells[s.col]);
    if (TOTAL_WORDS.has(name) || (!name && r.cells.slice(0, regionCol).some((c) => TOTAL_WORDS.has(text(c))))) {
      totalsRow = r;
      continue;
    }
    if (!name) {
      // The detail row under the header (dates, places), a blank or a note row: nothing to read.
      if (sessionCells.some((c) => typeof c === 'number' && c !== 0))
        errors.push({ row: r.rowNumber, column: '地区', code: 'REGION_MISSING', message: `第 ${r.rowNumber} 行填了名额但没有填写地区。` });
      continue;
    }
    if (name === '时间、地点' || name === '时间地点') continue;
    if (/^(注|说明|备注)[:：]?/.test(name)) continue;
    const region = findRegion(name);
    if (!region) {
      errors.push({
        row: r.rowNumber,
        column: '地区',
        code: 'REGION_UNKNOWN',
        message: `第 ${r.rowNumber} 行：「${name}」不是 37 个推荐地区之一（省、自治区、直辖市，大连、青岛、宁波、厦门、深圳，新疆生产建设兵团）。请改正地区名称。`,
      });
      continue;
    }
    if (values.has(region.code)) {
      errors.push({
        row: r.rowNumber,
        column: '地区',
        code: 'REGION_DUPLICATE',
        message: `第 ${r.rowNumber} 行：${region.name}已在第 ${values.get(region.code)!.row} 行出现过，请合并为一行。`,
      });
      continue;
    }
    const places = new Map<number, number>();
    let sum = 0;
    sessions.forEach((s, k) => {
      const v = placesOf(sessionCells[k]);
      if (v === null)
        errors.push({
          row: r.rowNumber,
          column: s.header,
          code: 'PLACES_INVALID',
          message: `第 ${r.rowNumber} 行${region.name}「${s.header}」的「${normalizeText(sessionCells[k])}」不是名额数（应为 0 或正整数）。`,
        });
      else {
        places.set(s.number, v);
        sum += v;
      }
    });
    if (totalCol >= 0 && r.cells[totalCol] !== null && r.cells[totalCol] !== undefined && text(r.cells[totalCol]) !== '') {
      const stated = placesOf(r.cells[totalCol]);
      if (stated !== sum && places.size === sessions.length)
        errors.push({
          row: r.rowNumber,
          column: '合计',
          code: 'TOTAL_MISMATCH',
          message: `第 ${r.rowNumber} 行${region.name}：合计为 ${normalizeText(r.cells[totalCol])}，但各期之和为 ${sum}。请核对。`,
        });
    }
    values.set(region.code, { row: r.rowNumber, places });
  }
  if (totalsRow) {
    const row = totalsRow;
    sessions.forEach((s) => {
      const v = row.cells[s.col];
      if (v === null || v === undefined || text(v) === '') return;
      const sum = [...values.values()].reduce((a, x) => a + (x.places.get(s.number) ?? 0), 0);
      if (placesOf(v) !== sum)
        errors.push({
          row: row.rowNumber,
          column: s.header,
          code: 'TOTAL_MISMATCH',
          message: `合计行「${s.header}」为 ${normalizeText(v)}，但各地区之和为 ${sum}。请核对。`,
        });
    });
    if (totalCol >= 0 && row.cells[totalCol] !== null && row.cells[totalCol] !== undefined && text(row.cells[totalCol]) !== '') {
      const sum = [...values.values()].reduce((a, x) => a + [...x.places.values()].reduce((p, q) => p + q, 0), 0);
      if (placesOf(row.cells[totalCol]) !== sum)
        errors.push({
          row: row.rowNumber,
          column: '合计',
          code: 'TOTAL_MISMATCH',
          message: `总计为 ${normalizeText(row.cells[totalCol])}，但全部名额之和为 ${sum}。请核对。`,
        });
    }
  }
  const missing = REGIONS.filter((g) => !values.has(g.code));
  if (missing.length && missing.length < REGIONS.length)
    warnings.push({
      row: null,
      column: '地区',
      code: 'REGION_ABSENT',
      message: `表中没有这些地区，其名额保持不变：${missing.map((g) => g.name).join('、')}。`,
    });
  if (!values.size && !errors.length)
    errors.push({ row: null, column: '地区', code: 'NO_REGIONS', message: '表中没有任何地区的名额行。请确认这是名额分配表。' });
  return { sessions, values, errors, warnings };
}

/** Thrown inside a transaction to roll a dry run back after it has been checked like the real thing. */
class DryRun extends Error {}

export async function importQuotas(
  ctx: ServiceContext,
  input: ParsedInput<'quotas.import'>,
  call: CallContext = noCall,
): Promise<QuotaImportResult> {
  const { db } = ctx;
  const programme = getProgramme(db, input.programmeId);
  const fileName = input.file.name ?? path.basename(input.file.path);
  checkInputFile(input.file.path, fileName);
  const rows = await readShortTable(input.file.path, '名额分配表', call);
  const grid = quotaGrid(db, input.programmeId);
  const sessionByNumber = new Map(grid.sessions.map((s) => [s.number, s]));
  const parsed = parseQuotaTable(rows, new Set(sessionByNumber.keys()));
  const changes: CellChange[] = [];
  const listed: QuotaImportResult['changes'] = [];
  let unchanged = 0;
  for (const [regionCode, v] of parsed.values) {
    const ri = REGIONS.findIndex((g) => g.code === regionCode);
    for (const [number, places] of v.places) {
      const s = sessionByNumber.get(number)!;
      const current = grid.cells[ri][grid.sessions.indexOf(s)].places;
      if (current === places) unchanged++;
      else {
        changes.push({ sessionId: s.id, regionCode, places });
        listed.push({ sessionNumber: number, regionCode, regionName: regionName(regionCode), from: current, to: places });
      }
    }
  }
  const result: QuotaImportResult = {
    dryRun: input.dryRun,
    applied: false,
    fileName,
    sheetName: '',
    sessionNumbers: parsed.sessions.map((s) => s.number),
    regions: parsed.values.size,
    changes: listed,
    unchanged,
    errors: parsed.errors,
    warnings: parsed.warnings,
    batch: null,
  };
  if (result.errors.length || !changes.length) return result;
  const reason = input.reason || `导入名额分配表「${fileName}」`;
  // The same checks as a real import (locks, minimums, maximums), then rolled back for a dry run.
  const apply = () => applyQuotaChanges(db, programme.id, changes, 'import', reason);
  try {
    if (input.dryRun) {
      db.transaction(() => {
        apply();
        throw new DryRun();
      }).immediate();
    } else {
      const r = writeTx(db, 'quotas.import', apply, (x) => `导入名额分配表「${fileName}」：${x.changed} 格（项目 ${programme.id}）`);
      result.applied = true;
      result.batch = r.batch;
      for (const w of r.warnings) result.warnings.push({ row: null, column: '', code: 'OVER_CAPACITY', message: w });
    }
  } catch (e) {
    if (e instanceof DryRun) return result;
    const problems = e instanceof AppError ? (e.details as { problems?: string[] } | undefined)?.problems : undefined;
    if (!problems) throw e;
    result.applied = false;
    for (const p of problems) result.errors.push({ row: null, column: '', code: 'QUOTA_RULE', message: `${p}。` });
  }
  return result;
}

// ---- 工作信息表 ----

const FIELD_WORDS: [keyof Contact, RegExp][] = [
  ['name', /^(姓名|名字)$/],
  ['post', /^(职务|职务职称|职务\/职称|职称|职位)$/],
  ['officePhone', /^(办公电话|座机|固定电话|电话|办公室电话|联系电话)$/],
  ['mobile', /^(手机|手机号|手机号码|移动电话)$/],
  ['email', /^(电子邮箱|邮箱|电子邮件|e-?mail|邮件)$/i],
];
const ROLE_WORDS: [ContactRole, RegExp][] = [
  ['head', /^(分管|主管)?(负责人|负责同志|分管领导|领导)$/],
  ['liaison', /^(联络人|联系人|经办人|联络员)$/],
];

const clean = (v: unknown) => text(v).replace(/[:：*＊]/g, '');
function fieldOf(v: unknown): keyof Contact | null {
  const t = clean(v);
  return FIELD_WORDS.find(([, re]) => re.test(t))?.[0] ?? null;
}
function roleOf(v: unknown): ContactRole | null {
  const t = clean(v);
  return ROLE_WORDS.find(([, re]) => re.test(t))?.[0] ?? null;
}
/** "负责人姓名", "联络人手机": a role and a field in one label. */
function roleFieldOf(v: unknown): { role: ContactRole; field: keyof Contact } | null {
  const t = clean(v);
  for (const [role, re] of ROLE_WORDS)
    for (const [field, fre] of FIELD_WORDS) {
      const m = new RegExp(`^${re.source.slice(1, -1)}${fre.source.slice(1, -1)}$`, 'i').exec(t);
      if (m) return { role, field };
    }
  return null;
}

/** The region a free text names: 「浙江省经济和信息化厅」, 「大连市工业和信息化局」, 「兵团工信局」. */
export function regionInText(v: unknown): Region | null {
  const t = text(v);
  if (!t) return null;
  const direct = findRegion(t);
  if (direct) return direct;
  const order = [
    ...REGIONS.filter((r) => r.kind === 'corps'),
    ...REGIONS.filter((r) => r.kind === 'city'),
    ...REGIONS.filter((r) => r.kind === 'province'),
  ];
  if (t.includes('兵团')) return REGIONS.find((r) => r.kind === 'corps')!;
  return order.find((r) => t.includes(r.name)) ?? order.find((r) => r.kind !== 'corps' && t.includes(r.shortName)) ?? null;
}

interface FoundContact {
  row: number;
  regionCode: string;
  role: ContactRole;
  contact: Contact;
}

const emptyContact = (): Contact => ({ name: '', post: '', officePhone: '', mobile: '', email: '' });
const cellText = (v: unknown) => normalizeText(v).trim();

/** Reads contacts from a merged table (one row per region), a per-region form (one row per person) or label/value pairs. */
export function parseContactRows(rows: RawRow[]): { found: FoundContact[]; errors: QuotaImportIssue[] } {
  const errors: QuotaImportIssue[] = [];
  const found: FoundContact[] = [];
  // The region the whole form is about: a 填报单位/地区 line above the table, or the title.
  let docRegion: Region | null = null;
  for (const r of rows.slice(0, 8)) {
    for (const [k, c] of r.cells.entries()) {
      const t = text(c);
      if (!t) continue;
      const labelled = /^(填报单位|单位|地区|省份|填表单位|报送单位)[:：]?(.*)$/.exec(t);
      if (labelled) {
        docRegion ??= regionInText(labelled[2]) ?? regionInText(r.cells.slice(k + 1).find((x) => text(x)));
      }
    }
  }
  docRegion ??=
    rows
      .slice(0, 3)
      .map((r) => r.cells.map(text).join(''))
      .map(regionInText)
      .find(Boolean) ?? null;

  const headerIndex = rows.findIndex((r) => r.cells.filter((c) => fieldOf(c) || roleFieldOf(c)).length >= 3);
  if (headerIndex >= 0) {
    const header = rows[headerIndex];
    const above = headerIndex > 0 ? rows[headerIndex - 1] : null;
    const columns: { col: number; field: keyof Contact; role: ContactRole | null }[] = [];
    let regionCol = header.cells.findIndex((c) => REGION_HEADERS.has(text(c)));
    if (regionCol < 0 && above) regionCol = above.cells.findIndex((c) => REGION_HEADERS.has(text(c)));
    header.cells.forEach((c, col) => {
      const both = roleFieldOf(c);
      if (both) return columns.push({ col, ...both });
      const field = fieldOf(c);
      if (!field) return;
      // A merged group header above (负责人 over 姓名…邮箱): its text sits in the group's first cell.
      let role: ContactRole | null = null;
      if (above)
        for (let k = col; k >= 0 && role === null; k--)
          if (text(above.cells[k])) role = roleOf(above.cells[k]) ?? (k === col ? null : role);
      columns.push({ col, field, role });
    });
    const perColumnRoles = columns.some((c) => c.role);
    for (const r of rows.slice(headerIndex + 1)) {
      if (!r.cells.some((c) => text(c))) continue;
      const region = regionCol >= 0 ? regionInText(r.cells[regionCol]) : docRegion;
      const regionTextGiven = regionCol >= 0 ? text(r.cells[regionCol]) : '';
      const people = new Map<ContactRole, Contact>();
      if (perColumnRoles) {
        for (const c of columns) {
          if (!c.role) continue;
          const p = people.get(c.role) ?? emptyContact();
          p[c.field] = cellText(r.cells[c.col]);
          people.set(c.role, p);
        }
      } else {
        const role = r.cells.map(roleOf).find(Boolean) ?? null;
        if (!role) continue;
        const p = emptyContact();
        for (const c of columns) p[c.field] = cellText(r.cells[c.col]);
        people.set(role, p);
      }
      const filled = [...people].filter(([, p]) => Object.values(p).some(Boolean));
      if (!filled.length) continue;
      if (!region) {
        errors.push({
          row: r.rowNumber,
          column: '地区',
          code: 'REGION_UNKNOWN',
          message: regionTextGiven
            ? `第 ${r.rowNumber} 行：「${regionTextGiven}」不是 37 个推荐地区之一，请改正地区名称。`
            : `第 ${r.rowNumber} 行：无法确定是哪个地区的联系人。请在表头上方写明「填报单位：××省工业和信息化厅」。`,
        });
        continue;
      }
      for (const [role, contact] of filled) found.push({ row: r.rowNumber, regionCode: region.code, role, contact });
    }
  } else {
    // Label/value pairs: 「负责人」 on its own, then 姓名 | 张三 | 职务 | 处长 …, or 「负责人手机 | 138…」.
    let role: ContactRole | null = null;
    const people = new Map<ContactRole, { row: number; contact: Contact }>();
    for (const r of rows) {
      for (let k = 0; k < r.cells.length; k++) {
        const onlyRole = roleOf(r.cells[k]);
        if (onlyRole) {
          role = onlyRole;
          continue;
        }
        const both = roleFieldOf(r.cells[k]);
        const field = both?.field ?? fieldOf(r.cells[k]);
        const who = both?.role ?? role;
        if (!field || !who) continue;
        let j = k + 1;
        while (j < r.cells.length && !text(r.cells[j])) j++;
        if (j >= r.cells.length || fieldOf(r.cells[j]) || roleFieldOf(r.cells[j])) continue;
        const p = people.get(who) ?? { row: r.rowNumber, contact: emptyContact() };
        p.contact[field] = cellText(r.cells[j]);
        people.set(who, p);
        k = j;
      }
    }
    if (people.size && !docRegion)
      errors.push({
        row: null,
        column: '地区',
        code: 'REGION_UNKNOWN',
        message: '无法确定是哪个地区的工作信息表。请在表中写明「填报单位：××省工业和信息化厅」。',
      });
    else for (const [r, p] of people) found.push({ row: p.row, regionCode: docRegion!.code, role: r, contact: p.contact });
  }
  if (!found.length && !errors.length)
    errors.push({
      row: null,
      column: '',
      code: 'NO_CONTACTS',
      message: '表中找不到负责人或联络人的信息（姓名、职务、办公电话、手机、电子邮箱）。请确认这是工作信息表。',
    });
  return { found, errors };
}

export async function importContacts(
  ctx: ServiceContext,
  input: ParsedInput<'contacts.import'>,
  call: CallContext = noCall,
): Promise<ContactImportResult> {
  const { db } = ctx;
  getProgramme(db, input.programmeId);
  const fileName = input.file.name ?? path.basename(input.file.path);
  checkInputFile(input.file.path, fileName);
  const rows = await readShortTable(input.file.path, '工作信息表', call);
  const { found, errors } = parseContactRows(rows);
  const seen = new Map<string, number>();
  for (const f of found) {
    const key = `${f.regionCode}:${f.role}`;
    if (seen.has(key))
      errors.push({
        row: f.row,
        column: '',
        code: 'CONTACT_DUPLICATE',
        message: `第 ${f.row} 行：${regionName(f.regionCode)}的${CONTACT_ROLE_LABELS[f.role]}已在第 ${seen.get(key)} 行填写过。`,
      });
    seen.set(key, f.row);
  }
  const byRegion = new Map<string, ContactRole[]>();
  for (const f of found) byRegion.set(f.regionCode, [...(byRegion.get(f.regionCode) ?? []), f.role]);
  const result: ContactImportResult = {
    dryRun: input.dryRun,
    applied: false,
    fileName,
    found: REGIONS.filter((g) => byRegion.has(g.code)).map((g) => ({
      regionCode: g.code,
      regionName: g.name,
      roles: byRegion.get(g.code)!,
    })),
    errors,
  };
  const write = () => {
    for (const f of found) {
      try {
        putContact(db, input.programmeId, f.regionCode, f.role, f.contact);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        result.errors.push({ row: f.row, column: '', code: 'CONTACT_INVALID', message: `第 ${f.row} 行：${e.message}` });
      }
    }
    if (result.errors.length || input.dryRun) throw new DryRun();
  };
  if (result.errors.length) return result;
  try {
    writeTx(db, 'contacts.import', write, () => `导入工作信息表「${fileName}」：${found.length} 人（项目 ${input.programmeId}）`);
    result.applied = true;
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return result;
}

export function quotaFileHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'quotas.export' | 'quotas.import' | 'contacts.export' | 'contacts.import'> {
  return {
    'quotas.export': (input) => exportQuotas(ctx, input),
    'quotas.import': (input, call) => importQuotas(ctx, input, call),
    'contacts.export': (input) => exportContacts(ctx, input),
    'contacts.import': (input, call) => importContacts(ctx, input, call),
  };
}
