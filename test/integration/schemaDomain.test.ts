/**
 * Migrations are history and never change, so the domain's lists must agree with what they wrote:
 * the partial unique indexes that hold the one-place rule list exactly ACTIVE_STATUSES, and the
 * services' SQL names them the same way, so SQLite can use those indexes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVE_STATUS_SQL } from '../../electron/db/activeStatusSql';
import { openDatabase, type Db } from '../../electron/db/connection';
import { ACTIVE_STATUSES, REGISTRATION_STATUSES } from '../../shared/domain/types';
import { tempDir } from '../fixtures/backend';

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = tempDir('ledger-schema-');
  db = await openDatabase({ file: path.join(dir, 'ledger.db') });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `('a', 'b')` → ['a', 'b'] */
const sqlList = (text: string) => [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]);

describe('the schema and the domain agree', () => {
  it('the one-place indexes hold exactly the active statuses, written as the services write them', () => {
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name LIKE 'registrations_one_per_%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    expect(indexes.map((i) => i.name)).toEqual(['registrations_one_per_enterprise', 'registrations_one_per_trainee']);
    for (const i of indexes) {
      const where = /WHERE\s+status\s+IN\s+(\([^)]*\))\s*$/.exec(i.sql);
      expect(where, i.sql).not.toBeNull();
      expect(sqlList(where![1]), i.name).toEqual([...ACTIVE_STATUSES]);
      expect(where![1], i.name).toBe(ACTIVE_STATUS_SQL);
    }
  });

  it('a query with ACTIVE_STATUS_SQL uses the partial indexes (a reordered list would not)', () => {
    const plan = (status: string, column: string) =>
      (
        db
          .prepare(`EXPLAIN QUERY PLAN SELECT id FROM registrations WHERE programme_id = 1 AND ${column} = 2 AND status IN ${status}`)
          .all() as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' ');
    expect(plan(ACTIVE_STATUS_SQL, 'enterprise_id')).toContain('registrations_one_per_enterprise');
    expect(plan(ACTIVE_STATUS_SQL, 'trainee_id')).toContain('registrations_one_per_trainee');
    const reordered = `(${[...ACTIVE_STATUSES]
      .reverse()
      .map((s) => `'${s}'`)
      .join(', ')})`;
    expect(plan(reordered, 'enterprise_id')).not.toContain('registrations_one_per_enterprise');
  });

  it('the status column accepts exactly REGISTRATION_STATUSES', () => {
    const { sql } = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'registrations'").get() as { sql: string };
    const check = /status TEXT NOT NULL DEFAULT 'submitted'\s+CHECK \(status IN (\([^)]*\))\)/.exec(sql);
    expect(check, sql).not.toBeNull();
    expect(sqlList(check![1]).sort()).toEqual([...REGISTRATION_STATUSES].sort());
  });
});
