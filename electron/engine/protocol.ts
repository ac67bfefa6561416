/** Messages between the engine host (main thread) and the engine worker, both directions. */
import type { AppErrorShape, ProgressEvent, Result } from '../../shared/result';
import type { BackendOptions } from '../backend';

export type WorkerInit = BackendOptions;

export type ToWorker = { type: 'call'; callId: number; method: string; input: unknown; jobId?: string } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; dbPath: string }
  | { type: 'failed'; error: AppErrorShape }
  | { type: 'result'; callId: number; result: Result<unknown> }
  | { type: 'progress'; event: ProgressEvent }
  /** A mutation's transaction committed: if the worker dies before answering, the data is saved. */
  | { type: 'committed'; callId: number }
  | { type: 'closed' };
