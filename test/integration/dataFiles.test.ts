/**
 * Data files and what they leave behind, on real files: each data file has its own backup folder;
 * a backup half-written by a killed process is removed at the next open (and one a running process
 * is writing is not); the data file, its -wal/-shm, the backup folder and the backups are readable
 * by the user only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../electron/backend';
import { backupDatabase, listBackups } from '../../electron/db/backup';
import { defaultBackupDir, openDatabase, type Db } from '../../electron/db/connection';
import { tempDir } from '../fixtures/backend';

const ROOT = path.resolve(__dirname, '../..');
const POSIX = process.platform !== 'win32';
const mode = (p: string) => fs.statSync(p).mode & 0o777;

const dirs: string[] = [];
const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = tempDir('ledger-files-');
  dirs.push(d);
  return d;
}
async function openDb(file: string): Promise<Db> {
  const db = await openDatabase({ file });
  open.push({ close: () => db.open && db.close() });
  return db;
}
async function backend(dbPath: string): Promise<Backend> {
  const b = await openBackend({ dbPath, runtime: 'node' });
  open.push(b);
  return b;
}
async function call<T>(b: Backend, method: string, input: unknown): Promise<T> {
  const r = await b.dispatcher.dispatch(method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('backups per data file', () => {
  it('two databases in one folder keep, list and rotate their own backups', async () => {
    const dir = folder();
    expect(defaultBackupDir(path.join(dir, 'x.db'))).toBe(path.join(dir, 'backups', 'x'));
    const x = await backend(path.join(dir, 'x.db'));
    const y = await backend(path.join(dir, 'y.db'));
    const bx = await call<{ file: string; path: string }>(x, 'backups.create', { reason: 'x的备份' });
    const by = await call<{ file: string; path: string }>(y, 'backups.create', { reason: 'y的备份' });
    expect(path.dirname(bx.path)).toBe(path.join(dir, 'backups', 'x'));
    expect(path.dirname(by.path)).toBe(path.join(dir, 'backups', 'y'));
    expect((await call<{ file: string }[]>(x, 'backups.list', {})).map((b) => b.file)).toEqual([bx.file]);
    expect((await call<{ file: string }[]>(y, 'backups.list', {})).map((b) => b.file)).toEqual([by.file]);
  });

  it('backups from before (all in backups/) move into the folder of the only database beside them', async () => {
    const dir = folder();
    const file = path.join(dir, 'ledger.db');
    const db = await openDb(file);
    const shared = path.join(dir, 'backups');
    const old = await backupDatabase(db, shared, 'before-import');
    fs.writeFileSync(path.join(shared, 'ledger-20250101-000000-000-before-import.db.part'), 'half a copy');
    db.close();
    await openDb(file);
    expect(listBackups(defaultBackupDir(file)).map((b) => b.file)).toEqual([old.file]);
    expect(fs.readdirSync(shared).sort()).toEqual(['ledger']);
  });

  it('even when the data file cannot be opened, its old backups are where the restore dialog looks', async () => {
    const dir = folder();
    const file = path.join(dir, 'ledger.db');
    const db = await openDb(file);
    const old = await backupDatabase(db, path.join(dir, 'backups'), 'before-import');
    db.close();
    fs.writeFileSync(file, 'PK\u0003\u0004 not a database '.repeat(200));
    for (const side of ['-wal', '-shm']) fs.rmSync(file + side, { force: true });
    await expect(openDatabase({ file })).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
    expect(listBackups(defaultBackupDir(file)).map((b) => b.file)).toEqual([old.file]);
  });

  it('with several databases beside them, old shared backups stay where they are', async () => {
    const dir = folder();
    const db = await openDb(path.join(dir, 'a.db'));
    await openDb(path.join(dir, 'b.db'));
    const old = await backupDatabase(db, path.join(dir, 'backups'), 'manual');
    db.close();
    await openDb(path.join(dir, 'a.db'));
    expect(fs.existsSync(old.path)).toBe(true);
    expect(listBackups(defaultBackupDir(path.join(dir, 'a.db')))).toEqual([]);
  });
});

describe('a backup cut short by kill -9', () => {
  /** Starts a real backup in a child process and returns once the half-written copy is on disk. */
  async function childStuckInBackup(file: string, backupDir: string) {
    const marker = path.join(path.dirname(file), 'marker');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/backupChild.ts', file, backupDir, marker], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let gone = false;
    void exited.then(() => (gone = true));
    // Wait for the condition (the copy is being written), not for a time.
    while (!fs.existsSync(marker)) {
      if (gone) throw new Error(`the backup child exited early: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { child, exited, part: fs.readFileSync(marker, 'utf8') };
  }

  it('leaves a private .part that the next open removes, but not while its process still runs', async () => {
    const dir = folder();
    const file = path.join(dir, 'ledger.db');
    const backupDir = defaultBackupDir(file);
    const db = await openDb(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('operatorName', '李老师')").run();
    const kept = await backupDatabase(db, backupDir, 'manual');
    db.close();

    const { child, exited, part } = await childStuckInBackup(file, backupDir);
    expect(path.dirname(part)).toBe(backupDir);
    expect(path.basename(part)).toMatch(new RegExp(`\\.${child.pid}\\.part$`));
    // Even half-written, the copy of personal data is readable by the user only.
    if (POSIX) expect(mode(part)).toBe(0o600);

    // Its process still runs (it may be an import's backup in progress): opening leaves it alone.
    (await openDb(file)).close();
    expect(fs.existsSync(part)).toBe(true);

    child.kill('SIGKILL');
    await exited;
    const reopened = await openDb(file);
    expect(fs.readdirSync(backupDir)).toEqual([kept.file]);
    expect(reopened.pragma('quick_check', { simple: true })).toBe('ok');
    expect(reopened.prepare("SELECT value FROM settings WHERE key = 'operatorName'").get()).toEqual({ value: '李老师' });
  });

  it('a .part from before process ids (any version that was killed) is removed too', async () => {
    const dir = folder();
    const file = path.join(dir, 'ledger.db');
    const backupDir = defaultBackupDir(file);
    fs.mkdirSync(backupDir, { recursive: true });
    const leftovers = ['ledger-20250101-000000-000-before-import.db.part', 'ledger-20250101-000000-000-x.db.99999999.part-journal'];
    for (const f of leftovers) fs.writeFileSync(path.join(backupDir, f), 'x');
    fs.writeFileSync(path.join(backupDir, 'notes.txt'), 'not ours');
    await openDb(file);
    expect(fs.readdirSync(backupDir)).toEqual(['notes.txt']);
  });
});

describe.skipIf(!POSIX)('readable by the user only', () => {
  it('a new data file, its -wal and -shm, the backup folder and the backups', async () => {
    const dir = folder();
    const file = path.join(dir, 'new', 'ledger.db');
    const db = await openDb(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('organisation', '某单位')").run();
    const info = await backupDatabase(db, defaultBackupDir(file), 'manual');
    expect(mode(path.dirname(file))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`, info.path]) expect(mode(f), f).toBe(0o600);
    expect(mode(defaultBackupDir(file))).toBe(0o700);
    expect(mode(path.dirname(defaultBackupDir(file)))).toBe(0o700);
  });

  it('files an older version left readable by others are tightened at open', async () => {
    const dir = folder();
    const file = path.join(dir, 'ledger.db');
    const db = await openDb(file);
    const info = await backupDatabase(db, defaultBackupDir(file), 'manual');
    db.close();
    // What an older version (or SQLite's default) wrote: 0644 files, a 0755 folder, and a -wal left over.
    const raw = new Database(file);
    raw.pragma('wal_autocheckpoint = 0');
    raw.prepare("INSERT INTO settings (key, value) VALUES ('organisation', '某单位')").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`, info.path]) fs.chmodSync(f, 0o644);
    fs.chmodSync(defaultBackupDir(file), 0o755);
    const walBefore = fs.existsSync(`${file}-wal`);
    await openDb(file);
    raw.close();
    for (const f of [file, info.path, ...(walBefore ? [`${file}-wal`] : [])]) expect(mode(f), f).toBe(0o600);
    expect(mode(defaultBackupDir(file))).toBe(0o700);
  });
});
