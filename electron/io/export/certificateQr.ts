/**
 * The certificate's QR code: the same symbol the `qrcode` library makes for one alphanumeric
 * segment, error correction M and mask 2, module for module, at less than half the cost (a thousand
 * codes: ~47 ms CPU in the library, mostly allocations in its polynomial arithmetic; ~20 ms here). What
 * never changes for a version (finder, timing and alignment patterns, format bits, the zig-zag
 * order of the data modules and the mask over them) is taken from a library symbol once per
 * version; each code then only packs its bits, computes Reed–Solomon with log tables and places
 * them. Versions 1–6 only (the certificate's limit); anything else is left to the library.
 * test/unit/certificateQr.test.ts compares the two on thousands of payloads.
 */
import QRCode from 'qrcode';

export interface QrSymbol {
  size: number;
  /** size × size, row-major, 1 = dark. */
  data: Uint8Array;
  version: number;
}

/** Mask pattern 2 (dark where column % 3 = 0): fixed, see qrModules in certificatePdf.ts. */
export const QR_MASK = 2;
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const ALNUM_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALNUM.length; i++) ALNUM_VALUE[ALNUM.charCodeAt(i)] = i;

// GF(256) over x⁸ + x⁴ + x³ + x² + 1, as in the QR specification.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];

/** Error correction level M, versions 1–6 (ISO/IEC 18004 table 9): all codewords, EC codewords, blocks. */
const LEVEL_M: Record<number, [total: number, ec: number, blocks: number]> = {
  1: [26, 10, 1],
  2: [44, 16, 1],
  3: [70, 26, 1],
  4: [100, 36, 2],
  5: [134, 48, 2],
  6: [172, 64, 4],
};
export const FAST_QR_MAX_VERSION = 6;

/** The generator polynomial ∏ (x − αⁱ), i < degree, highest power first, leading 1 dropped, as logarithms. */
function generatorLogs(degree: number): Uint8Array {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      if (poly[j]) next[j + 1] ^= EXP[LOG[poly[j]] + i];
    }
    poly = next;
  }
  return Uint8Array.from(poly.slice(1), (g) => LOG[g]);
}

interface VersionPlan {
  version: number;
  size: number;
  /** Longest alphanumeric payload it holds. */
  capacity: number;
  dataCodewords: number;
  totalCodewords: number;
  /** Data codewords per block (group 1 blocks first), EC codewords per block. */
  blocks: number[];
  ecCount: number;
  /** Generator polynomial coefficients after the leading 1, as logarithms. */
  genLog: Uint8Array;
  /** The finished symbol with every data module light (function patterns, format bits). */
  base: Uint8Array;
  /** Data module indices in placement order, and the mask bit at each. */
  order: Uint16Array;
  mask: Uint8Array;
}

const plans = new Map<number, VersionPlan>();

function plan(version: number): VersionPlan {
  const known = plans.get(version);
  if (known) return known;
  // A symbol of this version from the library itself: its function modules are those of every code.
  const sample = QRCode.create(
    [{ data: '', mode: 'alphanumeric' }] as unknown as QRCode.QRCodeSegment[],
    {
      version,
      errorCorrectionLevel: 'M',
      maskPattern: QR_MASK,
    } as QRCode.QRCodeOptions,
  );
  const m = sample.modules as unknown as { size: number; data: Uint8Array; reservedBit: Uint8Array };
  const size = m.size;
  const base = Uint8Array.from(m.data);
  const order: number[] = [];
  // The zig-zag of the specification (and of the library's setupData): column pairs from the right,
  // up then down, skipping the vertical timing column.
  let row = size - 1;
  let inc = -1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!m.reservedBit[row * size + col - c]) order.push(row * size + col - c);
      row += inc;
      if (row < 0 || row >= size) {
        row -= inc;
        inc = -inc;
        break;
      }
    }
  }
  const mask = Uint8Array.from(order, (i) => ((i % size) % 3 === 0 ? 1 : 0));
  for (let k = 0; k < order.length; k++) base[order[k]] = 0;
  const [totalCodewords, ecTotal, blockCount] = LEVEL_M[version];
  const dataCodewords = totalCodewords - ecTotal;
  // As the library: the last `inGroup2` blocks carry one data codeword more.
  const inGroup2 = totalCodewords % blockCount;
  const group1Data = Math.floor(dataCodewords / blockCount);
  const blocks = Array.from({ length: blockCount }, (_, b) => (b < blockCount - inGroup2 ? group1Data : group1Data + 1));
  const ecCount = Math.floor(totalCodewords / blockCount) - group1Data;
  const p: VersionPlan = {
    version,
    size,
    // Mode (4 bits) and length (9 bits) first, then 11 bits a pair: the library's own formula.
    capacity: Math.floor(((dataCodewords * 8 - 13) / 11) * 2),
    dataCodewords,
    totalCodewords,
    blocks,
    ecCount,
    genLog: generatorLogs(ecCount),
    base,
    order: Uint16Array.from(order),
    mask,
  };
  plans.set(version, p);
  return p;
}

/** Reed–Solomon remainder of `data` (one block) into `out`. */
function ecBlock(data: Uint8Array, genLog: Uint8Array, out: Uint8Array): void {
  const n = genLog.length;
  out.fill(0);
  for (let i = 0; i < data.length; i++) {
    const factor = data[i] ^ out[0];
    if (factor) {
      const lf = LOG[factor];
      for (let j = 0; j < n - 1; j++) out[j] = out[j + 1] ^ EXP[lf + genLog[j]];
      out[n - 1] = EXP[lf + genLog[n - 1]];
    } else {
      for (let j = 0; j < n - 1; j++) out[j] = out[j + 1];
      out[n - 1] = 0;
    }
  }
}

/**
 * The symbol for an alphanumeric payload in the smallest version up to `maxVersion` that holds it;
 * null if the payload is not alphanumeric or needs a larger version (the caller asks the library).
 */
export function alphanumericQr(payload: string, maxVersion: number): QrSymbol | null {
  const len = payload.length;
  // The library leaves an empty segment out altogether: let it have that case.
  if (!len) return null;
  for (let i = 0; i < len; i++) {
    const code = payload.charCodeAt(i);
    if (code >= 128 || ALNUM_VALUE[code] < 0) return null;
  }
  let p: VersionPlan | null = null;
  for (let v = 1; v <= Math.min(maxVersion, FAST_QR_MAX_VERSION); v++) {
    const candidate = plan(v);
    if (len <= candidate.capacity) {
      p = candidate;
      break;
    }
  }
  if (!p) return null;

  // Bits: mode 0010, the length in 9 bits (versions 1–9), pairs in 11 bits, a last single in 6.
  const dataBits = p.dataCodewords * 8;
  const bytes = new Uint8Array(p.dataCodewords);
  let bit = 0;
  const put = (value: number, width: number) => {
    for (let b = width - 1; b >= 0; b--, bit++) if ((value >>> b) & 1) bytes[bit >>> 3] |= 0x80 >>> (bit & 7);
  };
  put(0b0010, 4);
  put(len, 9);
  for (let i = 0; i + 1 < len; i += 2) put(ALNUM_VALUE[payload.charCodeAt(i)] * 45 + ALNUM_VALUE[payload.charCodeAt(i + 1)], 11);
  if (len % 2) put(ALNUM_VALUE[payload.charCodeAt(len - 1)], 6);
  // Terminator (zeros, when it fits), zeros to the byte boundary, then the pad codewords.
  if (bit + 4 <= dataBits) bit += 4;
  for (let i = Math.ceil(bit / 8), k = 0; i < p.dataCodewords; i++, k++) bytes[i] = k % 2 ? 0x11 : 0xec;

  // Blocks, their error correction, interleaved.
  const codewords = new Uint8Array(p.totalCodewords);
  const nb = p.blocks.length;
  const ec = new Uint8Array(p.ecCount);
  let offset = 0;
  let maxData = 0;
  for (let b = 0; b < nb; b++) {
    const size = p.blocks[b];
    const block = bytes.subarray(offset, offset + size);
    ecBlock(block, p.genLog, ec);
    for (let i = 0; i < p.ecCount; i++) codewords[p.dataCodewords + i * nb + b] = ec[i];
    offset += size;
    maxData = Math.max(maxData, size);
  }
  let index = 0;
  for (let i = 0; i < maxData; i++) {
    let start = 0;
    for (let b = 0; b < nb; b++) {
      if (i < p.blocks[b]) codewords[index++] = bytes[start + i];
      start += p.blocks[b];
    }
  }

  // Placement: data bits in zig-zag order, XOR the mask; remainder bits are 0 (masked too).
  const data = p.base.slice();
  const total = p.totalCodewords * 8;
  for (let k = 0; k < p.order.length; k++) {
    const dark = k < total ? (codewords[k >>> 3] >>> (7 - (k & 7))) & 1 : 0;
    data[p.order[k]] = dark ^ p.mask[k];
  }
  return { size: p.size, data, version: p.version };
}
