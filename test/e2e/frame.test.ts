import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/db/migrations';
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

describe.skipIf(skipE2E)('the Chinese frame in Chromium', () => {
  it('overview shows the demo programme’s real figures from the store', async () => {
    app = await openApp(browser, { demo: 800 });
    const { page } = app;
    const overview = await app.backend.call('overview.get', { programmeId: 1 });
    await page.getByTestId('overview').waitFor();
    await expect(page.locator('h1').first().textContent()).resolves.toBe('2025年度中小企业经营管理领军人才培训');
    const text = (await page.getByTestId('overview').textContent()) ?? '';
    expect(text).toContain(`有效报名（人）${overview.active}`);
    expect(text).toContain(`已通过${overview.registrations.approved}`);
    expect(text).toContain(`参训企业（家）${overview.enterprises}`);
    expect(text).toContain('第9期');
    expect(overview.active).toBeGreaterThan(700);
    for (const label of ['概览', '年度计划与名额', '学员报名', '培训班与花名册', '签到考勤', '结业与证书', '数据与备份', '设置'])
      await expect(page.getByRole('menuitem', { name: label }).count()).resolves.toBe(1);
    await app.shot('overview');
  });

  it('the built page keeps a strict CSP: no inline or remote scripts', async () => {
    app = await openApp(browser);
    const csp = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // An inline script injected at run time is refused by the browser.
    const ran = await app.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    app.errors.length = 0; // the refusal is reported on the console, as it should be
  });

  it('every screen of the menu opens on its own content', async () => {
    app = await openApp(browser, { demo: 60 });
    const { page } = app;
    await page.getByTestId('overview').waitFor();
    const screens: [string, string][] = [
      ['年度计划与名额', '期次安排'],
      ['学员报名', '共 60 条'],
      ['培训班与花名册', '自动分组排座'],
      ['签到考勤', '请签到'],
      ['结业与证书', '证书模板'],
      ['培训效果评价', '录入纸质问卷'],
      ['信息档案', '共 60 家企业'],
      ['数据与备份', `数据版本 ${LATEST_VERSION}`],
      ['设置', '操作员姓名'],
    ];
    for (const [i, [menu, expected]] of screens.entries()) {
      await page.getByRole('menuitem', { name: menu }).click();
      await page.getByText(expected).first().waitFor();
      await app.shot(`screen-${i + 1}-${menu}`);
    }
  });

  it('creating a programme and a session through the UI writes to the store; the switcher follows', async () => {
    app = await openApp(browser);
    const { page } = app;
    await page.getByRole('menuitem', { name: '年度计划与名额' }).click();
    await page.getByRole('button', { name: '新建培训项目' }).click();
    await page.getByLabel('项目名称').fill('2026年度中小企业经营管理领军人才培训');
    await page.getByLabel('年度').fill('2026');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已新建 2026 年').waitFor();
    // Sessions have their own tab beside the quota table.
    await page.getByRole('tab', { name: '期次安排' }).click();
    await page.getByRole('button', { name: '新增期次' }).click();
    await page.getByLabel('地点').fill('杭州');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '杭州' }).waitFor();
    const programmes = await app.backend.call('programmes.list', {});
    expect(programmes).toMatchObject([{ year: 2026, sessionCount: 1 }]);
    await expect(page.getByTestId('programme-switcher').textContent()).resolves.toContain('2026年度中小企业经营管理领军人才培训');
    await app.shot('plan-created');
  });

  it('a refused write reaches the user in one place, in Chinese', async () => {
    app = await openApp(browser, { demo: 10 });
    const { page } = app;
    await page.getByRole('menuitem', { name: '年度计划与名额' }).click();
    await page.getByRole('button', { name: '新建培训项目' }).click();
    await page.getByLabel('项目名称').fill('2025年度中小企业经营管理领军人才培训');
    await page.getByLabel('年度').fill('2025');
    await page.getByRole('button', { name: '保存' }).click();
    const msg = page.getByTestId('error-message');
    await msg.waitFor();
    await expect(msg.textContent()).resolves.toContain('2025 年已有名为「2025年度中小企业经营管理领军人才培训」的培训项目');
    expect(await app.backend.call('programmes.list', {})).toHaveLength(1);
    await app.shot('error-center');
  });

  it('the operator name set in 设置 signs the audit trail', async () => {
    app = await openApp(browser);
    const { page } = app;
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByLabel('操作员姓名').fill('王主任');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('操作员：王主任').waitFor();
    await page.getByRole('menuitem', { name: '数据与备份' }).click();
    await page.getByRole('button', { name: '立即备份' }).click();
    await page.getByText('已备份').waitFor();
    await page.getByRole('cell', { name: '王主任' }).first().waitFor();
    const audit = await app.backend.call('audit.list', {});
    expect(audit.map((a) => a.method)).toEqual(['backups.create', 'settings.update']);
    expect(audit[0].operator).toBe('王主任');
    await app.shot('data-backup');
  });
});
