/**
 * The timetable's files from the 课程表 tab in Chromium against the real engine: an institution's
 * .xlsx chosen, the dry run shown (courses with their slots, a ceremony left aside), 确认导入, the
 * editor showing the imported courses; a file with a date outside the session cannot be confirmed;
 * 打印课程表 downloads the A4 PDF, read back.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { appPerTest, type AppUnderTest, ARTIFACTS, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

async function timetableFile(name: string, extra: unknown[][] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('课程表');
  for (const r of [
    ['第1期课程安排'],
    ['日期', '时间', '课程内容', '授课教师', '形式'],
    ['6月23日', '上午', '开班式', null, null],
    [null, '上午', '企业战略管理', '王建国（清华大学教授）', '讲座'],
    [null, '下午', '数字化转型案例', '李敏', '研讨'],
    ['6月24日', '下午', '走进智能工厂', '孙丽', '参观'],
    ...extra,
  ])
    ws.addRow(r);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe.skipIf(skipE2E)('the timetable files in Chromium', () => {
  it('imports an institution timetable after a dry run, refuses one with errors, prints the 课程表', { timeout: 180_000 }, async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
    const sessionId = (
      await backend.call('sessions.create', {
        programmeId,
        number: 1,
        title: '数字化转型专题班',
        startDate: '2025-06-23',
        endDate: '2025-06-26',
      })
    ).id;
    await page.reload();
    await page.getByRole('menuitem', { name: '培训效果评价' }).click();
    await page.getByRole('tab', { name: '课程表' }).click();

    // A date outside the session: the dry run lists the error and 确认导入 stays disabled.
    await page
      .getByLabel('课程表文件')
      .setInputFiles(await timetableFile('timetable-bad.xlsx', [['6月30日', '上午', '补充课程', '钱七', null]]));
    const dialog = page.getByRole('dialog');
    await dialog.getByText('第 7 行「日期」：6月30日不在本期（6月23日至6月26日）之内').waitFor();
    expect(await dialog.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByLabel('课程表文件').setInputFiles(await timetableFile('timetable.xlsx'));
    await dialog.getByText('预检「timetable.xlsx」：3 门课程，0 处错误').waitFor();
    await dialog.getByText('第 3 行「开班式」是日程安排（无授课教师），未作为课程导入').waitFor();
    await dialog.getByRole('cell', { name: '清华大学教授' }).or(dialog.getByText('王建国，清华大学教授')).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'timetable-import-dry-run.png') });
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('课程表已导入：3 门课程（保留 0，新增 3，删除 0）').waitFor();
    await expect
      .poll(async () => (await backend.call('timetable.list', { sessionId })).map((c) => c.kind))
      .toEqual(['讲授', '案例研讨', '现场教学']);
    await expect.poll(() => page.getByLabel('课程名称').count()).toBe(3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timetable-editor.png') });

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: '打印课程表' }).click();
    const pdf = path.join(ARTIFACTS, 'timetable.pdf');
    await (await downloading).saveAs(pdf);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('2025年领军人才培训课程表');
    for (const t of ['企业战略管理', '数字化转型案例', '走进智能工厂', '清华大学教授']) expect(text).toContain(t);
  });
});
