/** Migration 5 (certificates) on a real file: upgrading a version-4 ledger keeps its data; the register's rules hold in the schema. */
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
function seed(db: Db) {
  db.prepare(`INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, '领军人才培训', ?, ?)`).run(T, T);
  db.prepare(`INSERT INTO sessions (id, programme_id, number, start_date, end_date) VALUES (1, 1, 1, '2025-06-23', '2025-06-26')`).run();
  db.prepare(`INSERT INTO trainees (id, id_number, name, created_at, updated_at) VALUES (1, '110101199003077777', '王喆', ?, ?)`).run(T, T);
  db.prepare(
    `INSERT INTO enterprises (id, credit_code, name, created_at, updated_at) VALUES (1, '91110000100000000A', '甲公司', ?, ?)`,
  ).run(T, T);
  db.prepare(
    `INSERT INTO registrations (id, programme_id, session_id, region_code, trainee_id, enterprise_id, status, created_at, updated_at)
     VALUES (1, 1, 1, '110000', 1, 1, 'approved', ?, ?)`,
  ).run(T, T);
  db.prepare(
    `INSERT INTO completion_overrides (registration_id, completed, reason, decided_at, decided_by) VALUES (1, 1, '合格', ?, 'x')`,
  ).run(T);
}

describe('migration 5: certificates', () => {
  it('upgrades a version-4 file after a backup, keeping its data; new tables STRICT; the register refuses edits of identity and deletes', async () => {
    const d = tempDir('ledger-mig5-');
    dirs.push(d);
    const f = path.join(d, 'ledger.db');
    const v4 = await openDatabase({ file: f, targetVersion: 4 });
    seed(v4);
    v4.close();
    const db = await openDatabase({ file: f, targetVersion: 5 });
    open.push(db);
    expect(schemaVersion(db)).toBe(5);
    expect(listBackups(defaultBackupDir(f)).map((b) => b.reason)).toContain('before-migration-5');
    expect(db.prepare('SELECT completed FROM completion_overrides WHERE registration_id = 1').get()).toEqual({ completed: 1 });
    for (const name of ['certificate_settings', 'certificate_counters', 'certificates', 'certificate_events', 'printer_offsets'])
      expect((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql, name).toMatch(/STRICT$/);

    const insert = db.prepare(
      `INSERT INTO certificates (number, programme_id, session_id, registration_id, name, session_number, issue_date, statement, key_fingerprint, issued_at, issued_by)
       VALUES (?, 1, 1, 1, '王喆', 1, '2025-06-26', 'ZS1:x', 'FP', ?, 'x')`,
    );
    insert.run('LJ2025-01-001', T);
    // One certificate per registration, one registration per number.
    expect(() => insert.run('LJ2025-01-002', T)).toThrow(/UNIQUE/);
    expect(() => db.prepare(`UPDATE certificates SET number = 'X' WHERE id = 1`).run()).toThrow(/fixed/);
    expect(() => db.prepare(`DELETE FROM certificates`).run()).toThrow(/never deleted/);
    // Revoked needs its time; a reissue or revoke event needs a reason.
    expect(() => db.prepare(`UPDATE certificates SET status = 'revoked' WHERE id = 1`).run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO certificate_events (certificate_id, kind, reason, at, by) VALUES (1, 'revoke', '', ?, 'x')`).run(T),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO certificate_settings (programme_id, pattern, updated_at, updated_by) VALUES (1, 'LJ-01', ?, 'x')`).run(T),
    ).toThrow(/CHECK/);
  });
});
