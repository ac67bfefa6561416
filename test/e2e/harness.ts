/**
 * The browser tests' world: the built renderer (out/renderer) served with the real services over
 * the loopback transport, each test with its own database file, driven in Debian's Chromium. The
 * services run in the engine worker, exactly as behind the window (the built worker, out/main).
 * In CI a missing Chromium fails the run; on a developer machine the tests are skipped with a note.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Input, Output } from '../../shared/contract';
import type { MethodName } from '../../shared/methodNames';
import { AppError } from '../../shared/result';
import { startEngineHost, type EngineHost } from '../../electron/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../electron/ipc/httpTransport';
import { tempDir } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

export const WORKER_FILE = path.resolve('out/main/engineWorker.js');

export interface EngineUnderTest {
  engine: EngineHost;
  dbPath: string;
  dir: string;
  /** Calls through the engine (the same path the page uses) and returns the value, throwing AppError on failure. */
  call<K extends MethodName>(method: K, input: Input<K>): Promise<Output<K>>;
  cleanup(): Promise<void>;
}

export async function startEngine(opts: { demo?: number } = {}): Promise<EngineUnderTest> {
  const dir = tempDir('ledger-e2e-db-');
  const dbPath = path.join(dir, 'ledger.db');
  const engine = await startEngineHost({ dbPath, runtime: 'node', workerFile: WORKER_FILE });
  const e: EngineUnderTest = {
    engine,
    dbPath,
    dir,
    async call(method, input) {
      const r = await engine.dispatch(method, input);
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
      return r.value as never;
    },
    async cleanup() {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.demo) await e.call('demo.seed', { year: 2025, trainees: opts.demo });
  return e;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RENDERER_DIR = path.resolve('out/renderer');
export const ARTIFACTS = path.resolve('test-artifacts/screenshots');

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`CI 需要 Chromium：${CHROMIUM} 不存在（apt-get install chromium）`);
if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')) || !fs.existsSync(WORKER_FILE))
  throw new Error('界面或后台服务尚未构建：请先运行 electron-vite build（npm test 会自动构建）');
export const skipE2E = !haveChromium;
if (skipE2E) console.warn(`[e2e] 跳过：找不到 Chromium（${CHROMIUM}）。apt-get install chromium 后重试。`);

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface AppUnderTest {
  backend: EngineUnderTest;
  server: LoopbackServer;
  page: Page;
  errors: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openApp(browser: Browser, opts: { demo?: number } = {}): Promise<AppUnderTest> {
  const backend = await startEngine(opts);
  const server = await startLoopbackServer({
    dispatcher: backend.engine,
    staticDir: RENDERER_DIR,
    downloadRoots: [backend.engine.outboxDir],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // No remote content: any request that leaves the loopback server fails the test.
  await page.route('**/*', (route) =>
    route.request().url().startsWith(server.url)
      ? route.continue()
      : (errors.push(`remote request: ${route.request().url()}`), route.abort()),
  );
  await page.goto(server.url);
  return {
    backend,
    server,
    page,
    errors,
    async shot(name) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await server.close();
      await backend.cleanup();
    },
  };
}

/**
 * Picks an option of an antd Select and returns once the select shows it. On a busy machine a click
 * can land while the dropdown is still sliding open and be lost; the select's own text is the
 * condition, so the pick is repeated until it holds (never a sleep).
 */
export async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  // The select's own root, found upwards from the labelled input, so `select` may come from any container.
  const wrapper = select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  // antd 5 shows the pick in .ant-select-selection-item, antd 6 in .ant-select-content-has-value.
  const shown = wrapper.locator('.ant-select-selection-item, .ant-select-content-value, .ant-select-content-has-value');
  const matches = (text: string | null) => text !== null && (typeof option === 'string' ? text === option : option.test(text));
  const openList = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  for (let attempt = 1; ; attempt++) {
    if ((await openList.count()) === 0) await select.click();
    try {
      await openList.getByTitle(option).first().click({ timeout: 5_000 });
    } catch (e) {
      if (attempt >= 6) throw e;
    }
    for (let i = 0; i < 20; i++) {
      if ((await shown.count()) && matches(await shown.first().textContent())) return;
      await page.waitForTimeout(100);
    }
    if (attempt >= 6) throw new Error(`下拉框没有选中「${String(option)}」（现为「${await shown.first().textContent()}」）`);
  }
}

/**
 * The life of an e2e file: one Chromium for the file, an app per test opened with `open`, closed
 * after the test with no page error left behind.
 */
export function appPerTest(): { open(opts?: { demo?: number }): Promise<AppUnderTest>; browser(): Browser } {
  let browser: Browser | undefined;
  let app: AppUnderTest | undefined;
  beforeAll(async () => {
    if (!skipE2E) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    if (app) expect(app.errors).toEqual([]);
    await app?.close();
    app = undefined;
  });
  return {
    async open(opts = {}) {
      app = await openApp(browser!, opts);
      return app;
    },
    browser: () => browser!,
  };
}

/** Clicks an export button and keeps the browser's download in the artifacts folder. */
export async function downloadFrom(page: Page, button: string, name: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = path.join(ARTIFACTS, name);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await (await downloading).saveAs(file);
  return file;
}

/**
 * A 2025 programme with one session (23–26 June) whose trainees are approved; those in `completed`
 * are marked completed by an override, as a class administrator would after the exam.
 */
export async function seedCompletedSession(
  backend: EngineUnderTest,
  opts: { title: string; organiser: string; names: string[]; completed: string[]; seq: number },
): Promise<{ programmeId: number; sessionId: number }> {
  const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: opts.title, organiser: opts.organiser });
  const { id: sessionId } = await backend.call('sessions.create', {
    programmeId,
    number: 1,
    startDate: '2025-06-23',
    endDate: '2025-06-26',
  });
  for (const [i, name] of opts.names.entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: opts.seq + 2 * i, gender: '男' });
    const r = await backend.call('registrations.create', registrationInput(programmeId, { sessionId, trainee: { name, idNumber } }));
    await backend.call('registrations.setStatus', { id: r.id, status: 'approved' });
    if (opts.completed.includes(name))
      await backend.call('completion.override', { registrationId: r.id, completed: true, reason: '考核合格' });
  }
  return { programmeId, sessionId };
}
