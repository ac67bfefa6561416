/**
 * The Electron shell: one locked-down window, the Chinese menu, the IPC transport, and the native
 * dialog when the data file cannot be opened. Everything else lives in code that runs in Node.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { z } from 'zod';
import { IPC_FILES, IPC_NOTICE, IPC_PREFIX, IPC_PROGRESS, IPC_WINDOW_KIOSK } from '../shared/bridge';
import { METHOD_NAMES } from '../shared/methodNames';
import { AppError } from '../shared/result';
import { defaultBackupDir } from './db/connection';
import { startEngineHost, type EngineHost } from './engine/host';
import { CONTENT_TYPES, CSP } from './ipc/httpTransport';
import { DB_FILE_NAME } from './paths';
import { nativeBindingPath } from './nativeBinding';

let mainWindow: BrowserWindow | null = null;
let engine: EngineHost | null = null;
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererDir = path.join(__dirname, '../renderer');
/** The window is served from app://ledger/, never from file:, so no other local file is "the app". */
const APP_ORIGIN = 'app://ledger';
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (e: Error) => fatal(e));
}

app.on('window-all-closed', () => app.quit());
// The engine finishes (or rolls back) its transaction and closes the file before the app exits.
let engineClosed = false;
app.on('will-quit', (e) => {
  if (!engine || engineClosed) return;
  e.preventDefault();
  void engine.close().finally(() => {
    engineClosed = true;
    app.quit();
  });
});

// No webviews, no new windows, no navigation or redirect away from the app, in any frame.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e) => {
    if (!isAppUrl(e.url)) e.preventDefault();
  });
  contents.on('will-frame-navigate', (e) => {
    if (!isAppUrl(e.url)) e.preventDefault();
  });
  contents.on('will-redirect', (e) => {
    if (!isAppUrl(e.url)) e.preventDefault();
  });
});

function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (devServerUrl) return u.origin === new URL(devServerUrl).origin;
    return u.protocol === 'app:' && u.host === 'ledger';
  } catch {
    return false;
  }
}

/** app://ledger/… serves the built renderer and nothing else, with the strict CSP as a header. */
function serveRenderer(): void {
  protocol.handle('app', async (req) => {
    const u = new URL(req.url);
    let rel: string;
    try {
      rel = decodeURIComponent(u.pathname === '/' ? '/index.html' : u.pathname);
    } catch {
      return new Response('请求的地址格式不正确', { status: 400 });
    }
    const file = path.resolve(rendererDir, `.${rel}`);
    if (u.host !== 'ledger' || !file.startsWith(rendererDir + path.sep)) return new Response('未找到', { status: 404 });
    try {
      const body = await fs.promises.readFile(file);
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('未找到', { status: 404 });
    }
  });
}

function isTrustedSender(e: IpcMainInvokeEvent): boolean {
  return Boolean(mainWindow && e.sender === mainWindow.webContents && e.senderFrame && isAppUrl(e.senderFrame.url));
}

async function start(): Promise<void> {
  lockDownSession();
  serveRenderer();
  buildMenu();
  engine = await openWithRecovery(path.join(app.getPath('userData'), DB_FILE_NAME));
  if (!engine) return app.quit();
  const b = engine;
  b.onNotice((n) => {
    if (mainWindow && !mainWindow.webContents.isDestroyed()) mainWindow.webContents.send(IPC_NOTICE, n);
  });
  handleFileDialogs();
  handleKiosk();
  for (const method of METHOD_NAMES) {
    ipcMain.handle(IPC_PREFIX + method, (e, input: unknown, jobId: unknown) => {
      if (!isTrustedSender(e)) return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自培训台账窗口。' } };
      return b.dispatch(method, input, {
        jobId: typeof jobId === 'string' ? jobId.slice(0, 100) : undefined,
        onProgress: (p) => {
          if (!e.sender.isDestroyed()) e.sender.send(IPC_PROGRESS, p);
        },
      });
    });
  }
  createWindow();
}

const filters = z.array(z.object({ name: z.string().max(60), extensions: z.array(z.string().regex(/^[a-z0-9*]{1,10}$/)).max(10) })).max(10);
const dialogInput = {
  open: z.object({ title: z.string().max(100), filters }).strict(),
  save: z.object({ title: z.string().max(100), defaultName: z.string().min(1).max(200), filters }).strict(),
  folder: z.object({ title: z.string().max(100) }).strict(),
  show: z.string().min(1).max(4096),
};

/** Native dialogs, shown by the main process for the window: the renderer only ever gets the chosen path. */
function handleFileDialogs(): void {
  const guard =
    <T, R>(schema: z.ZodType<T>, fn: (input: T) => Promise<R>) =>
    async (e: IpcMainInvokeEvent, raw: unknown): Promise<R | null> => {
      const parsed = schema.safeParse(raw);
      if (!isTrustedSender(e) || !parsed.success || !mainWindow) return null;
      return fn(parsed.data);
    };
  ipcMain.handle(
    IPC_FILES.open,
    guard(dialogInput.open, async (o) => {
      const r = await dialog.showOpenDialog(mainWindow!, { title: o.title, filters: o.filters, properties: ['openFile'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    }),
  );
  ipcMain.handle(
    IPC_FILES.save,
    guard(dialogInput.save, async (o) => {
      const defaultPath = path.join(app.getPath('documents'), path.basename(o.defaultName));
      const r = await dialog.showSaveDialog(mainWindow!, { title: o.title, defaultPath, filters: o.filters });
      return r.canceled ? null : (r.filePath ?? null);
    }),
  );
  ipcMain.handle(
    IPC_FILES.folder,
    guard(dialogInput.folder, async (o) => {
      const r = await dialog.showOpenDialog(mainWindow!, { title: o.title, properties: ['openDirectory', 'createDirectory'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    }),
  );
  ipcMain.handle(
    IPC_FILES.show,
    guard(dialogInput.show, async (p) => {
      if (path.isAbsolute(p) && fs.existsSync(p)) shell.showItemInFolder(p);
    }),
  );
}

/** The evaluation kiosk (issue 10 §2b): while on, the window fills the screen without its menu and refuses to close. */
let kioskOn = false;
function handleKiosk(): void {
  ipcMain.handle(IPC_WINDOW_KIOSK, (e, raw: unknown) => {
    const on = z.boolean().safeParse(raw);
    if (!isTrustedSender(e) || !on.success || !mainWindow) return;
    kioskOn = on.data;
    mainWindow.setKiosk(kioskOn);
    mainWindow.setMenuBarVisibility(!kioskOn);
  });
}

function lockDownSession(): void {
  const s = session.defaultSession;
  // The camera (签到 by webcam QR scanning) for our own page only; everything else is refused.
  s.setPermissionRequestHandler((wc, permission, callback, details) =>
    callback(
      permission === 'media' &&
        isAppUrl(details.requestingUrl ?? wc.getURL()) &&
        ('mediaTypes' in details ? (details.mediaTypes ?? []).every((t) => t === 'video') : false),
    ),
  );
  s.setPermissionCheckHandler((_wc, permission, origin) => permission === 'media' && isAppUrl(`${origin}/`));
  // No remote content and no other local files: only the app's own (or the dev server while developing).
  s.webRequest.onBeforeRequest((details, callback) => {
    const u = details.url;
    const local = u.startsWith(`${APP_ORIGIN}/`) || u.startsWith('devtools:') || u.startsWith('data:') || u.startsWith('blob:');
    callback({ cancel: !(local || (devServerUrl && (u.startsWith(devServerUrl) || u.startsWith(devServerUrl.replace(/^http/, 'ws'))))) });
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 1080,
    minHeight: 680,
    show: false,
    title: '培训台账',
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: path.join(__dirname, '../preload/preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', (e) => {
    // Leaving the kiosk takes the administrator's PIN, in the page; closing the window is not a way round it.
    if (kioskOn) e.preventDefault();
  });
  // A crashed page cannot ask to leave: do not keep a window nobody can close.
  mainWindow.webContents.on('render-process-gone', () => (kioskOn = false));
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

/** Opens the data file; when it cannot, asks the user: copy details, restore a backup, or quit. */
async function openWithRecovery(dbPath: string): Promise<EngineHost | null> {
  for (;;) {
    try {
      return await startEngineHost({ dbPath, runtime: 'electron', nativeBinding: nativeBindingPath(app) });
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError('DB_UNAVAILABLE', (e as Error).message);
      const details = `${err.message}\n数据文件：${dbPath}\n${JSON.stringify(err.details ?? {}, null, 2)}`;
      const canRestore = err.code !== 'DB_TOO_NEW';
      const buttons = canRestore ? ['复制详情', '从备份恢复…', '退出'] : ['复制详情', '退出'];
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: '无法打开数据文件',
        message: '培训台账无法打开数据文件',
        detail: err.message,
        buttons,
        defaultId: buttons.length - 1,
        cancelId: buttons.length - 1,
        noLink: true,
      });
      if (buttons[response] === '复制详情') clipboard.writeText(details);
      else if (buttons[response] === '从备份恢复…') await restoreFromBackup(dbPath);
      else return null;
    }
  }
}

async function restoreFromBackup(dbPath: string): Promise<void> {
  const { canceled, filePaths } = await dialog.showOpenDialog({
    title: '选择要恢复的备份',
    defaultPath: defaultBackupDir(dbPath),
    filters: [{ name: '培训台账备份', extensions: ['db'] }],
    properties: ['openFile'],
  });
  if (canceled || !filePaths[0]) return;
  // The damaged file is kept beside the data, never deleted.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, `${dbPath}.damaged-${stamp}${suffix}`);
  fs.copyFileSync(filePaths[0], dbPath);
}

function fatal(e: Error): void {
  dialog.showErrorBox('培训台账无法启动', e.message);
  app.quit();
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [
        { label: '打开数据文件夹', click: () => void shell.openPath(app.getPath('userData')) },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        ...(app.isPackaged ? [] : [{ label: '开发者工具', role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '窗口',
      submenu: [
        { label: '最小化', role: 'minimize' },
        { label: '关闭', role: 'close' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于培训台账',
          click: () =>
            void dialog.showMessageBox({
              title: '关于培训台账',
              message: `培训台账 ${app.getVersion()}`,
              detail: `中小企业经营管理领军人才培训台账\n数据文件：${path.join(app.getPath('userData'), DB_FILE_NAME)}`,
            }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
