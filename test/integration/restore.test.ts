/**
 * Restoring a backup while the app runs: the current data is backed up first, both connections see
 * the restored data at once, the restore is audited, and a damaged or unknown backup changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/db/backup';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
beforeAll(async () => {
  b = await makeBackend({ demo: 12 });
});
afterAll(() => b.cleanup());

describe('backups.restore', () => {
  it('brings back the backed-up data, after backing up the current data, and says so in the audit log', async () => {
    const backup = await b.call('backups.create', { reason: 'manual' });
    const added = await b.call('registrations.create', {
      ...registrationInput(1),
      trainee: { ...registrationInput(1).trainee, idNumber: '11010519491231002X', gender: '女', name: '恢复后不在' },
    });
    expect((await b.call('registrations.list', { programmeId: 1, limit: 1 })).total).toBe(13);

    const r = await b.call('backups.restore', { file: backup.file });
    expect(r.restoredFrom.file).toBe(backup.file);
    expect(r.safetyBackup.reason).toBe('before-restore');
    expect(listBackups(b.ctx.backupDir).map((x) => x.file)).toContain(r.safetyBackup.file);
    // Queries run on the read-only connection: it sees the restored file at once.
    expect((await b.call('registrations.list', { programmeId: 1, limit: 1 })).total).toBe(12);
    await expect(b.call('registrations.get', { id: added.id })).rejects.toThrow();
    expect((await b.call('audit.list', { limit: 1 }))[0]).toMatchObject({ method: 'backups.restore' });
    expect(b.db.pragma('quick_check', { simple: true })).toBe('ok');

    // And back again: the safety backup holds what was there before the restore.
    await b.call('backups.restore', { file: r.safetyBackup.file });
    expect((await b.call('registrations.get', { id: added.id })).trainee.name).toBe('恢复后不在');
  });

  it('refuses an unknown name or a damaged backup, and changes nothing', async () => {
    const before = snapshot(b);
    const damaged = 'ledger-20250101-000000-000-manual.db';
    fs.writeFileSync(path.join(b.ctx.backupDir, damaged), Buffer.alloc(8192, 7));
    const count = listBackups(b.ctx.backupDir).length;
    for (const file of ['ledger-20000101-000000-000-nope.db', damaged]) {
      const r = await b.dispatcher.dispatch('backups.restore', { file });
      expect(r.ok, file).toBe(false);
      if (!r.ok) expect(r.error.message, file).toMatch(/备份/);
    }
    expect(snapshot(b)).toBe(before);
    // No safety backup was taken for a refused restore.
    expect(listBackups(b.ctx.backupDir).length).toBe(count);
  });
});
