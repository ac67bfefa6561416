/**
 * Completion certificates through the real dispatcher on a real SQLite file: numbers issued once and
 * in order to trainees who completed (here by audited override), PDFs parsed back with poppler,
 * 补发 and 撤销 audited, and the QR statement told valid / revoked / forged.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCertificateCommand } from '../../electron/cliCertificates';
import { qrPayloadsInPdf, qrModules } from '../../electron/io/export/certificatePdf';
import { base32, keyPath } from '../../electron/services/signing';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

const NAMES = ['王喆', '李堃', '赵赟', '孙珺', '周玥', '阿卜杜拉·买买提'];
let b: TestBackend;
let programmeId: number;
let sessionId: number;
const reg: Record<string, number> = {};

const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** Renders one page with poppler (PPM: a plain RGB raster) and reads the QR code off the picture. */
function qrFromPage(pdf: string, page: number, dpi = 150): string | null {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), pdf], { maxBuffer: 64 << 20 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const rgb = ppm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    rgba[i * 4] = rgb[i * 3];
    rgba[i * 4 + 1] = rgb[i * 3 + 1];
    rgba[i * 4 + 2] = rgb[i * 3 + 2];
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, w, h)?.data ?? null;
}

async function addTrainee(name: string, i: number, completed: boolean) {
  const idNumber = makeIdNumber({ areaCode: '330102', seq: 21 + 2 * i, gender: '男' });
  const r = await b.call('registrations.create', registrationInput(programmeId, { sessionId, trainee: { name, idNumber } }));
  await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
  if (completed) await b.call('completion.override', { registrationId: r.id, completed: true, reason: '考核合格' });
  reg[name] = r.id;
}

beforeEach(async () => {
  b = await makeBackend();
  programmeId = (
    await b.call('programmes.create', { year: 2025, title: '中小企业经营管理领军人才培训', organiser: '山东省工业和信息化厅' })
  ).id;
  sessionId = (await b.call('sessions.create', { programmeId, number: 1, startDate: '2025-06-23', endDate: '2025-06-26' })).id;
  for (const [i, name] of NAMES.entries()) await addTrainee(name, i, true);
  await addTrainee('钱未结', 20, false);
  await b.call('certificates.settings.set', { programmeId, pattern: 'LJ2025-{session:02}-{seq:03}' });
});
afterEach(() => b.cleanup());

async function expectError(p: Promise<unknown>, code: string, text: RegExp) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect((e as AppError).message).toMatch(text);
}

describe('certificates', () => {
  it('issues sequential numbers once, only to trainees who completed, audited', async () => {
    const first = await b.call('certificates.issue', { sessionId });
    expect(first.issued.map((i) => i.number)).toEqual(NAMES.map((_, i) => `LJ2025-01-00${i + 1}`));
    expect(first.issued.map((i) => i.name)).toEqual(NAMES);
    expect(first.notEligible.map((n) => n.name)).toEqual(['钱未结']);
    const again = await b.call('certificates.issue', { sessionId });
    expect(again).toMatchObject({ issued: [], alreadyIssued: 6 });
    await b.call('completion.override', { registrationId: reg['钱未结'], completed: true, reason: '补考合格' });
    expect((await b.call('certificates.issue', { sessionId })).issued.map((i) => i.number)).toEqual(['LJ2025-01-007']);
    const audit = b.db.prepare(`SELECT summary FROM audit_log WHERE method = 'certificates.issue' ORDER BY id`).all() as {
      summary: string;
    }[];
    expect(audit[0].summary).toContain('LJ2025-01-001 至 LJ2025-01-006');
    const register = await b.call('certificates.register', { sessionId });
    expect(register).toHaveLength(7);
    expect(register[0]).toMatchObject({ status: 'valid', issueDate: '2025-06-26', events: [{ kind: 'issue' }] });
    // The register's identity columns cannot be edited, nor rows deleted, even by hand.
    expect(() => b.db.prepare(`UPDATE certificates SET name = 'x' WHERE number = 'LJ2025-01-001'`).run()).toThrow();
    expect(() => b.db.prepare(`DELETE FROM certificates`).run()).toThrow();
  });

  it('exports one PDF: a page per certificate, every name and number found, fonts embedded, statements valid', async () => {
    await b.call('certificates.issue', { sessionId });
    const out = path.join(b.dir, '证书.pdf');
    const w = await b.call('certificates.export', { sessionId, out });
    expect(w).toMatchObject({ path: out, certificates: 6 });
    expect(pages(out)).toBe(6);
    const text = pdftotext(out);
    for (const n of NAMES) expect(text).toContain(n);
    for (let i = 1; i <= 6; i++) expect(text).toContain(`证书编号：LJ2025-01-00${i}`);
    // The sentence wraps over two lines: compare without the line break.
    expect(text.replace(/\s+/g, '')).toContain(
      '于2025年6月23日至6月26日参加中小企业经营管理领军人才培训（第1期），完成规定课程，准予结业。',
    );
    expect(text).toContain('山东省工业和信息化厅');
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/LXGWWenKai-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/NotoSerifSC-Bold/);
    const statements = qrPayloadsInPdf(fs.readFileSync(out));
    expect(statements).toHaveLength(6);
    for (const qr of statements) {
      expect(qrModules(qr).version).toBeLessThanOrEqual(6);
      expect((await b.call('certificates.verify', { qr })).verdict).toBe('valid');
    }
    // The printed code itself: read off the rendered page, it is the statement in the metadata, and valid.
    const scanned = qrFromPage(out, 6);
    expect(scanned).toBe(statements[5]);
    expect(await b.call('certificates.verify', { qr: scanned! })).toMatchObject({ verdict: 'valid', record: { name: NAMES[5] } });
  });

  it('tells valid, revoked and forged apart; a revoked number is never reused', async () => {
    await b.call('certificates.issue', { sessionId });
    const [one, two] = await b.call('certificates.register', { sessionId });
    const qrOf = (n: string) =>
      (b.db.prepare('SELECT statement FROM certificates WHERE number = ?').get(n) as { statement: string }).statement;
    const good = qrOf(one.number);
    expect(await b.call('certificates.verify', { qr: good })).toMatchObject({
      verdict: 'valid',
      record: { name: '王喆', number: 'LJ2025-01-001' },
    });

    await b.call('certificates.revoke', { number: two.number, reason: '身份信息有误' });
    const revoked = await b.call('certificates.verify', { qr: qrOf(two.number) });
    expect(revoked).toMatchObject({ verdict: 'revoked', record: { status: 'revoked', revokeReason: '身份信息有误' } });
    expect(revoked.message).toContain('身份信息有误');
    await expectError(b.call('certificates.revoke', { number: two.number, reason: '再撤' }), 'CONFLICT', /已于/);

    // One character of the signature changed; the digest changed; someone else's key.
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    expect((await b.call('certificates.verify', { qr: flip(good, good.length - 10) })).verdict).toBe('forged');
    const parts = good.split(':');
    expect((await b.call('certificates.verify', { qr: [parts[0], parts[1], flip(parts[2], 0), parts[3]].join(':') })).verdict).toBe(
      'forged',
    );
    const other = crypto.generateKeyPairSync('ed25519').privateKey;
    const body = `ZS1:${one.number}:${parts[2]}`;
    const foreign = `${body}:${base32(crypto.sign(null, Buffer.from(body), other))}`;
    expect(await b.call('certificates.verify', { qr: foreign })).toMatchObject({ verdict: 'forged', record: null });
    expect((await b.call('certificates.verify', { qr: 'hello' })).verdict).toBe('forged');

    // Revoked: left out of the export; the next trainee gets 007, not 002.
    const out = path.join(b.dir, 'all.pdf');
    await b.call('certificates.export', { sessionId, out });
    expect(pages(out)).toBe(5);
    expect(pdftotext(out)).not.toContain(two.name);
    // A certificate printed before it was revoked: its scanned code now says revoked.
    const scannedOne = qrFromPage(out, 1);
    expect((await b.call('certificates.verify', { qr: scannedOne! })).verdict).toBe('valid');
    await b.call('certificates.revoke', { number: one.number, reason: '重复发放' });
    expect((await b.call('certificates.verify', { qr: scannedOne! })).verdict).toBe('revoked');
    await b.call('completion.override', { registrationId: reg['钱未结'], completed: true, reason: '补考合格' });
    expect((await b.call('certificates.issue', { sessionId })).issued[0].number).toBe('LJ2025-01-007');
  });

  it('reissues under the same number marked 补发, audited; refuses bad requests without changing anything', async () => {
    await b.call('certificates.issue', { sessionId });
    const r = await b.call('certificates.reissue', { number: 'LJ2025-01-003', reason: '证书遗失' });
    expect(r).toMatchObject({
      number: 'LJ2025-01-003',
      name: '赵赟',
      reissues: 1,
      events: [{ kind: 'issue' }, { kind: 'reissue', reason: '证书遗失' }],
    });
    const out = path.join(b.dir, 'reissue.pdf');
    await b.call('certificates.export', { sessionId, numbers: ['LJ2025-01-003'], out });
    expect(pages(out)).toBe(1);
    expect(pdftotext(out)).toMatch(/LJ2025-01-003[\s\S]*（补发）/);
    expect(b.db.prepare(`SELECT summary FROM audit_log WHERE method = 'certificates.reissue'`).get()).toEqual({
      summary: '补发结业证书 LJ2025-01-003（赵赟）：证书遗失',
    });

    await b.call('certificates.revoke', { number: 'LJ2025-01-004', reason: '冒名' });
    const before = snapshot(b);
    await expectError(b.call('certificates.reissue', { number: 'LJ2025-01-004', reason: '再发' }), 'VALIDATION', /已撤销/);
    await expectError(b.call('certificates.revoke', { number: 'NOPE-1', reason: '无' }), 'NOT_FOUND', /没有编号/);
    await expectError(b.call('certificates.export', { sessionId, numbers: ['LJ2025-01-004'], out }), 'VALIDATION', /已撤销/);
    await expectError(b.call('certificates.settings.set', { programmeId, pattern: 'lj-{seq}' }), 'VALIDATION', /大写字母/);
    expect(snapshot(b)).toBe(before);
  });

  it('one file per trainee (编号-姓名.pdf), 套打 without the printed design, and a calibration page with the offset', async () => {
    await b.call('certificates.issue', { sessionId });
    const dir = path.join(b.dir, '分别');
    const w = await b.call('certificates.export', { sessionId, separate: true, outDir: dir });
    expect(w.certificates).toBe(6);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(NAMES.map((n, i) => `LJ2025-01-00${i + 1}-${n}.pdf`).sort());
    for (const f of files) {
      expect(pages(path.join(dir, f))).toBe(1);
      const [qr] = qrPayloadsInPdf(fs.readFileSync(path.join(dir, f)));
      expect((await b.call('certificates.verify', { qr })).record?.name).toBe(f.replace(/^LJ2025-01-00\d-|\.pdf$/g, ''));
    }

    await b.call('certificates.printerOffset', { printer: '教务处 HP', dx: 2, dy: -1.5 });
    const pre = path.join(b.dir, 'pre.pdf');
    await b.call('certificates.export', { sessionId, preprinted: { printer: '教务处 HP' }, out: pre });
    const text = pdftotext(pre);
    expect(text).toContain('王喆');
    expect(text).not.toContain('结 业 证 书');
    expect(text).not.toContain('山东省工业和信息化厅');
    await expectError(b.call('certificates.export', { sessionId, preprinted: { printer: '未校准' }, out: pre }), 'VALIDATION', /校准页/);

    const cal = path.join(b.dir, 'cal.pdf');
    await b.call('certificates.calibration', { programmeId, printer: '教务处 HP', out: cal });
    const calText = pdftotext(cal);
    expect(calText).toContain('套打校准页');
    expect(calText).toContain('X 2 毫米，Y -1.5 毫米');
    expect(calText).toMatch(/name（148\.5, 72）/);
  });

  it('keeps one key pair beside the database (0600) and exports the public key with its fingerprint', async () => {
    await b.call('certificates.issue', { sessionId });
    const file = keyPath({ dbPath: b.dbPath });
    expect(path.dirname(file)).toBe(path.dirname(b.dbPath));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const out = path.join(b.dir, 'pub.pem');
    const k = await b.call('signing.publicKey', { out });
    expect(k.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const pub = crypto.createPublicKey(fs.readFileSync(out, 'utf8'));
    const [cert] = await b.call('certificates.register', { sessionId });
    expect(cert.keyFingerprint).toBe(k.fingerprint);
    const qr = (b.db.prepare('SELECT statement FROM certificates WHERE number = ?').get(cert.number) as { statement: string }).statement;
    const parts = qr.split(':');
    expect(crypto.verify(null, Buffer.from(parts.slice(0, 3).join(':')), pub, Buffer.from(parts[3] ? decode(parts[3]) : []))).toBe(true);
    expect((await b.call('signing.publicKey', {})).fingerprint).toBe(k.fingerprint);
  });

  it('the CLI verifies a QR text and a certificate PDF', async () => {
    await b.call('certificates.issue', { sessionId });
    await b.call('certificates.revoke', { number: 'LJ2025-01-002', reason: '冒名' });
    const pdf = path.join(b.dir, 'c.pdf');
    await b.call('certificates.export', { sessionId, numbers: ['LJ2025-01-001'], out: pdf });
    b.close();
    const lines: string[] = [];
    const run = (...args: string[]) => runCertificateCommand(['--db', b.dbPath, ...args], (l) => lines.push(l));
    expect(await run('verify-certificate', pdf, '--json')).toBe(0);
    expect(JSON.parse(lines.pop()!)).toMatchObject({ verdict: 'valid', record: { number: 'LJ2025-01-001', name: '王喆' } });
    const [qr] = qrPayloadsInPdf(fs.readFileSync(pdf));
    expect(await run('verify-certificate', '--qr', qr.replace('LJ2025-01-001', 'LJ2025-01-002'), '--json')).toBe(3);
    expect(JSON.parse(lines.pop()!)).toMatchObject({ verdict: 'forged' });
    await expect(run('verify-certificate', '--json')).rejects.toThrow(/--qr/);
  });
});

function decode(s: string): Buffer {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s) bits += A.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((x) => parseInt(x, 2)));
}
