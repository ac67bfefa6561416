/**
 * Online backups with better-sqlite3's `db.backup` (consistent while the database is open, WAL
 * included). Taken before every migration and before anything destructive, and kept with rotation.
 * Each data file has its own backup folder (see defaultBackupDir), 0700, with backups 0600.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo } from '../../shared/domain/types';
import { makePrivate, makePrivateDir, PRIVATE_FILE_MODE, processAlive } from './privateFiles';

export const BACKUP_KEEP = 30;
const NAME = /^ledger-(\d{8})-(\d{6})-(\d{3})-([\p{L}\p{N}_-]+)\.db$/u;

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`;
}

export async function backupDatabase(db: Database.Database, dir: string, reason: string, keep = BACKUP_KEEP): Promise<BackupInfo> {
  makePrivateDir(dir);
  const safeReason = reason.replace(/[^\p{L}\p{N}_-]/gu, '-').slice(0, 40) || 'manual';
  let file = `ledger-${stamp(new Date())}-${safeReason}.db`;
  // Two backups in the same millisecond (tests, batch scripts) must not overwrite each other.
  for (let i = 1; fs.existsSync(path.join(dir, file)); i++) file = `ledger-${stamp(new Date())}-${safeReason}-${i}.db`;
  const target = path.join(dir, file);
  // The half-written copy carries our process id, so the next start can tell a leftover of a killed
  // process from a backup another process is writing right now. Created 0600 before SQLite writes
  // into it: even half-written, it is never readable by others.
  const tmp = `${target}.${process.pid}.part`;
  fs.closeSync(fs.openSync(tmp, 'wx', PRIVATE_FILE_MODE));
  try {
    await db.backup(tmp);
    fs.renameSync(tmp, target);
  } catch (e) {
    for (const f of [tmp, `${tmp}-journal`]) fs.rmSync(f, { force: true });
    throw e;
  }
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

/** `ledger-….db.<pid>.part` (and its journal), or `ledger-….db.part` from before the process id. */
const PART = /^ledger-.+\.db\.(?:(\d+)\.)?part(?:-journal)?$/u;

/**
 * Half-written backups of processes that no longer run (killed mid-copy): each is a full copy of
 * personal data that rotation never sees. Returns the names removed.
 */
export function removeLeftoverParts(dir: string, opts: { ownToo?: boolean } = {}): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = PART.exec(name);
    if (!m) continue;
    const pid = m[1] ? Number(m[1]) : 0;
    // This process may be writing it on another connection; another live process certainly is.
    // (ownToo: the engine worker that was writing it in this process has died.)
    if (pid && ((pid === process.pid && !opts.ownToo) || (pid !== process.pid && processAlive(pid)))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Backups used to go to `backups/` itself, shared by every data file in the folder. When `file` is
 * the only database there, those are its own: they move into its folder (and leftovers go). With
 * several databases they stay where they are, since whose they are cannot be told.
 */
export function adoptSharedBackups(file: string, dir: string): void {
  const shared = path.dirname(dir);
  if (shared !== path.join(path.dirname(file), 'backups') || !fs.existsSync(shared)) return;
  const databases = fs.readdirSync(path.dirname(file)).filter((f) => /\.(db|sqlite3?)$/i.test(f));
  if (databases.some((f) => f !== path.basename(file))) return;
  removeLeftoverParts(shared);
  const old = listBackups(shared);
  if (!old.length) return;
  makePrivateDir(dir);
  for (const b of old) if (!fs.existsSync(path.join(dir, b.file))) fs.renameSync(b.path, path.join(dir, b.file));
}

/** At open: leftovers go, and backups an older version wrote readable by others become private. */
export function tidyBackupDir(file: string, dir: string): void {
  adoptSharedBackups(file, dir);
  if (!fs.existsSync(dir)) return;
  makePrivate(dir);
  removeLeftoverParts(dir);
  for (const b of listBackups(dir)) makePrivate(b.path);
}
