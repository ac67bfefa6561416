/**
 * The certificate's fast QR encoder (electron/io/export/certificateQr.ts) against the `qrcode`
 * library with the same settings (one alphanumeric segment, level M, mask 2): the same symbol,
 * module for module, for every length up to version 6 and random payloads; the rest falls back.
 */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { alphanumericQr, QR_MASK } from '../../electron/io/export/certificateQr';
import { MAX_QR_VERSION, qrModules } from '../../electron/io/export/certificatePdf';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function library(payload: string) {
  const qr = QRCode.create(
    [{ data: payload, mode: 'alphanumeric' }] as unknown as QRCode.QRCodeSegment[],
    {
      errorCorrectionLevel: 'M',
      maskPattern: QR_MASK,
    } as QRCode.QRCodeOptions,
  );
  return { size: qr.modules.size, data: Array.from(qr.modules.data, Number).join(''), version: qr.version };
}

// A small deterministic generator: the same payloads on every run.
let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const payload = (len: number) => Array.from({ length: len }, () => ALNUM[Math.floor(random() * ALNUM.length)]).join('');

describe('certificate QR encoder', () => {
  it('makes the library’s symbol for every length of versions 1–6, several payloads each', () => {
    let checked = 0;
    for (let len = 1; len <= 154; len++)
      for (let k = 0; k < 12; k++) {
        const p = payload(len);
        const fast = alphanumericQr(p, MAX_QR_VERSION);
        const lib = library(p);
        if (lib.version > MAX_QR_VERSION) {
          expect(fast).toBeNull();
          continue;
        }
        expect(fast).not.toBeNull();
        expect({ size: fast!.size, data: Array.from(fast!.data).join(''), version: fast!.version }).toEqual(lib);
        checked++;
      }
    expect(checked).toBeGreaterThan(1500);
  });

  it('makes the library’s symbol for real certificate statements', () => {
    for (let i = 0; i < 300; i++) {
      const p = `ZS1:LJ2025-01-${String(i).padStart(4, '0')}:MEZPYIZQTF:${payload(104).replace(/[^A-Z2-7]/g, 'A')}`;
      const fast = qrModules(p);
      expect({ size: fast.size, data: Array.from(fast.data).join(''), version: fast.version }).toEqual(library(p));
    }
  });

  it('leaves other payloads to the library: empty, lower case, Chinese, too long for version 6', () => {
    expect(alphanumericQr('', 6)).toBeNull();
    expect(alphanumericQr('zs1:abc', 6)).toBeNull();
    expect(alphanumericQr('证书', 6)).toBeNull();
    expect(alphanumericQr(payload(200), 6)).toBeNull();
    expect(qrModules('zs1:abc').version).toBe(1);
    expect(() => qrModules(payload(200))).toThrow(/二维码内容过长/);
  });
});
