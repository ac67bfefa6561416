/** Migration 4 (rosters, attendance, completion) on a real file: upgrading a version-3 ledger keeps its data. */
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
async function fresh(targetVersion?: number) {
  const d = tempDir('ledger-mig4-');
  dirs.push(d);
  const f = path.join(d, 'ledger.db');
  const db = await openDatabase({ file: f, targetVersion });
  open.push(db);
  return { db, f };
}

const T = '2025-01-01T00:00:00Z';
/** A programme, a session with two slots and one approved registration (id 1). */
function seed(db: Db) {
  db.prepare(`INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, '领军人才培训', ?, ?)`).run(T, T);
  db.prepare(`INSERT INTO sessions (id, programme_id, number, start_date, end_date) VALUES (1, 1, 1, '2025-07-21', '2025-07-24')`).run();
  db.prepare(
    `INSERT INTO session_slots (id, session_id, seq, date, part, start_time) VALUES (1, 1, 1, '2025-07-21', '上午', '08:30'), (2, 1, 2, '2025-07-21', '下午', '14:00')`,
  ).run();
  db.prepare(`INSERT INTO trainees (id, id_number, name, created_at, updated_at) VALUES (1, '110101199003077777', '张三', ?, ?)`).run(T, T);
  db.prepare(
    `INSERT INTO enterprises (id, credit_code, name, created_at, updated_at) VALUES (1, '91110000100000000A', '甲公司', ?, ?)`,
  ).run(T, T);
  db.prepare(
    `INSERT INTO registrations (id, programme_id, session_id, region_code, trainee_id, enterprise_id, status, created_at, updated_at)
     VALUES (1, 1, 1, '110000', 1, 1, 'approved', ?, ?)`,
  ).run(T, T);
}

describe('migration 4: rosters, attendance, leave, completion', () => {
  it('upgrades a version-3 file with a session and its slots, keeping them, after a backup; all new tables STRICT', async () => {
    const { db: v3, f } = await fresh(3);
    seed(v3);
    v3.close();
    const db = await openDatabase({ file: f, targetVersion: 4 });
    open.push(db);
    expect(schemaVersion(db)).toBe(4);
    expect(listBackups(defaultBackupDir(f)).map((b) => b.reason)).toContain('before-migration-4');
    expect(db.prepare('SELECT count(*) AS n FROM session_slots').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT status FROM registrations WHERE id = 1').get()).toEqual({ status: 'approved' });
    for (const name of ['roster_entries', 'attendance_marks', 'leave_requests', 'leave_slots', 'completion_rules', 'completion_overrides'])
      expect((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql, name).toMatch(/STRICT$/);
  });

  it('the rule row takes the issue defaults', async () => {
    const { db } = await fresh();
    seed(db);
    db.prepare(`INSERT INTO completion_rules (programme_id, updated_at, updated_by) VALUES (1, ?, 'x')`).run(T);
    expect(db.prepare('SELECT * FROM completion_rules').get()).toMatchObject({
      min_attendance: 0.875,
      max_leave: 1,
      max_absent: 0,
      max_late: 2,
      max_left_early: 1,
    });
  });

  it('the schema refuses unknown statuses, minutes on a present mark, duplicate seats and two leaders in a group', async () => {
    const { db } = await fresh();
    seed(db);
    const mark = db.prepare(
      `INSERT INTO attendance_marks (batch, registration_id, slot_id, status, minutes, effective_at, entered_at, entered_by, source)
       VALUES ('b', 1, ?, ?, ?, ?, '${T}', 'x', 'checkin')`,
    );
    expect(() => mark.run(1, '出勤', null, '2025-07-21 08:20')).not.toThrow();
    expect(() => mark.run(1, '迟到', 12, '2025-07-21 08:42')).not.toThrow();
    expect(() => mark.run(1, 'present', null, '2025-07-21 08:20')).toThrow(/CHECK/);
    expect(() => mark.run(1, '出勤', 3, '2025-07-21 08:20')).toThrow(/CHECK/);
    expect(() => mark.run(1, '出勤', null, '2025/7/21 8:20')).toThrow(/CHECK/);
    expect(() => mark.run(99, '出勤', null, '2025-07-21 08:20')).toThrow(/FOREIGN KEY/);
    // A slot with marks cannot vanish with them.
    expect(() => db.prepare('DELETE FROM session_slots WHERE id = 1').run()).toThrow(/FOREIGN KEY/);

    db.prepare(`INSERT INTO trainees (id, id_number, name, created_at, updated_at) VALUES (2, '110101199003078888', '李四', ?, ?)`).run(
      T,
      T,
    );
    db.prepare(
      `INSERT INTO enterprises (id, credit_code, name, created_at, updated_at) VALUES (2, '91110000100000001B', '乙公司', ?, ?)`,
    ).run(T, T);
    db.prepare(
      `INSERT INTO registrations (id, programme_id, session_id, region_code, trainee_id, enterprise_id, status, created_at, updated_at)
       VALUES (2, 1, 1, '120000', 2, 2, 'approved', ?, ?)`,
    ).run(T, T);
    const entry = db.prepare(
      `INSERT INTO roster_entries (registration_id, session_id, group_no, is_leader, seat_no, updated_at) VALUES (?, 1, ?, ?, ?, '${T}')`,
    );
    entry.run(1, 1, 1, 1);
    expect(() => entry.run(2, 1, 0, 1)).toThrow(/UNIQUE/); // seat 1 taken
    expect(() => entry.run(2, 1, 1, 2)).toThrow(/UNIQUE/); // group 1 has its leader
    expect(() => entry.run(2, null, 1, 2)).toThrow(/CHECK/); // a leader without a group
    expect(() =>
      db.prepare(`INSERT INTO completion_rules (programme_id, min_attendance, updated_at, updated_by) VALUES (1, 1.5, ?, 'x')`).run(T),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(`INSERT INTO completion_overrides (registration_id, completed, reason, decided_at, decided_by) VALUES (1, 1, '', ?, 'x')`)
        .run(T),
    ).toThrow(/CHECK/);
  });
});
