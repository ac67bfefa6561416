/**
 * The preload bridge, deliberately thin: one `invoke` per contract method, progress and notice
 * subscriptions, and the file dialogs. It runs sandboxed, so it imports nothing but `electron`
 * and plain constants.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IPC_FILES, IPC_NOTICE, IPC_WINDOW_KIOSK, IPC_PREFIX, IPC_PROGRESS, type LedgerBridge } from '../shared/bridge';
import { METHOD_NAMES } from '../shared/methodNames';
import type { EngineNotice, ProgressEvent } from '../shared/result';

const invoke = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (input: unknown, jobId?: string) => ipcRenderer.invoke(IPC_PREFIX + m, input, jobId)]),
) as LedgerBridge['invoke'];

function subscribe<T>(channel: string, listener: (v: T) => void): () => void {
  const handler = (_e: IpcRendererEvent, v: T) => listener(v);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

const bridge: LedgerBridge = {
  invoke,
  onProgress: (l) => subscribe<ProgressEvent>(IPC_PROGRESS, l),
  onNotice: (l) => subscribe<EngineNotice>(IPC_NOTICE, l),
  files: {
    pathOf: (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
    chooseOpen: (opts) => ipcRenderer.invoke(IPC_FILES.open, opts),
    chooseSave: (opts) => ipcRenderer.invoke(IPC_FILES.save, opts),
    chooseFolder: (opts) => ipcRenderer.invoke(IPC_FILES.folder, opts),
    showInFolder: (path) => ipcRenderer.invoke(IPC_FILES.show, path),
  },
  window: { setKiosk: (on) => ipcRenderer.invoke(IPC_WINDOW_KIOSK, on) },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
