/**
 * Exact arithmetic for apportionment: weights typed as decimals become integers scaled by a power of
 * ten (BigInt), and every comparison is a cross-multiplication of integers. No decision ever uses
 * floating point; the decimal strings made here are only for people to read.
 */

/** value = int / 10^scale. */
export interface ScaledDecimal {
  int: bigint;
  scale: number;
}

/** The largest exponent a weight may carry (1e300 is a typo, not a population). */
const MAX_EXPONENT = 60;

/**
 * Parses a plain decimal: optional sign, digits, optional fraction, optional exponent
 * (`12`, `-3`, `0.25`, `.5`, `1.2e6`, `1e-7`, the forms `String(number)` produces). Returns null for
 * anything else (thousands separators, spaces, `NaN`, `Infinity`).
 */
export function parseDecimal(text: string): ScaledDecimal | null {
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return null;
  const [, sign, whole = '', frac = '', expText] = m;
  if (whole === '' && frac === '') return null;
  const exp = expText === undefined ? 0 : Number(expText);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) return null;
  let int = BigInt((whole || '0') + frac);
  let scale = frac.length - exp;
  if (scale < 0) {
    int *= pow10(-scale);
    scale = 0;
  }
  if (sign === '-') int = -int;
  return trimScale({ int, scale });
}

/** Drops trailing zeros of the fraction: 1.50 → 1.5 (int 15, scale 1). */
function trimScale(d: ScaledDecimal): ScaledDecimal {
  let { int, scale } = d;
  while (scale > 0 && int % 10n === 0n) {
    int /= 10n;
    scale--;
  }
  return { int, scale };
}

/** The canonical text of a scaled decimal: no exponent, no trailing zeros (`1200`, `0.05`, `-3.5`). */
export function decimalText(d: ScaledDecimal): string {
  return fixedText(trimScale(d));
}

/** A scaled decimal with exactly its scale's places (`7.500000` for 7500000 at scale 6). */
function fixedText(d: ScaledDecimal): string {
  const negative = d.int < 0n;
  const digits = (negative ? -d.int : d.int).toString();
  if (d.scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(d.scale + 1, '0');
  const text = `${padded.slice(0, padded.length - d.scale)}.${padded.slice(padded.length - d.scale)}`;
  return (negative ? '-' : '') + text;
}

const POW10: bigint[] = [1n];
export function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** `p/q` in lowest terms (`7/2`, `3`), for the exact value next to a rounded one. */
export function ratioText(num: bigint, den: bigint): string {
  if (den === 0n) return '∞';
  const g = gcd(num, den) || 1n;
  const p = num / g;
  const q = den / g;
  return q === 1n ? p.toString() : `${p}/${q}`;
}

/** num/den (both ≥ 0, den > 0) rounded half up to `digits` decimals, e.g. `7.645900`. */
export function ratioDecimal(num: bigint, den: bigint, digits = 6): string {
  if (den === 0n) return '∞';
  const scaled = (num * pow10(digits) * 2n + den) / (2n * den);
  return fixedText({ int: scaled, scale: digits });
}

/** ⌊√n⌋ for n ≥ 0 (Newton's method on integers). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  // Start above the root (2^⌈bits/2⌉ ≥ √n); Newton's steps then fall monotonically onto ⌊√n⌋.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  return x;
}

/** √(num/den) (num ≥ 0, den > 0) rounded half up to `digits` decimals, computed with integers only. */
export function sqrtRatioDecimal(num: bigint, den: bigint, digits = 6): string {
  if (den === 0n) return '∞';
  // ⌊10·10^digits·√x⌋ = ⌊√⌊x·10^(2·digits+2)⌋⌋, and rounding half up needs no more than that digit.
  const tenfold = isqrt((num * pow10(2 * digits + 2)) / den);
  return fixedText({ int: (tenfold + 5n) / 10n, scale: digits });
}
