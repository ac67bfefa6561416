/**
 * The roster's exports in Chromium against the real engine: each button downloads its file (the
 * browser harness has no save dialog), and each file is read back.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { launch, openApp, skipE2E, type AppUnderTest } from './harness';

let browser: Browser;
let app: AppUnderTest | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-roster-exports-'));
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

const NAMES = ['张喆', '李堃', '王赟', '赵珺', '刘玥', '阿依古丽·买买提'];

describe.skipIf(skipE2E)('the roster exports in Chromium', () => {
  it('downloads 花名册 (Excel, PDF), 胸牌, 桌签 and 考勤统计表 with every name in them', { timeout: 180_000 }, async () => {
    app = await openApp(browser);
    const { page, backend } = app;
    const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
    const sessionId = (await backend.call('sessions.create', { programmeId, number: 1, startDate: '2025-07-21', endDate: '2025-07-24' }))
      .id;
    for (const [i, name] of NAMES.entries()) {
      const r = await backend.call(
        'registrations.create',
        registrationInput(programmeId, { sessionId, trainee: { name, idNumber: makeIdNumber({ seq: 501 + 2 * i, gender: '男' }) } }),
      );
      await backend.call('registrations.setStatus', { id: r.id, status: 'approved' });
    }
    await page.reload();
    await page.getByRole('menuitem', { name: '培训班与花名册' }).click();
    await page.getByTestId('roster-count').getByText('已通过 6 人').waitFor();
    const exports = page.getByTestId('roster-exports');
    await app.shot('roster-exports-1');

    for (const [label, file] of [
      ['花名册（Excel）', '花名册-2025年第1期.xlsx'],
      ['花名册（PDF）', '花名册-2025年第1期.pdf'],
      ['胸牌（PDF）', '胸牌-2025年第1期.pdf'],
      ['桌签（PDF）', '桌签-2025年第1期.pdf'],
      ['考勤统计表（Excel）', '考勤统计表-2025年第1期.xlsx'],
    ]) {
      const downloading = page.waitForEvent('download');
      await exports.getByRole('button', { name: label }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(file);
      const saved = path.join(dir, file);
      await download.saveAs(saved);
      let text: string;
      if (file.endsWith('.pdf')) text = execFileSync('pdftotext', [saved, '-'], { encoding: 'utf8' });
      else {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(saved);
        text = wb.worksheets[0].getSheetValues().flat().map(String).join(' ');
      }
      for (const name of NAMES) expect(text, `${file} ${name}`).toContain(name);
    }
    await app.shot('roster-exports-2');
  });
});
