/**
 * The window survives its engine: when the worker that runs the services dies, the page is told in
 * Chinese what happened, and the next click works against the restarted worker.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, skipE2E, type AppUnderTest } from './harness';

let browser: Browser;
let app: AppUnderTest | undefined;
beforeAll(async () => {
  if (!skipE2E) browser = await launch();
});
afterAll(async () => browser?.close());
afterEach(async () => {
  if (app) expect(app.errors).toEqual([]);
  await app?.close();
  app = undefined;
});

describe.skipIf(skipE2E)('the engine behind the page', () => {
  it('a crashed worker is restarted and the page says so, in Chinese; the screens keep working', async () => {
    app = await openApp(browser, { demo: 20 });
    const { page } = app;
    await page.getByRole('menuitem', { name: '学员报名' }).click();
    await page.getByText('共 20 条').waitFor();
    await app.backend.engine.worker.terminate();
    await page
      .getByTestId('error-message')
      .getByText(/后台数据服务意外停止.*已自动重新启动.*什么也没有丢失/)
      .waitFor();
    await app.shot('engine-restarted');
    // The restarted worker answers the page.
    await page
      .getByLabel('搜索学员')
      .fill((await app.backend.call('registrations.list', { programmeId: 1, limit: 1 })).rows[0].trainee.name);
    await page.getByLabel('搜索学员').press('Enter');
    await page.locator('.ant-table-row').first().waitFor();
    expect(app.backend.engine.restarts).toBe(1);
  });
});
