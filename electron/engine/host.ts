/**
 * The engine host: runs the database and the services in a worker thread and speaks the same
 * Dispatcher interface as the in-process backend, so every transport (Electron IPC, loopback HTTP)
 * uses it unchanged. When the worker dies it is restarted; the calls it was running fail with a
 * message that says whether their data was saved, and listeners (the window) are told.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { contract } from '../../shared/contract';
import { isMethodName } from '../../shared/methodNames';
import { methodLabel } from '../../shared/methodLabels';
import { AppError, type EngineNotice, type ProgressEvent, type Result } from '../../shared/result';
import type { DispatchOptions, Dispatcher } from '../ipc/dispatcher';
import { removeLeftoverParts } from '../db/backup';
import { defaultBackupDir } from '../db/connection';
import { makePrivateTempDir, sweepStaleTempDirs } from '../tempFiles';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

export interface EngineHostOptions extends WorkerInit {
  /** The built worker script; found beside the bundle (out/main) or run from source with tsx. */
  workerFile?: string;
  /** A heap ceiling for the worker: a runaway file kills the worker, not the app. */
  maxHeapMb?: number;
}

export interface EngineHost extends Dispatcher {
  readonly dbPath: string;
  /** Where exports without a path are written (the browser harness downloads from here only). */
  readonly outboxDir: string;
  onNotice(listener: (n: EngineNotice) => void): () => void;
  /** Restarts so far (tests, the about box). */
  readonly restarts: number;
  /** The current worker: tests end it to prove the window survives. */
  readonly worker: Worker;
  close(): Promise<void>;
}

interface PendingCall {
  method: string;
  jobId?: string;
  onProgress?: (e: ProgressEvent) => void;
  resolve: (r: Result<unknown>) => void;
  committed: boolean;
}

function resolveWorker(given?: string): { script: string; eval: boolean } {
  if (given) return { script: given, eval: false };
  const built = path.join(__dirname, 'engineWorker.js');
  if (fs.existsSync(built)) return { script: built, eval: false };
  // Running from source (vitest, tsx, the CLI): load the TypeScript worker through tsx's require hook.
  const source = path.join(__dirname, 'worker.ts');
  return { script: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
}

/** Restarting more often than this means something is broken for good: stop and say so. */
const MAX_RESTARTS_PER_MINUTE = 3;

export async function startEngineHost(opts: EngineHostOptions): Promise<EngineHost> {
  const entry = resolveWorker(opts.workerFile);
  // Folders a killed run left behind (uploads, exports: personal data) go first; this process's
  // own outbox is made here, on the main thread, whose exit removes it.
  sweepStaleTempDirs();
  const outboxDir = opts.outboxDir ?? makePrivateTempDir('outbox');
  const init: WorkerInit = { dbPath: opts.dbPath, runtime: opts.runtime, nativeBinding: opts.nativeBinding, outboxDir };
  const calls = new Map<number, PendingCall>();
  const listeners = new Set<(n: EngineNotice) => void>();
  let nextId = 1;
  let restarts = 0;
  const recentCrashes: number[] = [];
  let closing = false;
  let broken: AppError | null = null;
  let worker!: Worker;
  let ready!: Promise<void>;

  function spawn(): Promise<void> {
    const w = new Worker(entry.script, {
      eval: entry.eval,
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 1536 },
    });
    worker = w;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          started = true;
          resolve();
        } else if (m.type === 'failed') {
          reject(new AppError(m.error.code, m.error.message, m.error.details));
        } else if (m.type === 'result') {
          const c = calls.get(m.callId);
          calls.delete(m.callId);
          c?.resolve(m.result);
        } else if (m.type === 'progress') {
          for (const c of calls.values()) if (c.jobId === m.event.jobId) c.onProgress?.(m.event);
        } else if (m.type === 'committed') {
          const c = calls.get(m.callId);
          if (c) c.committed = true;
        }
      });
      let lastError: NodeJS.ErrnoException | null = null;
      w.on('error', (e: NodeJS.ErrnoException) => {
        lastError = e;
        if (!started) reject(new AppError('DB_UNAVAILABLE', `后台数据服务无法启动：${e.message}`));
      });
      w.on('exit', (code) => {
        if (!started) return reject(new AppError('DB_UNAVAILABLE', `后台数据服务无法启动（退出码 ${code}）。`));
        if (worker === w && !closing) crashed(lastError?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '内存用尽' : `退出码 ${code}`);
      });
    });
  }

  function crashed(why: string): void {
    const lost = [...calls.values()];
    calls.clear();
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes.length && now - recentCrashes[0] > 60_000) recentCrashes.shift();
    const writes = lost.filter((c) => isMethodName(c.method) && contract[c.method].kind === 'mutation');
    const what = writes.length
      ? writes
          .map((c) =>
            c.committed
              ? `「${methodLabel(c.method)}」已经保存，但结果没能送回窗口，请刷新核对`
              : `「${methodLabel(c.method)}」被中断，事务没有提交，数据保持操作之前的样子，请重新操作`,
          )
          .join('；')
      : '没有正在写入的数据，什么也没有丢失';
    const message = `后台数据服务意外停止（${why}），已自动重新启动。${what}。`;
    for (const c of lost)
      c.resolve({
        ok: false,
        error: { code: 'ENGINE_RESTARTED', message, details: { method: c.method, saved: c.committed } },
      });
    if (recentCrashes.length > MAX_RESTARTS_PER_MINUTE) {
      broken = new AppError(
        'ENGINE_RESTARTED',
        '后台数据服务一分钟内反复停止，已不再自动重启。请保存工作后重新打开培训台账；如反复出现，请复制详情发给技术支持。',
      );
      for (const l of listeners) l({ kind: 'engine-restarted', message: broken.message });
      return;
    }
    // A backup the dead worker was writing is a half copy of personal data that nobody will finish.
    removeLeftoverParts(defaultBackupDir(opts.dbPath), { ownToo: true });
    restart(message);
  }

  /** A worker that dies while starting again counts as another crash, within the same budget. */
  function restart(message: string): void {
    restarts++;
    ready = spawn();
    ready.then(
      () => {
        for (const l of listeners) l({ kind: 'engine-restarted', message });
      },
      (e: AppError) => {
        recentCrashes.push(Date.now());
        if (recentCrashes.length <= MAX_RESTARTS_PER_MINUTE) return restart(message);
        broken = e;
        for (const l of listeners) l({ kind: 'engine-restarted', message: `后台数据服务无法重新启动：${e.message}` });
      },
    );
  }

  ready = spawn();
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }

  return {
    dbPath: path.resolve(opts.dbPath),
    outboxDir,
    get restarts() {
      return restarts;
    },
    get worker() {
      return worker;
    },
    onNotice(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispatch(method: unknown, input: unknown, o: DispatchOptions = {}): Promise<Result<unknown>> {
      if (closing) return { ok: false, error: { code: 'ENGINE_RESTARTED', message: '培训台账正在关闭。' } };
      try {
        await ready;
      } catch {
        // Reported through `broken` below.
      }
      if (broken) return { ok: false, error: broken.toJSON() };
      const callId = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        calls.set(callId, { method: String(method), jobId: o.jobId, onProgress: o.onProgress, resolve, committed: false });
        const m: ToWorker = { type: 'call', callId, method: String(method).slice(0, 100), input, jobId: o.jobId };
        try {
          worker.postMessage(m);
        } catch (e) {
          // Input that cannot be cloned (functions, symbols) never reaches the services.
          calls.delete(callId);
          resolve({ ok: false, error: { code: 'VALIDATION', message: `输入不正确：无法传递的数据（${(e as Error).name}）。` } });
        }
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const c of calls.values())
        c.resolve({ ok: false, error: { code: 'ENGINE_RESTARTED', message: '培训台账正在关闭，操作未完成。' } });
      calls.clear();
      const w = worker;
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        w.once('exit', done);
        w.on('message', (m: FromWorker) => {
          if (m.type === 'closed') void w.terminate();
        });
        try {
          w.postMessage({ type: 'close' } satisfies ToWorker);
        } catch {
          void w.terminate();
        }
      });
    },
  };
}
