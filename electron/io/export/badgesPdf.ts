/**
 * 胸牌: eight badges on an A4 sheet (2 × 4, 95 × 68 mm each, cut marks in the margins). Each shows
 * the programme and session in a band, the name large in the Kai face, a QR code that carries
 * exactly the badge number (a USB scanner types it and Enter, and the check-in lookup takes a badge
 * number as an exact match), the unit and the group.
 */
import QRCode from 'qrcode';
import { A4, BOLD, fit, KAI, REGULAR, writePdf, type Doc } from './pdfDocument';

const MM = 72 / 25.4;
const COLS = 2;
const ROWS = 4;
export const BADGES_PER_PAGE = COLS * ROWS;
const W = 95 * MM;
const H = 68 * MM;
const X0 = (A4.w - COLS * W) / 2;
const Y0 = (A4.h - ROWS * H) / 2;
const PAD = 5 * MM;
const QR = 24 * MM;
const BAND = '#a61b1b';

export interface Badge {
  name: string;
  unit: string;
  /** 「3组 · 组长」, or empty before grouping. */
  group: string;
  /** What the QR carries and the badge prints: the check-in lookup's badge number. */
  code: string;
}

export interface BadgesPdfData {
  title: string;
  session: string;
  badges: Badge[];
  fontPath?: string;
  signal?: AbortSignal;
}

/** Dark modules as filled runs, in a white square with the 4-module quiet zone readers need. */
function drawQr(doc: Doc, payload: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const cell = size / (n + 8);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n;) {
      if (!data[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && data[r * n + c]) c++;
      doc.rect(x + (4 + start) * cell, y + (4 + r) * cell, (c - start) * cell, cell);
    }
  doc.fill('#000000');
}

function cutMarks(doc: Doc): void {
  const len = 6 * MM;
  const gap = 2 * MM;
  doc.save().lineWidth(0.5).strokeColor('#000');
  for (let c = 0; c <= COLS; c++) {
    const x = X0 + c * W;
    doc
      .moveTo(x, Y0 - gap - len)
      .lineTo(x, Y0 - gap)
      .stroke();
    doc
      .moveTo(x, Y0 + ROWS * H + gap)
      .lineTo(x, Y0 + ROWS * H + gap + len)
      .stroke();
  }
  for (let r = 0; r <= ROWS; r++) {
    const y = Y0 + r * H;
    doc
      .moveTo(X0 - gap - len, y)
      .lineTo(X0 - gap, y)
      .stroke();
    doc
      .moveTo(X0 + COLS * W + gap, y)
      .lineTo(X0 + COLS * W + gap + len, y)
      .stroke();
  }
  doc.restore();
}

function drawBadge(doc: Doc, data: BadgesPdfData, b: Badge, x: number, y: number): void {
  // A hairline frame in light grey: a guide for scissors that does not show when cut slightly inside.
  doc.save().lineWidth(0.3).strokeColor('#bbbbbb').rect(x, y, W, H).stroke().restore();
  const band = 14 * MM;
  doc.rect(x, y, W, band).fill(BAND);
  doc.fillColor('#ffffff');
  fit(doc, data.title, x + PAD - 4, y + 1.5 * MM, W - 2 * PAD + 8, 6 * MM, BOLD, 10, 'center');
  fit(doc, data.session, x + PAD - 4, y + 7 * MM, W - 2 * PAD + 8, 5.5 * MM, REGULAR, 8.5, 'center');
  doc.fillColor('#000000');
  const qrX = x + W - PAD - QR;
  const qrY = y + band + 2 * MM;
  const nameW = qrX - x - PAD;
  fit(doc, b.name, x + PAD - 4, qrY, nameW, QR, KAI, 38, 'center');
  drawQr(doc, b.code, qrX, qrY, QR);
  fit(doc, `No. ${b.code}`, qrX - 4, qrY + QR, QR + 8, 4 * MM, REGULAR, 7.5, 'center');
  fit(doc, b.unit, x + PAD - 4, y + band + 31 * MM, W - 2 * PAD + 8, 9 * MM, REGULAR, 12, 'center');
  if (b.group) fit(doc, b.group, x + PAD - 4, y + band + 40 * MM, W - 2 * PAD + 8, 8 * MM, BOLD, 11, 'center');
}

export async function writeBadgesPdf(out: string, data: BadgesPdfData): Promise<void> {
  await writePdf(out, { title: `${data.title} 胸牌`, fontPath: data.fontPath, kai: true, signal: data.signal }, async (doc, pace) => {
    for (let p = 0; p * BADGES_PER_PAGE < Math.max(1, data.badges.length); p++) {
      doc.addPage({ size: 'A4', margin: 0 });
      cutMarks(doc);
      data.badges.slice(p * BADGES_PER_PAGE, (p + 1) * BADGES_PER_PAGE).forEach((b, i) => {
        drawBadge(doc, data, b, X0 + (i % COLS) * W, Y0 + Math.floor(i / COLS) * H);
      });
      const w = pace();
      if (w) await w;
    }
  });
}
