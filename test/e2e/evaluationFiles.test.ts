/**
 * The evaluation's printable files from the 培训效果评价 screen in Chromium against the real engine:
 * the questionnaire and the report (Excel and PDF) downloaded and read back.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type AppUnderTest, ARTIFACTS, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

async function downloadFrom(page: Page, button: string, name: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = path.join(ARTIFACTS, name);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await (await downloading).saveAs(file);
  return file;
}
const text = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe.skipIf(skipE2E)('the evaluation files in Chromium', () => {
  it('downloads the questionnaire and the report as Excel and PDF', { timeout: 180_000 }, async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
    const sessionId = (await backend.call('sessions.create', { programmeId, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' }))
      .id;
    await backend.call('timetable.set', { sessionId, courses: [{ slotSeq: 1, title: '企业战略管理', teacher: '王建国' }] });
    await backend.call('evaluation.addResponse', { sessionId, source: 'paper', ratings: { '课程设置-1': 5, '课程设置-2': 3 }, texts: {} });
    await page.reload();
    await page.getByRole('menuitem', { name: '培训效果评价' }).click();
    await page.getByRole('button', { name: '打印问卷（PDF）' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'evaluation-files.png') });
    const q = text(await downloadFrom(page, '打印问卷（PDF）', 'evaluation-questionnaire.pdf'));
    expect(q).toContain('录入顺序：第1–9题');
    expect(q).toContain('企业战略管理');
    const pdf = text(await downloadFrom(page, '导出评价报告（PDF）', 'evaluation-report.pdf'));
    expect(pdf).toContain('课程设置24.0050.0%');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await downloadFrom(page, '导出评价报告（Excel）', 'evaluation-report.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['2025年第1期']);
  });
});
