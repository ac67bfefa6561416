/**
 * The better-sqlite3 binary built for Electron's ABI (scripts/electron-native.mjs), kept apart from
 * node_modules' copy, which is built for Node and serves the tests and the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';

export function nativeBindingPath(app: App): string | undefined {
  if (app.isPackaged) return path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  const dev = path.join(app.getAppPath(), '.cache', 'electron-native', `${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (!fs.existsSync(dev)) throw new Error(`缺少为 Electron 编译的 better-sqlite3：${dev}。请运行 node scripts/electron-native.mjs。`);
  return dev;
}
