/**
 * Restoring a backup while the app runs. SQLite's online backup API copies the backup's pages into
 * the live file under its own lock, so both connections stay open and see the restored data; the
 * current data is backed up first, and the restored file is brought to this version's schema.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo } from '../../shared/domain/types';
import { AppError } from '../../shared/result';
import { backupDatabase, listBackups } from '../db/backup';
import { migrate } from '../db/connection';
import { LATEST_VERSION } from '../db/migrations';
import { writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';

function checkBackup(file: string, nativeBinding?: string): void {
  let src: Database.Database | null = null;
  try {
    src = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const ok = src.pragma('quick_check(1)', { simple: true });
    if (ok !== 'ok') throw new Error(String(ok));
    const version = src.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION)
      throw new AppError('DB_TOO_NEW', `这份备份由更新版本的培训台账写入（数据版本 ${version}），本程序无法恢复它。`, { version });
    if (!src.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'registrations'").get()) throw new Error('不是培训台账的数据文件');
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      'VALIDATION',
      `备份「${path.basename(file)}」已损坏或不是培训台账的备份，未作任何改动。（${(e as Error).message}）`,
      {
        file,
      },
    );
  } finally {
    src?.close();
  }
}

export async function restoreBackup(
  ctx: ServiceContext,
  fileName: string,
): Promise<{ restoredFrom: BackupInfo; safetyBackup: BackupInfo }> {
  // Only a backup of this data file, named as listed: never a path the window made up.
  const chosen = listBackups(ctx.backupDir).find((b) => b.file === fileName);
  if (!chosen) throw new AppError('NOT_FOUND', `找不到备份「${fileName}」，请刷新备份列表后重选。`, { file: fileName });
  checkBackup(chosen.path, ctx.nativeBinding);
  const safetyBackup = await backupDatabase(ctx.db, ctx.backupDir, 'before-restore');
  const src = new Database(chosen.path, {
    readonly: true,
    fileMustExist: true,
    ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}),
  });
  try {
    // Into the live file: other connections see the restored pages after this completes.
    await src.backup(ctx.dbPath);
  } finally {
    src.close();
  }
  await migrate(ctx.db, { backupDir: ctx.backupDir });
  writeTx(
    ctx.db,
    'backups.restore',
    () => null,
    () => `从备份恢复：${chosen.file}（恢复前的数据已备份为 ${safetyBackup.file}）`,
    () => ({ restoredFrom: chosen.file, safetyBackup: safetyBackup.file }),
  );
  return { restoredFrom: chosen, safetyBackup };
}

export function restoreHandlers(ctx: ServiceContext): Pick<Handlers, 'backups.restore'> {
  return { 'backups.restore': ({ file }) => restoreBackup(ctx, file) };
}
