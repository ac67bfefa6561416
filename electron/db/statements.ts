import type Database from 'better-sqlite3';

/**
 * Prepared statements, compiled once per connection: preparing costs more than running a small
 * statement, and the import runs the same few statements 50,000 times (measured: prepare was a
 * quarter of the import's time).
 */
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}
