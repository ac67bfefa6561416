/**
 * The one entry point every transport (Electron IPC, loopback HTTP, CLI) calls. It accepts only
 * methods named in the contract, parses every input with the contract's zod schema, runs mutations
 * one at a time, and turns every failure into `{ ok: false, error }` with a Chinese message.
 */
import { z } from 'zod';
import { contract } from '../../shared/contract';
import { inputFieldLabel } from '../../shared/domain/fields';
import { isMethodName, type MethodName } from '../../shared/methodNames';
import { AppError, type ProgressEvent, type Result } from '../../shared/result';
import { constraintMessage, sqliteCode } from '../db/errors';
import { callContext } from '../services/context';
import type { Handlers } from '../services/handlers';
import type { ServiceHandlers } from '../services';

z.config(z.locales.zhCN());

export interface DispatchOptions {
  /** Chosen by the caller, so it can listen for progress and cancel before the result arrives. */
  jobId?: string;
  onProgress?: (e: ProgressEvent) => void;
  /** Called when the call really starts: for a mutation, after the writes queued before it. */
  onStart?: () => void;
}

export interface Dispatcher {
  dispatch(method: unknown, input: unknown, opts?: DispatchOptions): Promise<Result<unknown>>;
}

function describeZodError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const text = issues
    .slice(0, 5)
    .map((i) => {
      const label = inputFieldLabel(i.path.split('.'));
      return label ? `${label}：${i.message}` : i.message;
    })
    .join('；');
  return new AppError('VALIDATION', `输入不正确：${text}${issues.length > 5 ? ` 等 ${issues.length} 处` : ''}。请检查后重试。`, { issues });
}

export function toErrorShape(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = sqliteCode(e);
  if (code?.startsWith('SQLITE_CONSTRAINT'))
    return new AppError('CONFLICT', constraintMessage(code, (e as Error).message), { sqlite: code, raw: (e as Error).message });
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new AppError('DB_UNAVAILABLE', '数据库正被另一个程序占用，请关闭其他正在使用该数据文件的培训台账窗口后重试。', { sqlite: code });
  const err = e instanceof Error ? e : new Error(String(e));
  return new AppError('INTERNAL', `程序内部错误：${err.message}。数据未作改动；如反复出现，请复制详情发给技术支持。`, {
    name: err.name,
    stack: err.stack,
  });
}

/**
 * `services` write (the engine's write connection); `queries`, when given, are the same services
 * over the read-only connection, so a query never waits for, nor sees, an open write transaction.
 */
export function createDispatcher(services: ServiceHandlers, queries: ServiceHandlers = services): Dispatcher {
  const jobs = new Map<string, AbortController>();
  let writeQueue: Promise<unknown> = Promise.resolve();

  const cancel: Pick<Handlers, 'jobs.cancel'> = {
    'jobs.cancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: Boolean(job) };
    },
  };
  const writers: Handlers = { ...services, ...cancel };
  const readers: Handlers = { ...queries, ...cancel };

  async function run(method: MethodName, input: unknown, opts: DispatchOptions): Promise<unknown> {
    const parsed = contract[method].input.safeParse(input);
    if (!parsed.success) throw describeZodError(parsed.error);
    const jobId = opts.jobId ?? crypto.randomUUID();
    const controller = new AbortController();
    jobs.set(jobId, controller);
    opts.onStart?.();
    try {
      const handler = (contract[method].kind === 'mutation' ? writers : readers)[method] as (
        i: unknown,
        c: ReturnType<typeof callContext>,
      ) => unknown;
      return await handler(parsed.data, callContext(jobId, controller.signal, opts.onProgress));
    } finally {
      jobs.delete(jobId);
    }
  }

  return {
    async dispatch(method, input, opts = {}) {
      if (!isMethodName(method) || !Object.hasOwn(contract, method))
        return { ok: false, error: new AppError('UNKNOWN_METHOD', `未知的操作「${String(method).slice(0, 60)}」。`).toJSON() };
      try {
        let value: unknown;
        if (contract[method].kind === 'mutation') {
          // One write at a time: an import that awaits file reads must not interleave with another write.
          const next = writeQueue.then(() => run(method, input, opts));
          writeQueue = next.catch(() => undefined);
          value = await next;
        } else {
          value = await run(method, input, opts);
        }
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: toErrorShape(e).toJSON() };
      }
    },
  };
}
