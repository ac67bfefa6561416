/**
 * Importing 学员报名表 / 报名汇总表 files: a dry run that checks every row and keeps what the commit
 * needs, then a commit that writes every valid row in one transaction after a backup, or nothing.
 * The user's file is read in place, by path: no copy of it (personal data) is made.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { FieldKey } from '../../shared/domain/fields';
import type {
  ImportColumn,
  ImportIssue,
  ImportPreview,
  ImportPreviewRow,
  ImportResult,
  ImportRowsPage,
  WrittenFile,
} from '../../shared/domain/importTypes';
import type { ParsedInput } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { backupDatabase } from '../db/backup';
import { readImportFile } from '../io/import';
import { writeErrorReport, type ReportProblem } from '../io/import/errorReport';
import { longWriteTx, nowIso, readSetting, writeTx, type CallContext, type ServiceContext } from './context';
import { checkInputFile, fileStamp, writeOutput } from './files';
import type { Handlers } from './handlers';
import { CheckedRows, createRowChecker } from './importCheck';
import { createPlaceCounter } from './placeCount';
import { getProgramme } from './programmes';
import { registrationsWritten } from './registrationIndex';
import { insertImportedRegistration } from './registrations';

interface PendingImport {
  programmeId: number;
  file: string;
  stamp: string;
  fileName: string;
  columns: ImportColumn[];
  headerRow: number;
  rows: CheckedRows;
  /** Set once committed: a dry run is written at most once. */
  committed: boolean;
}

/** Dry runs waiting for a commit (the newest few only); they hold no copy of the file. */
const pending = new Map<string, PendingImport>();
const KEEP = 4;
/** What the first answer of a dry run carries; the wizard pages through the rest. */
const FIRST_PAGE = 200;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function remember(id: string, p: PendingImport): void {
  pending.set(id, p);
  for (const old of [...pending.keys()].slice(0, Math.max(0, pending.size - KEEP))) pending.delete(old);
}

function take(importId: string): PendingImport {
  const p = pending.get(importId);
  if (!p) throw new AppError('NOT_FOUND', '这次预检已过期（程序重启或又预检了其他文件）。请重新选择文件预检。', { importId });
  return p;
}

const MAPPING_KEY = (signature: string) => `importMapping:${signature}`;

/** Problem rows first (in file order), then the rest: what a user wants to see first. */
function firstRows(rows: CheckedRows, n: number): ImportPreviewRow[] {
  const out: ImportPreviewRow[] = [];
  for (let i = 0; i < rows.length && out.length < n; i++) if (rows.status(i) !== 'ok') out.push(rows.preview(i));
  for (let i = 0; i < rows.length && out.length < n; i++) if (rows.status(i) === 'ok') out.push(rows.preview(i));
  return out;
}

export async function previewImport(ctx: ServiceContext, input: ParsedInput<'imports.preview'>, call: CallContext): Promise<ImportPreview> {
  const { db } = ctx;
  getProgramme(db, input.programmeId);
  if (
    input.sessionNumber !== undefined &&
    !db.prepare('SELECT 1 FROM sessions WHERE programme_id = ? AND number = ?').get(input.programmeId, input.sessionNumber)
  )
    throw new AppError('VALIDATION', `本项目没有第${input.sessionNumber}期，请先新增该期或改选期次。`, { field: 'sessionNumber' });
  const file = path.resolve(input.file.path);
  const fileName = input.file.name || path.basename(file);
  checkInputFile(file, fileName);
  const stamp = fileStamp(file);
  const remembered = (signature: string): Record<string, FieldKey | null> | undefined => {
    const raw = readSetting(db, MAPPING_KEY(signature), '');
    return raw ? (JSON.parse(raw) as Record<string, FieldKey | null>) : undefined;
  };
  let lastPercent = -1;
  const source = await readImportFile(file, {
    signal: call.signal,
    onProgress: (done, total) => {
      // Every few percent is enough for a progress bar, and keeps the CLI's log short.
      const percent = Math.floor((done / Math.max(total, 1)) * 20) * 5;
      if (percent !== lastPercent) call.progress(done, total, `正在读取并检查：${(lastPercent = percent)}%`);
    },
    mapping: (signature) => input.mapping ?? remembered(signature),
  });
  try {
    const importId = crypto.randomUUID();
    const base = {
      importId,
      fileName,
      sheetName: source.sheetName,
      headerRow: source.header.headerRow,
      titleText: source.header.titleText,
      reportingUnit: source.header.reportingUnit,
      columns: source.header.columns,
      signature: source.header.signature,
      missingRequired: source.header.missingRequired,
    };
    if (source.header.missingRequired.length)
      return {
        ...base,
        needsMapping: true,
        rows: [],
        skipped: [],
        counts: { rows: 0, ok: 0, warning: 0, error: 0, skipped: 0, overQuota: 0 },
        notices: [],
      };
    // A mapping the user chose is kept for the next file of the same shape.
    if (input.mapping)
      writeTx(
        db,
        'imports.mapping',
        () =>
          db
            .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
            .run(MAPPING_KEY(source.header.signature), JSON.stringify(input.mapping)),
        () => `记住导入列对应：${fileName}`,
      );
    const rows = new CheckedRows();
    const checker = createRowChecker(
      db,
      {
        programmeId: input.programmeId,
        columns: source.header.columns,
        sessionNumber: input.sessionNumber,
        regionCode: input.regionCode,
        reportingUnit: source.header.reportingUnit,
        organisation: readSetting(db, 'organisation', ''),
        date1904: source.date1904,
      },
      rows,
    );
    for await (const rec of source.records) {
      if (call.signal.aborted) throw new AppError('CANCELLED', '已取消预检，数据未作改动。');
      checker.check(rec);
    }
    checker.finish();
    const counts = { rows: rows.length, ...rows.counts, skipped: source.skipped.length, overQuota: checker.overQuota() };
    remember(importId, {
      programmeId: input.programmeId,
      file,
      stamp,
      fileName,
      columns: source.header.columns,
      headerRow: source.header.headerRow,
      rows,
      committed: false,
    });
    return { ...base, needsMapping: false, rows: firstRows(rows, FIRST_PAGE), skipped: source.skipped, counts, notices: checker.notices() };
  } finally {
    await source.close();
  }
}

export function importRows(input: ParsedInput<'imports.rows'>): ImportRowsPage {
  const p = take(input.importId);
  const matching: number[] = [];
  for (let i = 0; i < p.rows.length; i++) if (!input.status || p.rows.status(i) === input.status) matching.push(i);
  return { total: matching.length, rows: matching.slice(input.offset, input.offset + input.limit).map((i) => p.rows.preview(i)) };
}

/** The commit's accounting, from the dry run: the CLI and the wizard show these same numbers. */
function accounting(p: PendingImport, strict: boolean) {
  const accepted: number[] = [];
  const issues: ImportIssue[] = [];
  for (let i = 0; i < p.rows.length; i++) {
    const status = p.rows.status(i);
    if (status === 'ok' || (status === 'warning' && !strict)) accepted.push(i);
    if (status !== 'ok') issues.push(...p.rows.issues(i));
  }
  return {
    accepted,
    rejected: p.rows.length - accepted.length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    // Rows a commit would store as 候补 (under strict, warning rows are not written at all).
    overQuota: strict ? 0 : issues.filter((i) => i.code === 'OVER_QUOTA').length,
    // OVER_QUOTA is a warning (the row is kept, as 候补) that the caller must still see in the list.
    errors: issues
      .filter((i) => i.severity === 'error' || strict || i.code === 'OVER_QUOTA')
      .map((i) => ({ row: i.rowNumber, column: i.column, code: i.code, message: i.message })),
  };
}

export async function commitImport(
  ctx: ServiceContext,
  importId: string,
  strict: boolean,
  call: CallContext,
  dryRun = false,
): Promise<ImportResult> {
  const p = take(importId);
  if (p.committed) throw new AppError('CONFLICT', '这次预检的数据已经导入过了。如需再次导入，请重新选择文件预检。', { importId });
  const { accepted, rejected, warnings, errors, overQuota } = accounting(p, strict);
  const valid = accepted.length;
  if (!accepted.length || dryRun) return { valid, imported: 0, waitlisted: overQuota, rejected, warnings, errors, backup: null };
  const backup = await backupDatabase(ctx.db, ctx.backupDir, 'before-import');
  if (call.signal.aborted) throw new AppError('CANCELLED', '已取消导入，数据未作改动。');
  call.progress(0, accepted.length, '正在写入数据库…');
  const source = `import:${p.fileName}`;
  // One timestamp for the whole import; what merged into stored trainees / enterprises, for the search index.
  const at = nowIso();
  const touched = { since: 0, trainees: [] as number[], enterprises: [] as number[] };
  let waitlisted = 0;
  const imported = await longWriteTx(
    ctx.db,
    call,
    'imports.commit',
    async (tx) => {
      let n = 0;
      // The quota is counted again against the store as it is now, in file order (the dry run's
      // OVER_QUOTA warnings were the preview): rows beyond a region's places are stored as 候补.
      const takePlace = createPlaceCounter(ctx.db, p.programmeId);
      for (const i of accepted) {
        const { rowNumber, known, ...row } = p.rows.clean(i)!;
        try {
          const over = row.sessionId !== null ? takePlace(row.sessionId, row.regionCode) : null;
          if (over) waitlisted++;
          const r = insertImportedRegistration(
            ctx.db,
            { programmeId: p.programmeId, ...row, source, waitlistReason: over?.message },
            known,
            at,
          );
          if (!touched.since) touched.since = r.id - 1;
          if (r.mergedTrainee !== null) touched.trainees.push(r.mergedTrainee);
          if (r.mergedEnterprise !== null) touched.enterprises.push(r.mergedEnterprise);
        } catch (e) {
          // The store changed since the dry run: nothing is written, the user checks again.
          if (e instanceof AppError)
            throw new AppError(e.code, `第 ${rowNumber} 行：${e.message} 本次导入未写入任何数据，请重新预检。`, e.details);
          throw e;
        }
        n++;
        const pause = tx.pace();
        if (pause) {
          call.progress(n, accepted.length, `正在写入数据库：${n}/${accepted.length}`);
          await pause;
        }
      }
      return n;
    },
    (n) => `导入报名表「${p.fileName}」：${n} 条（其中超出名额列入候补 ${waitlisted} 条），拒绝 ${rejected} 条`,
    (n) => ({ file: p.fileName, imported: n, rejected, waitlisted }),
  );
  p.committed = true;
  // Only now, after the COMMIT: a cancelled or failed import never reaches the search index.
  registrationsWritten(ctx.db, touched);
  call.progress(accepted.length, accepted.length, '导入完成');
  return { valid, imported, waitlisted, rejected, warnings, errors, backup: backup.file };
}

export async function importErrorReport(ctx: ServiceContext, input: ParsedInput<'imports.errorReport'>): Promise<WrittenFile> {
  const p = take(input.importId);
  checkInputFile(p.file, p.fileName);
  if (fileStamp(p.file) !== p.stamp)
    throw new AppError('CONFLICT', `文件「${p.fileName}」在预检之后被修改过。请重新预检，再下载错误报告。`, { file: p.file });
  const problems: ReportProblem[] = [];
  for (let r = 0; r < p.rows.length; r++)
    for (const i of p.rows.issues(r))
      problems.push({
        rowNumber: i.rowNumber,
        column: i.columnIndex,
        severity: i.severity,
        message: i.column ? i.message : `【${i.field}】${i.message}`,
      });
  return writeOutput(ctx, input.out, `${p.fileName.replace(/\.(xlsx|csv|txt)$/i, '')}-错误报告.xlsx`, XLSX, async (tmp) => {
    await writeErrorReport(p.file, tmp, problems, { headerRow: p.headerRow });
  });
}

export function importHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'imports.preview' | 'imports.rows' | 'imports.commit' | 'imports.errorReport'> {
  return {
    'imports.preview': (input, call) => previewImport(ctx, input, call),
    'imports.rows': (input) => importRows(input),
    'imports.commit': ({ importId, strict, dryRun }, call) => commitImport(ctx, importId, strict, call, dryRun),
    'imports.errorReport': (input) => importErrorReport(ctx, input),
  };
}
