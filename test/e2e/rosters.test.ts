/**
 * 培训班与花名册 in Chromium against the real engine: move a trainee to another session, add from
 * the waitlist (once within capacity, once beyond it with a typed reason), drag a trainee to another
 * group, name a 组长, type a seat. Every step is checked in the store; screenshots are kept.
 */
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { appPerTest, type AppUnderTest, choose, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

describe.skipIf(skipE2E)('培训班与花名册 in Chromium', () => {
  it('moves a trainee, adds from the waitlist (and beyond capacity with a reason), drags between groups, names a leader', async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
    const s1 = (await backend.call('sessions.create', { programmeId, number: 1, startDate: '2025-07-21', capacity: 4 })).id;
    const s2 = (await backend.call('sessions.create', { programmeId, number: 2, startDate: '2025-09-15', capacity: 5 })).id;
    const people: [string, string, number, 'approved' | 'waitlisted'][] = [
      ['张三', '330000', s1, 'approved'],
      ['赵四', '440000', s1, 'approved'],
      ['王五', '320000', s1, 'approved'],
      ['李六', '510000', s1, 'approved'],
      ['周森', '110000', s2, 'approved'],
      ['候补甲', '330000', s1, 'waitlisted'],
      ['候补乙', '440000', s1, 'waitlisted'],
    ];
    const reg: Record<string, number> = {};
    for (const [i, [name, regionCode, sessionId, status]] of people.entries()) {
      const idNumber = makeIdNumber({ areaCode: '330102', seq: 201 + 2 * i, gender: '男' });
      const r = await backend.call(
        'registrations.create',
        registrationInput(programmeId, { sessionId, regionCode, trainee: { name, idNumber, mobile: `1390000000${i}` } }),
      );
      await backend.call('registrations.setStatus', { id: r.id, status });
      reg[name] = r.id;
    }
    await backend.call('rosters.assignGroups', { sessionId: s1, groups: 2 });
    const stored = async (name: string) => {
      const r = await backend.call('registrations.get', { id: reg[name] });
      const roster = r.sessionId ? await backend.call('rosters.get', { sessionId: r.sessionId }) : null;
      return { status: r.status, session: r.sessionNumber, entry: roster?.entries.find((e) => e.registrationId === reg[name]) ?? null };
    };
    const dialog = page.getByRole('dialog');
    const ok = () => dialog.getByRole('button', { name: /确\s*定/ }).click();
    const count = page.getByTestId('roster-count');

    await page.reload();
    await page.getByRole('menuitem', { name: '培训班与花名册' }).click();
    await count.getByText('已通过 4 人 / 容量 4 人').waitFor();
    await page.getByTestId('waitlist-count').getByText('2 人').waitFor();
    await app.shot('rosters-1-opened');

    // Move 张三 to session 2 by the row's 调班.
    await page.getByRole('button', { name: '调班 张三' }).click();
    // A locator for choose() starts at the page: its `has` filter looks inside the select.
    await choose(page, page.getByLabel('调入期次'), '第2期（容量 5 人）');
    await ok();
    await count.getByText('已通过 3 人 / 容量 4 人').waitFor();
    expect(await stored('张三')).toMatchObject({ status: 'approved', session: 2, entry: { groupNo: null, seatNo: null, isLeader: false } });

    // Add from the waitlist: the first in order (候补甲) within capacity.
    await page.getByRole('button', { name: '从候补补入…' }).click();
    await ok();
    await count.getByText('已通过 4 人 / 容量 4 人').waitFor();
    expect(await stored('候补甲')).toMatchObject({ status: 'approved', session: 1 });
    expect(await stored('候补乙')).toMatchObject({ status: 'waitlisted' });

    // Beyond capacity: refused in the dialog, then allowed with a typed reason.
    await page.getByRole('button', { name: '从候补补入…' }).click();
    await ok();
    await dialog.getByText(/第1期容量 4 人，已有 4 人，再加入 1 人将超出容量/).waitFor();
    await app.shot('rosters-2-over-capacity');
    expect(await stored('候补乙')).toMatchObject({ status: 'waitlisted' });
    await dialog.getByRole('textbox', { name: '超出容量的理由' }).fill('教室可加座，经中心领导同意');
    await dialog.getByRole('button', { name: '超出容量，仍然确定' }).click();
    await count.getByText('已通过 5 人 / 容量 4 人').waitFor();
    expect(await stored('候补乙')).toMatchObject({ status: 'approved', session: 1 });
    const audit = await backend.call('audit.list', { limit: 1 });
    expect(audit[0]).toMatchObject({
      method: 'rosters.addFromWaitlist',
      summary: expect.stringContaining('理由：教室可加座，经中心领导同意'),
    });

    // Drag 赵四 to the other group on the board.
    const zhao = (await stored('赵四')).entry!;
    const other = zhao.groupNo === 1 ? 2 : 1;
    await page.getByTestId(`member-${reg['赵四']}`).dragTo(page.getByTestId(`group-${other}`));
    await expect.poll(async () => (await stored('赵四')).entry?.groupNo, { timeout: 30_000 }).toBe(other);
    await page.getByTestId(`group-${other}`).getByTestId(`member-${reg['赵四']}`).waitFor();

    // Name 赵四 leader of that group with the crown on the board: the previous leader steps down.
    const before = (await backend.call('rosters.get', { sessionId: s1 })).entries.find((e) => e.groupNo === other && e.isLeader);
    await page.getByTestId(`group-${other}`).getByRole('button', { name: '设为组长 赵四' }).click();
    await expect.poll(async () => (await stored('赵四')).entry?.isLeader, { timeout: 30_000 }).toBe(true);
    if (before) expect((await stored(before.name)).entry?.isLeader).toBe(false);
    await page.getByTestId(`group-${other}`).getByText('组长').waitFor();

    // A seat typed in the row.
    const seat = page.getByRole('spinbutton', { name: '赵四的座号' });
    await seat.fill('30');
    await seat.press('Enter');
    await expect.poll(async () => (await stored('赵四')).entry?.seatNo, { timeout: 30_000 }).toBe(30);
    // The screen has reloaded the roster (the board shows the seat) before the next edit.
    await page.getByTestId(`member-${reg['赵四']}`).getByText(/30号/).waitFor();
    // A seat already taken is refused in words; the field shows the stored seat again.
    const wang = (await stored('王五')).entry!;
    await seat.fill(String(wang.seatNo));
    await seat.press('Enter');
    await page.getByTestId('error-message').getByText(`${wang.seatNo} 号座位已安排给 王五`, { exact: false }).waitFor();
    await expect.poll(() => seat.inputValue(), { timeout: 30_000 }).toBe('30');
    expect((await stored('赵四')).entry?.seatNo).toBe(30);
    await app.shot('rosters-3-groups');
  });
});
