/**
 * Opening the ledger database: pragmas for durability, an integrity check, then the migrations,
 * each pending batch in one transaction after an online backup of the existing file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/result';
import { backupDatabase, tidyBackupDir } from './backup';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';
import { createPrivateFile, makePrivate, PRIVATE_DIR_MODE } from './privateFiles';

export type Db = Database.Database;

export interface OpenOptions {
  file: string;
  /** Where backups go; defaults to defaultBackupDir(file). */
  backupDir?: string;
  /** Path of a better_sqlite3.node built for the running runtime (Electron passes its own). */
  nativeBinding?: string;
  /** For tests of migrations: stop at this version. */
  targetVersion?: number;
  migrations?: readonly Migration[];
}

/**
 * `backups/<file name without extension>/` beside the data file: each data file its own folder, so
 * two databases in one folder (`--db /tmp/x.db`, `--db /tmp/y.db`) never list, rotate or restore
 * each other's backups.
 */
export function defaultBackupDir(file: string): string {
  const resolved = path.resolve(file);
  return path.join(path.dirname(resolved), 'backups', path.parse(resolved).name);
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  const backupDir = opts.backupDir ?? defaultBackupDir(opts.file);
  let db: Db;
  try {
    fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true, mode: PRIVATE_DIR_MODE });
    // Born 0600; SQLite gives the -wal and -shm files the mode of the database file.
    createPrivateFile(opts.file);
    for (const side of ['-wal', '-shm']) makePrivate(`${opts.file}${side}`);
    // Before the file is even read: a damaged file's backups are the ones its restore needs.
    tidyBackupDirQuietly(path.resolve(opts.file), backupDir);
    db = new Database(opts.file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (e) {
    throw new AppError('DB_UNAVAILABLE', `无法打开数据库文件：${opts.file}（${(e as Error).message}）`, {
      file: opts.file,
    });
  }
  try {
    applyPragmas(db);
    checkIntegrity(db, opts.file);
    await migrate(db, {
      backupDir,
      targetVersion: opts.targetVersion,
      migrations: opts.migrations,
    });
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function tidyBackupDirQuietly(file: string, backupDir: string): void {
  try {
    tidyBackupDir(file, backupDir);
  } catch {
    // A leftover that cannot be removed now (a file locked on Windows) must not keep the ledger
    // closed: the next start tries again.
  }
}

function applyPragmas(db: Db): void {
  try {
    db.pragma('journal_mode = WAL');
  } catch (e) {
    throw new AppError('DB_UNAVAILABLE', `数据库文件已损坏或不是培训台账的数据文件（${(e as Error).message}）。可以从备份恢复。`, {
      sqlite: (e as Error).message,
    });
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function checkIntegrity(db: Db, file: string): void {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  if (rows.length !== 1 || rows[0].quick_check !== 'ok') {
    throw new AppError('DB_UNAVAILABLE', `数据库文件 ${file} 未通过完整性检查，可能已损坏。请从备份恢复。`, {
      problems: rows.map((r) => r.quick_check),
    });
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export async function migrate(
  db: Db,
  opts: { backupDir: string; targetVersion?: number; migrations?: readonly Migration[] },
): Promise<void> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const target = opts.targetVersion ?? latest;
  const current = schemaVersion(db);
  if (current > (opts.migrations ? latest : LATEST_VERSION)) {
    throw new AppError(
      'DB_TOO_NEW',
      `这个数据文件由更新版本的培训台账写入（数据版本 ${current}，本程序支持到 ${latest}）。请升级培训台账后再打开，数据未作任何改动。`,
      { current, supported: latest },
    );
  }
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (!pending.length) return;
  // A fresh file has nothing to lose; an existing one is copied first.
  if (current > 0) await backupDatabase(db, opts.backupDir, `before-migration-${pending[0].version}`);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
