/** App information, regions, backups and the audit trail. */
import { REGIONS } from '../../shared/regions';
import type { AuditEntry } from '../../shared/domain/types';
import { backupDatabase, listBackups } from '../db/backup';
import { schemaVersion } from '../db/connection';
import { writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';

export function systemHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'app.info' | 'regions.list' | 'backups.list' | 'backups.create' | 'audit.list'> {
  const { db } = ctx;
  return {
    'app.info': () => ({ version: ctx.version, dbPath: ctx.dbPath, schemaVersion: schemaVersion(db), runtime: ctx.runtime }),
    'regions.list': () => [...REGIONS],
    'backups.list': () => listBackups(ctx.backupDir),
    'backups.create': async ({ reason }) => {
      const info = await backupDatabase(db, ctx.backupDir, reason);
      writeTx(
        db,
        'backups.create',
        () => info,
        (b) => `手动备份：${b.file}`,
      );
      return info;
    },
    'audit.list': ({ limit }) =>
      db.prepare('SELECT id, at, operator, method, summary FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as AuditEntry[],
  };
}
