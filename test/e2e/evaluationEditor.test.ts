/**
 * 问卷设置 and 多期对比 in Chromium against the real engine. The questionnaire is edited by keyboard
 * and mouse, saved, seen again after a reload, printed (the PDF read back) and typed back from paper
 * with the new number of digits; an answered item cannot be removed, in the page or by the service.
 * Two demo sessions compared side by side show the figures evaluation.report gives for each, 总体
 * recomputed here from the distributions, and the comparison exported.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../shared/domain/evaluationTypes';
import { appPerTest, ARTIFACTS, skipE2E } from './harness';

const e2e = appPerTest();

async function downloadFrom(page: Page, button: string, name: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = path.join(ARTIFACTS, name);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await (await downloading).saveAs(file);
  return file;
}
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe.skipIf(skipE2E)('问卷设置 and 多期对比 in Chromium', () => {
  it(
    'edits the questionnaire, which the printed sheet and paper entry then follow; answered items stay',
    { timeout: 240_000 },
    async () => {
      const app = await e2e.open();
      const { page, backend } = app;
      const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
      const sessionId = (await backend.call('sessions.create', { programmeId, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' }))
        .id;
      await backend.call('sessions.create', { programmeId, number: 2, startDate: '2025-09-01', endDate: '2025-09-04' });
      await backend.call('timetable.set', {
        sessionId,
        courses: [
          { slotSeq: 1, title: '企业战略管理', teacher: '王建国' },
          { slotSeq: 2, title: '数字化转型案例', teacher: '李敏', kind: '案例研讨' },
        ],
      });
      await backend.call('evaluation.addResponse', { sessionId, source: 'paper', ratings: { '组织管理-1': 5, '课程设置-1': 4 } });
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.reload();
      await page.getByRole('menuitem', { name: '培训效果评价' }).click();
      await page.getByRole('tab', { name: '问卷设置' }).click();
      const item = (label: string) => page.getByLabel(label, { exact: true });
      await item('组织管理第1题').waitFor();

      // The answered item shows its answers and cannot be removed here.
      await expect.poll(() => page.getByRole('button', { name: '组织管理第1题删除' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: '组织管理第1题删除' }).getAttribute('title')).toBe(
        '已有 1 份作答，不能删除（可以修改文字）',
      );

      // An item removed while a kiosk submission answers it meanwhile: the service refuses, naming it; nothing changes.
      await page.getByRole('button', { name: '实际效果第2题删除' }).click();
      await backend.call('evaluation.addResponse', { sessionId, source: 'kiosk', ratings: { '实际效果-2': 3 } });
      const stored = await backend.call('evaluation.questionnaire', { sessionId });
      await page.getByRole('button', { name: '保存问卷' }).click();
      await page
        .getByRole('alert')
        .getByText('题目 「实际效果：对企业发展的启发」（1 份） 已有作答，不能从问卷中删除（可以修改题目文字）。')
        .waitFor();
      expect(await backend.call('evaluation.questionnaire', { sessionId })).toEqual(stored);
      await page.getByRole('button', { name: '放弃修改' }).click();
      await item('实际效果第2题').waitFor();
      // The counts were reloaded: the item now shows its answer and cannot be removed.
      await expect.poll(() => page.getByRole('button', { name: '实际效果第2题删除' }).isDisabled()).toBe(true);

      // 恢复默认 and 从其他期复制 only fill the draft.
      await item('组织管理第1题').fill('班级组织与后勤服务');
      await page.getByRole('button', { name: '恢复默认' }).click();
      await expect.poll(() => item('组织管理第1题').inputValue()).toBe('班级组织与服务保障');
      // The session had the default: nothing left to save.
      expect(await page.getByRole('button', { name: '保存问卷' }).isDisabled()).toBe(true);
      await page.getByLabel('从其他期复制').click();
      await page.getByTitle('第2期').click();
      await page.getByText('已载入第2期的问卷，保存后生效').waitFor();

      // By keyboard: 组织管理's 添加题目, type the new item; then remove two unanswered items and add an open question.
      await page.getByRole('button', { name: '组织管理添加题目' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('组织管理第3题');
      await page.keyboard.type('报到与接送安排');
      await page.getByRole('button', { name: '组织管理第3题上移' }).click();
      await page.getByRole('button', { name: '组织管理第3题删除' }).click(); // 食宿与教学条件, moved down to 3rd
      await page.getByRole('button', { name: '课程设置第2题删除' }).click();
      await page.getByRole('button', { name: '开放题添加题目' }).click();
      await page.keyboard.type('您最希望邀请的授课专家');
      // An empty item stops the save with a Chinese message.
      await page.getByRole('button', { name: '开放题添加题目' }).click();
      await page.getByRole('button', { name: '保存问卷' }).click();
      await page.getByRole('alert').getByText('开放题第 4 题还没有填写题目').waitFor();
      await page.getByRole('button', { name: '开放题第4题删除' }).click();
      await page.getByText('评分题共 9 道（四个方面 7 道，课程表中的课程 2 门），纸质问卷每张录入 9 位').waitFor();
      await page.screenshot({ path: '/tmp/h5-editor.png', fullPage: true });
      await page.getByRole('button', { name: '保存问卷' }).click();
      await page.getByText('问卷已保存').waitFor();
      const saved = await backend.call('evaluation.questionnaire', { sessionId });
      expect(saved.aspects[0].items.map((i) => i.key)).toEqual(['课程设置-1']);
      expect(saved.aspects[2].items).toEqual([
        { key: '组织管理-1', text: '班级组织与服务保障' },
        { key: '组织管理-3', text: '报到与接送安排' },
      ]);
      expect(saved.open.at(-1)).toEqual({ key: '意见-3', text: '您最希望邀请的授课专家' });

      // After a reload the editor shows the stored questionnaire.
      await page.reload();
      await page.getByRole('menuitem', { name: '培训效果评价' }).click();
      await page.getByRole('tab', { name: '问卷设置' }).click();
      await expect.poll(() => item('组织管理第2题').inputValue()).toBe('报到与接送安排');
      await expect.poll(() => item('开放题第3题').inputValue()).toBe('您最希望邀请的授课专家');
      expect(await page.getByLabel('课程设置第2题', { exact: true }).count()).toBe(0);

      // The printed questionnaire carries the new items and numbers 9 rated questions.
      const printed = pdfText(await downloadFrom(page, '打印问卷（PDF）', 'evaluation-editor-questionnaire.pdf'));
      expect(printed).toContain('报到与接送安排');
      expect(printed).toContain('您最希望邀请的授课专家');
      expect(printed).not.toContain('食宿与教学条件');
      expect(printed).toContain('录入顺序：第1–9题');

      // Paper entry follows: 9 digits a sheet, the 5th being 报到与接送安排.
      await page.getByRole('tab', { name: '录入纸质问卷' }).click();
      const line = page.getByLabel('问卷评分');
      await line.focus();
      await page.keyboard.type('5544332255');
      await page.getByText('本问卷有 9 道评分题，已输入 10 位').waitFor();
      await line.fill('');
      await page.keyboard.type('554433225');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await backend.call('evaluation.report', { sessionId })).responses).toBe(3);
      const report = await backend.call('evaluation.report', { sessionId });
      expect(report.aspects[2].items.map((i) => [i.name, i.answers, i.mean])).toEqual([
        ['班级组织与服务保障', 2, 4.5],
        ['报到与接送安排', 1, 3],
      ]);
    },
  );

  it('compares two demo sessions side by side with the figures of evaluation.report', { timeout: 240_000 }, async () => {
    const app = await e2e.open({ demo: 60 });
    const { page, backend } = app;
    const programmeId = (await backend.call('programmes.list', {}))[0].id;
    const sessions = await backend.call('sessions.list', { programmeId });
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const [s1, s2] = sessions;
    const year = (await backend.call('programmes.list', {}))[0].year;
    // A session of another year, to be compared too.
    const other = await backend.call('programmes.create', { year: year - 1, title: '领军人才培训' });
    const old = (await backend.call('sessions.create', { programmeId: other.id, number: 1, startDate: `${year - 1}-06-02` })).id;
    for (const r of [5, 3, 2])
      await backend.call('evaluation.addResponse', { sessionId: old, source: 'kiosk', ratings: { '课程设置-1': r, '组织管理-2': r } });
    // Responses with a spread that differs between the two sessions (the demo may carry its own too).
    for (const [s, seed] of [
      [s1, 1],
      [s2, 4],
    ] as const)
      for (let n = 0; n < 6; n++) {
        const q = await backend.call('evaluation.questionnaire', { sessionId: s.id });
        const items = q.aspects.flatMap((a) => a.items.map((i) => i.key));
        await backend.call('evaluation.addResponse', {
          sessionId: s.id,
          source: 'paper',
          ratings: Object.fromEntries(items.map((k, i) => [k, 5 - ((n * 3 + i * seed) % (seed === 1 ? 3 : 5))])),
          texts: n === 0 && q.open[0] ? { [q.open[0].key]: `第${s.number}期：希望多安排现场教学` } : {},
        });
      }
    const reports = await Promise.all([s1, s2].map((s) => backend.call('evaluation.report', { sessionId: s.id })));

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('menuitem', { name: '培训效果评价' }).click();
    await page.getByRole('tab', { name: '多期对比' }).click();
    const picker = page.getByLabel('对比期次');
    await picker.waitFor();
    // All the programme's sessions are picked to start with; Backspace removes them, typing picks two.
    await picker.focus();
    for (let i = 0; i < Math.min(12, sessions.length); i++) await page.keyboard.press('Backspace');
    await page.getByText('请选择至少两个期次进行对比').waitFor();
    for (const s of [s1, s2]) {
      await page.keyboard.type(`${year}年第${s.number}期`);
      await page
        .locator('.ant-select-item-option-active')
        .filter({ hasText: `第${s.number}期` })
        .waitFor();
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Escape');
    const table = page.getByRole('table').filter({ hasText: '方面 / 题目' }).last();
    await table.locator('tr[data-row-key="总体"]').waitFor();

    const cells = async (key: string) => (await table.locator(`tr[data-row-key="${key}"] td`).allTextContents()).map((t) => t.trim());
    const shown = (f: { answers: number; mean: number | null; satisfaction: number | null }) => [
      String(f.answers),
      f.mean === null ? '—' : f.mean.toFixed(2),
      f.satisfaction === null ? '—' : `${(f.satisfaction * 100).toFixed(1)}%`,
    ];
    for (const [a, name] of reports[0].aspects.map((x, i) => [i, x.name] as const)) {
      expect(await cells(name)).toEqual([name, ...shown(reports[0].aspects[a]), ...shown(reports[1].aspects[a])]);
    }
    // 总体: over every answer to the four aspects, recomputed here from the distributions.
    const overall = (r: EvaluationReport) => {
      const d = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
      for (const a of r.aspects) for (const k of [5, 4, 3, 2, 1] as const) d[k] += a.distribution[k];
      const n = d[5] + d[4] + d[3] + d[2] + d[1];
      const sum = 5 * d[5] + 4 * d[4] + 3 * d[3] + 2 * d[2] + d[1];
      return { answers: n, mean: Math.round((sum / n) * 100) / 100, satisfaction: Math.round(((d[5] + d[4]) / n) * 10000) / 10000 };
    };
    const o = reports.map(overall);
    expect(await cells('总体')).toEqual(['总体', ...shown(o[0]), ...shown(o[1])]);
    // The higher 满意率 of the 总体 row is marked best, the lower worst.
    const rate = table.locator('tr[data-row-key="总体"] td');
    expect(o[0].satisfaction).not.toBe(o[1].satisfaction);
    const [hi, lo] = o[0].satisfaction > o[1].satisfaction ? [3, 6] : [6, 3];
    expect(await rate.nth(hi).getAttribute('class')).toContain('cmp-best');
    expect(await rate.nth(lo).getAttribute('class')).toContain('cmp-worst');
    // An aspect opens onto its items.
    await table.locator('tr[data-row-key="组织管理"] button[aria-label]').first().click();
    await table.locator('tr[data-row-key="组织管理|0"]').waitFor();
    expect(await cells('组织管理|0')).toEqual([
      reports[0].aspects[2].items[0].name,
      ...shown(reports[0].aspects[2].items[0]),
      ...shown(reports[1].aspects[2].items[0]),
    ]);
    await page.getByText(`${reports[0].definitionText}。方面的数字按该方面全部题目的全部作答计算，总体按四个方面全部作答计算`).waitFor();
    await page.screenshot({ path: '/tmp/h5-comparison.png', fullPage: true });

    // The same comparison exported: one sheet per session and the comparison.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await downloadFrom(page, '导出对比（Excel）', 'evaluation-comparison.xlsx'));
    expect(wb.worksheets.length).toBe(3);
    const pdf = pdfText(await downloadFrom(page, '导出对比（PDF）', 'evaluation-comparison.pdf'));
    expect(pdf).toContain(`第${s1.number}期`);
    expect(pdf).toContain(`第${s2.number}期`);

    // The other year's session joins as a third column, each column then named with its year.
    await picker.focus();
    await page.keyboard.type(`${year - 1}年第1期`);
    await page
      .locator('.ant-select-item-option-active')
      .filter({ hasText: `${year - 1}年第1期` })
      .waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await table.getByRole('columnheader', { name: `${year - 1}年第1期（3 份）` }).waitFor();
    await table.getByRole('columnheader', { name: new RegExp(`^${year}年第${s1.number}期`) }).waitFor();
    const old3 = overall(await backend.call('evaluation.report', { sessionId: old }));
    expect(old3).toEqual({ answers: 6, mean: 3.33, satisfaction: 0.3333 });
    await expect.poll(async () => (await cells('总体')).length).toBe(10);
    // In time order: the earlier year first.
    expect(await cells('总体')).toEqual(['总体', ...shown(old3), ...shown(o[0]), ...shown(o[1])]);
    await page.screenshot({ path: '/tmp/h5-comparison-years.png', fullPage: true });

    // The results tab: distribution bars per question and the comments listed.
    await page.getByRole('tab', { name: '评价结果' }).click();
    await page.getByText(`第${s1.number}期：希望多安排现场教学`).waitFor();
    expect(await page.getByRole('img', { name: /^分布：非常满意/ }).count()).toBeGreaterThanOrEqual(4);
    await page.getByLabel('分布图例').first().waitFor();
    await page.screenshot({ path: '/tmp/h5-results.png', fullPage: true });
  });
});
