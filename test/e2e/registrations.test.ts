import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { writeMessySummary } from '../fixtures/xlsx/messySummary';
import { choose, launch, openApp, skipE2E, type AppUnderTest } from './harness';

let browser: Browser;
let app: AppUnderTest | undefined;
const dir = tempDir('ledger-e2e-');
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

describe.skipIf(skipE2E)('学员报名 in Chromium', () => {
  it('imports a messy file through the wizard, shows row errors, commits, finds by pinyin initials, exports the summary', async () => {
    app = await openApp(browser, { demo: 40 });
    const { page } = app;
    const focusedLabel = () =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    const { file, expected } = await writeMessySummary(dir);
    await page.getByRole('menuitem', { name: '学员报名' }).click();
    await page.getByText('共 40 条').waitFor();

    await page.getByRole('button', { name: '导入报名表' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText(`已选择：${path.basename(file)}`).waitFor();
    await page.getByLabel('导入到期次').click();
    await page.getByText('全部导入第4期').click();
    await page.getByRole('button', { name: '下一步：预检' }).click();
    await page.getByText('有错误').first().waitFor();
    // The stored-as-number ID and the in-file duplicate are shown with their columns.
    await page
      .getByText(/身份证号.*数字/)
      .first()
      .waitFor();
    await page
      .getByText(/与第 \d+ 行是同一企业/)
      .first()
      .waitFor();
    await app.shot('import-dry-run');

    const valid = expected.filter((e) => e.outcome === 'record' && e.issues.length === 0).length;
    await page.getByRole('button', { name: `导入 ${valid} 条有效记录` }).click();
    await page.getByText(`已导入 ${valid} 条报名`).first().waitFor();
    await app.shot('import-done');
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByText(`共 ${40 + valid} 条`).waitFor();
    // Closing hands focus to the search box at once, and it stays there once the drawer has gone:
    // antd's own restore, after the animation, put it back on 导入报名表, where Enter reopened the wizard.
    await page.locator('.ant-drawer').waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('搜索学员');

    // 欧阳娜娜 by her initials, typed into whatever has focus.
    await page.keyboard.type('oynn');
    await page.keyboard.press('Enter');
    await page.getByText('共 1 条').waitFor();
    expect(await focusedLabel()).toBe('搜索学员');
    await expect(page.locator('.ant-drawer').count()).resolves.toBe(0);
    await page.locator('.ant-table').getByText('欧阳娜娜').waitFor();
    await app.shot('search-pinyin');

    // Export the 第4期 summary and read it back.
    await page.getByLabel('搜索学员').fill('');
    await page.getByLabel('搜索学员').press('Enter');
    await choose(page, page.getByLabel('按期次筛选'), '第4期');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出/ }).hover();
    await page.getByText('报名汇总表（.xlsx）').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^报名汇总表-2025年-第4期\.xlsx$/);
    const saved = path.join(dir, 'summary.xlsx');
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const text = wb.worksheets[0].getSheetValues().flat().map(String).join(' ');
    expect(text).toContain('欧阳娜娜');
    expect(text).toContain('（第4期）');
  });

  it('the form checks as you type and names the existing registration; a valid one is saved', async () => {
    app = await openApp(browser, { demo: 10 });
    const { page } = app;
    const existing = (await app.backend.call('registrations.list', { programmeId: 1, limit: 1 })).rows[0];
    await page.getByRole('menuitem', { name: '学员报名' }).click();
    await page.getByRole('button', { name: '新增报名' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('测试学员');
    await dialog.getByLabel('身份证号').fill('330102198005011234');
    await dialog.getByText('未通过校验').first().waitFor();
    await dialog.getByLabel('统一社会信用代码').fill(existing.enterprise.creditCode);
    await dialog.getByText(`学员 ${existing.trainee.name}`).first().waitFor();
    await app.shot('form-live-errors');

    const id = makeIdNumber({ areaCode: '330102', birth: '19800501', seq: 77, gender: '女' });
    await dialog.getByLabel('身份证号').fill(id);
    await dialog.getByLabel('统一社会信用代码').fill('91330102MA2GCYL88J');
    await dialog.getByLabel('企业名称').fill('杭州测试新材料有限公司');
    // Typed to filter the 37 regions, then picked and confirmed by the harness.
    await dialog.getByLabel('推荐地区').fill('浙江');
    await choose(page, dialog.getByLabel('推荐地区'), '浙江省');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('已添加 测试学员').waitFor();
    const saved = await app.backend.call('registrations.list', { programmeId: 1, search: id.slice(-6) });
    expect(saved.rows[0]).toMatchObject({ trainee: { name: '测试学员', gender: '女', birthDate: '1980-05-01' }, regionCode: '330000' });
  });

  it('edits a registration and rejects another with a reason; both reach the store and the audit trail', async () => {
    app = await openApp(browser, { demo: 10 });
    const { page } = app;
    const [first, second] = (await app.backend.call('registrations.list', { programmeId: 1, limit: 2 })).rows;
    await page.getByRole('menuitem', { name: '学员报名' }).click();
    await page.getByLabel('搜索学员').fill(first.trainee.idNumber.slice(-6));
    await page.getByLabel('搜索学员').press('Enter');
    await page.getByText('共 1 条').waitFor();
    await page.getByRole('button', { name: '修改' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('职务').fill('党委书记、董事长');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存修改').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect((await app.backend.call('registrations.get', { id: first.id })).trainee.position).toBe('党委书记、董事长');

    await page.getByLabel('搜索学员').fill(second.trainee.idNumber.slice(-6));
    await page.getByLabel('搜索学员').press('Enter');
    await page.locator('.ant-table').getByText(second.trainee.name).waitFor();
    await page.getByRole('button', { name: `更改 ${second.trainee.name} 的状态` }).hover();
    await page.getByText('退回…').click();
    const reject = page.getByRole('dialog');
    await expect(reject.getByRole('button', { name: '确定' }).isDisabled()).resolves.toBe(true);
    await reject.getByLabel('原因').fill('非企业主要负责人');
    await reject.getByRole('button', { name: '确定' }).click();
    await page.locator('.ant-table').getByText('未通过').waitFor();
    expect(await app.backend.call('registrations.get', { id: second.id })).toMatchObject({
      status: 'rejected',
      statusReason: '非企业主要负责人',
    });
    const audit = await app.backend.call('audit.list', { limit: 2 });
    expect(audit.map((a) => a.method)).toEqual(['registrations.setStatus', 'registrations.update']);

    // The reason is on the status tag and in the record, not only in the audit trail.
    await page.locator('.ant-table').getByText('未通过').hover();
    await page.getByRole('tooltip').getByText('退回原因：非企业主要负责人').waitFor();
    await app.shot('edit-and-reject');
    await page.getByRole('button', { name: '修改' }).click();
    await page.getByRole('dialog').getByText('未通过 · 退回原因：非企业主要负责人').waitFor();
  });
});
