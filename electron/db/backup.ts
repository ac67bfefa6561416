/**
 * Online backups with better-sqlite3's `db.backup` (consistent while the database is open, WAL
 * included). Taken before every migration and before anything destructive, and kept with rotation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo } from '../../shared/domain/types';

export const BACKUP_KEEP = 30;
const NAME = /^ledger-(\d{8})-(\d{6})-(\d{3})-([\p{L}\p{N}_-]+)\.db$/u;

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`;
}

export async function backupDatabase(db: Database.Database, dir: string, reason: string, keep = BACKUP_KEEP): Promise<BackupInfo> {
  fs.mkdirSync(dir, { recursive: true });
  const safeReason = reason.replace(/[^\p{L}\p{N}_-]/gu, '-').slice(0, 40) || 'manual';
  let file = `ledger-${stamp(new Date())}-${safeReason}.db`;
  // Two backups in the same millisecond (tests, batch scripts) must not overwrite each other.
  for (let i = 1; fs.existsSync(path.join(dir, file)); i++) file = `ledger-${stamp(new Date())}-${safeReason}-${i}.db`;
  const target = path.join(dir, file);
  const tmp = `${target}.part`;
  await db.backup(tmp);
  fs.renameSync(tmp, target);
  rotateBackups(dir, keep);
  return describe(dir, file)!;
}

function describe(dir: string, file: string): BackupInfo | null {
  const m = NAME.exec(file);
  if (!m) return null;
  const full = path.join(dir, file);
  const [, ymd, hms, ms, reason] = m;
  const createdAt = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}T${hms.slice(0, 2)}:${hms.slice(2, 4)}:${hms.slice(4)}.${ms}`;
  return { file, path: full, reason, createdAt, bytes: fs.statSync(full).size };
}

/** Newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => describe(dir, f))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => (a.file < b.file ? 1 : -1));
}

function rotateBackups(dir: string, keep: number): void {
  for (const old of listBackups(dir).slice(keep)) fs.rmSync(old.path, { force: true });
}
