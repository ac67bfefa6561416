/**
 * The engine worker: owns the database connections and runs the services, off the thread that
 * drives the window. It answers contract calls from the host over its MessagePort; long writes
 * yield between slices, so queries, progress and cancel keep flowing while they run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { contract } from '../../shared/contract';
import { isMethodName } from '../../shared/methodNames';
import { AppError } from '../../shared/result';
import { openBackend, type Backend } from '../backend';
import { onCommit } from '../services/context';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

/** Mutations run one at a time (the dispatcher queues them): the one running now, if any. */
let running: number | null = null;
onCommit(() => {
  if (running !== null) post({ type: 'committed', callId: running });
});

async function main(): Promise<void> {
  let backend: Backend;
  try {
    backend = await openBackend(workerData as WorkerInit);
  } catch (e) {
    const err = e instanceof AppError ? e : new AppError('DB_UNAVAILABLE', (e as Error).message);
    post({ type: 'failed', error: err.toJSON() });
    return;
  }
  port.on('message', (m: ToWorker) => {
    if (m.type === 'close') {
      backend.close();
      post({ type: 'closed' });
      port.close();
      return;
    }
    const mutation = isMethodName(m.method) && contract[m.method].kind === 'mutation';
    void (async () => {
      const result = await backend.dispatcher.dispatch(m.method, m.input, {
        jobId: m.jobId,
        onProgress: (event) => post({ type: 'progress', event }),
        // The dispatcher calls this when the mutation actually starts (after the ones before it).
        onStart: mutation ? () => (running = m.callId) : undefined,
      });
      if (running === m.callId) running = null;
      post({ type: 'result', callId: m.callId, result });
    })();
  });
  post({ type: 'ready', dbPath: backend.ctx.dbPath });
}

void main();
