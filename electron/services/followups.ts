/**
 * Follow-up records of the trained enterprises (跟踪, issue 10 §3): added by hand, corrected,
 * deleted with a reason, and imported from the yearly tables regions collect. A record that says a
 * qualification was gained or lost changes the enterprise's list of qualifications, so the list is
 * current; correcting or deleting the record takes its change back first.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  FIGURE_KEYS,
  parseTrackedQualification,
  TRACKED_QUALIFICATIONS,
  type FollowUp,
  type FollowUpImportResult,
  type TrackedQualification,
} from '../../shared/domain/enterpriseFileTypes';
import type { ParsedInput } from '../../shared/contract';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import { backupDatabase } from '../db/backup';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { readRows, type RawRow } from '../io/import';
import { nowIso, writeTx, type CallContext, type ServiceContext } from './context';
import { getFollowUp, toFollowUp, FOLLOWUP_COLUMNS } from './enterprises';
import { checkInputFile } from './files';
import { readFollowUpTable, type ImportedRecord } from './followupImport';
import { localToday } from './placeCount';

type Figures = Pick<FollowUp, (typeof FIGURE_KEYS)[number]>;
export interface Draft extends Figures {
  date: string;
  kind: FollowUp['kind'];
  year: number | null;
  gained: TrackedQualification[];
  lost: TrackedQualification[];
  notes: string;
}

interface EnterpriseRef {
  id: number;
  name: string;
  regionCode: string | null;
  qualifications: string;
}

function enterpriseRef(db: Db, id: number): EnterpriseRef {
  const e = prepared(
    db,
    `SELECT e.id, e.name, coalesce(e.region_code, (SELECT r.region_code FROM registrations r WHERE r.enterprise_id = e.id ORDER BY r.id DESC LIMIT 1)) AS regionCode,
        e.qualifications FROM enterprises e WHERE e.id = ?`,
  ).get(id) as EnterpriseRef | undefined;
  if (!e) throw new AppError('NOT_FOUND', `企业 ${id} 不存在。`, { id });
  return e;
}

function checkDraft(d: Draft): void {
  if (d.kind === '年度经营数据' && d.year === null) throw new AppError('VALIDATION', '年度经营数据须注明年度。', { field: 'year' });
  const both = d.gained.filter((q) => d.lost.includes(q));
  if (both.length) throw new AppError('VALIDATION', `同一资质不能既获得又失去：${both.join('、')}。`, { field: 'lost' });
  if (d.year !== null && d.year > Number(d.date.slice(0, 4)))
    throw new AppError('VALIDATION', `${d.year} 年的经营数据不能在 ${d.date} 之前记录：请核对日期或年度。`, { field: 'year' });
}

/** The record already holding an enterprise's figures for that year (one per year), other than `except`. */
function yearlyRecord(db: Db, enterpriseId: number, year: number, except = 0): FollowUp | null {
  const row = prepared(
    db,
    `SELECT ${FOLLOWUP_COLUMNS} FROM followups WHERE enterprise_id = ? AND year = ? AND kind = '年度经营数据' AND id <> ?`,
  ).get(enterpriseId, year, except) as Parameters<typeof toFollowUp>[0] | undefined;
  return row ? toFollowUp(row) : null;
}

/**
 * Adds and removes tracked qualifications on the enterprise's list. A title written short (专精特新,
 * 小巨人) counts as the same one; other titles (创新型中小企业…) are left as they are.
 */
export function changeQualifications(
  db: Db,
  enterpriseId: number,
  add: readonly TrackedQualification[],
  remove: readonly TrackedQualification[],
  at: string,
) {
  if (!add.length && !remove.length) return null;
  const e = enterpriseRef(db, enterpriseId);
  const before = JSON.parse(e.qualifications) as string[];
  let after = before.filter((q) => {
    const t = parseTrackedQualification(q);
    return !(t && remove.includes(t));
  });
  for (const q of add) if (!after.some((x) => parseTrackedQualification(x) === q)) after = [...after, q];
  if (JSON.stringify(after) === JSON.stringify(before)) return null;
  prepared(db, 'UPDATE enterprises SET qualifications = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(after), at, enterpriseId);
  return { before, after };
}

export function insertFollowUp(
  db: Db,
  enterpriseId: number,
  d: Draft,
  source: FollowUp['source'],
  importId: number | null,
  at: string,
): number {
  return Number(
    prepared(
      db,
      `INSERT INTO followups (enterprise_id, date, kind, year, revenue_wan, profit_wan, employees, rd_wan, patents, gained, lost, notes,
          source, import_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      enterpriseId,
      d.date,
      d.kind,
      d.year,
      d.revenueWan,
      d.profitWan,
      d.employees,
      d.rdWan,
      d.patents,
      JSON.stringify(d.gained),
      JSON.stringify(d.lost),
      d.notes,
      source,
      importId,
      at,
      at,
    ).lastInsertRowid,
  );
}

function updateRow(db: Db, id: number, d: Draft, at: string): void {
  prepared(
    db,
    `UPDATE followups SET date = ?, kind = ?, year = ?, revenue_wan = ?, profit_wan = ?, employees = ?, rd_wan = ?, patents = ?,
        gained = ?, lost = ?, notes = ?, updated_at = ? WHERE id = ?`,
  ).run(
    d.date,
    d.kind,
    d.year,
    d.revenueWan,
    d.profitWan,
    d.employees,
    d.rdWan,
    d.patents,
    JSON.stringify(d.gained),
    JSON.stringify(d.lost),
    d.notes,
    at,
    id,
  );
}

const draftOf = (f: FollowUp): Draft => ({
  date: f.date,
  kind: f.kind,
  year: f.year,
  revenueWan: f.revenueWan,
  profitWan: f.profitWan,
  employees: f.employees,
  rdWan: f.rdWan,
  patents: f.patents,
  gained: f.gained,
  lost: f.lost,
  notes: f.notes,
});

function conflictMessage(name: string, year: number, other: FollowUp): string {
  return `「${name}」${year} 年的经营数据已有记录（${other.date} 录入）：每年一条，请修改那条记录。`;
}

export function addFollowUp(db: Db, input: ParsedInput<'followups.add'>): FollowUp {
  const { enterpriseId, ...d } = input;
  checkDraft(d);
  return writeTx(
    db,
    'followups.add',
    () => {
      const e = enterpriseRef(db, enterpriseId);
      if (d.kind === '年度经营数据') {
        const other = yearlyRecord(db, enterpriseId, d.year!);
        if (other) throw new AppError('CONFLICT', conflictMessage(e.name, d.year!, other), { id: other.id });
      }
      const at = nowIso();
      const id = insertFollowUp(db, enterpriseId, d, 'manual', null, at);
      const qualifications = changeQualifications(db, enterpriseId, d.gained, d.lost, at);
      return { followUp: getFollowUp(db, id), name: e.name, qualifications };
    },
    (r) => `新增跟踪记录：${r.name}，${r.followUp.date} ${r.followUp.kind}${r.followUp.year ? `（${r.followUp.year} 年）` : ''}`,
    (r) => ({ followUp: r.followUp, qualifications: r.qualifications }),
  ).followUp;
}

export function updateFollowUp(db: Db, input: ParsedInput<'followups.update'>): FollowUp {
  const { id, ...patch } = input;
  return writeTx(
    db,
    'followups.update',
    () => {
      const old = getFollowUp(db, id);
      const d: Draft = { ...draftOf(old) };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
      checkDraft(d);
      const e = enterpriseRef(db, old.enterpriseId);
      if (d.kind === '年度经营数据') {
        const other = yearlyRecord(db, old.enterpriseId, d.year!, id);
        if (other) throw new AppError('CONFLICT', conflictMessage(e.name, d.year!, other), { id: other.id });
      }
      const at = nowIso();
      updateRow(db, id, d, at);
      let qualifications = null;
      if (JSON.stringify([old.gained, old.lost]) !== JSON.stringify([d.gained, d.lost])) {
        // The old record's change is taken back, then the corrected one applied.
        const undone = changeQualifications(db, old.enterpriseId, old.lost, old.gained, at);
        const redone = changeQualifications(db, old.enterpriseId, d.gained, d.lost, at);
        if (undone || redone) qualifications = { before: undone?.before ?? redone!.before, after: redone?.after ?? undone!.after };
      }
      return { before: old, after: getFollowUp(db, id), name: e.name, qualifications };
    },
    (r) => `修改跟踪记录：${r.name}，${r.after.date} ${r.after.kind}`,
    (r) => ({ before: r.before, after: r.after, qualifications: r.qualifications }),
  ).after;
}

export function deleteFollowUp(db: Db, input: ParsedInput<'followups.delete'>): { deleted: 1 } {
  writeTx(
    db,
    'followups.delete',
    () => {
      const old = getFollowUp(db, input.id);
      const e = enterpriseRef(db, old.enterpriseId);
      prepared(db, 'DELETE FROM followups WHERE id = ?').run(input.id);
      const qualifications = changeQualifications(db, old.enterpriseId, old.lost, old.gained, nowIso());
      return { old, name: e.name, qualifications };
    },
    (r) => `删除跟踪记录：${r.name}，${r.old.date} ${r.old.kind}，原因：${input.reason}`,
    // The whole record stays in the audit log: a deleted record can be typed in again from here.
    (r) => ({ deleted: r.old, reason: input.reason, qualifications: r.qualifications }),
  );
  return { deleted: 1 };
}

/** The file's SHA-256, read as a stream (only the digest is kept). */
async function fileDigest(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Action {
  record: ImportedRecord;
  enterprise: EnterpriseRef;
  draft: Draft;
  /** The yearly record this row replaces. */
  replaces: FollowUp | null;
}

/** Matches the table's records to enterprises and decides create or update; reads only. */
function planImport(
  db: Db,
  records: ImportedRecord[],
  regionCode: string | undefined,
  today: string,
  errors: FollowUpImportResult['errors'],
  codeColumn: string,
): { actions: Action[]; rejectedRows: Set<number>; unmatchedRows: Set<number> } {
  const byCode = prepared(
    db,
    `SELECT e.id, e.name, coalesce(e.region_code, (SELECT r.region_code FROM registrations r WHERE r.enterprise_id = e.id ORDER BY r.id DESC LIMIT 1)) AS regionCode,
        e.qualifications FROM enterprises e WHERE e.credit_code = ?`,
  );
  const actions: Action[] = [];
  const rejectedRows = new Set<number>();
  const unmatchedRows = new Set<number>();
  const seen = new Map<string, number>();
  const reject = (r: ImportedRecord, code: string, message: string) => {
    rejectedRows.add(r.rowNumber);
    errors.push({ row: r.rowNumber, column: codeColumn, code, message: `第 ${r.rowNumber} 行「${codeColumn}」：${message}` });
  };
  for (const r of records) {
    if (rejectedRows.has(r.rowNumber)) continue;
    const recorded = r.date ?? today;
    if (r.year !== null && r.year > Number(recorded.slice(0, 4))) {
      reject(r, 'YEAR_INVALID', `${r.year} 年的经营数据不能在 ${recorded} 之前填报，请核对年度`);
      continue;
    }
    const e = byCode.get(r.creditCode) as EnterpriseRef | undefined;
    if (!e) {
      unmatchedRows.add(r.rowNumber);
      reject(
        r,
        'UNKNOWN_ENTERPRISE',
        `统一社会信用代码「${r.creditCode}」${r.enterpriseName ? `（${r.enterpriseName}）` : ''}不是已报名参训的企业，未导入`,
      );
      continue;
    }
    if (regionCode && e.regionCode !== regionCode) {
      reject(
        r,
        'OTHER_REGION',
        `「${e.name}」属于${e.regionCode ? regionName(e.regionCode) : '未定地区'}，不是${regionName(regionCode)}的企业，未导入`,
      );
      continue;
    }
    if (r.kind === '年度经营数据') {
      const key = `${e.id}:${r.year}`;
      const first = seen.get(key);
      if (first !== undefined) {
        reject(r, 'DUPLICATE_ROW', `「${e.name}」${r.year} 年的数据在第 ${first} 行已有，同一文件中只能有一行`);
        continue;
      }
      seen.set(key, r.rowNumber);
    }
    let gained = r.gained;
    let lost = r.lost;
    if (r.current) {
      // A 资质 column says what the enterprise holds now: the difference to the list on record is the change.
      const held = (JSON.parse(e.qualifications) as string[]).map(parseTrackedQualification).filter((q): q is TrackedQualification => !!q);
      gained = [...new Set([...gained, ...r.current.filter((q) => !held.includes(q))])];
      lost = [...new Set([...lost, ...held.filter((q) => !r.current!.includes(q) && !gained.includes(q))])];
    }
    const draft: Draft = {
      date: r.date ?? today,
      kind: r.kind,
      year: r.year,
      ...r.figures,
      gained: TRACKED_QUALIFICATIONS.filter((q) => gained.includes(q)),
      lost: TRACKED_QUALIFICATIONS.filter((q) => lost.includes(q)),
      notes: r.notes,
    };
    const replaces = r.kind === '年度经营数据' && r.year !== null ? yearlyRecord(db, e.id, r.year) : null;
    if (replaces && r.date === null) draft.date = today;
    actions.push({ record: r, enterprise: e, draft, replaces });
  }
  // A row with two years is one row: when one of its records is rejected, none is written.
  return { actions: actions.filter((a) => !rejectedRows.has(a.record.rowNumber)), rejectedRows, unmatchedRows };
}

export async function importFollowUps(
  ctx: ServiceContext,
  input: ParsedInput<'followups.import'>,
  call: CallContext,
): Promise<FollowUpImportResult> {
  const { db } = ctx;
  const file = input.file.path;
  const shown = input.file.name ?? path.basename(file);
  checkInputFile(file, shown);
  const sha256 = await fileDigest(file);
  const seenFile = prepared(
    db,
    'SELECT file_name AS fileName, imported_at AS at, created, updated FROM followup_imports WHERE sha256 = ?',
  ).get(sha256) as { fileName: string; at: string; created: number; updated: number } | undefined;
  if (seenFile)
    throw new AppError(
      'CONFLICT',
      `这个文件已于 ${seenFile.at.slice(0, 16).replace('T', ' ')} 导入过（「${seenFile.fileName}」，新增 ${seenFile.created} 条、更新 ${seenFile.updated} 条）：同一文件不重复导入。`,
      { sha256 },
    );
  const rows: RawRow[] = [];
  const gen = readRows(file, { signal: call.signal });
  let next = await gen.next();
  while (!next.done) {
    rows.push(next.value);
    next = await gen.next();
  }
  const info = next.value;
  const today = localToday();
  const table = readFollowUpTable(rows, { today, date1904: info.date1904 });
  const codeColumn = table.columns.find((c) => c.field === 'creditCode')?.header ?? '统一社会信用代码';
  const errors = [...table.errors];
  const plan = planImport(db, table.records, input.regionCode, today, errors, codeColumn);
  const byCode = prepared(db, 'SELECT 1 FROM enterprises WHERE credit_code = ?').pluck();
  const known = new Map([...new Set(table.rowCodes.values())].map((code) => [code, byCode.get(code) === 1]));
  errors.sort((a, b) => a.row - b.row);
  const result: FollowUpImportResult = {
    dryRun: input.dryRun,
    rows: table.rows,
    matched: [...table.rowCodes.values()].filter((code) => known.get(code)).length,
    created: plan.actions.filter((a) => !a.replaces).length,
    updated: plan.actions.filter((a) => a.replaces).length,
    rejected: table.rejected + plan.rejectedRows.size,
    unmatched: plan.unmatchedRows.size,
    warnings: table.warnings,
    errors,
    columns: table.columns,
  };
  if (input.dryRun || !plan.actions.length) return result;
  if (call.signal.aborted) throw new AppError('CANCELLED', '已取消导入，数据未作改动。');
  await backupDatabase(db, ctx.backupDir, 'before-import');
  if (call.signal.aborted) throw new AppError('CANCELLED', '已取消导入，数据未作改动。');
  writeTx(
    db,
    'followups.import',
    () => {
      const at = nowIso();
      const importId = Number(
        prepared(
          db,
          'INSERT INTO followup_imports (file_name, sha256, region_code, created, updated, imported_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(shown, sha256, input.regionCode ?? null, result.created, result.updated, at).lastInsertRowid,
      );
      const replaced: { id: number; enterprise: string; year: number | null; old: Draft }[] = [];
      for (const a of plan.actions) {
        if (a.replaces) {
          // The old figures stay in the audit details; a blank cell of the new table keeps the old figure.
          const d: Draft = { ...a.draft };
          for (const k of FIGURE_KEYS) if (d[k] === null) d[k] = a.replaces[k];
          if (!d.notes) d.notes = a.replaces.notes;
          const keepsQualifications = !d.gained.length && !d.lost.length;
          if (keepsQualifications) Object.assign(d, { gained: a.replaces.gained, lost: a.replaces.lost });
          else changeQualifications(db, a.enterprise.id, a.replaces.lost, a.replaces.gained, at);
          updateRow(db, a.replaces.id, d, at);
          prepared(db, "UPDATE followups SET source = 'import', import_id = ? WHERE id = ?").run(importId, a.replaces.id);
          replaced.push({ id: a.replaces.id, enterprise: a.enterprise.name, year: a.replaces.year, old: draftOf(a.replaces) });
        } else insertFollowUp(db, a.enterprise.id, a.draft, 'import', importId, at);
        changeQualifications(db, a.enterprise.id, a.draft.gained, a.draft.lost, at);
      }
      return replaced;
    },
    (replaced) => `导入企业跟踪数据「${shown}」：新增 ${result.created} 条，更新 ${replaced.length} 条，拒绝 ${result.rejected} 行`,
    (replaced) => ({ file: shown, sha256, regionCode: input.regionCode ?? null, created: result.created, updated: replaced }),
  );
  return result;
}
