/**
 * The data file and its backups hold personal data (ID numbers, mobiles): they are created readable
 * by the user only, and files an older version left readable by others are tightened when seen.
 * POSIX only: on Windows the user's profile folder already keeps them private.
 */
import fs from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
const POSIX = process.platform !== 'win32';

/** Creates `file` empty and 0600 unless it exists, so SQLite opens it instead of creating it 0644. */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (fs.statSync(file).isFile()) makePrivate(file);
  }
}

export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  makePrivate(dir);
}

/** Takes away group and other permissions from a file or folder this user owns; best effort. */
export function makePrivate(p: string): void {
  if (!POSIX) return;
  try {
    const st = fs.statSync(p);
    if (st.mode & 0o077 && st.uid === process.getuid?.()) fs.chmodSync(p, st.mode & 0o700);
  } catch {
    // Missing, or on a file system without modes: nothing to tighten.
  }
}

/** Whether a process with this id runs (one of another user counts: it may be writing). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
