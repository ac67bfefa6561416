/**
 * The evaluation kiosk (issue 10 §2b) in Chromium against the real engine: the administrator starts
 * it with a PIN, the window shows only the form (no menu), two trainees submit in turn (each response
 * checked in the store, the form blank again after each), an empty form is refused, reload / back /
 * Escape stay in the kiosk, a wrong PIN is refused, five lock it for a minute (the page's clock is
 * moved on, never waited for), and the right PIN returns to the app.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type AppUnderTest, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

const PIN = '2468';

async function setUp(app: AppUnderTest) {
  const { backend, page } = app;
  const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
  const sessionId = (
    await backend.call('sessions.create', { programmeId, number: 1, title: '企业战略', startDate: '2025-06-23', endDate: '2025-06-26' })
  ).id;
  const courses = await backend.call('timetable.set', {
    sessionId,
    courses: [
      { slotSeq: 1, title: '企业战略管理', teacher: '王建国' },
      { slotSeq: 2, title: '数字化转型案例', teacher: '李敏', kind: '案例研讨' },
    ],
  });
  await page.reload();
  await page.getByRole('menuitem', { name: '培训效果评价' }).click();
  return { sessionId, courses };
}

async function startKiosk({ page, shot }: AppUnderTest) {
  await page.getByRole('button', { name: '开始现场填写（自助模式）' }).click();
  await page.getByLabel('设置管理员 PIN', { exact: true }).fill(PIN);
  await page.getByLabel('再次输入管理员 PIN').fill('2469');
  await page.getByRole('button', { name: '开始自助填写' }).click();
  await page.getByText('两次输入的 PIN 不一致').waitFor();
  await shot('kiosk-start');
  await page.getByLabel('再次输入管理员 PIN').fill(PIN);
  await page.getByRole('button', { name: '开始自助填写' }).click();
  await page.getByTestId('kiosk').waitFor();
}

/** The kiosk is what the window shows, and nothing of the app: no menu, no programme switcher. */
async function expectKioskOnly(page: Page) {
  await page.getByTestId('kiosk').waitFor();
  expect(await page.getByRole('menuitem').count()).toBe(0);
  expect(await page.getByRole('menu').count()).toBe(0);
  expect(await page.getByTestId('programme-switcher').count()).toBe(0);
}

const rate = (page: Page, question: string, word: string) =>
  page.getByRole('radiogroup', { name: question, exact: true }).getByRole('radio', { name: word, exact: true }).click();

async function expectBlank(page: Page) {
  await page.getByRole('button', { name: '提交', exact: true }).waitFor();
  expect(await page.locator('[role=radio][aria-checked=true]').count()).toBe(0);
  for (const box of await page.locator('textarea[aria-label]').all()) expect(await box.inputValue()).toBe('');
}

describe.skipIf(skipE2E)('the evaluation kiosk in Chromium', () => {
  it('takes trainees in turn, stays put, and lets only the PIN out', { timeout: 240_000 }, async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { sessionId, courses } = await setUp(app);
    const report = () => backend.call('evaluation.report', { sessionId });
    await startKiosk(app);
    await expectKioskOnly(page);
    await page.getByText('本问卷不记名').waitFor();
    await page.getByText('第1期 企业战略').waitFor();
    await expectBlank(page);

    // First trainee: every question, and a comment.
    for (const q of ['课程内容符合企业经营管理需要', '课程安排与学时合理', '授课教师理论水平与实践经验', '授课方式与课堂互动'])
      await rate(page, q, '非常满意');
    for (const q of ['班级组织与服务保障', '食宿与教学条件', '对提升经营管理能力的帮助', '对企业发展的启发']) await rate(page, q, '满意');
    await rate(page, '企业战略管理（王建国）', '非常满意');
    await rate(page, '数字化转型案例（李敏）', '基本满意');
    await page.getByLabel('对本期培训的意见和建议').fill('案例很实用，希望多安排企业参访');
    await app.shot('kiosk-form-filled');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('提交成功，感谢您的评价！').waitFor();
    await app.shot('kiosk-thanks');
    let r = await report();
    expect(r.responses).toBe(1);
    expect(r.aspects.map((a) => [a.name, a.answers, a.mean])).toEqual([
      ['课程设置', 2, 5],
      ['师资力量', 2, 5],
      ['组织管理', 2, 4],
      ['实际效果', 2, 4],
    ]);
    expect(r.comments.flatMap((c) => c.texts)).toEqual(['案例很实用，希望多安排企业参访']);
    await page.getByRole('button', { name: '下一位' }).click();
    await expectBlank(page);

    // An empty form is refused, nothing stored.
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '您还没有作答任何题目' }).waitFor();
    await page.getByRole('button', { name: '返回作答' }).click();
    expect((await report()).responses).toBe(1);

    // Second trainee answers two questions: asked to confirm the unanswered ones, then stored.
    await rate(page, '课程内容符合企业经营管理需要', '满意');
    await rate(page, '课程内容符合企业经营管理需要', '不满意'); // a change of mind: the last choice counts
    await rate(page, '企业战略管理（王建国）', '满意');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '还有 8 道评分题未作答' }).waitFor();
    await page.getByRole('button', { name: '确定提交' }).click();
    await page.getByText('提交成功，感谢您的评价！').waitFor();
    await expect.poll(async () => (await report()).responses).toBe(2);
    r = await report();
    expect(r.aspects[0]).toMatchObject({ name: '课程设置', answers: 3, mean: 4 });
    const byCourse = new Map(r.courses.map((c) => [c.courseId, c]));
    expect(byCourse.get(courses[0].id)).toMatchObject({ answers: 2, mean: 4.5 });
    expect(byCourse.get(courses[1].id)).toMatchObject({ answers: 1, mean: 3 });
    await page.getByRole('button', { name: '下一位' }).click();
    await expectBlank(page);

    // Reload, history back and Escape all leave the kiosk where it is.
    await page.reload();
    await expectKioskOnly(page);
    await page.goBack().catch(() => undefined);
    await expectKioskOnly(page);
    await page.keyboard.press('Escape');
    await expectKioskOnly(page);

    // A wrong PIN is refused; the right one returns to the app.
    await page.getByRole('button', { name: '管理员退出' }).click();
    const pin = page.getByLabel('管理员 PIN', { exact: true });
    await pin.fill('1357');
    await page.getByRole('button', { name: '退出自助模式' }).click();
    await page.getByText('PIN 不正确，还可尝试 4 次。').waitFor();
    await app.shot('kiosk-wrong-pin');
    await expectKioskOnly(page);
    await pin.fill(PIN);
    await page.getByRole('button', { name: '退出自助模式' }).click();
    await page.getByRole('menuitem', { name: '培训效果评价' }).waitFor();
    expect(await page.getByTestId('kiosk').count()).toBe(0);
    // And after leaving, a reload stays in the app.
    await page.reload();
    await page.getByRole('menuitem', { name: '培训效果评价' }).waitFor();
    expect(await page.getByTestId('kiosk').count()).toBe(0);
    expect((await report()).responses).toBe(2);
  });

  it('locks the exit for a minute after five wrong PINs, across a reload', { timeout: 180_000 }, async () => {
    app = await e2e.open();
    const { page } = app;
    await page.clock.install();
    await setUp(app);
    await startKiosk(app);
    await page.getByRole('button', { name: '管理员退出' }).click();
    const pin = page.getByLabel('管理员 PIN', { exact: true });
    for (let i = 1; i <= 4; i++) {
      await pin.fill('0000');
      await page.getByRole('button', { name: '退出自助模式' }).click();
      await page.getByText(`PIN 不正确，还可尝试 ${5 - i} 次。`).waitFor();
    }
    await pin.fill('0000');
    await page.getByRole('button', { name: '退出自助模式' }).click();
    await page.getByText(/PIN 错误次数过多，已锁定：请 \d+ 秒后再试。/).waitFor();
    expect(await pin.isDisabled()).toBe(true);
    await app.shot('kiosk-locked');

    // A reload does not reset the lockout.
    await page.reload();
    await expectKioskOnly(page);
    await page.getByRole('button', { name: '管理员退出' }).click();
    await page.getByText(/已锁定/).waitFor();
    expect(await page.getByLabel('管理员 PIN', { exact: true }).isDisabled()).toBe(true);

    // A minute later, the right PIN opens it.
    await page.clock.fastForward(61_000);
    await expect.poll(() => page.getByLabel('管理员 PIN', { exact: true }).isDisabled()).toBe(false);
    await page.getByLabel('管理员 PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: '退出自助模式' }).click();
    await page.getByRole('menuitem', { name: '培训效果评价' }).waitFor();
    expect(await page.getByTestId('kiosk').count()).toBe(0);
  });
});
