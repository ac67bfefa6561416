/**
 * Webcam scanning without BarcodeDetector (absent from Chromium on Linux and Windows): jsQR is pure
 * JavaScript, bundled with the renderer, so it works offline and fetches nothing.
 */
import jsQR from 'jsqr';

/** The text of a QR code in an RGBA frame (a canvas's ImageData), or null when none is readable. */
export function decodeFrame(frame: { data: Uint8ClampedArray; width: number; height: number }): string | null {
  const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
  const text = code?.data.trim();
  return text ? text : null;
}
