/**
 * The certificate fonts, read once per process and parsed once per batch. pdfkit parses a font
 * anew in every document (~150 ms for three 15 MB CJK faces), which made one file per trainee
 * cost ~40 s per thousand. `SharedFonts` hands each new document a pdfkit font object built on the
 * one fontkit font parsed for the first document, so a document only pays for its own subset.
 * That reaches into pdfkit 0.17's font table (`_fontFamilies`, `_fontCount`): if the internals are
 * not there, it falls back to plain `registerFont` (correct, only slower).
 */
import fs from 'node:fs';
import { AppError } from '../../../shared/result';
import type { CertFont } from '../../../shared/domain/certificateTemplate';
import { resolveCjkFont } from './cjkFont';
import { loadKaiFont } from './kaiFont';

type Doc = PDFKit.PDFDocument;

interface PdfkitInternals {
  _fontFamilies?: Record<string, unknown>;
  _fontCount?: number;
  _font?: { font: unknown; layoutCache?: object; constructor: new (doc: Doc, font: unknown, id: string) => unknown };
}

let buffers: Record<CertFont, Buffer> | null = null;
/** True when the Kai face was missing and names fall back to Noto Serif SC Bold. */
export let kaiMissing = false;

export function certificateFontBuffers(): Record<CertFont, Buffer> {
  if (buffers) return buffers;
  const regular = resolveCjkFont('regular');
  const bold = resolveCjkFont('bold');
  if (!regular || !bold) throw new AppError('INTERNAL', '找不到证书所需的中文字体文件，请重新安装本程序。');
  const boldBuf = fs.readFileSync(bold);
  const kai = loadKaiFont();
  kaiMissing = !kai;
  buffers = { serif: fs.readFileSync(regular), 'serif-bold': boldBuf, kai: kai ?? boldBuf };
  return buffers;
}

export class SharedFonts {
  private parsed = new Map<CertFont, { ctor: new (doc: Doc, font: unknown, id: string) => unknown; font: unknown; layouts?: object }>();
  constructor(private readonly sources: Record<CertFont, Buffer> = certificateFontBuffers()) {}

  /** Makes the fonts available in `doc` under the names 'serif', 'serif-bold', 'kai'. */
  attach(doc: Doc): void {
    const inner = doc as unknown as PdfkitInternals;
    for (const name of Object.keys(this.sources) as CertFont[]) {
      const shared = this.parsed.get(name);
      if (shared && inner._fontFamilies && typeof inner._fontCount === 'number') {
        const font = new shared.ctor(doc, shared.font, `F${++inner._fontCount}`) as { layoutCache?: object };
        // Text layouts (glyph runs) depend only on the font: shared too, so the title and sentence
        // are shaped once per batch. Each document still maps the glyphs into its own subset.
        if (font.layoutCache && shared.layouts) font.layoutCache = shared.layouts;
        inner._fontFamilies[name] = font;
        continue;
      }
      doc.registerFont(name, this.sources[name]);
      doc.font(name);
      const f = inner._font;
      if (f && f.font && inner._fontFamilies) this.parsed.set(name, { ctor: f.constructor, font: f.font, layouts: f.layoutCache });
    }
  }
}
