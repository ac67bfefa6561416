/**
 * 结业与证书 in Chromium: the template editor (a field moved by typing millimetres and by dragging,
 * a seal image chosen, saved and read back from the store), issuing numbers to trainees who
 * completed, 补发 and 撤销 with reasons, the session's PDF downloaded and looked at, and 证书核验 of
 * pasted QR statements (valid, revoked, forged) and of the PDF itself.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { qrPayloadsInPdf } from '../../electron/io/export/certificatePdf';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { appPerTest, type AppUnderTest, ARTIFACTS, choose, CHROMIUM, downloadFrom, seedCompletedSession, skipE2E } from './harness';

const e2e = appPerTest();
let app: AppUnderTest | undefined;

const COMPLETED = ['王喆', '李堃', '赵赟'];

/**
 * A picture for Chromium's fake camera: the certificate's QR corner rendered by poppler (PPM, raw
 * RGB), cropped to 640×480 and written as one Y4M frame (YUV 4:2:0), which the fake device loops.
 */
function qrVideo(pdf: string, qr: { x: number; y: number; size: number }, out: string): void {
  const dpi = 200;
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const [W, H] = [640, 480];
  const cx = Math.max(0, px(qr.x + qr.size / 2) - W / 2);
  const cy = Math.max(0, px(qr.y + qr.size / 2) - H / 2);
  const args = ['-r', String(dpi), '-f', '1', '-l', '1', '-x', String(cx), '-y', String(cy), '-W', String(W), '-H', String(H), pdf];
  const ppm = execFileSync('pdftoppm', args, { maxBuffer: 64 << 20 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const rgb = ppm.subarray(header[0].length);
  const at = (x: number, y: number) => {
    const i = (Math.min(y, h - 1) * w + Math.min(x, w - 1)) * 3;
    return [rgb[i], rgb[i + 1], rgb[i + 2]];
  };
  const Y = Buffer.alloc(W * H);
  const U = Buffer.alloc((W / 2) * (H / 2), 128);
  const V = Buffer.alloc((W / 2) * (H / 2), 128);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const [r, g, b] = at(x, y);
      Y[y * W + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
  fs.writeFileSync(out, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), Y, U, V]));
}

describe.skipIf(skipE2E)('结业与证书 in Chromium', () => {
  it('edits the template, issues, reissues and revokes, exports the PDF and verifies QR statements', async () => {
    app = await e2e.open();
    const { page, backend } = app;
    const { programmeId, sessionId } = await seedCompletedSession(backend, {
      title: '中小企业经营管理领军人才培训',
      organiser: '山东省工业和信息化厅',
      names: [...COMPLETED, '钱未结'],
      completed: COMPLETED,
      seq: 31,
    });
    await backend.call('certificates.settings.set', { programmeId, pattern: 'LJ2025-{session:02}-{seq:03}' });

    await page.reload();
    await page.getByRole('menuitem', { name: '结业与证书' }).click();
    const completion = page.getByRole('table').first();
    await page.getByText('人工认定结业：考核合格').first().waitFor();
    for (const name of [...COMPLETED, '钱未结']) await completion.getByText(name, { exact: true }).waitFor();

    // --- Template editor: typed millimetres, then a drag. ---
    await page.getByRole('tab', { name: '证书模板' }).click();
    await page.getByTestId('cert-field-name').click();
    const x = page.getByLabel('X（毫米）');
    await x.fill('120');
    await x.press('Tab');
    await page.getByLabel('字号（磅）').fill('48');
    await page.getByLabel('字号（磅）').press('Tab');
    await expect.poll(() => page.getByTestId('cert-field-name').evaluate((e) => (e as HTMLElement).style.fontSize)).toBe('48pt');
    // The font of another field.
    await page.getByTestId('cert-field-number').click();
    const boldNumber = () => page.getByTestId('cert-field-number').evaluate((e) => (e as HTMLElement).style.fontWeight);
    await choose(page, page.getByLabel('字体'), '宋体加粗');
    await expect.poll(boldNumber).toBe('700');

    const scale = Number(await page.getByTestId('cert-page').getAttribute('data-scale')); // CSS px per mm
    const title = page.getByTestId('cert-field-title');
    await title.scrollIntoViewIfNeeded();
    const box = (await title.boundingBox())!;
    const [dxPx, dyPx] = [Math.round(20 * scale), Math.round(-10 * scale)];
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + box.width / 2 + (dxPx * i) / 5, box.y + box.height / 2 + (dyPx * i) / 5);
    await page.mouse.up();
    // Selecting by dragging shows the field's own numbers: 148.5 + 20 mm, 30 − 10 mm (0.5 mm snap).
    await expect.poll(async () => Number(await page.getByLabel('X（毫米）').inputValue())).toBeCloseTo(168.5, 0);
    await expect.poll(async () => Number(await page.getByLabel('Y（毫米）').inputValue())).toBeCloseTo(20, 0);

    // The seal: an image the user picks (here a picture of the screen, standing in for a scanned seal).
    const sealFile = path.join(backend.dir, 'seal.png');
    await page.screenshot({ path: sealFile, clip: { x: 0, y: 0, width: 160, height: 160 } });
    await page
      .locator('.ant-upload-wrapper', { has: page.getByTestId('pick-印章图片') })
      .locator('input[type=file]')
      .setInputFiles(sealFile);
    await page.getByTestId('cert-seal').getByRole('img', { name: '印章' }).waitFor();
    await app.shot('certificates-1-template');
    await page.getByRole('button', { name: '保存模板' }).click();
    await page.getByText('证书模板已保存').waitFor();

    const saved = (await backend.call('certificates.settings.get', { programmeId })).template;
    const field = (id: string) => saved.fields.find((f) => f.id === id)!;
    expect(field('name')).toMatchObject({ x: 120, size: 48, font: 'kai' });
    expect(field('number').font).toBe('serif-bold');
    expect(field('title').x).toBeCloseTo(168.5, 0);
    expect(field('title').y).toBeCloseTo(20, 0);
    expect(saved.seal.image).toBeTruthy();
    expect(fs.existsSync(saved.seal.image!)).toBe(true);

    // --- Issuing, with the Chinese-numeral date. ---
    await page.getByRole('tab', { name: '结业与发证' }).click();
    await page.getByRole('radiogroup', { name: '日期写法' }).getByText('二〇二五年六月二十六日').click();
    await expect.poll(async () => (await backend.call('certificates.settings.get', { programmeId })).template.dateStyle).toBe('chinese');
    await page.getByRole('button', { name: '为 3 名结业学员发放证书' }).click();
    await page.getByText('已发放 3 份证书：LJ2025-01-001 至 LJ2025-01-003').waitFor();
    const register = page.getByRole('table', { name: '证书登记簿' });
    await register.getByText('LJ2025-01-003').waitFor();
    let records = await backend.call('certificates.register', { sessionId });
    expect(records.map((r) => [r.number, r.name, r.status])).toEqual([
      ['LJ2025-01-001', '王喆', 'valid'],
      ['LJ2025-01-002', '李堃', 'valid'],
      ['LJ2025-01-003', '赵赟', 'valid'],
    ]);
    await page.getByRole('button', { name: '结业学员均已发证' }).waitFor();

    // --- The session's PDF, before anything is revoked: its QR statements are verified below. ---
    const pdf = await downloadFrom(page, '导出证书', 'certificates-session.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const name of COMPLETED) expect(text.replace(/\s/g, '')).toContain(name);
    expect(text).toContain('二〇二五年六月二十六日');
    expect(text).not.toContain('钱未结');
    execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', pdf, path.join(ARTIFACTS, 'certificates-session-page')]);
    const statements = qrPayloadsInPdf(fs.readFileSync(pdf));
    expect(statements).toHaveLength(3);

    // --- 补发 and 撤销, each with a reason in a dialog. ---
    await page.getByRole('button', { name: '补发 LJ2025-01-001' }).click();
    // antd spaces a two-character button: 「补 发」.
    const confirmReissue = page.getByRole('dialog').getByRole('button', { name: /^补\s?发$/ });
    await confirmReissue.click();
    await page.getByRole('dialog').getByText('请填写原因').waitFor(); // refused without a reason
    await page.getByLabel('补发原因').fill('原件遗失');
    await confirmReissue.click();
    await page.getByText('已补发证书 LJ2025-01-001（王喆）').waitFor();
    await page.getByRole('button', { name: '撤销 LJ2025-01-002' }).click();
    await page.getByLabel('撤销原因').fill('身份信息有误');
    await page.getByRole('dialog').getByRole('button', { name: '撤销证书' }).click();
    await page.getByText('已撤销证书 LJ2025-01-002（李堃）').waitFor();
    await register.getByText('撤销：身份信息有误', { exact: false }).waitFor();
    records = await backend.call('certificates.register', { sessionId });
    expect(records.map((r) => [r.number, r.status, r.reissues])).toEqual([
      ['LJ2025-01-001', 'valid', 1],
      ['LJ2025-01-002', 'revoked', 0],
      ['LJ2025-01-003', 'valid', 0],
    ]);
    expect(records[0].events.map((e) => [e.kind, e.reason])).toEqual([
      ['issue', ''],
      ['reissue', '原件遗失'],
    ]);
    expect(records[1].revokeReason).toBe('身份信息有误');
    await register.getByText('补发', { exact: true }).first().waitFor();
    await app.shot('certificates-2-register');

    // Print preview in the app: the valid certificates page by page, the reissued one marked.
    await page.getByRole('button', { name: '打印预览' }).click();
    const preview = page.getByRole('dialog', { name: '打印预览' });
    await preview.getByTestId('cert-field-name').getByText('王喆').waitFor();
    await preview.getByTestId('cert-field-reissued').getByText('（补发）').waitFor();
    await preview.getByText('二〇二五年六月二十六日').waitFor();
    await preview.getByTestId('cert-seal').getByRole('img', { name: '印章' }).waitFor();
    await app.shot('certificates-2b-print-preview');
    await preview.getByTitle('下一页').click();
    await preview.getByTestId('cert-field-name').getByText('赵赟').waitFor(); // 李堃 is revoked: not printed
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });

    // --- 套打: a printer's offsets, its calibration page, and only the variable text printed. ---
    await page.getByLabel('新打印机名称').fill('办公室打印机');
    await page.getByRole('button', { name: '添加打印机' }).click();
    await page.getByLabel('办公室打印机 X 偏移').waitFor();
    await page.getByLabel('办公室打印机 X 偏移').fill('1.5');
    await page.getByLabel('办公室打印机 Y 偏移').fill('-2');
    await page
      .getByRole('row', { name: /办公室打印机/ })
      .getByRole('button', { name: /^保\s?存$/ })
      .click();
    await expect
      .poll(async () => (await backend.call('certificates.settings.get', { programmeId })).printers)
      .toEqual([{ printer: '办公室打印机', dx: 1.5, dy: -2 }]);
    await page.getByText('套打（只印变动文字）').click();
    await choose(page, page.getByLabel('套打打印机'), '办公室打印机（X 1.5，Y -2 毫米）');
    const preprinted = await downloadFrom(page, '导出证书', 'certificates-preprinted.pdf');
    const pre = execFileSync('pdftotext', ['-layout', preprinted, '-'], { encoding: 'utf8' }).replace(/\s/g, '');
    expect(pre).toContain('赵赟');
    expect(pre).not.toContain('结业证书'); // printed on the paper already
    expect(pre).not.toContain('李堃'); // revoked: not printed
    execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', preprinted, path.join(ARTIFACTS, 'certificates-preprinted-page')]);
    const calibration = await downloadFrom(page, '打印套打校准页', 'certificates-calibration.pdf');
    execFileSync('pdftoppm', ['-r', '50', '-png', calibration, path.join(ARTIFACTS, 'certificates-calibration')]);

    // One file per trainee (in the browser: into the service's outbox, whose folder is named).
    await page.getByText('每人一个文件（编号-姓名.pdf）').click();
    await page.getByRole('button', { name: '导出证书' }).click();
    const done = page.getByTestId('export-done').filter({ hasText: '每人一个文件' });
    await done.waitFor();
    const folder = /：(.+)$/.exec((await done.textContent())!)![1];
    expect(fs.readdirSync(folder).sort()).toEqual(['LJ2025-01-001-王喆.pdf', 'LJ2025-01-003-赵赟.pdf']);

    // --- 证书核验: pasted statements, then the PDF itself. ---
    await page.getByRole('tab', { name: '证书核验' }).click();
    const qrInput = page.getByLabel('二维码内容');
    const verify = async (qr: string) => {
      await qrInput.fill(qr);
      await page.getByRole('button', { name: /核\s?验/ }).click();
    };
    const byNumber = (n: string) => statements.find((s) => s.startsWith(`ZS1:${n}:`))!;
    const [valid, revoked] = [byNumber('LJ2025-01-003'), byNumber('LJ2025-01-002')];
    await verify(valid);
    await page.getByTestId('verdict-valid').getByText('赵赟').first().waitFor();
    await page.getByText('证书有效', { exact: true }).waitFor();
    await verify(revoked);
    await page.getByTestId('verdict-revoked').getByText('身份信息有误').first().waitFor();
    const tampered = valid.slice(0, -6) + (valid.slice(-6, -5) === 'A' ? 'B' : 'A') + valid.slice(-5);
    await verify(tampered);
    await page.getByTestId('verdict-forged').waitFor();
    await app.shot('certificates-3-verify-forged');

    await page
      .locator('.ant-upload-wrapper', { has: page.getByTestId('verify-pdf') })
      .locator('input[type=file]')
      .setInputFiles(pdf);
    await page.getByText('文件中共有 3 份证书：有效 2 份，已撤销 1 份，无效 0 份。').waitFor();
    await app.shot('certificates-4-verify-pdf');
  });

  it('verifies a certificate held up to the camera (Chromium fake camera showing the printed QR code)', async () => {
    app = await e2e.open();
    const { backend, server } = app;
    const { id: programmeId } = await backend.call('programmes.create', {
      year: 2025,
      title: '领军人才培训',
      organiser: '山东省工业和信息化厅',
    });
    const { id: sessionId } = await backend.call('sessions.create', {
      programmeId,
      number: 2,
      startDate: '2025-07-01',
      endDate: '2025-07-04',
    });
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 51, gender: '男' });
    const r = await backend.call(
      'registrations.create',
      registrationInput(programmeId, { sessionId, trainee: { name: '孙珺', idNumber } }),
    );
    await backend.call('registrations.setStatus', { id: r.id, status: 'approved' });
    await backend.call('completion.override', { registrationId: r.id, completed: true, reason: '考核合格' });
    await backend.call('certificates.issue', { sessionId });
    const pdf = path.join(backend.dir, 'one.pdf');
    await backend.call('certificates.export', { sessionId, out: pdf });
    const video = path.join(backend.dir, 'qr.y4m');
    qrVideo(pdf, (await backend.call('certificates.settings.get', { programmeId })).template.qr, video);

    // A second Chromium whose camera shows that picture, on the same app (same register and key).
    const cameraBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await cameraBrowser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      await context.grantPermissions(['camera'], { origin: server.url });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.getByRole('menuitem', { name: '结业与证书' }).click();
      await page.getByRole('tab', { name: '证书核验' }).click();
      await page.getByRole('button', { name: '摄像头扫码' }).click();
      await page.getByTestId('verdict-valid').getByText('孙珺').first().waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'certificates-5-camera.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await cameraBrowser.close();
    }
  });
});
