/**
 * 培训效果评价 in Chromium against the real engine: returned paper sheets typed by keyboard, one line
 * per sheet, every sheet checked in the store, a wrong line refused in place, and the results tab
 * showing the figures the engine computes, with the definition printed under them.
 */
import { describe, expect, it } from 'vitest';
import { appPerTest, type AppUnderTest, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

describe.skipIf(skipE2E)('the evaluation in Chromium', () => {
  it('enters paper sheets by keyboard and shows the figures', { timeout: 180_000 }, async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
    const sessionId = (await backend.call('sessions.create', { programmeId, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' }))
      .id;
    await backend.call('timetable.set', {
      sessionId,
      courses: [
        { slotSeq: 1, title: '企业战略管理', teacher: '王建国' },
        { slotSeq: 2, title: '数字化转型案例', teacher: '李敏', kind: '案例研讨' },
      ],
    });
    await page.reload();
    await page.getByRole('menuitem', { name: '培训效果评价' }).click();
    await page.getByRole('tab', { name: '录入纸质问卷' }).click();
    const line = page.getByLabel('问卷评分');
    await line.waitFor();
    // The default questionnaire: 8 rated items, then the 2 courses: 10 digits a sheet.
    const sheets = ['5544332255', '4444444444', '5 54433 45', '3333333333'];
    const started = Date.now();
    for (const [i, sheet] of sheets.entries()) {
      await line.focus();
      await page.keyboard.type(sheet);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await backend.call('evaluation.report', { sessionId })).responses).toBe(i + 1);
      await expect.poll(() => line.inputValue()).toBe('');
    }
    console.log(`[e2e] ${sheets.length} 张纸质问卷录入，平均每张 ${Math.round((Date.now() - started) / sheets.length)} ms`);
    // A line of the wrong length is refused in place, nothing stored.
    await line.focus();
    await page.keyboard.type('55555');
    await page.keyboard.type('55555');
    await page.keyboard.type('5');
    await page.getByText('本问卷有 10 道评分题，已输入 11 位').waitFor();
    await page.keyboard.press('Enter');
    expect((await backend.call('evaluation.report', { sessionId })).responses).toBe(4);
    await app.shot('evaluation-paper-entry');

    const report = await backend.call('evaluation.report', { sessionId });
    // 课程设置: items 1–2 of each sheet (5,5), (4,4), (5,_), (3,3) — seven answers.
    const course = report.aspects[0];
    expect(course).toMatchObject({ name: '课程设置', answers: 7, mean: 4.14, satisfaction: 0.7143 });
    await page.getByRole('tab', { name: '评价结果' }).click();
    const aspects = page.getByRole('table').filter({ hasText: '课程设置' }).first();
    await aspects.getByText('4.14').waitFor();
    await aspects.getByText('71.4%').waitFor();
    await page.getByText('满意率 =（非常满意 + 满意）÷ 该题作答人数').first().waitFor();
    await page.getByText('收回问卷 4 份').waitFor();
    await app.shot('evaluation-results');
  });
});
