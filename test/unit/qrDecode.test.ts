/**
 * The webcam path's decoder on real QR codes made by the `qrcode` package: a badge's code drawn
 * into an RGBA frame as a canvas holds it (dark modules black, a quiet zone, the code off-centre on
 * a grey background like a badge held up to a camera) decodes to the text a scanner would type.
 */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../renderer/components/qrDecode';

/** The QR code of `text` drawn at `scale` pixels per module, at (x, y) in a w×h grey frame. */
function frameWith(text: string, w = 320, h = 240, scale = 4, x = 60, y = 30) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const data = new Uint8ClampedArray(w * h * 4).fill(170);
  const quiet = 4;
  for (let py = 0; py < (n + 2 * quiet) * scale; py++)
    for (let px = 0; px < (n + 2 * quiet) * scale; px++) {
      const mx = Math.floor(px / scale) - quiet;
      const my = Math.floor(py / scale) - quiet;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx);
      const i = ((y + py) * w + (x + px)) * 4;
      data[i] = data[i + 1] = data[i + 2] = dark ? 20 : 245;
      data[i + 3] = 255;
    }
  return { data, width: w, height: h };
}

describe('webcam QR decoding (jsQR, bundled)', () => {
  it('reads a badge number and a full ID number', () => {
    expect(decodeFrame(frameWith('1234'))).toBe('1234');
    expect(decodeFrame(frameWith('33010219800101001X'))).toBe('33010219800101001X');
  });

  it('a frame without a code, or a blank one, is null', () => {
    expect(decodeFrame({ data: new Uint8ClampedArray(320 * 240 * 4).fill(128), width: 320, height: 240 })).toBeNull();
    expect(decodeFrame(frameWith('   '))).toBeNull();
  });
});
