/**
 * Long loops in the engine (export writers, the import commit) hand the thread back every few
 * milliseconds, so the worker keeps answering reads and hears `jobs.cancel`; a cancelled job
 * stops at the next slice.
 */
import { AppError } from '../../shared/result';

export const SLICE_MS = 25;

export type Pace = () => Promise<void> | undefined;

/** `const p = pace(); if (p) await p;` per item: cheap when the slice is not over yet. */
export function createPace(signal?: AbortSignal, message = '已取消，未生成文件。'): Pace {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        sliceStart = performance.now();
        if (signal?.aborted) reject(new AppError('CANCELLED', message));
        else resolve();
      }),
    );
  };
}
