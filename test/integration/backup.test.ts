import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, listBackups } from '../../electron/db/backup';
import { makeBackend, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
afterEach(() => b?.cleanup());

describe('online backups', () => {
  it('copies a consistent database, newest first, and rotates old ones away', async () => {
    b = await makeBackend({ demo: 40 });
    const dir = `${b.dir}/bk`;
    for (let i = 0; i < 5; i++) await backupDatabase(b.db, dir, `test-${i}`, 3);
    const list = listBackups(dir);
    expect(list.map((x) => x.reason)).toEqual(['test-4', 'test-3', 'test-2']);
    expect(fs.readdirSync(dir)).toHaveLength(3);
    const copy = new Database(list[0].path, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM registrations').get()).toEqual({ n: 40 });
    copy.close();
  });

  it('backups.create through the dispatcher writes an audit row', async () => {
    b = await makeBackend();
    const info = await b.call('backups.create', { reason: '导入前' });
    expect(info.reason).toBe('导入前');
    expect(fs.existsSync(info.path)).toBe(true);
    const audit = await b.call('audit.list', {});
    expect(audit[0]).toMatchObject({ method: 'backups.create' });
    expect((await b.call('backups.list', {})).map((x) => x.file)).toContain(info.file);
  });
});
