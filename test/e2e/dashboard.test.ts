/**
 * Issue 10 §4, the 概览 dashboard in Chromium against the real engine on the demo: the charts drawn
 * (canvases), a click on a chart's point opening the list behind it, 保存图片 giving a valid PNG and
 * 打印报告 an A4 PDF with every chart, read back. Screenshots at 1366×768 for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, ARTIFACTS, skipE2E } from './harness';

const e2e = appPerTest();

async function download(page: Page, button: Locator, name: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await button.click();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await (await downloading).saveAs(file);
  return file;
}

/** Clicks the chart's probe point (its pixel written by the chart once drawn) and returns the list drawer. */
async function clickPoint(page: Page, chart: string): Promise<Locator> {
  const box = page.locator(`[data-chart="${chart}"]`);
  await expect.poll(() => box.getAttribute('data-probe')).toMatch(/^\d+,\d+$/);
  const [x, y] = (await box.getAttribute('data-probe'))!.split(',').map(Number);
  await box.click({ position: { x, y } });
  const list = page.getByTestId('chart-list');
  await list.waitFor();
  await expect.poll(() => list.locator('.ant-table-row').count()).toBeGreaterThan(0);
  return list;
}

async function closeDrawer(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByTestId('chart-list').waitFor({ state: 'detached' });
}

describe.skipIf(skipE2E)('the 概览 dashboard in Chromium', () => {
  it('draws the charts, opens the list behind a point, saves a PNG and prints the report', { timeout: 240_000 }, async () => {
    const { page, backend } = await e2e.open({ demo: 800 });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('overview').waitFor();
    const charts = page.getByTestId('overview-charts');
    await charts.waitFor();
    const d = await backend.call('dashboard.get', { programmeId: 1 });
    // fill, registrations, attendance, attendance per half-day, completion, satisfaction: each drawn on canvas.
    await expect.poll(() => charts.locator('[data-chart]:has(canvas)').count()).toBe(6);
    for (const key of ['fill', 'registrations', 'attendance', 'attendanceSlots', 'completion', 'satisfaction'])
      await expect.poll(() => page.locator(`[data-chart="${key}"]`).getAttribute('data-probe'), { message: key }).toMatch(/^\d+,\d+$/);
    await expect.poll(() => page.getByTestId('caption-attendance').textContent()).toContain('出勤 + 迟到 + 早退');
    await expect.poll(() => page.getByTestId('caption-satisfaction').textContent()).toContain(d.satisfaction.definition);
    // The text figures above stay as they were.
    await expect.poll(() => page.getByTestId('overview-quota').count()).toBe(1);
    await page.screenshot({ path: '/tmp/h3-overview.png' });
    await page.getByTestId('chart-registrations').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/h3-overview-registrations.png' });
    await page.screenshot({ path: '/tmp/h3-overview-full.png', fullPage: true });

    // A region × session cell of the fill chart: its registrations, as many as the cell says.
    let list = await clickPoint(page, 'fill');
    const title = await page.locator('.ant-drawer-title').textContent();
    const filled = Number(/已报 (\d+) 人/.exec(title ?? '')?.[1]);
    const waitlisted = Number(/候补 (\d+) 人/.exec(title ?? '')?.[1] ?? 0);
    expect(filled).toBeGreaterThan(0);
    await expect.poll(() => list.locator('.ant-table-row').count()).toBe(filled + waitlisted);
    // Once the drawer has slid in (its animations finished), for a person to look at.
    await page
      .locator('.ant-drawer-content-wrapper')
      .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((x) => x.finished)));
    await page.screenshot({ path: '/tmp/h3-overview-list.png' });
    await closeDrawer(page);

    // A half-day of the attendance heat map: who was not simply 出勤.
    list = await clickPoint(page, 'attendanceSlots');
    await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toMatch(/第\d+期 \d+月\d+日(上午|下午).*应到 \d+/);
    await closeDrawer(page);

    // A session's 满意率 bar: the aspect's items and the comments.
    list = await clickPoint(page, 'satisfaction');
    await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toContain('课程设置 满意率');
    await expect.poll(() => list.getByText('（本方面合计）').count()).toBe(1);
    await closeDrawer(page);

    // 保存图片: the chart as a PNG, twice its size on screen.
    const png = await download(page, page.getByRole('button', { name: '保存图片：报名进度' }), 'dashboard-registrations.png');
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const width = bytes.readUInt32BE(16);
    const shown = (await page.locator('[data-chart="registrations"]').boundingBox())!.width;
    expect(Math.abs(width - 2 * shown)).toBeLessThanOrEqual(2);

    // 打印报告: every chart in an A4 PDF with its title and caption.
    const pdf = await download(page, page.getByRole('button', { name: '打印报告' }), 'dashboard-report.pdf');
    fs.copyFileSync(pdf, '/tmp/h3-report.pdf');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain(`${d.title}培训情况概览`);
    for (const t of ['各地区各期名额完成情况', '报名进度', '各期出勤率', '各期各半天出勤率', '各期结业率', '各期四个方面满意率'])
      expect(text).toContain(t);
    expect(text).toContain('出勤率=（出勤+迟到+早退）÷应到人数');
    // One image per chart (the canvas's alpha travels as its soft mask, listed apart).
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images.filter((l) => l.trim().split(/\s+/)[2] === 'image')).toHaveLength(6);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(6);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, '/tmp/h3-report']);
  });
});
