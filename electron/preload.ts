/**
 * The preload bridge, deliberately thin: one `invoke` per contract method and a progress
 * subscription. It runs sandboxed, so it imports nothing but `electron` and plain constants.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IPC_PREFIX, IPC_PROGRESS, type LedgerBridge } from '../shared/bridge';
import { METHOD_NAMES } from '../shared/methodNames';
import type { ProgressEvent } from '../shared/result';

const invoke = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (input: unknown, jobId?: string) => ipcRenderer.invoke(IPC_PREFIX + m, input, jobId)]),
) as LedgerBridge['invoke'];

const bridge: LedgerBridge = {
  invoke,
  onProgress(listener) {
    const handler = (_e: IpcRendererEvent, p: ProgressEvent) => listener(p);
    ipcRenderer.on(IPC_PROGRESS, handler);
    return () => ipcRenderer.removeListener(IPC_PROGRESS, handler);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
