/**
 * Importing 学员报名表 / 报名汇总表 files: a dry run that checks every row and keeps the result,
 * then a commit that writes every valid row in one transaction after a backup, or nothing.
 * The file arrives as bytes (the renderer is sandboxed), is written to a private temp file and
 * streamed from there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FieldKey } from '../../shared/domain/fields';
import type { ExportFile, ImportColumn, ImportPreview, ImportResult } from '../../shared/domain/importTypes';
import { AppError } from '../../shared/result';
import { backupDatabase } from '../db/backup';
import { readImportFile } from '../io/import';
import { writeErrorReport } from '../io/import/errorReport';
import { readSetting, writeTx, type CallContext, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { createRowChecker, type CheckedRow, type CleanRow } from './importCheck';
import { getProgramme } from './programmes';
import { getRegistration, insertRegistration } from './registrations';

interface PendingImport {
  programmeId: number;
  file: string;
  fileName: string;
  columns: ImportColumn[];
  headerRow: number;
  rows: CheckedRow[];
  createdAt: number;
}

/** Dry runs waiting for a commit; the newest few only, each with its temp file. */
const pending = new Map<string, PendingImport>();
const KEEP = 4;

/** The copies hold personal data: none outlives the process that made it. */
let cleanupRegistered = false;
function forgetAll(): void {
  for (const q of pending.values()) fs.rmSync(path.dirname(q.file), { recursive: true, force: true });
  pending.clear();
}

function remember(id: string, p: PendingImport): void {
  if (!cleanupRegistered) {
    process.once('exit', forgetAll);
    cleanupRegistered = true;
  }
  pending.set(id, p);
  for (const [old, q] of [...pending].slice(0, Math.max(0, pending.size - KEEP))) {
    fs.rmSync(path.dirname(q.file), { recursive: true, force: true });
    pending.delete(old);
  }
}

function take(importId: string): PendingImport {
  const p = pending.get(importId);
  if (!p) throw new AppError('NOT_FOUND', '这次预检已过期（程序重启或又预检了其他文件）。请重新选择文件预检。', { importId });
  return p;
}

const MAPPING_KEY = (signature: string) => `importMapping:${signature}`;

export async function previewImport(
  ctx: ServiceContext,
  input: {
    programmeId: number;
    file: { name: string; dataBase64: string };
    sessionNumber?: number;
    regionCode?: string;
    mapping?: Record<string, FieldKey | null>;
  },
  call: CallContext,
): Promise<ImportPreview> {
  const { db } = ctx;
  getProgramme(db, input.programmeId);
  if (
    input.sessionNumber !== undefined &&
    !db.prepare('SELECT 1 FROM sessions WHERE programme_id = ? AND number = ?').get(input.programmeId, input.sessionNumber)
  )
    throw new AppError('VALIDATION', `本项目没有第${input.sessionNumber}期，请先新增该期或改选期次。`, { field: 'sessionNumber' });
  const bytes = Buffer.from(input.file.dataBase64, 'base64');
  if (!bytes.length) throw new AppError('VALIDATION', `文件「${input.file.name}」是空的，请检查后重新选择。`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-import-'));
  const file = path.join(dir, path.basename(input.file.name).replace(/[^\p{L}\p{N}._-]/gu, '_') || 'import');
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  try {
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
    const importId = crypto.randomUUID();
    const base = {
      importId,
      fileName: input.file.name,
      sheetName: source.sheetName,
      headerRow: source.header.headerRow,
      titleText: source.header.titleText,
      reportingUnit: source.header.reportingUnit,
      columns: source.header.columns,
      signature: source.header.signature,
      missingRequired: source.header.missingRequired,
    };
    if (source.header.missingRequired.length) {
      await source.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...base, needsMapping: true, rows: [], skipped: [], counts: { rows: 0, ok: 0, warning: 0, error: 0, skipped: 0 } };
    }
    // A mapping the user chose is kept for the next file of the same shape.
    if (input.mapping)
      writeTx(
        db,
        'imports.mapping',
        () =>
          db
            .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
            .run(MAPPING_KEY(source.header.signature), JSON.stringify(input.mapping)),
        () => `记住导入列对应：${input.file.name}`,
      );
    const check = createRowChecker(db, {
      programmeId: input.programmeId,
      columns: source.header.columns,
      sessionNumber: input.sessionNumber,
      regionCode: input.regionCode,
      reportingUnit: source.header.reportingUnit,
      organisation: readSetting(db, 'organisation', ''),
      date1904: source.date1904,
    });
    const rows: CheckedRow[] = [];
    for await (const rec of source.records) {
      if (call.signal.aborted) throw new AppError('CANCELLED', '已取消导入，数据未作改动。');
      rows.push(check(rec));
    }
    const counts = { rows: rows.length, ok: 0, warning: 0, error: 0, skipped: source.skipped.length };
    for (const r of rows) counts[r.preview.status]++;
    remember(importId, {
      programmeId: input.programmeId,
      file,
      fileName: input.file.name,
      columns: source.header.columns,
      headerRow: source.header.headerRow,
      rows,
      createdAt: Date.now(),
    });
    return { ...base, needsMapping: false, rows: rows.map((r) => r.preview), skipped: source.skipped, counts };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export async function commitImport(ctx: ServiceContext, importId: string, strict: boolean, call: CallContext): Promise<ImportResult> {
  const p = take(importId);
  const accepted = p.rows.filter((r) => r.clean && !(strict && r.preview.status === 'warning'));
  const rejected = p.rows.length - accepted.length;
  const issues = p.rows.flatMap((r) => r.preview.issues);
  const errors = issues
    .filter((i) => i.severity === 'error' || strict)
    .map((i) => ({ row: i.rowNumber, column: i.column, code: i.code, message: i.message }));
  if (!accepted.length)
    return { imported: 0, rejected, warnings: issues.filter((i) => i.severity === 'warning').length, errors, backup: null };
  const backup = await backupDatabase(ctx.db, ctx.backupDir, 'before-import');
  call.progress(0, accepted.length, '正在写入数据库…');
  const ids = writeTx(
    ctx.db,
    'imports.commit',
    () =>
      accepted.map((r, i) => {
        if (i % 1000 === 0) call.progress(i, accepted.length, `正在写入数据库：${i}/${accepted.length}`);
        try {
          return insertRegistration(
            ctx.db,
            { programmeId: p.programmeId, ...(JSON.parse(r.clean!) as CleanRow), source: `import:${p.fileName}` },
            { precheck: false },
          );
        } catch (e) {
          // The store changed since the dry run: nothing is written, the user checks again.
          if (e instanceof AppError)
            throw new AppError(e.code, `第 ${r.preview.rowNumber} 行：${e.message} 本次导入未写入任何数据，请重新预检。`, e.details);
          throw e;
        }
      }),
    (list) => `导入报名表「${p.fileName}」：${list.length} 条，拒绝 ${rejected} 条`,
    (list) => ({ file: p.fileName, imported: list.length, rejected, first: list[0] ? getRegistration(ctx.db, list[0]).id : null }),
  );
  call.progress(accepted.length, accepted.length, '导入完成');
  return { imported: ids.length, rejected, warnings: issues.filter((i) => i.severity === 'warning').length, errors, backup: backup.file };
}

export async function importErrorReport(importId: string): Promise<ExportFile> {
  const p = take(importId);
  const problems = p.rows.flatMap((r) =>
    r.preview.issues.map((i) => ({
      rowNumber: i.rowNumber,
      column: i.columnIndex,
      severity: i.severity,
      message: i.column ? i.message : `【${i.field}】${i.message}`,
    })),
  );
  const out = path.join(path.dirname(p.file), `report-${Date.now()}.xlsx`);
  await writeErrorReport(p.file, out, problems, { headerRow: p.headerRow });
  const data = fs.readFileSync(out);
  fs.rmSync(out, { force: true });
  return {
    fileName: `${p.fileName.replace(/\.(xlsx|csv)$/i, '')}-错误报告.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: data.toString('base64'),
  };
}

export function importHandlers(ctx: ServiceContext): Pick<Handlers, 'imports.preview' | 'imports.commit' | 'imports.errorReport'> {
  return {
    'imports.preview': (input, call) => previewImport(ctx, input, call),
    'imports.commit': ({ importId, strict }, call) => commitImport(ctx, importId, strict, call),
    'imports.errorReport': ({ importId }) => importErrorReport(importId),
  };
}
