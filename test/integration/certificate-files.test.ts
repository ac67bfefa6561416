/**
 * The two file-reading certificate queries the 结业与证书 screen uses: a certificate PDF someone sends
 * verified statement by statement (certificates.verifyFile), and a seal/background image read back
 * for the template preview (certificates.image). Real files, real PDFs, bad files refused in Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, tempDir, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

/** A 1×1 PNG and the start of a JPEG: enough for the type check, which reads the first bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let b: TestBackend;
let dir: string;
let sessionId: number;

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-cert-files-');
  const { id: programmeId } = await b.call('programmes.create', { year: 2025, title: '领军人才培训', organiser: '山东省工业和信息化厅' });
  sessionId = (await b.call('sessions.create', { programmeId, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' })).id;
  for (const [i, name] of ['王喆', '李堃', '赵赟'].entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 41 + 2 * i, gender: '男' });
    const r = await b.call('registrations.create', registrationInput(programmeId, { sessionId, trainee: { name, idNumber } }));
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    await b.call('completion.override', { registrationId: r.id, completed: true, reason: '考核合格' });
  }
  await b.call('certificates.issue', { sessionId });
});
afterEach(() => {
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refused(p: Promise<unknown>, code: string, text: RegExp) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect((e as AppError).message).toMatch(text);
}

describe('certificates.verifyFile', () => {
  it('verifies every certificate in a session PDF, revoked ones told apart', async () => {
    const out = path.join(dir, '证书.pdf');
    await b.call('certificates.export', { sessionId, out });
    const [, second] = await b.call('certificates.register', { sessionId });
    await b.call('certificates.revoke', { number: second.number, reason: '身份信息有误' });
    const results = await b.call('certificates.verifyFile', { path: out });
    expect(results.map((r) => [r.verdict, r.record?.name])).toEqual([
      ['valid', '王喆'],
      ['revoked', '李堃'],
      ['valid', '赵赟'],
    ]);
    expect(results[1].message).toContain('身份信息有误');
  });

  it('says forged for a PDF without statements, and refuses a file that is not a PDF or is missing', async () => {
    const plain = path.join(dir, 'plain.pdf');
    fs.writeFileSync(plain, '%PDF-1.4\n%%EOF\n');
    expect(await b.call('certificates.verifyFile', { path: plain })).toEqual([
      { verdict: 'forged', message: '该 PDF 中没有本系统结业证书的签名信息。', record: null, fingerprint: null },
    ]);
    const png = path.join(dir, 'seal.png');
    fs.writeFileSync(png, PNG);
    await refused(b.call('certificates.verifyFile', { path: png }), 'VALIDATION', /不是 PDF 文件/);
    await refused(b.call('certificates.verifyFile', { path: path.join(dir, 'none.pdf') }), 'NOT_FOUND', /找不到文件/);
  });
});

describe('certificates.image', () => {
  it('returns a PNG or JPEG as a data URL and refuses anything else', async () => {
    const png = path.join(dir, '印章.png');
    fs.writeFileSync(png, PNG);
    const { dataUrl } = await b.call('certificates.image', { path: png });
    expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(dataUrl.split(',')[1], 'base64').equals(PNG)).toBe(true);
    const jpg = path.join(dir, 'bg.jpg');
    fs.writeFileSync(jpg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    expect((await b.call('certificates.image', { path: jpg })).dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    const svg = path.join(dir, 'seal.svg');
    fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await refused(b.call('certificates.image', { path: svg }), 'VALIDATION', /不是 PNG 或 JPEG 图片/);
    await refused(b.call('certificates.image', { path: path.join(dir, 'gone.png') }), 'NOT_FOUND', /找不到文件/);
  });
});
