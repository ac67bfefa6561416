/**
 * Just enough of the ZIP format to judge an .xlsx before exceljs sees it: the central directory
 * (at the end of the file, so a truncated download has none), one entry's bytes, and a CRC check
 * that streams. Reading the directory ourselves lets us refuse broken files with a clear message
 * instead of a stack trace or a hang inside the streaming unzipper, and lets readTable hand exceljs
 * only the parts it needs, in the order it needs them. Every inflation is bounded (limits.ts):
 * declared sizes and ratios before it starts, actual sizes and the file's total as it goes.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../../shared/result';
import { MAX_INFLATED_BYTES, MAX_INFLATE_RATIO, MAX_PART_BYTES, MAX_ZIP_ENTRIES, MIN_RATIO_CHECKED, count, megabytes } from './limits';
import { refuse } from './refusals';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else we cannot read. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ZipIndex {
  fileSize: number;
  entries: Map<string, ZipEntry>;
  /** Bytes inflated so far from this file, by every pass: bounded by MAX_INFLATED_BYTES. */
  inflated: { bytes: number };
}

/** Why a zip could not be read; readTable turns it into a user message. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: 'truncated' | 'corrupt' | 'unsupported' | 'encrypted',
    detail: string,
  ) {
    super(detail);
    this.name = 'ZipProblem';
  }
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** A directory of MAX_ZIP_ENTRIES entries with long names is well under this. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** Values 0xFFFF…: the real one is in the zip64 extra field (id 1), in a fixed order. */
function applyZip64Extra(extra: Buffer, e: ZipEntry): void {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      const take = (): number => {
        const v = Number(extra.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = take();
      if (e.compressedSize === 0xffffffff) e.compressedSize = take();
      if (e.localHeaderOffset === 0xffffffff) e.localHeaderOffset = take();
      return;
    }
    p += 4 + len;
  }
}

/** Reads the central directory. Throws ZipProblem when the file is not a complete zip. */
export function readZipIndex(file: string): ZipIndex {
  const fd = fs.openSync(file, 'r');
  try {
    const fileSize = fs.fstatSync(fd).size;
    const tailLen = Math.min(fileSize, 22 + MAX_COMMENT);
    const tail = readAt(fd, fileSize - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipProblem('truncated', 'no end-of-central-directory record');
    let entryCount = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || entryCount === 0xffff) {
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw new ZipProblem('corrupt', 'zip64 locator missing');
      const z64 = readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
      if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipProblem('corrupt', 'zip64 record missing');
      entryCount = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > fileSize) throw new ZipProblem('truncated', 'central directory beyond end of file');
    if (entryCount > MAX_ZIP_ENTRIES || cdSize > MAX_DIRECTORY_BYTES)
      throw refuse('unusual-xlsx', file, { cause: `${entryCount} zip entries` });
    const cd = readAt(fd, cdOffset, cdSize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < entryCount; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CD_SIG) throw new ZipProblem('corrupt', `bad central directory entry ${i}`);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const e: ZipEntry = {
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      };
      applyZip64Extra(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
      if (e.localHeaderOffset + 30 + e.compressedSize > fileSize) throw new ZipProblem('truncated', `entry ${e.name} beyond end of file`);
      // Case differs between writers now and then (xl/SharedStrings.xml); look names up without it.
      entries.set(e.name.replace(/^\/+/, '').toLowerCase(), e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return { fileSize, entries, inflated: { bytes: 0 } };
  } finally {
    fs.closeSync(fd);
  }
}

export interface EntryLayout {
  /** Where the compressed bytes start in the file (after the local header, name and extra). */
  dataOffset: number;
  /** The local header's name and extra bytes, copied when the entry is re-emitted. */
  localNameAndExtra: Buffer;
  localHeader: Buffer;
}

/** Locates an entry's data through its local header (whose extra field may differ from the directory's). */
export function entryLayout(file: string, e: ZipEntry): EntryLayout {
  if (e.flags & 1) throw new ZipProblem('encrypted', `${e.name} is encrypted`);
  if (e.method !== 0 && e.method !== 8) throw new ZipProblem('unsupported', `${e.name} uses compression method ${e.method}`);
  const fd = fs.openSync(file, 'r');
  try {
    const head = readAt(fd, e.localHeaderOffset, 30);
    if (head.length < 30 || head.readUInt32LE(0) !== LOCAL_SIG) throw new ZipProblem('corrupt', `bad local header for ${e.name}`);
    const varLen = head.readUInt16LE(26) + head.readUInt16LE(28);
    const localNameAndExtra = readAt(fd, e.localHeaderOffset + 30, varLen);
    return { dataOffset: e.localHeaderOffset + 30 + varLen, localNameAndExtra, localHeader: head };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An entry's declared size against the limits, before any of it is inflated: too large, or
 * compressed far more than any spreadsheet compresses (a zip bomb).
 */
export function checkEntrySize(file: string, e: ZipEntry): void {
  if (e.size > MAX_PART_BYTES)
    throw refuse(
      'inflate-limit',
      file,
      { part: e.name, size: e.size },
      `其中一部分解压后有 ${megabytes(e.size)}，上限为 ${megabytes(MAX_PART_BYTES)}`,
    );
  if (e.size > MIN_RATIO_CHECKED && e.size > MAX_INFLATE_RATIO * e.compressedSize) throw bombRatio(file, e);
  if (e.method === 0 && e.size !== e.compressedSize) throw new ZipProblem('corrupt', `${e.name}: stored with two sizes`);
}

function bombRatio(file: string, e: ZipEntry): AppError {
  const ratio = Math.round(e.size / Math.max(1, e.compressedSize));
  return refuse(
    'inflate-limit',
    file,
    { part: e.name, size: e.size, compressedSize: e.compressedSize },
    `压缩比达到 ${count(ratio)} : 1，正常的表格不超过 ${MAX_INFLATE_RATIO} : 1`,
  );
}

export interface ChunkOptions {
  /** Stop after this many bytes (a peek): no CRC check then. */
  limit?: number;
  /** The file's running total of inflated bytes (ZipIndex.inflated). */
  budget?: { bytes: number };
}

/**
 * Yields the uncompressed bytes of an entry, checking its CRC at the end. The declared size is
 * judged before inflating (checkEntrySize); then, as the bytes come, an entry that inflates past
 * its declared size (a bomb declaring a small one) or past the file's budget is refused at that
 * chunk, so memory and time stay bounded whatever the entry holds.
 */
export async function* entryChunks(file: string, e: ZipEntry, opts: ChunkOptions = {}): AsyncGenerator<Buffer> {
  checkEntrySize(file, e);
  const { dataOffset } = entryLayout(file, e);
  const raw =
    e.compressedSize === 0
      ? null
      : fs.createReadStream(file, { start: dataOffset, end: dataOffset + e.compressedSize - 1, highWaterMark: 64 * 1024 });
  if (!raw) {
    if (e.size !== 0) throw new ZipProblem('corrupt', `${e.name} is empty`);
    return;
  }
  const source = e.method === 8 ? raw.pipe(zlib.createInflateRaw({ chunkSize: 64 * 1024 })) : raw;
  raw.on('error', (err) => source.destroy(err));
  let crc = 0;
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      // The declared size passed checkEntrySize (size cap and ratio), so holding the entry to it bounds both here too.
      if (total > e.size) throw new ZipProblem('corrupt', `${e.name}: inflates past its declared ${e.size} bytes`);
      if (opts.budget) {
        opts.budget.bytes += chunk.length;
        if (opts.budget.bytes > MAX_INFLATED_BYTES)
          throw refuse('inflate-limit', file, { inflated: opts.budget.bytes }, `读取时共解压超过 ${megabytes(MAX_INFLATED_BYTES)}`);
      }
      crc = zlib.crc32(chunk, crc);
      yield chunk;
      // The caller only wanted a peek: stop without the (then meaningless) CRC check.
      if (opts.limit !== undefined && total >= opts.limit) return;
    }
  } catch (err) {
    if (err instanceof AppError || err instanceof ZipProblem) throw err;
    throw new ZipProblem('corrupt', `${e.name}: ${(err as Error).message}`);
  } finally {
    raw.destroy();
    source.destroy();
  }
  if (crc >>> 0 !== e.crc32 || total !== e.size) throw new ZipProblem('corrupt', `${e.name}: CRC or size mismatch`);
}

/** A small entry (workbook.xml, rels) as text. */
export async function entryText(file: string, e: ZipEntry, budget?: { bytes: number }, maxBytes = 16 * 1024 * 1024): Promise<string> {
  if (e.size > maxBytes) throw new ZipProblem('unsupported', `${e.name} is too large (${e.size} bytes)`);
  const parts: Buffer[] = [];
  for await (const c of entryChunks(file, e, { budget })) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** Reads the whole entry to check that it inflates and matches its CRC, showing each chunk to `scan`. */
export async function verifyEntry(
  file: string,
  e: ZipEntry,
  opts: { signal?: AbortSignal; budget?: { bytes: number }; scan?: (chunk: Buffer) => void } = {},
): Promise<void> {
  for await (const chunk of entryChunks(file, e, { budget: opts.budget })) {
    if (opts.signal?.aborted) return;
    opts.scan?.(chunk);
  }
}
