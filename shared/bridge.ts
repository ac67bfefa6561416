/** What the preload script exposes as `window.ledgerBridge`, and nothing more. */
import type { MethodName } from './methodNames';
import type { ProgressEvent, Result } from './result';

export interface LedgerBridge {
  invoke: Record<MethodName, (input: unknown, jobId?: string) => Promise<Result<unknown>>>;
  onProgress(listener: (e: ProgressEvent) => void): () => void;
}

export const BRIDGE_KEY = 'ledgerBridge';
export const IPC_PREFIX = 'ledger:';
export const IPC_PROGRESS = 'ledger:progress';
