/**
 * The class administrator's paperwork in Chromium, keyboard only: marks copied from a signed 签到表
 * (补录), with an existing mark corrected only with a reason; the list of leaves; the completion
 * rule and an override with its reason; and webcam scanning fed by a fake camera showing a badge's
 * QR code (Chromium's --use-file-for-fake-video-capture), which checks the trainee in.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { appPerTest, type AppUnderTest, choose, CHROMIUM, openApp, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

async function classOfFour(a: AppUnderTest) {
  const { backend } = a;
  const { id: programmeId } = await backend.call('programmes.create', { year: 2025, title: '领军人才培训' });
  const { id: sessionId } = await backend.call('sessions.create', {
    programmeId,
    number: 1,
    startDate: '2025-07-21',
    endDate: '2025-07-24',
    capacity: 10,
  });
  const reg: Record<string, number> = {};
  for (const [i, [name, regionCode]] of [
    ['张三', '330000'],
    ['赵四', '440000'],
    ['王五', '320000'],
    ['李六', '510000'],
  ].entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 101 + 2 * i, gender: '男' });
    const r = await backend.call(
      'registrations.create',
      registrationInput(programmeId, { sessionId, regionCode, trainee: { name, idNumber } }),
    );
    await backend.call('registrations.setStatus', { id: r.id, status: 'approved' });
    reg[name] = r.id;
  }
  await backend.call('rosters.assignGroups', { sessionId, groups: 2 });
  // The order of the printed sheet (by seat).
  const order = (await backend.call('rosters.get', { sessionId })).entries.map((e) => e.name);
  return { programmeId, sessionId, reg, order };
}

describe.skipIf(skipE2E)('补录, leaves and completion in Chromium', () => {
  it('enters a signed sheet by keyboard, corrects a mark with a reason, and overrides a completion', { timeout: 180_000 }, async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { programmeId, sessionId, reg, order } = await classOfFour(app);
    // During the slot 张三 was checked in; closing it marked the others 缺勤. The signed sheet says better.
    await backend.call('attendance.mark', { registrationId: reg['张三'], slotSeq: 1, at: '2025-07-21 08:20' });
    await backend.call('attendance.closeSlot', { sessionId, slotSeq: 1, at: '2025-07-21 12:00' });
    await backend.call('attendance.leave', {
      registrationId: reg['李六'],
      slotSeqs: [2],
      requestedBy: '四川省经信厅 周科长',
      approvedBy: '四川省经信厅 吴处长',
      reason: '企业突发安全检查',
    });

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.clock.setFixedTime(new Date('2025-07-25T09:00:00'));
    await page.reload();
    await page.getByRole('menuitem', { name: '签到考勤' }).click();
    await page.getByRole('tab', { name: '补录（据签到表）' }).click();
    const grid = page.getByTestId('backfill-grid');
    await grid.waitFor();
    await page.getByTestId('backfill-scope').getByText('7月21日上午 08:30').waitFor();
    const cell = (name: string, seq: number) => page.getByTestId(`bf-${name}-${seq}`);
    await expect.poll(() => cell('赵四', 1).getAttribute('data-status')).toBe('缺勤');
    await grid.focus();

    // The sheet, row by row in its printed order: 赵四 came 15 minutes late, 王五 was there, the rest as marked.
    const keys: Record<string, string[]> = { 张三: ['ArrowDown'], 赵四: ['2', '1', '5', 'Enter'], 王五: ['1'], 李六: ['ArrowDown'] };
    for (const name of order) for (const k of keys[name]) await page.keyboard.press(k);
    await expect.poll(() => cell('赵四', 1).getAttribute('data-draft')).toBe('1');
    await page.keyboard.press('Control+s');
    // Both change an existing 缺勤: a correction, which asks for its reason.
    await page.getByText('赵四 7月21日上午：缺勤 → 迟到').waitFor();
    await page.getByLabel('更正原因').fill('签到表上有本人签名，结束签到时漏记');
    await app.shot('attendance-backfill-correction');
    await page.getByRole('button', { name: '更正并保存' }).click();
    await page.getByText('补录第1期考勤 2 条，其中更正 2 条').waitFor();
    const slot1 = await backend.call('attendance.board', { sessionId, slotSeq: 1 });
    const m = (id: number) => slot1.marks.find((x) => x.registrationId === id);
    expect(m(reg['赵四'])).toMatchObject({ status: '迟到', minutes: 15, effectiveAt: '2025-07-21 08:45', backfilled: true });
    expect(m(reg['赵四'])!.reason).toBe('更正（缺勤→迟到）：签到表上有本人签名，结束签到时漏记');
    expect(m(reg['王五'])).toMatchObject({ status: '出勤', effectiveAt: '2025-07-21 08:30', backfilled: true });
    expect(m(reg['张三'])).toMatchObject({ status: '出勤', backfilled: false });
    expect(m(reg['李六'])).toMatchObject({ status: '缺勤' });

    // The whole day's sheet: the afternoon column, everyone present except 李六 on leave (shown, kept).
    await choose(page, page.getByLabel('补录范围'), '7月21日 全天');
    await expect.poll(() => cell('李六', 2).getAttribute('data-status')).toBe('请假');
    await grid.focus();
    await page.keyboard.press('ArrowRight');
    for (const name of order) await page.keyboard.press(name === '李六' ? 'ArrowDown' : '1');
    await page.keyboard.press('Control+s');
    await page.getByText('补录第1期考勤 3 条').waitFor();
    const slot2 = await backend.call('attendance.board', { sessionId, slotSeq: 2 });
    expect(slot2.counts).toEqual({ 应到: 4, 已到: 3, 迟到: 0, 请假: 1, 未到: 0 });
    expect(slot2.marks.filter((x) => x.backfilled)).toHaveLength(3);
    await expect.poll(() => cell('王五', 2).getAttribute('data-status')).toBe('出勤');
    await app.shot('attendance-backfill-day');

    // The session's leaves, with who asked and who approved.
    await page.getByRole('tab', { name: '请假登记' }).click();
    await page.getByRole('cell', { name: '四川省经信厅 吴处长' }).waitFor();
    await page.getByTestId('leaves').getByText('7月21日下午').waitFor();
    await app.shot('attendance-leaves');

    // Completion: the session is over, so unmarked half-days are 缺勤; 张三 is let through by a person.
    await page.getByRole('tab', { name: '结业判定' }).click();
    const row = page.getByTestId('result-张三');
    await row.getByText(/缺勤 6 个半天（7月22日上午、/).waitFor();
    await row.getByRole('button', { name: '人工认定' }).click();
    await page.getByLabel('人工认定理由').fill('因台风航班取消未能到课，已补学录像，经班委会同意结业');
    await page
      .getByRole('button', { name: '确 定' })
      .or(page.getByRole('button', { name: '确定' }))
      .click();
    await row.getByText('人工认定', { exact: true }).waitFor();
    await row.getByText('人工认定为结业：因台风航班取消未能到课，已补学录像，经班委会同意结业').waitFor();
    const results = await backend.call('completion.results', { sessionId });
    expect(results.find((r) => r.name === '张三')).toMatchObject({
      completed: true,
      ruleState: 'not_completed',
      override: { completed: true },
    });
    const db = new Database(backend.dbPath, { readonly: true });
    const audit = db.prepare(`SELECT summary FROM audit_log WHERE method = 'completion.override'`).get() as { summary: string };
    db.close();
    expect(audit.summary).toBe('人工认定 张三 结业：因台风航班取消未能到课，已补学录像，经班委会同意结业');

    // The rule is editable: up to 6 absences allowed.
    await page.getByLabel('最多缺勤（半天）').fill('6');
    await page.getByTestId('save-rule').click();
    await page.getByText('结业规则已保存').waitFor();
    expect(await backend.call('completion.rule.get', { programmeId })).toMatchObject({ maxAbsent: 6 });
    await app.shot('attendance-completion');
  });
});

describe.skipIf(skipE2E)('the demo in Chromium', () => {
  it('past sessions show real attendance, leaves and one completion override', { timeout: 120_000 }, async () => {
    app = await e2e.open({ demo: 200 });
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('menuitem', { name: '签到考勤' }).click();
    await choose(page, page.getByLabel('选择期次'), /^第1期/);
    await page.getByRole('tab', { name: '请假登记' }).click();
    await page.getByTestId('leaves').getByText(/处长/).first().waitFor();
    await page.getByRole('tab', { name: '结业判定' }).click();
    await page.getByTestId('completion-results').locator('.ant-tag', { hasText: '人工认定' }).waitFor();
    await page
      .getByTestId('completion-results')
      .getByText(/^人工认定为结业：请假两个半天/)
      .waitFor();
    await app.shot('attendance-demo-completion');
    await page.getByRole('tab', { name: '补录（据签到表）' }).click();
    await page.getByTestId('backfill-grid').getByText('出勤', { exact: true }).first().waitFor();
    await app.shot('attendance-demo-backfill');
  });
});

/** A Y4M video (what Chromium's fake camera plays) of `text`'s QR code on a light background. */
async function qrVideo(text: string): Promise<string> {
  const w = 320;
  const h = 240;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = 6;
  const x0 = Math.floor((w - n * scale) / 2);
  const y0 = Math.floor((h - n * scale) / 2);
  const y = Buffer.alloc(w * h, 235);
  for (let py = 0; py < n * scale; py++)
    for (let px = 0; px < n * scale; px++)
      if (qr.modules.get(Math.floor(py / scale), Math.floor(px / scale))) y[(y0 + py) * w + x0 + px] = 16;
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qrcam-')), 'badge.y4m');
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return file;
}

describe.skipIf(skipE2E)('webcam scanning in Chromium', () => {
  it('a badge held up to the camera checks the trainee in, once', { timeout: 120_000 }, async () => {
    // The badge's code is only known once the trainee is registered: a browser of its own with that camera.
    const probe = await e2e.open();
    const { reg } = await classOfFour(probe);
    await probe.close();
    const cameraBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${await qrVideo(String(reg['王五']))}`,
      ],
    });
    try {
      app = await openApp(cameraBrowser);
      const { page, backend } = app;
      const { sessionId, reg: again } = await classOfFour(app);
      expect(again['王五']).toBe(reg['王五']);
      await page.clock.setFixedTime(new Date('2025-07-22T08:20:00'));
      await page.reload();
      await page.getByRole('menuitem', { name: '签到考勤' }).click();
      await page.getByTestId('count-应到').getByText('4').waitFor();
      await page.getByTestId('camera-toggle').click();
      await page.getByTestId('camera-scan').locator('video').waitFor();
      await page.getByTestId('checkin-feedback').getByText('王五 签到 08:20').waitFor();
      await app.shot('attendance-camera');
      const board = await backend.call('attendance.board', { sessionId, slotSeq: 3 });
      // The camera keeps seeing the badge: still one mark.
      expect(board.marks).toEqual([
        expect.objectContaining({ registrationId: reg['王五'], status: '出勤', effectiveAt: '2025-07-22 08:20' }),
      ]);
      await page.getByRole('button', { name: '关闭摄像头', exact: true }).click();
      await page.getByTestId('camera-scan').waitFor({ state: 'detached' });
    } finally {
      await app?.close();
      app = undefined;
      await cameraBrowser.close();
    }
  });
});
