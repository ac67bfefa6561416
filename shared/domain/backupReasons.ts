/**
 * Why a backup was taken. The reason is part of the backup's file name (ledger-<time>-<reason>.db,
 * see electron/db/backup.ts); 数据与备份 shows it in Chinese.
 */
export const BACKUP_REASON_LABELS: Readonly<Record<string, string>> = {
  manual: '手动',
  'before-import': '导入前',
  'before-restore': '恢复前',
};

/** before-migration-<the version being upgraded to> */
const MIGRATION = /^before-migration-\d+$/;
/** A second backup in the same millisecond gets "-1", "-2"… after its reason. */
const REPEAT = /-\d+$/;

export function backupReasonLabel(reason: string): string {
  for (const r of [reason, reason.replace(REPEAT, '')]) {
    if (Object.hasOwn(BACKUP_REASON_LABELS, r)) return BACKUP_REASON_LABELS[r];
    if (MIGRATION.test(r)) return '升级数据版本前';
  }
  // A reason typed by hand (backups.create takes one): shown as written.
  return reason;
}
