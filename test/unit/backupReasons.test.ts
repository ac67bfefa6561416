import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupReasonLabel } from '../../shared/domain/backupReasons';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('backup reasons in Chinese', () => {
  it('names the reasons the program writes, with or without a same-millisecond suffix', () => {
    expect(backupReasonLabel('before-import')).toBe('导入前');
    expect(backupReasonLabel('before-import-2')).toBe('导入前');
    expect(backupReasonLabel('manual')).toBe('手动');
    expect(backupReasonLabel('before-restore')).toBe('恢复前');
    expect(backupReasonLabel('before-migration-3')).toBe('升级数据版本前');
    expect(backupReasonLabel('before-migration-12-1')).toBe('升级数据版本前');
  });

  it('shows a reason typed by hand as written, whatever it looks like', () => {
    expect(backupReasonLabel('年底归档')).toBe('年底归档');
    expect(backupReasonLabel('q4-2025')).toBe('q4-2025');
    expect(backupReasonLabel('constructor')).toBe('constructor');
  });

  it('every reason the services pass to backupDatabase has a Chinese label', () => {
    const written = new Set<string>();
    for (const file of sourceFiles(path.resolve('electron'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/backupDatabase\([^)]*?['`]([\w-]+?)(?:\$\{[^}]*\})?['`]\s*\)/g)) written.add(m[1]);
    }
    expect([...written].sort()).toEqual(expect.arrayContaining(['before-import', 'before-restore']));
    for (const reason of written) {
      const sample = reason.endsWith('-') ? `${reason}7` : reason;
      expect(backupReasonLabel(sample), `${reason} 缺少中文名称`).not.toBe(sample);
    }
  });
});
