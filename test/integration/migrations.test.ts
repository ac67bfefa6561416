import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/db/backup';
import { defaultBackupDir, openDatabase, schemaVersion, type Db } from '../../electron/db/connection';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/db/migrations';
import type { Migration } from '../../electron/db/migrations/types';
import { AppError } from '../../shared/result';
import { tempDir } from '../fixtures/backend';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function file(): string {
  const d = tempDir('ledger-mig-');
  dirs.push(d);
  return path.join(d, 'ledger.db');
}
async function openDb(f: string, extra: Partial<Parameters<typeof openDatabase>[0]> = {}) {
  const db = await openDatabase({ file: f, ...extra });
  open.push(db);
  return db;
}
async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('migrations on a real database file', () => {
  it('a new file gets every migration, WAL, foreign keys and STRICT tables', async () => {
    const f = file();
    const db = await openDb(f);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'attendance_marks',
      'audit_log',
      'certificate_counters',
      'certificate_events',
      'certificate_settings',
      'certificates',
      'completion_overrides',
      'completion_rules',
      'enterprises',
      'eval_answers',
      'eval_imports',
      'eval_questionnaires',
      'eval_responses',
      'followup_imports',
      'followups',
      'leave_requests',
      'leave_slots',
      'printer_offsets',
      'programmes',
      'quota_changes',
      'quotas',
      'reallocation_moves',
      'reallocations',
      'region_contacts',
      'regions',
      'registrations',
      'roster_entries',
      'session_closures',
      'session_slots',
      'sessions',
      'settings',
      'timetable_courses',
      'trainees',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT$/);
    // A fresh file has nothing to back up.
    expect(listBackups(defaultBackupDir(f))).toEqual([]);
  });

  it('migration 1 creates the core tables; migration 2 adds the 37 regions', async () => {
    const f = file();
    const db1 = await openDb(f, { targetVersion: 1 });
    expect(schemaVersion(db1)).toBe(1);
    expect(db1.prepare('SELECT count(*) AS n FROM regions').get()).toEqual({ n: 0 });
    db1.close();
    const db2 = await openDb(f, { targetVersion: 2 });
    expect(schemaVersion(db2)).toBe(2);
    const regions = db2.prepare('SELECT code, name, kind FROM regions ORDER BY sort').all() as {
      code: string;
      name: string;
      kind: string;
    }[];
    expect(regions).toHaveLength(37);
    expect(regions.filter((r) => r.kind === 'province')).toHaveLength(31);
    expect(regions.filter((r) => r.kind === 'city').map((r) => r.name)).toEqual(['大连市', '青岛市', '宁波市', '厦门市', '深圳市']);
    expect(regions.find((r) => r.kind === 'corps')?.name).toBe('新疆生产建设兵团');
    // Upgrading an existing file backs it up first, and the backup is a readable database at the old version.
    const backups = listBackups(defaultBackupDir(f));
    expect(backups).toHaveLength(1);
    expect(backups[0].reason).toBe('before-migration-2');
    const old = new Database(backups[0].path, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();
  });

  it('refuses a file written by a newer version and leaves it untouched', async () => {
    const f = file();
    (await openDb(f)).close();
    const raw = new Database(f);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(f);
    const err = await rejection(openDatabase({ file: f }));
    expect(err.code).toBe('DB_TOO_NEW');
    expect(err.message).toContain('更新版本');
    expect(fs.readFileSync(f).equals(before)).toBe(true);
  });

  it('a failing migration rolls back the whole batch', async () => {
    const f = file();
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        db.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    const good: Migration = { version: LATEST_VERSION + 2, name: 'never', up: (db) => db.exec('CREATE TABLE never (x INTEGER) STRICT') };
    (await openDb(f)).close();
    await expect(openDatabase({ file: f, migrations: [...MIGRATIONS, failing, good] })).rejects.toThrow(/no_such_table/);
    const db = await openDb(f);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('half_done', 'never')").all()).toEqual([]);
  });

  it('a file that is not a database gets a clear error', async () => {
    const f = file();
    fs.writeFileSync(f, 'PK\u0003\u0004 this is a spreadsheet, not a ledger '.repeat(200));
    const err = await rejection(openDatabase({ file: f }));
    expect(err.code).toBe('DB_UNAVAILABLE');
    expect(err.message).toMatch(/损坏|不是培训台账/);
  });
});
