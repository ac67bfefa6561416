/**
 * 名额调剂 in Chromium against the real engine (issue 7 §5, §7): the demo's history shows its one
 * reallocation; the suggestion for 第1期 is applied with a reason and reverted; reverting the demo's
 * reallocation, whose places are taken, is refused in Chinese; waitlisted registrations are promoted
 * after the list is confirmed; and a 调减 in the quota grid (a cell set lower with a reason) is
 * reverted from the cell's history; a place is moved by hand to another session. Every step is checked
 * in the store.
 */
import { describe, expect, it } from 'vitest';
import type { QuotaGrid } from '../../shared/domain/quotas';
import { appPerTest, type AppUnderTest, choose, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

describe.skipIf(skipE2E)('名额调剂 in Chromium', () => {
  it('applies the suggestion and reverts it, refuses a revert whose places are taken, promotes the confirmed list, reverts a 调减, moves a place across sessions', async () => {
    app = await e2e.open({ demo: 800 });
    const { page, backend } = app;
    const programmeId = (await backend.call('programmes.list', {}))[0].id;
    const sessions = await backend.call('sessions.list', { programmeId });
    const s1 = sessions.find((s) => s.number === 1)!.id;
    const history = () => backend.call('reallocations.history', { programmeId });
    const demo = await history();
    expect(demo).toHaveLength(1);
    expect(demo[0].reason).toContain('演示');

    await page.getByRole('menuitem', { name: '年度计划与名额' }).click();
    await page.getByRole('tab', { name: '名额调剂' }).click();
    const records = page.getByRole('table', { name: '调剂记录' });
    await records.getByText(demo[0].reason).waitFor();

    // The suggestion for 第1期 (deadline passed), applied with a reason.
    await choose(page, page.getByLabel('调剂期次'), '第1期（已截止）');
    const standing = await backend.call('reallocations.standing', { programmeId, sessionId: s1 });
    const total = standing.suggestion.reduce((a, m) => a + m.places, 0);
    expect(total).toBeGreaterThan(0);
    const plan = page.getByRole('table', { name: '调剂方案' });
    await expect.poll(() => plan.locator('tbody tr.ant-table-row').count()).toBe(standing.suggestion.length);
    await page.getByLabel('调剂原因').fill('第1期报名截止，收回未用名额调剂给候补地区（测试）');
    await page.getByRole('button', { name: `应用调剂（${total} 名）` }).click();
    await expect.poll(async () => (await history()).length).toBe(2);
    const applied = (await history())[0];
    expect(applied).toMatchObject({ status: 'applied', places: total, kind: 'suggested' });
    expect(applied.reason).toBe('第1期报名截止，收回未用名额调剂给候补地区（测试）');
    expect(applied.moves.map((m) => [m.fromRegion, m.toRegion, m.places])).toEqual(
      standing.suggestion.map((m) => [m.fromRegion, m.toRegion, m.places]),
    );
    const cellHistory = await backend.call('quotas.history', { programmeId, sessionId: s1, regionCode: applied.moves[0].toRegion });
    expect(cellHistory[0].source).toBe('reallocation');
    await records.getByText(applied.reason).waitFor();
    await app.shot('reallocation-applied');

    // 撤销 the new one (nothing taken yet): the cells go back.
    const before = await backend.call('quotas.grid', { programmeId });
    await records
      .getByRole('row', { name: new RegExp(applied.reason) })
      .getByRole('button', { name: '撤销' })
      .click();
    await page.getByLabel('撤销原因').fill('测试撤销');
    await page.getByRole('button', { name: '撤销调剂' }).click();
    await expect.poll(async () => (await history())[0].status).toBe('reverted');
    const after = await backend.call('quotas.grid', { programmeId });
    const col = after.sessions.findIndex((s) => s.id === s1);
    const moved = new Set(applied.moves.flatMap((m) => [m.fromRegion, m.toRegion]));
    const at = (g: QuotaGrid, code: string) => g.cells[g.regions.findIndex((r) => r.code === code)][col].places;
    for (const code of moved)
      expect(at(after, code), code).toBe(
        at(before, code) +
          (applied.moves.filter((m) => m.fromRegion === code).reduce((a, m) => a + m.places, 0) -
            applied.moves.filter((m) => m.toRegion === code).reduce((a, m) => a + m.places, 0)),
      );
    await records
      .getByRole('row', { name: new RegExp(applied.reason) })
      .getByText('已撤销')
      .waitFor();

    // The demo's reallocation gave places its promoted registrations now hold: refused, nothing changed.
    await records
      .getByRole('row', { name: new RegExp(demo[0].reason) })
      .getByRole('button', { name: '撤销' })
      .click();
    await page.getByLabel('撤销原因').fill('测试');
    await page.getByRole('button', { name: '撤销调剂' }).click();
    await page
      .getByText(/无法撤销这次名额调剂：第1期.+调入的名额已有报名占用/)
      .first()
      .waitFor();
    expect((await history()).find((r) => r.id === demo[0].id)!.status).toBe('applied');
    await app.shot('reallocation-revert-refused');
    await page.getByRole('button', { name: /^取\s*消$/ }).click();

    // Promotion: the list is shown first, then confirmed.
    const lines = await backend.call('reallocations.waitlist', { programmeId, sessionId: s1 });
    const next = lines.flatMap((c) => c.waiting.filter((w) => w.next));
    expect(next.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: `候补转正（${next.length} 人）…` }).click();
    const list = page.getByRole('list', { name: '转正名单' }).or(page.locator('[aria-label="转正名单"]'));
    await expect.poll(() => list.locator('.ant-list-item').count()).toBe(next.length);
    await app.shot('reallocation-promotion-list');
    await page.getByRole('button', { name: '确认转正' }).click();
    await expect
      .poll(
        async () =>
          (await backend.call('reallocations.waitlist', { programmeId, sessionId: s1 })).flatMap((c) => c.waiting.filter((w) => w.next))
            .length,
      )
      .toBe(0);
    for (const w of next) expect((await backend.call('registrations.get', { id: w.registrationId })).status).toBe('submitted');

    // 调减 in the quota grid: 北京市 第2期 one lower with a reason, then reverted from the cell's history.
    await page.getByRole('tab', { name: '名额分配表' }).click();
    await page.getByRole('grid', { name: '名额分配表' }).waitFor();
    const g0 = await backend.call('quotas.grid', { programmeId });
    const bj = g0.regions.findIndex((r) => r.code === '110000');
    const c2 = g0.sessions.findIndex((s) => s.number === 2);
    const original = g0.cells[bj][c2].places;
    expect(original).toBeGreaterThan(1);
    expect(original).toBeLessThan(11);
    await page.getByLabel('修改原因').fill('调减：北京市第2期报名不足');
    const cell = page.getByRole('gridcell', { name: '北京市 第2期', exact: true });
    await cell.click();
    await page.keyboard.type(String(original - 1));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await backend.call('quotas.grid', { programmeId })).cells[bj][c2].places).toBe(original - 1);
    const cut = (await backend.call('quotas.history', { programmeId, sessionId: g0.sessions[c2].id, regionCode: '110000' }))[0];
    expect(cut).toMatchObject({
      source: 'edit',
      reason: '调减：北京市第2期报名不足',
      from: { places: original },
      to: { places: original - 1 },
    });
    await cell.dblclick();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '北京市 · 第2期' });
    await drawer.getByText('调减：北京市第2期报名不足').waitFor();
    await app.shot('reallocation-cut-history');
    await drawer.getByRole('button', { name: '撤销' }).first().click();
    await expect.poll(async () => (await backend.call('quotas.grid', { programmeId })).cells[bj][c2].places).toBe(original);
    const back = (await backend.call('quotas.history', { programmeId, sessionId: g0.sessions[c2].id, regionCode: '110000' }))[0];
    expect(back).toMatchObject({ source: 'revert', revertOf: cut.id, to: { places: original } });

    // A place moved by hand to another session: 第1期's unused place of one region to 北京市 第2期.
    const s2 = sessions.find((s) => s.number === 2)!.id;
    const donor = (await backend.call('reallocations.standing', { programmeId, sessionId: s1 })).sessions
      .find((s) => s.sessionId === s1)!
      .cells.find((c) => c.takeable > 0 && c.regionCode !== '110000');
    expect(donor).toBeDefined();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '名额调剂' }).click();
    const rows = plan.locator('tbody tr.ant-table-row');
    // The table starts with the suggestion (if any): cleared, then one move typed by hand.
    await plan.waitFor();
    while ((await rows.count()) > 0) {
      const n = await rows.count();
      await rows.first().getByRole('button', { name: '删除这一笔' }).click();
      await expect.poll(() => rows.count()).toBe(n - 1);
    }
    await page.getByRole('button', { name: '添加一笔' }).click();
    const row = rows.first();
    const pickRegion = async (label: string, name: string) => {
      await row.getByLabel(label).click();
      await page.keyboard.type(name);
      await choose(page, row.getByLabel(label), name);
    };
    await choose(page, row.getByLabel('调出期次'), '第1期');
    await pickRegion('调出地区', donor!.regionName);
    await choose(page, row.getByLabel('调入期次'), '第2期');
    await pickRegion('调入地区', '北京市');
    await expect.poll(() => plan.locator('tbody tr.ant-table-row').count()).toBe(1);
    await page.getByLabel('调剂原因').fill('跨期调剂（测试）');
    await page.getByRole('button', { name: '应用调剂（1 名）' }).click();
    await expect.poll(async () => (await history())[0].reason).toBe('跨期调剂（测试）');
    expect((await history())[0].moves).toMatchObject([
      { fromSessionId: s1, fromRegion: donor!.regionCode, toSessionId: s2, toRegion: '110000', places: 1 },
    ]);
  }, 300_000);
});
