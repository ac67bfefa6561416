/**
 * The Kai-style face for names on certificates: LXGW WenKai Regular (SIL OFL 1.1), from npm
 * `@fontsource/lxgw-wenkai`. That package ships each weight as one whole WOFF (30k glyphs, not
 * unicode-range slices); fontkit reads WOFF but re-inflates its tables on every access (~40 s per
 * document), so the WOFF is unwrapped once into a plain TrueType buffer (~0.4 s) and cached.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

const PACKAGE = '@fontsource/lxgw-wenkai';
const IN_PACKAGE = 'files/lxgw-wenkai-latin-500-normal.woff';
const SHIPPED = 'LXGWWenKai-Regular.woff';

export function resolveKaiFont(): string | null {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  let fromPackage: string | null = null;
  try {
    fromPackage = createRequire(import.meta.url).resolve(`${PACKAGE}/${IN_PACKAGE}`);
  } catch {
    fromPackage = null;
  }
  const candidates = [
    resourcesPath ? path.join(resourcesPath, 'fonts', SHIPPED) : null,
    path.join(process.cwd(), 'resources', 'fonts', SHIPPED),
    fromPackage,
    path.join(process.cwd(), 'node_modules', PACKAGE, IN_PACKAGE),
  ];
  return candidates.find((p): p is string => p !== null && fs.existsSync(p)) ?? null;
}

/** WOFF 1.0 → the sfnt it wraps (spec: https://www.w3.org/TR/WOFF/): each table inflated, offsets rebuilt. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const n = woff.readUInt16BE(12);
  const tables = Array.from({ length: n }, (_, i) => {
    const o = 44 + i * 20;
    return {
      tag: woff.readUInt32BE(o),
      offset: woff.readUInt32BE(o + 4),
      compLength: woff.readUInt32BE(o + 8),
      origLength: woff.readUInt32BE(o + 12),
      checksum: woff.readUInt32BE(o + 16),
    };
  });
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= n) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerSize = 12 + 16 * n;
  const out = Buffer.alloc(tables.reduce((size, t) => size + ((t.origLength + 3) & ~3), headerSize));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(n * 16 - searchRange, 10);
  let pos = headerSize;
  tables.forEach((t, i) => {
    const raw = woff.subarray(t.offset, t.offset + t.compLength);
    const data = t.compLength < t.origLength ? zlib.inflateSync(raw) : raw;
    if (data.length !== t.origLength) throw new Error('damaged WOFF table');
    const d = 12 + i * 16;
    out.writeUInt32BE(t.tag, d);
    out.writeUInt32BE(t.checksum, d + 4);
    out.writeUInt32BE(pos, d + 8);
    out.writeUInt32BE(t.origLength, d + 12);
    data.copy(out, pos);
    pos += (t.origLength + 3) & ~3;
  });
  return out;
}

let cached: Buffer | null = null;

/** The Kai face as a TrueType buffer, or null when the font is missing. */
export function loadKaiFont(): Buffer | null {
  if (cached) return cached;
  const file = resolveKaiFont();
  if (!file) return null;
  cached = woffToSfnt(fs.readFileSync(file));
  return cached;
}
