/** Opens the store and builds the services and the dispatcher: the same for window, browser and CLI. */
import path from 'node:path';
import { defaultBackupDir, openDatabase, type Db } from './db/connection';
import { createDispatcher, type Dispatcher } from './ipc/dispatcher';
import { createServices } from './services';
import type { ServiceContext } from './services/context';
import pkg from '../package.json';

export interface Backend {
  db: Db;
  ctx: ServiceContext;
  dispatcher: Dispatcher;
  close(): void;
}

export interface BackendOptions {
  dbPath: string;
  runtime: 'electron' | 'node';
  nativeBinding?: string;
}

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const dbPath = path.resolve(opts.dbPath);
  const backupDir = defaultBackupDir(dbPath);
  const db = await openDatabase({ file: dbPath, backupDir, nativeBinding: opts.nativeBinding });
  const ctx: ServiceContext = { db, dbPath, backupDir, runtime: opts.runtime, version: pkg.version };
  return {
    db,
    ctx,
    dispatcher: createDispatcher(createServices(ctx)),
    close() {
      if (db.open) db.close();
    },
  };
}
