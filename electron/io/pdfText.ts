/**
 * Reads the text runs back out of a PDF this program wrote with pdfkit: per page, in drawing order,
 * one string per BT…ET block, decoded through each font's ToUnicode map. It understands exactly
 * what pdfkit writes (plain objects, Flate content streams, Identity-H fonts with a bfrange
 * ToUnicode); a file rebuilt by another program (object streams, other encodings) gives null, and
 * the caller says the text could not be checked. No poppler needed: this runs in the app too.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function parseObjects(bytes: Buffer): Map<number, PdfObject> {
  const text = bytes.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    let body = text.slice(start, end);
    let stream: Buffer | null = null;
    const s = /\bstream\r?\n/.exec(body);
    if (s) {
      const dict = body.slice(0, s.index);
      const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
      const from = start + s.index + s[0].length;
      const to = len ? from + Number(len[1]) : text.lastIndexOf('endstream', end);
      let raw = bytes.subarray(from, to);
      if (/\/Filter\s*\/FlateDecode/.test(dict)) {
        try {
          // Bounded: a hostile stream cannot inflate without limit (our own pages are far below this).
          raw = zlib.inflateSync(raw, { maxOutputLength: 32 * 1024 * 1024 });
        } catch {
          raw = Buffer.alloc(0);
        }
      }
      stream = raw;
      body = dict;
    }
    out.set(Number(m[1]), { dict: body, stream });
    re.lastIndex = end;
  }
  return out;
}

const refs = (s: string) => [...s.matchAll(/(\d+)\s+0\s+R/g)].map((x) => Number(x[1]));

/** glyph code (hex) → text, from a ToUnicode CMap's bfrange and bfchar sections. */
function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (h: string) => {
    const units: number[] = [];
    for (let i = 0; i + 4 <= h.length; i += 4) units.push(parseInt(h.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const sec of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of sec[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const lo = parseInt(r[1], 16);
      const hi = parseInt(r[2], 16);
      if (r[3].startsWith('[')) {
        const items = [...r[3].matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) => hexText(x[1].replace(/\s/g, '')));
        items.forEach((t, k) => map.set(lo + k, t));
      } else {
        const base = r[3].slice(1, -1).replace(/\s/g, '');
        const first = parseInt(base, 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCodePoint(first + (c - lo)));
      }
    }
  }
  for (const sec of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const r of sec[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g))
      map.set(parseInt(r[1], 16), hexText(r[2].replace(/\s/g, '')));
  return map;
}

/** The text runs of each page, or null when the file is not one pdfkit wrote in the way read here. */
export function pdfTextRuns(bytes: Buffer): string[][] | null {
  const objects = parseObjects(bytes);
  const root = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\s/.test(o.dict));
  if (!root) return null;
  const pageIds: number[] = [];
  const walk = (o: PdfObject) => {
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict);
    for (const id of kids ? refs(kids[1]) : []) {
      const k = objects.get(id);
      if (!k) continue;
      if (/\/Type\s*\/Pages\b/.test(k.dict)) walk(k);
      else pageIds.push(id);
    }
  };
  walk(root);
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOf = (fontId: number) => {
    let c = cmaps.get(fontId);
    if (!c) {
      const tu = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(objects.get(fontId)?.dict ?? '');
      const stream = tu ? objects.get(Number(tu[1]))?.stream : null;
      c = stream ? parseCmap(stream.toString('latin1')) : new Map();
      cmaps.set(fontId, c);
    }
    return c;
  };
  const pages: string[][] = [];
  for (const id of pageIds) {
    const page = objects.get(id)!;
    let res = /\/Resources\s+(\d+)\s+0\s+R/.exec(page.dict)
      ? objects.get(Number(/\/Resources\s+(\d+)\s+0\s+R/.exec(page.dict)![1]))?.dict
      : page.dict;
    res ??= '';
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(res);
    const fonts = new Map<string, number>();
    for (const f of fontDict ? fontDict[1].matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+0\s+R/g) : []) fonts.set(f[1], Number(f[2]));
    const contents = /\/Contents\s+(\[[^\]]*\]|\d+\s+0\s+R)/.exec(page.dict);
    if (!contents) {
      pages.push([]);
      continue;
    }
    const streams = refs(contents[1]).map((r) => objects.get(r)?.stream);
    if (streams.some((s) => !s)) return null;
    const ops = Buffer.concat(streams as Buffer[]).toString('latin1');
    const runs: string[] = [];
    let font: Map<number, string> | null = null;
    let run: string | null = null;
    for (const t of ops.matchAll(/\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\b(BT|ET)\b/g)) {
      if (t[1] !== undefined) {
        const fid = fonts.get(t[1]);
        font = fid === undefined ? null : cmapOf(fid);
      } else if (t[3] === 'BT') run = '';
      else if (t[3] === 'ET') {
        if (run !== null) runs.push(run);
        run = null;
      } else if (t[2] !== undefined && run !== null) {
        if (!font) return null;
        const hex = t[2].replace(/\s/g, '');
        for (let i = 0; i + 4 <= hex.length; i += 4) run += font.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
    }
    pages.push(runs);
  }
  return pages;
}
