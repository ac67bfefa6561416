/**
 * What every service needs: the database, where backups go, and the one way to write — a
 * transaction that also records an audit row, so no mutation is ever unaccounted for.
 */
import { prepared } from '../db/statements';
import type { Db } from '../db/connection';
import type { MethodName } from '../../shared/methodNames';
import type { ProgressEvent } from '../../shared/result';

export interface ServiceContext {
  db: Db;
  dbPath: string;
  backupDir: string;
  runtime: 'electron' | 'node';
  version: string;
}

/** Per call: cancellation and progress for long work. */
export interface CallContext {
  signal: AbortSignal;
  progress(done: number, total: number | null, message: string): void;
}

export const noCall: CallContext = { signal: new AbortController().signal, progress() {} };

export function callContext(jobId: string, signal: AbortSignal, emit?: (e: ProgressEvent) => void): CallContext {
  return { signal, progress: (done, total, message) => emit?.({ jobId, done, total, message }) };
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function readSetting(db: Db, key: string, fallback: string): string {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? fallback;
}

export const DEFAULT_OPERATOR = '未署名操作员';

/**
 * Runs `fn` in one immediate transaction and writes the audit row in the same transaction.
 * better-sqlite3 is synchronous, so `fn` cannot await: async work (file reading) happens before.
 */
export function writeTx<T>(
  db: Db,
  method: MethodName | string,
  fn: () => T,
  summary: (result: T) => string,
  details?: (result: T) => unknown,
): T {
  return db
    .transaction(() => {
      const result = fn();
      prepared(db, 'INSERT INTO audit_log (at, operator, method, summary, details) VALUES (?, ?, ?, ?, ?)').run(
        nowIso(),
        readSetting(db, 'operatorName', DEFAULT_OPERATOR),
        method,
        summary(result),
        details ? JSON.stringify(details(result) ?? null) : null,
      );
      return result;
    })
    .immediate();
}
