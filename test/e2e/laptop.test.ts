/**
 * The registrations screen and the import wizard on the smallest common office screen, 1366×768:
 * nothing the user must reach is below the fold or under a notice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/backend';
import { writeMessySummary } from '../fixtures/xlsx/messySummary';
import { launch, openApp, skipE2E, type AppUnderTest } from './harness';

type Box = { x: number; y: number; width: number; height: number };

let browser: Browser;
let app: AppUnderTest | undefined;
const dir = tempDir('ledger-e2e-laptop-');
beforeAll(async () => {
  if (!skipE2E) browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  if (app) expect(app.errors).toEqual([]);
  await app?.close();
  app = undefined;
});

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error(`not on screen: ${l.toString()}`);
  return b;
}
/** Where it comes to rest: drawers and notices slide in. */
async function settledBox(l: Locator): Promise<Box> {
  let last = '';
  let b: Box | undefined;
  await expect
    .poll(
      async () => {
        b = await box(l);
        const same = JSON.stringify(b) === last;
        last = JSON.stringify(b);
        return same;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return b!;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inView = (b: Box) => b.y >= 0 && b.y + b.height <= 768 && b.x >= 0 && b.x + b.width <= 1366;

describe.skipIf(skipE2E)('on a 1366×768 laptop', () => {
  it('names end in … before the pinned status; the wizard’s first step fits; a failure notice covers no control, closes by itself and stays in 问题记录; a skipped 核对列 says so', async () => {
    app = await openApp(browser, { demo: 20 });
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('menuitem', { name: '学员报名' }).click();
    await page.getByText('共 20 条').waitFor();

    // The enterprise column ends before the pinned 状态 column, and a long name ends in "…" with the
    // whole name on hover.
    const first = (await app.backend.call('registrations.list', { programmeId: 1, limit: 1 })).rows[0];
    const enterpriseHeader = await box(page.getByRole('columnheader', { name: '企业名称' }));
    const statusHeader = await box(page.getByRole('columnheader', { name: '状态', exact: true }));
    expect(enterpriseHeader.x + enterpriseHeader.width).toBeLessThanOrEqual(statusHeader.x);
    const cell = page.locator('.ant-table-cell').filter({ hasText: first.enterprise.name }).first();
    const style = await cell.evaluate((el) => {
      const s = getComputedStyle(el);
      return { textOverflow: s.textOverflow, whiteSpace: s.whiteSpace, title: el.getAttribute('title') };
    });
    expect(style).toEqual({ textOverflow: 'ellipsis', whiteSpace: 'nowrap', title: first.enterprise.name });

    const toolbar = [
      await box(page.getByRole('button', { name: '新增报名' })),
      await box(page.getByRole('button', { name: '导入报名表' })),
      await box(page.getByRole('button', { name: /导出/ })),
    ];
    await page.getByRole('button', { name: '导入报名表' }).click();
    const steps = page.locator('.ant-drawer .ant-steps');
    const controls = [page.getByLabel('导入到期次'), page.getByLabel('推荐地区'), page.getByRole('button', { name: '下一步：预检' })];
    // Once the drawer has slid in, all of step 1 is on screen.
    for (const c of controls) expect(inView(await settledBox(c)), c.toString()).toBe(true);

    // A file the service refuses: the notice appears clear of the steps, the step's controls and the toolbar.
    const bad = path.join(dir, '报名表.xlsx');
    fs.writeFileSync(bad, '这不是表格\n');
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByText('已选择：报名表.xlsx').waitFor();
    await page.getByRole('button', { name: '下一步：预检' }).click();
    const notice = page.locator('.ant-notification-notice').filter({ has: page.getByTestId('error-message') });
    await notice.waitFor();
    const said = (await page.getByTestId('error-message').locator('.ant-typography').textContent()) ?? '';
    expect(said).toContain('报名表.xlsx');
    const noticeBox = await settledBox(notice);
    for (const b of [...toolbar, await box(steps), ...(await Promise.all(controls.map(box)))]) expect(overlaps(noticeBox, b)).toBe(false);
    await app.shot('laptop-wizard-notice');
    // It goes by itself (the pointer is not on it: hovering holds it).
    await notice.waitFor({ state: 'detached', timeout: 30_000 });

    // Every column of this file is recognised: 核对列 is skipped, and shown as skipped, not as done.
    const { file } = await writeMessySummary(dir);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText(`已选择：${path.basename(file)}`).waitFor();
    await page.getByRole('button', { name: '下一步：预检' }).click();
    await page.getByText('有错误').first().waitFor();
    await steps.getByText('已跳过：各列已自动对应').waitFor();
    // Where the notice appears, at the foot of the screen, there are no buttons: the wizard's actions are
    // to its right, as is the registrations table's pinned 状态/操作 column.
    const commit = page.getByRole('button', { name: /导入 \d+ 条有效记录/ });
    await commit.scrollIntoViewIfNeeded();
    expect((await box(commit)).x).toBeGreaterThan(noticeBox.x + noticeBox.width);
    expect(statusHeader.x).toBeGreaterThan(noticeBox.x + noticeBox.width);
    await expect(steps.locator('.ant-steps-item-finish').allTextContents()).resolves.toEqual(['选择文件']);
    await app.shot('laptop-wizard-skipped-mapping');

    // Closed without importing: focus goes back to the button that opened it, at once.
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer').waitFor({ state: 'detached' });
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('导入报名表');

    // What the notice said is still in 问题记录.
    await page.getByRole('button', { name: /问题记录/ }).click();
    await expect(page.getByTestId('error-log').textContent()).resolves.toContain(said);
    await app.shot('laptop-error-log');
  });
});
