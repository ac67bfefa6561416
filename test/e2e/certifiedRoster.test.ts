/**
 * 结业名单 in Chromium: export refused until the session is closed, 结班 through the dialog, the
 * signed Excel and PDF downloaded and looked at, the Excel sent back unchanged (valid) and with a
 * name changed (the change listed), and 重新开启 refused without a reason, then done with one.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type AppUnderTest, ARTIFACTS, downloadFrom, seedCompletedSession, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

async function sendBack(page: Page, file: string) {
  await page
    .locator('.ant-upload-wrapper', { has: page.getByTestId('verify-roster') })
    .locator('input[type=file]')
    .setInputFiles(file);
}

describe.skipIf(skipE2E)('结业名单 in Chromium', () => {
  it('closes the session, exports the signed roster, verifies it sent back, and reopens with a reason', async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const names = ['王喆', '李堃', '赵赟'];
    const { sessionId } = await seedCompletedSession(backend, {
      title: '领军人才培训',
      organiser: '山东省工业和信息化厅',
      names,
      completed: names,
      seq: 41,
    });
    await page.reload();
    await page.getByRole('menuitem', { name: '结业与证书' }).click();
    await page.getByRole('tab', { name: '结业名单' }).click();
    const panel = page.getByTestId('certified-roster');
    await panel.getByText('第1期尚未结班').waitFor();
    await expect.poll(() => panel.getByRole('button', { name: '导出结业名单（Excel）' }).isDisabled()).toBe(true);

    await page.getByTestId('close-session').click();
    await page.getByRole('dialog').getByLabel('原因').fill('培训结束');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^确\s?定$/ })
      .click();
    await panel.getByText(/第1期已结班/).waitFor();
    await panel.getByText(/结班：培训结束/).waitFor();
    await app.shot('certified-roster-1-closed');

    const xlsx = await downloadFrom(page, '导出结业名单（Excel）', 'certified-roster.xlsx');
    const pdf = await downloadFrom(page, '导出结业名单（PDF）', 'certified-roster.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of ['王喆', '李堃', '赵赟', '结业名单', '签名密钥指纹']) expect(text).toContain(s);
    execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', pdf, path.join(ARTIFACTS, 'certified-roster-page')]);

    await sendBack(page, xlsx);
    await page.getByTestId('roster-valid').waitFor();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    wb.getWorksheet('结业名单')!.getCell('B8').value = '李坤';
    const edited = path.join(ARTIFACTS, 'certified-roster-edited.xlsx');
    await wb.xlsx.writeFile(edited);
    await sendBack(page, edited);
    const invalid = page.getByTestId('roster-invalid');
    await invalid.waitFor();
    const row = invalid.getByRole('row', { name: /第 2 行/ });
    await row.getByText('李堃').waitFor();
    await row.getByText('李坤').waitFor();
    await app.shot('certified-roster-2-changes');

    await page.getByTestId('reopen-session').click();
    await expect
      .poll(() =>
        page
          .getByRole('dialog')
          .getByRole('button', { name: /^确\s?定$/ })
          .isDisabled(),
      )
      .toBe(true);
    await page.getByRole('dialog').getByLabel('原因').fill('补录考勤');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^确\s?定$/ })
      .click();
    await panel.getByText('第1期尚未结班').waitFor();
    const closure = await backend.call('sessions.closure', { sessionId });
    expect(closure.history.map((h) => [h.action, h.reason])).toEqual([
      ['close', '培训结束'],
      ['reopen', '补录考勤'],
    ]);
  });
});
