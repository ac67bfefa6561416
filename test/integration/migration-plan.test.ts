/** Migration 3 (the annual plan) on a real file: upgrading a version-2 ledger keeps its data. */
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
async function openDb(f: string, targetVersion?: number) {
  const db = await openDatabase({ file: f, targetVersion });
  open.push(db);
  return db;
}

describe('migration 3: sessions, quotas, history, contacts', () => {
  it('upgrades a version-2 file with a programme and a session, keeping them, after a backup', async () => {
    const d = tempDir('ledger-mig3-');
    dirs.push(d);
    const f = path.join(d, 'ledger.db');
    const v2 = await openDb(f, 2);
    const t = '2025-01-01T00:00:00Z';
    v2.prepare(`INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, '领军人才培训', ?, ?)`).run(t, t);
    v2.prepare(`INSERT INTO sessions (id, programme_id, number, start_date, capacity) VALUES (1, 1, 1, '2025-06-16', 100)`).run();
    v2.close();

    const db = await openDb(f, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(listBackups(defaultBackupDir(f)).map((b) => b.reason)).toContain('before-migration-3');
    expect(db.prepare('SELECT number, institution, capacity FROM sessions').get()).toEqual({ number: 1, institution: '', capacity: 100 });
    expect(db.prepare('SELECT quota_state, copied_from FROM programmes').get()).toEqual({ quota_state: 'final', copied_from: null });
    for (const name of ['session_slots', 'quotas', 'quota_changes', 'region_contacts'])
      expect((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql, name).toMatch(/STRICT$/);
  });

  it('the schema itself refuses impossible quotas, foreign sessions and unknown roles', async () => {
    const d = tempDir('ledger-mig3-');
    dirs.push(d);
    const db = await openDb(path.join(d, 'ledger.db'));
    const t = '2025-01-01T00:00:00Z';
    db.prepare(`INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, 'A', ?, ?), (2, 2025, 'B', ?, ?)`).run(
      t,
      t,
      t,
      t,
    );
    db.prepare(`INSERT INTO sessions (id, programme_id, number) VALUES (1, 1, 1), (2, 2, 1)`).run();
    const quota = db.prepare(
      `INSERT INTO quotas (programme_id, session_id, region_code, places, min, max, updated_at) VALUES (?, ?, '330000', ?, ?, ?, '${t}')`,
    );
    expect(() => quota.run(1, 1, -1, null, null)).toThrow(/CHECK/);
    expect(() => quota.run(1, 1, 2, 3, null)).toThrow(/CHECK/); // below its minimum
    expect(() => quota.run(1, 1, 9, null, 8)).toThrow(/CHECK/); // above its maximum
    expect(() => quota.run(1, 1, 5, 6, 4)).toThrow(/CHECK/); // min above max
    expect(() => quota.run(1, 2, 5, null, null)).toThrow(/does not belong/);
    quota.run(1, 1, 5, 2, 8);
    expect(() => quota.run(1, 1, 6, null, null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.prepare(`INSERT INTO region_contacts (programme_id, region_code, role, updated_at) VALUES (1, '330000', 'boss', ?)`).run(t),
    ).toThrow(/CHECK/);
    const slot = db.prepare(`INSERT INTO session_slots (session_id, seq, date, part, start_time) VALUES (1, ?, ?, ?, ?)`);
    slot.run(1, '2025-06-16', '上午', '08:30');
    expect(() => slot.run(2, '2025-06-16', '中午', '12:00')).toThrow(/CHECK/);
    expect(() => slot.run(3, '2025-06-16', '下午', '08:30')).toThrow(/UNIQUE/);
  });
});
