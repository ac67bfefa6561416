/** What the preload script exposes as `window.ledgerBridge`, and nothing more. */
import type { MethodName } from './methodNames';
import type { EngineNotice, ProgressEvent, Result } from './result';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface LedgerBridge {
  invoke: Record<MethodName, (input: unknown, jobId?: string) => Promise<Result<unknown>>>;
  onProgress(listener: (e: ProgressEvent) => void): () => void;
  /** The engine restarted (or could not): told outside any call. */
  onNotice(listener: (n: EngineNotice) => void): () => void;
  /** Files cross by path: the main process shows the native dialogs; a dropped file's path comes from webUtils. */
  files: {
    /** A DOM File (shared/ has no DOM types): its path on disk, from Electron's webUtils. */
    pathOf(file: object): string;
    chooseOpen(opts: { title: string; filters: FileFilter[] }): Promise<string | null>;
    chooseSave(opts: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
    chooseFolder(opts: { title: string }): Promise<string | null>;
    showInFolder(path: string): Promise<void>;
  };
  /** The evaluation kiosk (issue 10 §2b): full screen, no closing. Optional: the browser harness has none. */
  window?: { setKiosk(on: boolean): Promise<void> };
}

export const BRIDGE_KEY = 'ledgerBridge';
export const IPC_PREFIX = 'ledger:';
export const IPC_PROGRESS = 'ledger:progress';
export const IPC_NOTICE = 'ledger:notice';
export const IPC_FILES = {
  open: 'ledger-files:open',
  save: 'ledger-files:save',
  folder: 'ledger-files:folder',
  show: 'ledger-files:show',
} as const;
export const IPC_WINDOW_KIOSK = 'ledger-window:kiosk';
