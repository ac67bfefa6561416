/**
 * 信息档案 in Chromium against the real engine and the demo data: the list filtered by the unit's
 * own region and by qualification, found by the pinyin initials of its name; one file opened with
 * its timeline and year-over-year figures; a follow-up added by keyboard and clicks, seen in the
 * timeline, the yearly table and the list's 最近跟踪, then deleted with a reason; a messy follow-up
 * table imported (dry run showing the bad cell by row and column, then committed); the region's
 * table exported and read back.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { namePinyin } from '../../electron/services/pinyin';
import type { EnterpriseFile, EnterpriseSummary } from '../../shared/domain/enterpriseFileTypes';
import { tempDir } from '../fixtures/backend';
import { appPerTest, ARTIFACTS, choose, skipE2E, type AppUnderTest } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;
const dir = tempDir('ledger-e2e-enterprises-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The list's count line. */
const total = (page: Page, n: number) => page.getByTestId('enterprise-total').getByText(`共 ${n} 家企业`, { exact: true }).waitFor();
const pct = (from: number, to: number) => {
  const p = Math.round(((to - from) / Math.abs(from)) * 1000) / 10;
  return `${p > 0 ? '↑' : '↓'}${Math.abs(p).toFixed(1)}%`;
};
/** The antd select around a labelled input. */
const selectOf = (page: Page, label: string) =>
  page.getByLabel(label).locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
/** Clears an antd select by its ✕, which shows on hover. */
async function clear(page: Page, label: string): Promise<void> {
  await selectOf(page, label).hover();
  await selectOf(page, label).locator('.ant-select-clear').click();
}
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe.skipIf(skipE2E)('信息档案 in Chromium', () => {
  it('filters, finds by initials, opens a file and adds and deletes a follow-up', { timeout: 240_000 }, async () => {
    app = await e2e.open({ demo: 60 });
    const { page, backend } = app;
    const everything = await backend.call('enterprises.list', { limit: 5000 });
    expect(everything.total).toBeGreaterThan(20);

    // A file with two or more years of figures, in a region with several enterprises, lacking 高新技术企业.
    let chosen: { summary: EnterpriseSummary; file: EnterpriseFile } | undefined;
    for (const summary of everything.rows) {
      const file = await backend.call('enterprises.get', { id: summary.id });
      const [a, b] = file.yearly.slice(-2);
      if (b && a.revenueWan && b.revenueWan !== null && !file.qualifications.includes('高新技术企业')) {
        chosen = { summary, file };
        break;
      }
    }
    if (!chosen) throw new Error('演示数据中没有两年以上经营数据的企业');
    const { summary, file } = chosen;

    // The unit belongs to the chosen enterprise's region (设置): the screen opens on that region's enterprises.
    await page.getByRole('menuitem', { name: '设置' }).click();
    await choose(page, page.getByLabel('本单位所属地区'), summary.regionName);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('设置已保存').first().waitFor();
    expect((await backend.call('settings.get', {})).region).toBe(summary.regionCode);
    await page.getByRole('menuitem', { name: '信息档案' }).click();
    const inRegion = await backend.call('enterprises.list', { regionCode: summary.regionCode, limit: 1 });
    await total(page, inRegion.total);
    await expect.poll(() => selectOf(page, '按地区筛选').textContent()).toContain(summary.regionName);

    // All regions, then by qualification.
    await clear(page, '按地区筛选');
    await total(page, everything.total);
    const qualification = '专精特新中小企业';
    const qualified = await backend.call('enterprises.list', { qualification, limit: 1 });
    expect(qualified.total).toBeGreaterThan(0);
    expect(qualified.total).toBeLessThan(everything.total);
    await choose(page, page.getByLabel('按资质筛选'), qualification);
    await total(page, qualified.total);
    await clear(page, '按资质筛选');
    await total(page, everything.total);

    await page.setViewportSize({ width: 1366, height: 768 });
    // As on a laptop: the list's columns, 最近跟踪 included, fit without scrolling sideways.
    await expect
      .poll(() =>
        page
          .locator('.ant-table-content, .ant-table-body')
          .first()
          .evaluate((el) => el.scrollWidth - el.clientWidth),
      )
      .toBeLessThanOrEqual(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'enterprises-list.png') });

    // By the initials of the enterprise's name.
    const initials = namePinyin(summary.name).initials;
    const found = await backend.call('enterprises.list', { search: initials, limit: 5000 });
    expect(found.rows.map((r) => r.id)).toContain(summary.id);
    // "/" from anywhere outside a field puts the cursor in the search box.
    await page.getByRole('heading', { name: '信息档案' }).click();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('搜索企业');
    await page.keyboard.type(initials);
    await page.keyboard.press('Enter');
    await total(page, found.total);
    await page.getByRole('button', { name: `打开 ${summary.name} 的档案` }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText(`信息档案：${summary.name}`).waitFor();
    await drawer.getByText(summary.creditCode).waitFor();

    // The trainees it sent.
    await drawer.getByRole('tab', { name: /参训记录/ }).click();
    for (const t of file.training) await drawer.getByRole('table', { name: '参训记录' }).getByText(t.traineeName).first().waitFor();

    // The timeline and the year-over-year change, computed here from the figures.
    await drawer.getByRole('tab', { name: '时间线' }).click();
    for (const t of file.timeline.slice(0, 5)) await drawer.locator('.ant-timeline').getByText(t.text, { exact: false }).first().waitFor();
    await drawer.getByRole('tab', { name: '逐年数据' }).click();
    const [prev, last] = file.yearly.slice(-2);
    const yearly = drawer.getByRole('table', { name: '逐年数据' });
    await yearly
      .getByRole('row')
      .filter({ hasText: `${last.year}年` })
      .getByText(pct(prev.revenueWan!, last.revenueWan!))
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'enterprise-file.png') });

    // A follow-up by keyboard and clicks: next year's figures, 高新技术企业 gained.
    const year = last.year + 1;
    const revenue = Math.round(last.revenueWan! * 1.25 * 100) / 100;
    const date = today();
    await drawer.getByRole('tab', { name: /跟踪记录/ }).click();
    await drawer.getByRole('button', { name: '新增跟踪记录' }).click();
    const dialog = page.getByRole('dialog', { name: /新增跟踪记录/ });
    await dialog.getByLabel('跟踪日期').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(date);
    await page.keyboard.press('Enter');
    await choose(page, dialog.getByLabel('跟踪类型'), '年度经营数据');
    await dialog.getByLabel('数据年度').fill(String(year));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(revenue));
    await page.keyboard.press('Tab');
    await page.keyboard.type('-35.5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('188');
    await dialog.locator('.ant-form-item', { hasText: '获得资质' }).getByRole('checkbox', { name: '高新技术企业' }).check();
    await dialog.getByLabel('备注').fill('电话回访：新厂房投产，订单饱满');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('已新增跟踪记录').first().waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const after = await backend.call('enterprises.get', { id: summary.id });
    const added = after.followUps.find((f) => f.notes === '电话回访：新厂房投产，订单饱满');
    expect(added).toMatchObject({
      date,
      kind: '年度经营数据',
      year,
      revenueWan: revenue,
      profitWan: -35.5,
      employees: 188,
      gained: ['高新技术企业'],
    });
    expect(after.qualifications).toContain('高新技术企业');
    await drawer.getByRole('table', { name: '跟踪记录' }).getByText('电话回访：新厂房投产，订单饱满').waitFor();

    // Changed: the form opens with the record's values, and the change is stored.
    await drawer
      .getByRole('button', { name: `修改 ${date} 的跟踪记录` })
      .first()
      .click();
    const edit = page.getByRole('dialog', { name: /修改跟踪记录/ });
    await expect.poll(() => edit.getByLabel('营业收入').inputValue()).toMatch(/^[\d,.]+$/);
    expect(Number((await edit.getByLabel('营业收入').inputValue()).replace(/,/g, ''))).toBe(revenue);
    await edit.getByLabel('备注').fill('电话回访：新厂房投产，订单饱满，拟申报小巨人');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存跟踪记录').first().waitFor();
    await expect
      .poll(async () => (await backend.call('enterprises.get', { id: summary.id })).followUps.find((f) => f.id === added!.id)?.notes)
      .toBe('电话回访：新厂房投产，订单饱满，拟申报小巨人');
    await drawer.getByRole('tab', { name: '时间线' }).click();
    await drawer.locator('.ant-timeline').getByText('电话回访：新厂房投产，订单饱满，拟申报小巨人', { exact: false }).first().waitFor();
    await drawer.getByRole('tab', { name: '逐年数据' }).click();
    await yearly
      .getByRole('row')
      .filter({ hasText: `${year}年` })
      .getByText(pct(last.revenueWan!, revenue))
      .waitFor();

    // The list's 最近跟踪 shows it once the drawer is closed.
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
    await page.getByRole('row').filter({ hasText: summary.name }).getByText(date).waitFor();

    // Deleted with a reason: gone from the file and recorded in the audit log.
    await page.getByRole('button', { name: `打开 ${summary.name} 的档案` }).click();
    await drawer.getByRole('tab', { name: /跟踪记录/ }).click();
    await drawer
      .getByRole('button', { name: `删除 ${date} 的跟踪记录` })
      .first()
      .click();
    const confirm = page.getByRole('dialog', { name: '删除跟踪记录' });
    await confirm.getByRole('button', { name: '删除' }).click();
    await confirm.getByText('请填写删除原因').waitFor();
    await confirm.getByLabel('删除原因').fill('重复录入');
    await confirm.getByRole('button', { name: '删除' }).click();
    await page.getByText('已删除跟踪记录').first().waitFor();
    await expect
      .poll(async () => (await backend.call('enterprises.get', { id: summary.id })).followUps.some((f) => f.id === added!.id))
      .toBe(false);
    await drawer
      .getByRole('table', { name: '跟踪记录' })
      .getByText('电话回访：新厂房投产，订单饱满，拟申报小巨人')
      .waitFor({ state: 'detached' });
    const audit = await backend.call('audit.list', { limit: 20 });
    expect(audit.some((a) => a.method === 'followups.delete' && a.summary.includes('重复录入'))).toBe(true);
  });

  it('imports a messy follow-up table after a dry run and exports the region’s files', { timeout: 240_000 }, async () => {
    app = await e2e.open({ demo: 60 });
    const { page, backend } = app;
    const everything = await backend.call('enterprises.list', { limit: 5000 });
    // Two enterprises without 2025 figures yet, so the good row creates a record.
    const fresh: EnterpriseSummary[] = [];
    for (const r of everything.rows) {
      if (fresh.length === 2) break;
      if (!(await backend.call('enterprises.get', { id: r.id })).yearly.some((y) => y.year === 2025)) fresh.push(r);
    }
    const [a, b] = fresh;
    // A table as regions send it: a title, a 填报单位 line, a two-row header, full-width digits,
    // a lower-case spaced credit code, a bad number, a 合计 row.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['2025年度培训企业跟踪调查表']);
    ws.addRow(['填报单位：（盖章）']);
    ws.addRow(['序号', '企业名称', '统一社会信用代码', '2025年经营数据', null, null, '备注']);
    ws.addRow([null, null, null, '营业收入（万元）', '利润（万元）', '员工人数', null]);
    ws.mergeCells('D3:F3');
    ws.addRow([1, a.name, a.creditCode.toLowerCase().replace(/(.{6})/, '$1 '), '１２３４．５', '88', '66', '来自跟踪表']);
    ws.addRow([2, b.name, b.creditCode, '约三千', '12', '40', '']);
    ws.addRow(['合计', null, null, 1234.5, 100, 106, null]);
    const file = path.join(dir, '跟踪表.xlsx');
    await wb.xlsx.writeFile(file);
    const before = (await backend.call('enterprises.get', { id: a.id })).followUps.length;

    await page.getByRole('menuitem', { name: '信息档案' }).click();
    await total(page, everything.total);
    await page.locator('input[type=file][aria-label="跟踪表文件"]').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: /预检「跟踪表.xlsx」/ });
    await dialog.waitFor();
    // The bad cell, by row and column.
    const errors = dialog.getByRole('table', { name: '错误明细' });
    const bad = errors
      .getByRole('row')
      .filter({ hasText: '约三千' })
      .or(errors.getByRole('row').filter({ hasText: '营业收入' }));
    await bad.first().waitFor();
    await expect.poll(() => bad.first().textContent()).toMatch(/^6/);
    await app.shot('followup-import-dry-run');
    expect((await backend.call('enterprises.get', { id: a.id })).followUps.length).toBe(before);
    await dialog.getByRole('button', { name: '确认导入 1 行' }).click();
    await page
      .getByText(/已导入跟踪表/)
      .first()
      .waitFor();
    await expect.poll(async () => (await backend.call('enterprises.get', { id: a.id })).followUps.length).toBe(before + 1);
    const imported = (await backend.call('enterprises.get', { id: a.id })).followUps.find((f) => f.source === 'import');
    expect(imported).toMatchObject({ kind: '年度经营数据', year: 2025, revenueWan: 1234.5, profitWan: 88, employees: 66 });

    // Export the region's table and read it back.
    await choose(page, page.getByLabel('按地区筛选'), a.regionName);
    const inRegion = await backend.call('enterprises.list', { regionCode: a.regionCode, limit: 5000 });
    await total(page, inRegion.total);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出信息档案/ }).click();
    const out = path.join(ARTIFACTS, 'enterprise-files.xlsx');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await (await downloading).saveAs(out);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const sheet = back.worksheets[0];
    const cells: string[] = [];
    sheet.eachRow((row) => cells.push(row.values instanceof Array ? row.values.map((v) => String(v ?? '')).join('|') : ''));
    expect(cells[0]).toContain(a.regionName);
    for (const r of inRegion.rows) expect(cells.some((c) => c.includes(r.creditCode))).toBe(true);
    expect(cells.filter((c) => /\d{2}[0-9A-Z]{16}/.test(c)).length).toBe(inRegion.total);
  });
});
