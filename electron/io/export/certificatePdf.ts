/**
 * 结业证书 as PDF, drawn from a template (shared/domain/certificateTemplate.ts): every certificate of
 * a session in one document, or one small document per trainee; on blank paper (the whole design)
 * or on pre-printed paper (套打: only the variable text, shifted by the printer's offset); and a
 * calibration page to measure that offset. The seal is only ever the user's image.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  MM,
  fillText,
  tokenValues,
  type CertField,
  type CertificateData,
  type CertificateTemplate,
} from '../../../shared/domain/certificateTemplate';
import { AppError } from '../../../shared/result';
import type { Pace } from '../pace';
import { SharedFonts } from './certificateFonts';
import { QR_MASK, alphanumericQr, type QrSymbol } from './certificateQr';

type Doc = PDFKit.PDFDocument;

export interface CertificateLayout {
  template: CertificateTemplate;
  /** 'preprinted': 套打, only the variable fields, shifted by `offset`. */
  mode: 'full' | 'preprinted';
  /** Millimetres, right and down positive (the printer's measured shift, corrected). */
  offset?: { dx: number; dy: number };
}

/** The largest QR version the payload may need: bigger codes do not scan reliably from a 26 mm print. */
export const MAX_QR_VERSION = 6;

export function qrModules(payload: string): QrSymbol {
  // One alphanumeric segment and a fixed mask: the library's search for the best segmentation and
  // the best of 8 masks took ~3 ms a code, more than the rest of a page. Every mask is valid to
  // readers; the search only lowers a penalty score. certificateQr.ts makes the same symbol fast;
  // the library handles the rest (payloads outside the alphanumeric set, too long ones).
  const fast = alphanumericQr(payload, MAX_QR_VERSION);
  if (fast) return fast;
  const alnum = /^[0-9A-Z $%*+\-./:]*$/.test(payload);
  const qr = QRCode.create(alnum ? [{ data: payload, mode: 'alphanumeric' }] : payload, {
    errorCorrectionLevel: 'M',
    maskPattern: QR_MASK,
  } as QRCode.QRCodeOptions);
  if (qr.version > MAX_QR_VERSION) throw new AppError('INTERNAL', `证书二维码内容过长（版本 ${qr.version}），无法可靠扫描。`);
  return { size: qr.modules.size, data: qr.modules.data as unknown as Uint8Array, version: qr.version };
}

/**
 * The dark modules as path operators in module units: horizontal runs, each run merged with the
 * identical runs right below it (a finder pattern is 5 rectangles instead of 15 runs): a sixth
 * fewer rectangles and bytes than runs alone for a version-6 code. Overlap-free and filled at
 * once, so no seams between rows.
 */
export function qrPathOps(size: number, data: Uint8Array): Buffer {
  // Rectangles as x, y, w, h in flat typed arrays; at most one per run, i.e. ⌈size/2⌉ per row.
  const rects = new Int32Array(4 * size * Math.ceil(size / 2));
  let n = 0;
  // The rectangle that ended on the previous row with its run starting at column c (−1: none).
  let above = new Int32Array(size).fill(-1);
  let here = new Int32Array(size);
  for (let r = 0; r < size; r++) {
    here.fill(-1);
    const row = r * size;
    let c = 0;
    while (c < size) {
      if (!data[row + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && data[row + c]) c++;
      const k = above[start];
      // Same start and width as a run on the row above: that rectangle grows by a row.
      if (k >= 0 && rects[4 * k + 2] === c - start) {
        rects[4 * k + 3]++;
        here[start] = k;
      } else {
        rects[4 * n] = start;
        rects[4 * n + 1] = r;
        rects[4 * n + 2] = c - start;
        rects[4 * n + 3] = 1;
        here[start] = n++;
      }
    }
    [above, here] = [here, above];
  }
  // Written as bytes (pdfkit takes a Uint8Array as is): no number → string → Buffer per rectangle.
  const out = Buffer.allocUnsafe(n * 20);
  let o = 0;
  const num = (v: number) => {
    if (v >= 100) out[o++] = 48 + Math.floor(v / 100);
    if (v >= 10) out[o++] = 48 + (Math.floor(v / 10) % 10);
    out[o++] = 48 + (v % 10);
    out[o++] = 32;
  };
  for (let i = 0; i < 4 * n; i += 4) {
    num(rects[i]);
    num(rects[i + 1]);
    num(rects[i + 2]);
    num(rects[i + 3]);
    out[o++] = 114; // r
    out[o++] = 101; // e
    out[o++] = 10;
  }
  return out.subarray(0, o);
}

/** The code as one filled path under one scaling, the quiet zone painted white. */
function drawQr(doc: Doc, payload: string, xMm: number, yMm: number, sizeMm: number, caption: string): void {
  const { size, data } = qrModules(payload);
  const cell = (sizeMm * MM) / (size + 8);
  const x0 = xMm * MM + 4 * cell;
  const y0 = yMm * MM + 4 * cell;
  // Raw operators rather than pdfkit's rect(): "12 5 3 1 re" instead of full-precision points,
  // a third of the bytes to format and compress on every page.
  const box = (sizeMm * MM).toFixed(3);
  doc.addContent(`q 1 1 1 rg ${(xMm * MM).toFixed(3)} ${(yMm * MM).toFixed(3)} ${box} ${box} re f`);
  doc.addContent(`0 0 0 rg ${cell.toFixed(4)} 0 0 ${cell.toFixed(4)} ${x0.toFixed(3)} ${y0.toFixed(3)} cm`);
  doc.addContent(qrPathOps(size, data));
  doc.addContent('f Q');
  if (caption) {
    // Centred by hand: with a `width` pdfkit sets up a line wrapper for every call.
    doc.font('serif').fontSize(8);
    const x = xMm * MM + (sizeMm * MM - doc.widthOfString(caption)) / 2;
    doc.text(caption, x, (yMm + sizeMm) * MM + 1, { lineBreak: false });
  }
}

function fieldLeft(f: CertField, width: number): number {
  const x = f.x * MM;
  return f.align === 'left' ? x : f.align === 'center' ? x - width / 2 : x - width;
}

const OPENING = new Set([...'（「『“‘《〈【〔']);
const CLOSING = new Set([...'，。、；：！？）」』”’》〉】〕…·%']);

/**
 * A Chinese paragraph cut into unbreakable units: a run of Latin letters or digits stays with the
 * characters on both sides (「第1期」, 「2025年」), closing punctuation with what precedes it and
 * opening punctuation with what follows (禁则: no line starts with 「，」 or 「）」). pdfkit's own
 * wrapping (UAX #14) would break 「（第1」|「期）」.
 */
export function cjkUnits(text: string): string[] {
  const tokens = text.match(/[A-Za-z0-9]+|[\s\S]/gu) ?? [];
  const units: string[] = [];
  const latin = (t: string | undefined) => !!t && /^[A-Za-z0-9]/.test(t);
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const glue = i > 0 && (latin(t) || latin(prev) || CLOSING.has(t) || OPENING.has(prev!));
    if (glue) units[units.length - 1] += t;
    else units.push(t);
  });
  return units;
}

/** Lines of at most `width` points (the first `first` points), whole units only unless one alone is too wide. */
function wrapUnits(units: string[], measure: (s: string) => number, width: number, first: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const room = () => (lines.length ? width : first);
  const push = (piece: string, w: number) => {
    if (line && used + w > room()) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += piece;
    used += w;
  };
  for (const u of units) {
    const w = measure(u);
    if (w <= room()) push(u, w);
    else for (const ch of u) push(ch, measure(ch));
  }
  if (line) lines.push(line);
  return lines;
}

/** Where a field's text goes: its lines with their top-left corners, at one size and spacing. */
interface Placed {
  size: number;
  spacing: number;
  lines: { text: string; x: number; y: number }[];
}

/** One field: single lines shrink until they fit the box width; `wrap` fields wrap inside it. */
function placeField(doc: Doc, f: CertField, text: string): Placed {
  doc.font(f.font);
  const w = f.w * MM;
  if (f.wrap) {
    doc.fontSize(f.size);
    const opts = { characterSpacing: f.spacing };
    const indent = f.indent * (f.size + f.spacing);
    const lines = wrapUnits(cjkUnits(text), (u) => doc.widthOfString(u, opts), w, w - indent);
    const step = doc.currentLineHeight(true) + f.lineGap;
    const boxLeft = fieldLeft(f, w);
    return {
      size: f.size,
      spacing: f.spacing,
      lines: lines.map((line, i) => {
        const x0 = boxLeft + (i === 0 ? indent : 0);
        const room = w - (i === 0 ? indent : 0);
        const lw = doc.widthOfString(line, opts) - f.spacing;
        const x = f.align === 'left' ? x0 : f.align === 'center' ? x0 + (room - lw) / 2 : x0 + room - lw;
        return { text: line, x, y: f.y * MM + i * step };
      }),
    };
  }
  let size = f.size;
  // characterSpacing also follows the last character: leave it out when centring or right-aligning.
  const measure = () =>
    doc.fontSize(size).widthOfString(text, { characterSpacing: f.spacing * (size / f.size) }) - f.spacing * (size / f.size);
  let width = measure();
  while (width > w && size > 6) {
    size = Math.max(6, size * Math.min(0.97, w / width));
    width = measure();
  }
  return { size, spacing: f.spacing * (size / f.size), lines: [{ text, x: fieldLeft(f, width), y: f.y * MM }] };
}

/**
 * Placements by field and text, for one batch (one template, one set of fonts): the title, the
 * organiser, the date and usually the whole sentence are the same on every certificate, so they
 * are measured, fitted and wrapped once instead of on every page.
 */
type Placements = WeakMap<CertField, Map<string, Placed>>;
/** Per set of fonts (what the measurements depend on); weak, so a template's entries go with it. */
const placementsByFonts = new WeakMap<SharedFonts, Placements>();

function placementsFor(fonts: SharedFonts): Placements {
  let p = placementsByFonts.get(fonts);
  if (!p) placementsByFonts.set(fonts, (p = new WeakMap()));
  return p;
}

function drawField(doc: Doc, f: CertField, text: string, placements: Placements): void {
  if (!text) return;
  let byText = placements.get(f);
  if (!byText) placements.set(f, (byText = new Map()));
  let placed = byText.get(text);
  if (!placed) {
    // Names and numbers never repeat: keep the map small for a long-lived template.
    if (byText.size >= 5000) byText.clear();
    byText.set(text, (placed = placeField(doc, f, text)));
  }
  doc.font(f.font).fontSize(placed.size);
  for (const line of placed.lines) doc.text(line.text, line.x, line.y, { lineBreak: false, characterSpacing: placed.spacing });
}

function drawFrame(doc: Doc, t: CertificateTemplate): void {
  const w = t.paper.widthMm * MM;
  const h = t.paper.heightMm * MM;
  doc.save().strokeColor('#8a1c1c');
  doc
    .lineWidth(2.2)
    .rect(10 * MM, 10 * MM, w - 20 * MM, h - 20 * MM)
    .stroke();
  doc
    .lineWidth(0.7)
    .rect(13 * MM, 13 * MM, w - 26 * MM, h - 26 * MM)
    .stroke();
  doc.restore();
}

function drawCertificate(doc: Doc, layout: CertificateLayout, d: CertificateData, placements: Placements): void {
  const t = layout.template;
  const preprinted = layout.mode === 'preprinted';
  doc.addPage({ size: [t.paper.widthMm * MM, t.paper.heightMm * MM], margin: 0 });
  if (!preprinted) {
    if (t.background) doc.image(t.background, 0, 0, { width: t.paper.widthMm * MM, height: t.paper.heightMm * MM });
    else if (t.frame) drawFrame(doc, t);
  }
  doc.save().fillColor('#000000');
  if (preprinted && layout.offset) doc.translate(layout.offset.dx * MM, layout.offset.dy * MM);
  if (t.seal.image && (!preprinted || t.seal.onPreprinted))
    doc.image(t.seal.image, t.seal.x * MM, t.seal.y * MM, { fit: [t.seal.size * MM, t.seal.size * MM], align: 'center', valign: 'center' });
  const values = tokenValues(d, t.dateStyle);
  for (const f of t.fields) {
    if (preprinted && !f.variable) continue;
    if (f.onlyReissued && !d.reissued) continue;
    drawField(doc, f, fillText(f.text, values), placements);
  }
  drawQr(doc, d.qr, t.qr.x, t.qr.y, t.qr.size, t.qr.caption);
  doc.restore();
}

function checkImages(t: CertificateTemplate): void {
  for (const [what, file] of [
    ['背景图片', t.background],
    ['印章图片', t.seal.image],
  ] as const)
    if (file && !fs.existsSync(file)) throw new AppError('VALIDATION', `找不到${what}「${file}」：请在证书模板中重新选择。`);
}

function newDoc(fonts: SharedFonts, info: PDFKit.DocumentInfo): Doc {
  // font: null — pdfkit would otherwise parse Helvetica's metrics for every document (~3 ms).
  const doc = new PDFDocument({ autoFirstPage: false, info, compress: true, font: null as unknown as string });
  fonts.attach(doc);
  return doc;
}

function finish(doc: Doc, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
    doc.pipe(out);
    doc.end();
  });
}

/**
 * The signed statements are kept in the document's metadata as well as drawn: the CLI and the
 * 证书核验 view read them back from the file (`qrPayloadsInPdf`) without decoding an image.
 */
function info(title: string, certs: readonly CertificateData[]): PDFKit.DocumentInfo {
  return { Title: title, Author: '培训台账', Subject: certs.map((c) => c.qr).join(' '), Keywords: '结业证书' } as PDFKit.DocumentInfo;
}

/** Every certificate in one document (fonts parsed and subset once). */
export async function writeCertificatesPdf(
  file: string,
  certs: readonly CertificateData[],
  layout: CertificateLayout,
  opts: { fonts?: SharedFonts; pace?: Pace; title?: string } = {},
): Promise<void> {
  checkImages(layout.template);
  const fonts = opts.fonts ?? new SharedFonts();
  const doc = newDoc(fonts, info(opts.title ?? '结业证书', certs));
  const placements = placementsFor(fonts);
  for (const c of certs) {
    drawCertificate(doc, layout, c, placements);
    const p = opts.pace?.();
    if (p) await p;
  }
  await finish(doc, file);
}

/** One certificate in its own small document; pass the same `fonts` for a whole batch. */
export async function writeCertificatePdf(
  file: string,
  cert: CertificateData,
  layout: CertificateLayout,
  fonts: SharedFonts,
): Promise<void> {
  const doc = newDoc(fonts, info(`结业证书 ${cert.number} ${cert.name}`, [cert]));
  drawCertificate(doc, layout, cert, placementsFor(fonts));
  await finish(doc, file);
}

export { checkImages as checkCertificateImages };

/**
 * 套打 calibration: rulers along the edges every millimetre, a crosshair at every field's anchor and
 * the seal and QR boxes, all shifted by the current offset. Printed on the pre-printed paper, the
 * distance from each crosshair to where the field belongs is the correction to add.
 */
export async function writeCalibrationPdf(
  file: string,
  template: CertificateTemplate,
  offset: { dx: number; dy: number },
  fonts: SharedFonts,
): Promise<void> {
  const t = template;
  const W = t.paper.widthMm;
  const H = t.paper.heightMm;
  const doc = newDoc(fonts, { Title: '套打校准页', Author: '培训台账' } as PDFKit.DocumentInfo);
  doc.addPage({ size: [W * MM, H * MM], margin: 0 });
  doc.lineWidth(0.25).strokeColor('#000000').fillColor('#000000');
  // Rulers on the paper itself (not shifted): they measure where things really land.
  for (let m = 0; m <= W; m++) {
    const len = m % 10 === 0 ? 6 : m % 5 === 0 ? 4 : 2;
    doc
      .moveTo(m * MM, 0)
      .lineTo(m * MM, len * MM)
      .moveTo(m * MM, H * MM)
      .lineTo(m * MM, (H - len) * MM);
    if (m % 10 === 0 && m > 0 && m < W)
      doc
        .font('serif')
        .fontSize(6)
        .text(String(m), m * MM - 10, 6.5 * MM, { width: 20, align: 'center', lineBreak: false });
  }
  for (let m = 0; m <= H; m++) {
    const len = m % 10 === 0 ? 6 : m % 5 === 0 ? 4 : 2;
    doc
      .moveTo(0, m * MM)
      .lineTo(len * MM, m * MM)
      .moveTo(W * MM, m * MM)
      .lineTo((W - len) * MM, m * MM);
    if (m % 10 === 0 && m > 0 && m < H)
      doc
        .font('serif')
        .fontSize(6)
        .text(String(m), 6.5 * MM, m * MM - 3, { lineBreak: false });
  }
  doc.stroke();
  doc.save().translate(offset.dx * MM, offset.dy * MM);
  const cross = (x: number, y: number, label: string) => {
    doc
      .lineWidth(0.4)
      .moveTo((x - 5) * MM, y * MM)
      .lineTo((x + 5) * MM, y * MM)
      .moveTo(x * MM, (y - 5) * MM)
      .lineTo(x * MM, (y + 5) * MM)
      .stroke();
    doc.circle(x * MM, y * MM, 1.5 * MM).stroke();
    doc
      .font('serif')
      .fontSize(7)
      .text(`${label}（${x}, ${y}）`, (x + 2) * MM, (y + 1.2) * MM, { lineBreak: false });
  };
  for (const f of t.fields) cross(f.x, f.y, f.id);
  doc.save().dash(3, { space: 2 });
  doc.rect(t.seal.x * MM, t.seal.y * MM, t.seal.size * MM, t.seal.size * MM).stroke();
  doc.rect(t.qr.x * MM, t.qr.y * MM, t.qr.size * MM, t.qr.size * MM).stroke();
  doc.restore();
  doc
    .font('serif')
    .fontSize(7)
    .text('印章区', t.seal.x * MM + 2, t.seal.y * MM + 2, { lineBreak: false });
  doc.text('二维码区', t.qr.x * MM + 2, t.qr.y * MM + 2, { lineBreak: false });
  doc.restore();
  doc
    .font('serif-bold')
    .fontSize(14)
    .text('套打校准页', 0, H * 0.57 * MM, { width: W * MM, align: 'center' });
  doc
    .font('serif')
    .fontSize(9)
    .text(
      `当前偏移：X ${offset.dx} 毫米，Y ${offset.dy} 毫米。请用预印证书纸打印本页，量出十字中心与纸上对应位置的距离：` +
        '内容偏左则 X 加上该距离，偏右则减去；偏上则 Y 加上，偏下则减去。改好后再打印一张核对。',
      30 * MM,
      H * 0.57 * MM + 24,
      { width: (W - 60) * MM, align: 'center' },
    );
  await finish(doc, file);
}

/** The signed statements stored in a certificate PDF's metadata (see `info`). */
export function qrPayloadsInPdf(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return [...new Set(text.match(/ZS1:[0-9A-Z:.\-/]+/g) ?? [])];
}
