/**
 * Opens the store and builds the services and the dispatcher: the same for the engine worker
 * (window, browser harness) and the CLI. Two connections to one WAL file: writes go one at a time
 * through the write connection; queries use a read-only connection, so they answer from the last
 * committed state even while a long import transaction is open.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultBackupDir, openDatabase, type Db } from './db/connection';
import { createDispatcher, type Dispatcher } from './ipc/dispatcher';
import { createServices } from './services';
import type { ServiceContext } from './services/context';
import { makePrivateTempDir } from './tempFiles';
import pkg from '../package.json';

export interface Backend {
  /** The write connection. */
  db: Db;
  readDb: Db;
  ctx: ServiceContext;
  dispatcher: Dispatcher;
  close(): void;
}

export interface BackendOptions {
  dbPath: string;
  runtime: 'electron' | 'node';
  nativeBinding?: string;
  /** Where exports without a path go; a private temp folder by default. */
  outboxDir?: string;
}

function openReadConnection(file: string, nativeBinding?: string): Db {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // A guarantee, not a habit: this connection cannot write even by mistake.
  db.pragma('query_only = ON');
  return db;
}

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const dbPath = path.resolve(opts.dbPath);
  const backupDir = defaultBackupDir(dbPath);
  const db = await openDatabase({ file: dbPath, backupDir, nativeBinding: opts.nativeBinding });
  let readDb: Db;
  try {
    readDb = openReadConnection(dbPath, opts.nativeBinding);
  } catch (e) {
    db.close();
    throw e;
  }
  const ctx: ServiceContext = {
    db,
    dbPath,
    backupDir,
    outboxDir: opts.outboxDir ?? makePrivateTempDir('outbox'),
    runtime: opts.runtime,
    version: pkg.version,
    nativeBinding: opts.nativeBinding,
  };
  return {
    db,
    readDb,
    ctx,
    dispatcher: createDispatcher(createServices(ctx), createServices({ ...ctx, db: readDb })),
    close() {
      if (readDb.open) readDb.close();
      if (db.open) db.close();
    },
  };
}
