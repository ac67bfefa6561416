/**
 * Substring search over many short texts, each in a numbered slot (registrationIndex.ts keeps one
 * per programme). Each slot has two texts: names (Chinese, from the trainee and enterprise names)
 * and codes (pinyin, initials, ID number, mobile, credit code), lower case.
 *
 * The texts live in chunks of CHUNK slots, one string per kind and chunk, scanned with
 * String.indexOf: one native scan per chunk, not one call per slot. The code text is dense in
 * digits, where a needle such as '1234' has a candidate every few characters, so needles of three
 * or more letters and digits use a trigram index of the code text instead. Slots are only added:
 * a changed text gets a new slot, and the caller says which slots are alive.
 */
/** Slots per chunk: a new slot re-joins only its own chunk's strings. */
export const CHUNK = 512;

// ---------------------------------------------------------------------------------------------
// Trigrams of the code text (letters and digits): for each, the slots holding it, ascending,
// delta + varint encoded (about a byte per slot and trigram).

/** Letters and digits, 0–35; any other character ends a trigram. */
const ALPHA = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) ALPHA[48 + c] = c;
for (let c = 0; c < 26; c++) ALPHA[97 + c] = 10 + c;
const GRAMS = 36 ** 3;
const alpha = (code: number): number => (code < 128 ? ALPHA[code] : -1);
const isIndexable = (s: string): boolean => /^[0-9a-z]{3,}$/.test(s);
const varintLength = (d: number): number => (d < 0x80 ? 1 : d < 0x4000 ? 2 : d < 0x200000 ? 3 : d < 0x10000000 ? 4 : 5);

/** Calls `fn` with each trigram of `text` (positions `from`..`to`), as 0..GRAMS-1. */
function eachGram(text: string, from: number, to: number, fn: (gram: number) => void): void {
  let a = -1;
  let b = -1;
  for (let i = from; i < to; i++) {
    const c = alpha(text.charCodeAt(i));
    if (c >= 0 && a >= 0 && b >= 0) fn((a * 36 + b) * 36 + c);
    a = b;
    b = c;
  }
}

function needleGrams(needle: string): number[] {
  const out: number[] = [];
  eachGram(needle, 0, needle.length, (g) => out.push(g));
  return out;
}

/** Slots added since the block was built, for one trigram. */
class Posting {
  bytes = new Uint8Array(8);
  len = 0;
  count = 0;
  last = -1;

  add(slot: number): void {
    if (slot === this.last) return;
    let d = slot - this.last;
    this.last = slot;
    this.count++;
    if (this.len + 5 > this.bytes.length) {
      const more = new Uint8Array(this.bytes.length * 2);
      more.set(this.bytes.subarray(0, this.len));
      this.bytes = more;
    }
    while (d >= 0x80) {
      this.bytes[this.len++] = (d & 0x7f) | 0x80;
      d >>>= 7;
    }
    this.bytes[this.len++] = d;
  }
}

function decode(bytes: Uint8Array, from: number, count: number, out: Int32Array, at: number): void {
  let slot = -1;
  let p = from;
  for (let i = 0; i < count; i++) {
    let d = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[p++];
      d |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    out[at + i] = slot += d;
  }
}

/**
 * Trigram → slots: one block for the slots present when it was built (two passes over the text,
 * typed arrays only: a few hundred ms for 100,000 registrations), small lists for slots added since.
 */
class Grams {
  private offsets = new Uint32Array(GRAMS + 1);
  private counts = new Uint32Array(GRAMS);
  private bytes = new Uint8Array(0);
  /** Slots below this are in the block. */
  covered = 0;
  private recent = new Map<number, Posting>();
  recentCount = 0;

  /** `each` calls its argument with (slot, gram) for every trigram of every live slot, slots ascending. */
  rebuild(slots: number, each: (fn: (slot: number, gram: number) => void) => void): void {
    const last = new Int32Array(GRAMS).fill(-1);
    const size = new Uint32Array(GRAMS);
    this.counts = new Uint32Array(GRAMS);
    each((slot, g) => {
      if (last[g] === slot) return;
      size[g] += varintLength(slot - last[g]);
      this.counts[g]++;
      last[g] = slot;
    });
    this.offsets = new Uint32Array(GRAMS + 1);
    for (let g = 0; g < GRAMS; g++) this.offsets[g + 1] = this.offsets[g] + size[g];
    const bytes = (this.bytes = new Uint8Array(this.offsets[GRAMS]));
    const at = this.offsets.slice(0, GRAMS);
    last.fill(-1);
    each((slot, g) => {
      if (last[g] === slot) return;
      let d = slot - last[g];
      last[g] = slot;
      while (d >= 0x80) {
        bytes[at[g]++] = (d & 0x7f) | 0x80;
        d >>>= 7;
      }
      bytes[at[g]++] = d;
    });
    this.covered = slots;
    this.recent = new Map();
    this.recentCount = 0;
  }

  add(slot: number, codes: string): void {
    eachGram(codes, 0, codes.length, (g) => {
      let p = this.recent.get(g);
      if (!p) this.recent.set(g, (p = new Posting()));
      p.add(slot);
    });
    this.recentCount++;
  }

  count(g: number): number {
    return this.counts[g] + (this.recent.get(g)?.count ?? 0);
  }

  slots(g: number): Int32Array {
    const r = this.recent.get(g);
    const out = new Int32Array(this.count(g));
    decode(this.bytes, this.offsets[g], this.counts[g], out, 0);
    if (r) decode(r.bytes, 0, r.count, out, this.counts[g]);
    return out;
  }
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      out[n++] = a[i];
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out.subarray(0, n);
}

// ---------------------------------------------------------------------------------------------
// One programme's entries

/** Texts of CHUNK consecutive slots, each followed by '\n' (a needle never holds whitespace). */
interface Chunk {
  names: string;
  codes: string;
  /** End (exclusive, after the '\n') of each slot's text. */
  nameEnds: Int32Array;
  codeEnds: Int32Array;
}

function makeChunk(names: string[], codes: string[]): Chunk {
  const ends = (texts: string[]): Int32Array => {
    const out = new Int32Array(texts.length);
    let at = 0;
    texts.forEach((t, i) => (out[i] = at += t.length + 1));
    return out;
  };
  return { names: names.join('\n') + '\n', codes: codes.join('\n') + '\n', nameEnds: ends(names), codeEnds: ends(codes) };
}

/** First index whose end is past `at`: the text that holds position `at`. */
function textAt(ends: Int32Array, at: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function textOf(hay: string, ends: Int32Array, i: number): string {
  return hay.slice(i ? ends[i - 1] : 0, ends[i] - 1);
}

function scan(hay: string, ends: Int32Array, needle: string, base: number, marks: Uint8Array): void {
  let at = hay.indexOf(needle);
  while (at >= 0) {
    const i = textAt(ends, at);
    marks[base + i] = 1;
    at = hay.indexOf(needle, ends[i]);
  }
}

/** Slot texts and their search structures. */
export class SubstringIndex {
  /** Full chunks; the last, filling chunk keeps its texts as arrays until it is full. */
  private chunks: Chunk[] = [];
  private openNames: string[] = [];
  private openCodes: string[] = [];
  private openChunk: Chunk | null = null;
  private grams = new Grams();
  /** While many slots are added at once the trigrams wait, then are built in one go (indexGrams). */
  deferGrams = false;
  length = 0;

  /** Slots added one by one since the trigram block was built. */
  get recentGrams(): number {
    return this.grams.recentCount;
  }

  /** The texts of a new slot; returns the slot. */
  add(names: string, codes: string): number {
    const slot = this.length++;
    this.openNames.push(names);
    this.openCodes.push(codes);
    this.openChunk = null;
    if (!this.deferGrams) this.grams.add(slot, codes);
    if (this.openNames.length === CHUNK) {
      this.chunks.push(makeChunk(this.openNames, this.openCodes));
      this.openNames = [];
      this.openCodes = [];
    }
    return slot;
  }

  texts(slot: number): { names: string; codes: string } {
    const k = Math.floor(slot / CHUNK);
    const i = slot % CHUNK;
    if (k === this.chunks.length) return { names: this.openNames[i], codes: this.openCodes[i] };
    const c = this.chunks[k];
    return { names: textOf(c.names, c.nameEnds, i), codes: textOf(c.codes, c.codeEnds, i) };
  }

  /** Whether the slot's code text holds `needle`, without copying the text out. */
  private codesHold(slot: number, needle: string): boolean {
    const k = Math.floor(slot / CHUNK);
    const i = slot % CHUNK;
    if (k === this.chunks.length) return this.openCodes[i].includes(needle);
    const c = this.chunks[k];
    const start = i ? c.codeEnds[i - 1] : 0;
    const end = c.codeEnds[i] - 1;
    for (let at = c.codes.indexOf(needle[0], start); at >= 0 && at + needle.length <= end; at = c.codes.indexOf(needle[0], at + 1))
      if (c.codes.startsWith(needle, at)) return true;
    return false;
  }

  /** Every chunk, the filling one joined on demand. */
  private allChunks(): Chunk[] {
    if (!this.openNames.length) return this.chunks;
    this.openChunk ??= makeChunk(this.openNames, this.openCodes);
    return [...this.chunks, this.openChunk];
  }

  /**
   * A mark (1) for each slot whose text holds `needle` (lower case, no whitespace). Slots whose
   * `alive` is 0 may be marked too when a scan finds them; the caller filters.
   */
  search(needle: string, alive: Uint8Array): Uint8Array {
    const marks = new Uint8Array(this.length);
    const viaGrams = isIndexable(needle);
    this.allChunks().forEach((c, k) => {
      const base = k * CHUNK;
      scan(c.names, c.nameEnds, needle, base, marks);
      if (!viaGrams) scan(c.codes, c.codeEnds, needle, base, marks);
    });
    if (viaGrams) {
      // The two shortest lists of the needle's trigrams, intersected; then each candidate is checked.
      const lists = needleGrams(needle).sort((a, b) => this.grams.count(a) - this.grams.count(b));
      if (!this.grams.count(lists[0])) return marks;
      const first = this.grams.slots(lists[0]);
      const candidates = lists.length > 1 ? intersect(first, this.grams.slots(lists[1])) : first;
      for (const slot of candidates) if (!marks[slot] && alive[slot] && this.codesHold(slot, needle)) marks[slot] = 1;
    }
    return marks;
  }

  /** Builds the trigram block over the live slots, and takes new slots one by one again. */
  indexGrams(alive: Uint8Array): void {
    this.deferGrams = false;
    this.grams.rebuild(this.length, (fn) =>
      this.allChunks().forEach((c, k) => {
        let slot = k * CHUNK;
        let from = 0;
        for (const end of c.codeEnds) {
          if (alive[slot]) {
            const s = slot;
            eachGram(c.codes, from, end - 1, (g) => fn(s, g));
          }
          from = end;
          slot++;
        }
      }),
    );
  }
}
