/**
 * What every service needs: the database, where backups go, and the one way to write — a
 * transaction that also records an audit row, so no mutation is ever unaccounted for.
 */
import { prepared } from '../db/statements';
import { createPace, type Pace } from '../io/pace';
import type { Db } from '../db/connection';
import type { MethodName } from '../../shared/methodNames';
import { AppError, type ProgressEvent } from '../../shared/result';

export interface ServiceContext {
  /** Writes go to the engine's one write connection; queries get a context whose `db` only reads. */
  db: Db;
  dbPath: string;
  backupDir: string;
  /** The services' private folder for exports nobody gave a path for (browser downloads). */
  outboxDir: string;
  runtime: 'electron' | 'node';
  version: string;
  /** The better-sqlite3 binary for this runtime, to open a backup file (restore). */
  nativeBinding?: string;
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

/**
 * Told after every committed write: the engine worker reports it, so when the worker dies the
 * window can say truthfully whether an interrupted operation was saved.
 */
let commitListener: (() => void) | null = null;
export function onCommit(listener: (() => void) | null): void {
  commitListener = listener;
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
  const result = db
    .transaction(() => {
      const result = fn();
      audit(db, method, summary(result), details ? details(result) : undefined);
      return result;
    })
    .immediate();
  if (!db.inTransaction) commitListener?.();
  return result;
}

function audit(db: Db, method: string, summary: string, details: unknown): void {
  prepared(db, 'INSERT INTO audit_log (at, operator, method, summary, details) VALUES (?, ?, ?, ?, ?)').run(
    nowIso(),
    readSetting(db, 'operatorName', DEFAULT_OPERATOR),
    method,
    summary,
    details === undefined ? null : JSON.stringify(details ?? null),
  );
}

export interface LongTx {
  /** Call per row: every few ms it yields to the event loop (undefined otherwise) and throws if cancelled. */
  pace: Pace;
}

/**
 * One transaction for a long write (an import of 50,000 rows) that does not freeze its thread:
 * the work runs in slices, and between slices the engine answers reads (from its read connection,
 * which sees only committed data), sends progress and hears `jobs.cancel`, which rolls everything
 * back. Safe only because the dispatcher runs writes one at a time: nothing else can use the
 * write connection while this transaction is open.
 */
export async function longWriteTx<T>(
  db: Db,
  call: CallContext,
  method: MethodName | string,
  work: (tx: LongTx) => Promise<T>,
  summary: (result: T) => string,
  details?: (result: T) => unknown,
): Promise<T> {
  const cancelled = () => new AppError('CANCELLED', '已取消，数据未作改动。');
  if (call.signal.aborted) throw cancelled();
  const tx: LongTx = { pace: createPace(call.signal, '已取消，数据未作改动。') };
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work(tx);
    if (call.signal.aborted) throw cancelled();
    audit(db, method, summary(result), details ? details(result) : undefined);
    db.exec('COMMIT');
    commitListener?.();
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
