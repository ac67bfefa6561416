/**
 * Where the app keeps its data, computed the way Electron's app.getPath('userData') does, so the
 * CLI and the window open the same file without Electron being loaded.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = '培训台账';
export const DB_FILE_NAME = 'ledger.db';

export function appDataDir(): string {
  if (process.platform === 'win32') return process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support');
  return process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
}

export function defaultDbPath(): string {
  return path.join(appDataDir(), PRODUCT_NAME, DB_FILE_NAME);
}
