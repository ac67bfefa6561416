/**
 * The renderer's only way to the services, typed from the contract. It does not know whether it
 * talks to Electron's preload bridge or to the loopback HTTP server: both speak the same Result.
 * Failures go to one place (the error store) unless the caller handles them itself.
 */
import { BRIDGE_KEY, type LedgerBridge } from '../shared/bridge';
import type { Input, Output } from '../shared/contract';
import type { MethodName } from '../shared/methodNames';
import type { AppErrorShape, EngineNotice, ProgressEvent, Result } from '../shared/result';
import { useErrors } from './stores/errors';

interface Transport {
  invoke(method: MethodName, input: unknown, jobId: string): Promise<Result<unknown>>;
  onProgress(listener: (e: ProgressEvent) => void): () => void;
  onNotice(listener: (n: EngineNotice) => void): () => void;
}

function bridgeTransport(bridge: LedgerBridge): Transport {
  return {
    invoke: (method, input, jobId) => bridge.invoke[method](input, jobId),
    onProgress: (l) => bridge.onProgress(l),
    onNotice: (l) => bridge.onNotice(l),
  };
}

/** The browser harness's token: uploads and downloads (renderer/components/files.ts) need it too. */
export function loopbackToken(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="ledger-token"]')?.content ?? null;
}

function httpTransport(token: string): Transport {
  const listeners = new Set<(e: ProgressEvent) => void>();
  const notices = new Set<(n: EngineNotice) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      const e = JSON.parse(m.data as string) as ProgressEvent;
      for (const l of listeners) l(e);
    };
    source.addEventListener('notice', (m) => {
      const n = JSON.parse((m as MessageEvent).data as string) as EngineNotice;
      for (const l of notices) l(n);
    });
  };
  return {
    async invoke(method, input, jobId) {
      try {
        const res = await fetch(`./api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ledger-token': token },
          body: JSON.stringify({ input, jobId }),
        });
        return (await res.json()) as Result<unknown>;
      } catch (e) {
        return {
          ok: false,
          error: { code: 'TRANSPORT', message: `无法连接本地服务：${(e as Error).message}。请确认培训台账服务仍在运行。` },
        };
      }
    },
    onProgress(listener) {
      listeners.add(listener);
      connect();
      return () => listeners.delete(listener);
    },
    onNotice(listener) {
      notices.add(listener);
      connect();
      return () => notices.delete(listener);
    },
  };
}

function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, LedgerBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return bridgeTransport(bridge);
  const token = loopbackToken();
  if (token) return httpTransport(token);
  return {
    invoke: async () => ({
      ok: false,
      error: { code: 'TRANSPORT', message: '找不到服务连接：请通过培训台账程序或 npm run dev:web 打开界面。' },
    }),
    onProgress: () => () => undefined,
    onNotice: () => () => undefined,
  };
}

const transport = pickTransport();

/** The window hears it when the engine restarts: the one place errors are shown tells the user. */
transport.onNotice((n) => useErrors.getState().report({ code: 'ENGINE_RESTARTED', message: n.message }));

/** The preload bridge, when running in the window (file dialogs); null in the browser harness. */
export function bridge(): LedgerBridge | null {
  return (window as unknown as Record<string, LedgerBridge | undefined>)[BRIDGE_KEY] ?? null;
}

export class ApiError extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message);
  }
}

export interface CallOptions {
  onProgress?: (e: ProgressEvent) => void;
  /** The caller shows the error itself (a form showing field errors); otherwise it goes to the error centre. */
  silent?: boolean;
  jobId?: string;
}

export function newJobId(): string {
  return crypto.randomUUID();
}

export async function call<K extends MethodName>(method: K, input: Input<K>, opts: CallOptions = {}): Promise<Output<K>> {
  const jobId = opts.jobId ?? newJobId();
  const stop = opts.onProgress
    ? transport.onProgress((e) => {
        if (e.jobId === jobId) opts.onProgress!(e);
      })
    : undefined;
  try {
    const result = await transport.invoke(method, input ?? {}, jobId);
    if (!result.ok) {
      if (!opts.silent) useErrors.getState().report(result.error);
      throw new ApiError(result.error);
    }
    return result.value as Output<K>;
  } finally {
    stop?.();
  }
}
