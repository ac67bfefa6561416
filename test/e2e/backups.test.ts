import fs from 'node:fs';
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

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe.skipIf(skipE2E)('数据与备份 in Chromium', () => {
  it('names backups in Chinese with one date format, and restores one after backing up the current data', async () => {
    app = await openApp(browser, { demo: 10 });
    const { page, backend } = app;
    const target = (await backend.call('registrations.list', { programmeId: 1, status: 'submitted', limit: 1 })).rows[0];
    const manual = await backend.call('backups.create', { reason: 'manual' });
    // A change after the backup, which the restore must undo.
    await backend.call('registrations.setStatus', { id: target.id, status: 'rejected', reason: '备份之后的修改' });

    await page.getByRole('menuitem', { name: '数据与备份' }).click();
    const list = page.locator('.ant-card').filter({ has: page.getByText('备份', { exact: true }) });
    const row = list.getByRole('row').filter({ hasText: manual.file });
    await row.waitFor();
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('手动');
    const times = await page.locator('.ant-table-tbody tr td:first-child').allTextContents();
    expect(times.length).toBeGreaterThan(1); // backups and the audit trail
    for (const t of times) expect(t).toMatch(DATE_TIME);
    await expect(
      page
        .locator('.ant-table-tbody')
        .getByText(/^(manual|before-)/)
        .count(),
    ).resolves.toBe(0);

    await row.getByRole('button', { name: /恢复/ }).click();
    const confirm = page.getByTestId('restore-confirm');
    await expect(confirm.textContent()).resolves.toMatch(/先另存为一份「恢复前」备份.*替换当前数据文件中的全部内容/);
    await app.shot('backup-restore-confirm');
    await page.getByRole('button', { name: '先备份当前数据，再恢复' }).click();
    await page.getByText(/已从 .* 的备份恢复/).waitFor();

    expect(await backend.call('registrations.get', { id: target.id })).toMatchObject({ status: 'submitted', statusReason: '' });
    const backups = await backend.call('backups.list', {});
    const safety = backups.find((b) => b.reason === 'before-restore');
    expect(safety).toBeDefined();
    // The data as it was before the restore is kept, and the screen lists it in Chinese.
    expect(fs.existsSync(safety!.path)).toBe(true);
    await list.getByRole('row').filter({ hasText: safety!.file }).getByText('恢复前').waitFor();
    await app.shot('backup-restored');
  });
});
