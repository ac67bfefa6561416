/**
 * 签到考勤 in Chromium, keyboard only, with the page's clock under control: check in by initials,
 * by ID tail, a numbered pick among ambiguous initials, a scanner's repeated scan, a late arrival,
 * undo, and closing the slot. Every mark is checked in the store.
 */
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { appPerTest, type AppUnderTest, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

describe.skipIf(skipE2E)('签到考勤 in Chromium', () => {
  it('checks a class in by keyboard and scanner, with lateness by the clock, undo and closing the slot', async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
    const { id: sessionId } = await backend.call('sessions.create', {
      programmeId,
      number: 1,
      startDate: '2025-07-21',
      endDate: '2025-07-24',
      capacity: 10,
    });
    const people: [string, string][] = [
      ['张三', '330000'],
      ['赵四', '440000'],
      ['周森', '110000'],
      ['王五', '320000'],
      ['李六', '510000'],
      ['陈七', '330000'],
    ];
    const reg: Record<string, { id: number; idNumber: string }> = {};
    for (const [i, [name, regionCode]] of people.entries()) {
      const idNumber = makeIdNumber({ areaCode: '330102', seq: 101 + 2 * i, gender: '男' });
      const r = await backend.call(
        'registrations.create',
        registrationInput(programmeId, { sessionId, regionCode, trainee: { name, idNumber, mobile: `1380000000${i}` } }),
      );
      await backend.call('registrations.setStatus', { id: r.id, status: 'approved' });
      reg[name] = { id: r.id, idNumber };
    }
    const statusOf = async (name: string) => {
      const b = await backend.call('attendance.board', { sessionId, slotSeq: 3 });
      return b.marks.find((m) => m.registrationId === reg[name].id) ?? null;
    };
    const feedback = page.getByTestId('checkin-feedback');
    const input = page.getByTestId('checkin-input');
    const enter = async (text: string) => {
      await page.keyboard.type(text, { delay: 120 }); // a person typing
      await page.keyboard.press('Enter');
    };

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.clock.setFixedTime(new Date('2025-07-22T08:20:00'));
    await page.reload();
    await page.getByRole('menuitem', { name: '签到考勤' }).click();
    // Opens on the slot the clock says is now, with the input focused.
    await page.getByTestId('slot-select').getByText('7月22日上午').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('签到输入');
    await page.getByTestId('count-应到').getByText('6').waitFor();

    // Initials.
    await enter('ww');
    await feedback.getByText('王五 签到 08:20').waitFor();
    expect(await statusOf('王五')).toMatchObject({ status: '出勤', effectiveAt: '2025-07-22 08:20', backfilled: false });

    // ID tail.
    await enter(reg['李六'].idNumber.slice(-4));
    await feedback.getByText('李六 签到 08:20').waitFor();
    expect(await statusOf('李六')).toMatchObject({ status: '出勤' });

    // Ambiguous initials: 张三, 赵四, 周森 are all "zs"; the numbered list, then 2.
    await enter('zs');
    const list = page.getByTestId('candidates');
    await list.waitFor();
    expect(await list.locator('.ant-list-item').count()).toBe(3);
    const second = (await list.locator('.ant-list-item').nth(1).locator('strong').textContent())!;
    await app.shot('attendance-ambiguous');
    await page.keyboard.press('2');
    await feedback.getByText(`${second} 签到 08:20`).waitFor();
    await list.waitFor({ state: 'detached' });
    expect(await statusOf(second)).toMatchObject({ status: '出勤' });

    // A scanner burst of 王五's full ID number: already in, nothing changes.
    const marksBefore = (await backend.call('attendance.board', { sessionId, slotSeq: 3 })).marks.length;
    await page.keyboard.type(reg['王五'].idNumber);
    await page.keyboard.press('Enter');
    await feedback.getByText('王五 已签到 08:20').waitFor();
    expect((await backend.call('attendance.board', { sessionId, slotSeq: 3 })).marks.length).toBe(marksBefore);

    // Twelve minutes after the 08:30 start: 迟到.
    await page.clock.setFixedTime(new Date('2025-07-22T08:42:00'));
    await enter('陈七');
    await feedback.getByText('陈七 迟到 12 分钟（08:42）').waitFor();
    expect(await statusOf('陈七')).toMatchObject({ status: '迟到', minutes: 12 });
    await page.getByTestId('count-迟到').getByText('1').waitFor();
    await app.shot('attendance-checkin');

    // Ctrl+Z undoes the last mark.
    await page.keyboard.press('Control+z');
    await feedback.getByText('已撤销：陈七 迟到').waitFor();
    expect(await statusOf('陈七')).toBeNull();
    await page.getByTestId('count-已到').getByText('3').waitFor();

    // Leave approved at the region: 陈七 shows as 请假, with who asked and who approved in the store.
    await page.getByRole('button', { name: '登记请假' }).click();
    await page.getByLabel('请假学员').click();
    await page.keyboard.type('陈七');
    await page.keyboard.press('Enter');
    await page.getByLabel('申请人').fill('浙江省经信厅 王科长');
    await page.getByLabel('批准人').fill('浙江省经信厅 李处长');
    await page.getByLabel('请假原因').fill('企业突发事务');
    await app.shot('attendance-leave');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await feedback.getByText('陈七 请假 1 个半天已登记').waitFor();
    expect(await statusOf('陈七')).toMatchObject({ status: '请假', reason: '企业突发事务' });
    await page.getByTestId('count-请假').getByText('1').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('签到输入');

    // Ctrl+Enter ends the slot: after the confirmation, the rest are 缺勤.
    await page.keyboard.press('Control+Enter');
    await page.getByText('尚未签到的 2 人将记为缺勤').waitFor();
    // The dialog zooms in: wait until it is fully shown before the picture.
    await expect
      .poll(() => page.locator('.ant-modal').evaluate((el) => getComputedStyle(el).opacity + getComputedStyle(el).transform))
      .toMatch(/^1(none|matrix\(1, 0, 0, 1, 0, 0\))$/);
    await app.shot('attendance-close-confirm');
    await page.keyboard.press('Enter');
    await feedback.getByText('7月22日上午 签到结束：2 人记为缺勤').waitFor();
    const board = await backend.call('attendance.board', { sessionId, slotSeq: 3 });
    expect(board.counts).toEqual({ 应到: 6, 已到: 3, 迟到: 0, 请假: 1, 未到: 2 });
    expect(board.marks.filter((m) => m.status === '缺勤')).toHaveLength(2);
    await expect.poll(() => page.getByTestId('not-arrived').getByText('缺勤', { exact: true }).count()).toBe(2);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('签到输入');
    await app.shot('attendance-closed');
    await input.waitFor();
  });

  it('花名册: the roster against capacity, grouped automatically, stored', async () => {
    app = await e2e.open({ demo: 200 });
    const { page, backend } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('menuitem', { name: '培训班与花名册' }).click();
    const count = page.getByTestId('roster-count');
    await count.getByText(/已通过 \d+ 人 \/ 容量 100 人/).waitFor();
    const n = Number(/已通过 (\d+) 人/.exec((await count.textContent())!)![1]);
    const groups = Math.max(1, Math.ceil(n / 10));
    await page.getByRole('button', { name: '自动分组排座' }).click();
    await page.getByText(`已分为 ${Math.min(groups, n)} 个组，并排定座位`).waitFor();
    await page.getByRole('cell', { name: '组长' }).first().waitFor();
    await app.shot('rosters-grouped');
    const [programme] = await backend.call('programmes.list', {});
    const [session] = await backend.call('sessions.list', { programmeId: programme.id });
    const roster = await backend.call('rosters.get', { sessionId: session.id });
    expect(roster.entries).toHaveLength(n);
    expect(roster.entries.every((e) => e.groupNo !== null && e.seatNo !== null)).toBe(true);
    expect(roster.entries.filter((e) => e.isLeader)).toHaveLength(Math.min(groups, n));
  });

  it(
    'a class of 100 checked in by scanner bursts, every mark in the store; prints the time per check-in',
    { timeout: 180_000 },
    async () => {
      app = await e2e.open();
      const { page, backend } = app;
      const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
      const { id: sessionId } = await backend.call('sessions.create', {
        programmeId,
        number: 1,
        startDate: '2025-07-21',
        endDate: '2025-07-24',
      });
      const surnames = '王李张刘陈杨赵黄周吴';
      const given = '伟芳娜洋静磊敏勇杰霞';
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) {
        const idNumber = makeIdNumber({ areaCode: '330102', seq: 2 * i + 1, gender: '男' });
        const r = await backend.call(
          'registrations.create',
          registrationInput(programmeId, { sessionId, trainee: { name: `${surnames[i % 10]}${given[Math.floor(i / 10)]}`, idNumber } }),
        );
        await backend.call('registrations.setStatus', { id: r.id, status: 'approved' });
        ids.push(idNumber);
      }
      await page.clock.setFixedTime(new Date('2025-07-21T08:15:00'));
      await page.reload();
      await page.getByRole('menuitem', { name: '签到考勤' }).click();
      await page.getByTestId('count-应到').getByText('100').waitFor();
      const started = Date.now();
      for (const [i, id] of ids.entries()) {
        await page.keyboard.type(id); // no delay: a scanner's burst
        await page.keyboard.press('Enter');
        await page
          .getByTestId('count-已到')
          .getByText(String(i + 1), { exact: true })
          .waitFor();
      }
      const perCheckIn = (Date.now() - started) / ids.length;
      console.log(`[e2e] 100 人扫码签到：平均每人 ${perCheckIn.toFixed(0)} ms（含键入 18 位与界面刷新）`);
      const board = await backend.call('attendance.board', { sessionId, slotSeq: 1 });
      expect(board.counts).toEqual({ 应到: 100, 已到: 100, 迟到: 0, 请假: 0, 未到: 0 });
      expect(new Set(board.marks.map((m) => m.registrationId)).size).toBe(100);
      expect(board.marks.every((m) => m.status === '出勤' && m.effectiveAt === '2025-07-21 08:15')).toBe(true);
      await page.getByTestId('not-arrived').getByText('全部到齐').waitFor();
      await app.shot('attendance-100');
    },
  );
});
