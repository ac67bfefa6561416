/**
 * A USB barcode/QR scanner is a keyboard that types a whole code within a few milliseconds and
 * ends with Enter; a person types at most ~10 keys a second. Timestamps of the keys since the
 * input was last empty tell the two apart.
 */
export const BURST_MAX_GAP_MS = 35;
export const BURST_MIN_KEYS = 4;

export function isScannerBurst(times: readonly number[]): boolean {
  if (times.length < BURST_MIN_KEYS) return false;
  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > BURST_MAX_GAP_MS) return false;
  return true;
}
