/**
 * Private temporary folders (uploads from the browser harness, exports waiting to be downloaded).
 * They can hold personal data, so each is readable by the user only, removed when its process
 * exits, and swept at the next start when a killed process could not remove its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from './db/privateFiles';

const PREFIX = 'ledger-tmp-';
const OWNER = '.owner-pid';
const mine = new Set<string>();
let exitHookInstalled = false;

function removeAll(): void {
  for (const dir of mine) fs.rmSync(dir, { recursive: true, force: true });
  mine.clear();
}

/** A new folder under the system temp folder, 0700, marked with this process's id. */
export function makePrivateTempDir(kind: string, root = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(root, `${PREFIX}${kind}-`));
  fs.chmodSync(dir, 0o700);
  fs.writeFileSync(path.join(dir, OWNER), String(process.pid), { mode: 0o600 });
  mine.add(dir);
  if (!exitHookInstalled) {
    process.once('exit', removeAll);
    exitHookInstalled = true;
  }
  return dir;
}

export function removePrivateTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  mine.delete(dir);
}

/** Removes folders left by processes that no longer run (kill -9, power cut). Returns how many. */
export function sweepStaleTempDirs(root = os.tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(root, name);
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(dir, OWNER), 'utf8'));
    } catch {
      // No owner file: killed between mkdtemp and writing it.
    }
    if (owner === process.pid || processAlive(owner)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
