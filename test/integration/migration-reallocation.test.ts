/** Migration 6 (reallocation) on a real file: quota_changes is rebuilt with its rows, ids and links kept, and now takes source 'reallocation'. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/db/backup';
import { defaultBackupDir, openDatabase, schemaVersion, type Db } from '../../electron/db/connection';
import { tempDir } from '../fixtures/backend';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const T = '2025-01-01T00:00:00Z';
const change = `INSERT INTO quota_changes (id, batch, programme_id, session_id, region_code, at, operator, source, reason, old_places, new_places, new_locked, revert_of, reverted_by)
  VALUES (?, ?, 1, 1, '330000', '${T}', '李处长', ?, ?, ?, ?, 0, ?, ?)`;

describe('migration 6: reallocation', () => {
  it('upgrades a version-5 file after a backup, keeping every quota change and its revert links', async () => {
    const d = tempDir('ledger-mig6-');
    dirs.push(d);
    const f = path.join(d, 'ledger.db');
    const v5 = await openDatabase({ file: f, targetVersion: 5 });
    v5.prepare(`INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, '领军人才培训', ?, ?)`).run(T, T);
    v5.prepare(`INSERT INTO sessions (id, programme_id, number) VALUES (1, 1, 1)`).run();
    v5.prepare(`INSERT INTO quotas (programme_id, session_id, region_code, places, updated_at) VALUES (1, 1, '330000', 5, ?)`).run(T);
    v5.prepare(change).run(1, 'a', 'edit', '初次分配', null, 7, null, null);
    v5.prepare(change).run(2, 'b', 'revert', '改回', 7, 5, 1, null);
    v5.prepare('UPDATE quota_changes SET reverted_by = 2 WHERE id = 1').run();
    expect(() => v5.prepare(change).run(3, 'c', 'reallocation', '调剂', 5, 6, null, null)).toThrow(/CHECK/);
    const before = v5.prepare('SELECT * FROM quota_changes ORDER BY id').all();
    v5.close();

    const db = await openDatabase({ file: f, targetVersion: 6 });
    open.push(db);
    expect(schemaVersion(db)).toBe(6);
    expect(listBackups(defaultBackupDir(f)).map((b) => b.reason)).toContain('before-migration-6');
    expect(db.prepare('SELECT * FROM quota_changes ORDER BY id').all()).toEqual(before);
    db.prepare(change).run(3, 'c', 'reallocation', '调剂', 5, 6, null, null);
    expect(() => db.prepare(change).run(4, 'd', 'magic', 'x', 5, 6, null, null)).toThrow(/CHECK/);
    // The self-references point at the rebuilt table, and the indexes are back.
    expect(() => db.prepare(change).run(5, 'e', 'revert', 'x', 6, 5, 999, null)).toThrow(/FOREIGN KEY/);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'quota_changes'").all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['quota_changes_cell', 'quota_changes_programme', 'quota_changes_batch']));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const name of ['quota_changes', 'reallocations', 'reallocation_moves'])
      expect((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql, name).toMatch(/STRICT$/);
    expect((db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'quota_changes'").get() as { sql: string }).sql).not.toContain(
      'quota_changes_new',
    );
    // A move needs places and two different cells.
    db.prepare(
      `INSERT INTO reallocations (id, programme_id, batch, at, operator, reason, kind) VALUES (1, 1, 'c', ?, 'x', '调剂', 'manual')`,
    ).run(T);
    const move = db.prepare(
      `INSERT INTO reallocation_moves (reallocation_id, seq, from_session_id, from_region, to_session_id, to_region, places, reason) VALUES (1, ?, 1, ?, 1, ?, ?, '')`,
    );
    move.run(1, '110000', '330000', 1);
    expect(() => move.run(2, '110000', '110000', 1)).toThrow(/CHECK/);
    expect(() => move.run(3, '110000', '330000', 0)).toThrow(/CHECK/);
  });
});
