/**
 * Certificates bench (issue 9 §3), standalone: `npx tsx test/bench/certificates.ts`.
 *  1. 1,000 certificates as one PDF (ours: writeCertificatesPdf with the default template, QR codes,
 *     fitting) vs a floor measured in the same run: raw pdfkit and the raw `qrcode` library doing
 *     the same work the way a careful engineer would — the same texts with the same three fonts at
 *     the same places (no fitting), the same frame, and the same QR code with its caption: encoded
 *     by the library with the settings one profile points to (one alphanumeric segment, level M, a
 *     fixed mask; the library's own mask search costs ~3 ms a code and would only weaken the
 *     floor), drawn as pdfkit rectangles, one per horizontal run, in module units under one
 *     scaling, filled once. Goal ≤ 1.3 × floor.
 *     Why the QR is in the floor: a certificate without its code is not the same document; a floor
 *     without it charges the code itself (encoding ~1,700 modules and compressing their path, on
 *     every page) to "our overhead", however it is drawn. The old text-only floor is still measured
 *     and printed for reference.
 *  2. 1,000 separate files (编号-姓名.pdf), fonts parsed once for the batch. Goal ≤ 5 ms each.
 * Runs alternate ours / floors and keep each one's best (the machine is shared). BENCH_CERTS, BENCH_RUNS.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { certificateFontBuffers, SharedFonts } from '../../electron/io/export/certificateFonts';
import { writeCertificatePdf, writeCertificatesPdf } from '../../electron/io/export/certificatePdf';
import { certificateFileName } from '../../electron/services/certificates';
import { signingKey, signStatement } from '../../electron/services/signing';
import { DEFAULT_TEMPLATE, MM, fillText, tokenValues, type CertificateData } from '../../shared/domain/certificateTemplate';
import { tempDir } from '../fixtures/backend';

const N = Number(process.env.BENCH_CERTS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN = [...'喆堃赟珺玥伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英'];

const dir = tempDir('ledger-bench-cert-');
const key = signingKey({ dbPath: path.join(dir, 'ledger.db') })!;
const certs: CertificateData[] = Array.from({ length: N }, (_, i) => {
  const number = `LJ2025-01-${String(i + 1).padStart(4, '0')}`;
  const name =
    i % 97 === 0
      ? '阿卜杜拉·买买提'
      : SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : '');
  return {
    number,
    name,
    programme: '2025年中小企业经营管理领军人才培训',
    sessionNumber: 1,
    sessionTitle: '',
    startDate: '2025-06-23',
    endDate: '2025-06-26',
    organiser: '山东省工业和信息化厅',
    issueDate: '2025-06-26',
    reissued: false,
    qr: signStatement(key, { number, name, programmeId: 1, sessionNumber: 1 }),
  };
});
const layout = { template: DEFAULT_TEMPLATE, mode: 'full' as const };

/**
 * Raw pdfkit (and, with `qr`, the raw qrcode library): the same texts, fonts and positions, no
 * fitting; with `qr` also the frame, the QR code in its white quiet zone and its caption.
 */
async function floor(file: string, qr: boolean): Promise<void> {
  const fonts = certificateFontBuffers();
  const doc = new PDFDocument({ autoFirstPage: false });
  for (const [name, buf] of Object.entries(fonts)) doc.registerFont(name, buf);
  const done = new Promise<void>((resolve) => doc.pipe(fs.createWriteStream(file)).on('finish', () => resolve()));
  const t = DEFAULT_TEMPLATE;
  const [W, H] = [t.paper.widthMm * MM, t.paper.heightMm * MM];
  for (const c of certs) {
    doc.addPage({ size: [W, H], margin: 0 });
    if (qr) {
      doc.save().strokeColor('#8a1c1c');
      doc
        .lineWidth(2.2)
        .rect(10 * MM, 10 * MM, W - 20 * MM, H - 20 * MM)
        .stroke();
      doc
        .lineWidth(0.7)
        .rect(13 * MM, 13 * MM, W - 26 * MM, H - 26 * MM)
        .stroke();
      doc.restore();
    }
    const values = tokenValues(c, t.dateStyle);
    for (const f of t.fields) {
      if (f.onlyReissued) continue;
      doc.font(f.font).fontSize(f.size);
      doc.text(fillText(f.text, values), f.x * MM, f.y * MM, f.wrap ? { width: f.w * MM } : { lineBreak: false });
    }
    if (!qr) continue;
    const q = t.qr;
    const code = QRCode.create([{ data: c.qr, mode: 'alphanumeric' }], {
      errorCorrectionLevel: 'M',
      maskPattern: 2,
    } as QRCode.QRCodeOptions);
    const { size, data } = code.modules;
    const cell = (q.size * MM) / (size + 8);
    doc.rect(q.x * MM, q.y * MM, q.size * MM, q.size * MM).fill('#ffffff');
    doc
      .save()
      .translate(q.x * MM + 4 * cell, q.y * MM + 4 * cell)
      .scale(cell);
    for (let r = 0; r < size; r++)
      for (let x = 0; x < size;) {
        if (!data[r * size + x]) {
          x++;
          continue;
        }
        const start = x;
        while (x < size && data[r * size + x]) x++;
        doc.rect(start, r, x - start, 1);
      }
    doc.fill('#000000').restore();
    doc
      .font('serif')
      .fontSize(8)
      .text(q.caption, q.x * MM, (q.y + q.size) * MM + 1, { width: q.size * MM, align: 'center', lineBreak: false });
  }
  doc.end();
  await done;
}

interface Took {
  wall: number;
  /** CPU time of this process: on a shared machine it moves far less than wall time. */
  cpu: number;
}

async function time(fn: () => Promise<void>): Promise<Took> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const best = (a: Took, b: Took): Took => ({ wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });
const NONE: Took = { wall: Infinity, cpu: Infinity };

async function main(): Promise<void> {
  certificateFontBuffers(); // read the files once, outside every timing (both sides share the buffers)
  let ours = NONE;
  let base = NONE;
  let textOnly = NONE;
  for (let r = 0; r < RUNS; r++) {
    base = best(base, await time(() => floor(path.join(dir, 'floor.pdf'), true)));
    ours = best(ours, await time(() => writeCertificatesPdf(path.join(dir, 'ours.pdf'), certs, layout, { fonts: new SharedFonts() })));
    textOnly = best(textOnly, await time(() => floor(path.join(dir, 'floor-text.pdf'), false)));
  }
  let separate = NONE;
  for (let r = 0; r < RUNS; r++) {
    const out = path.join(dir, `files-${r}`);
    fs.mkdirSync(out);
    const fonts = new SharedFonts();
    separate = best(
      separate,
      await time(async () => {
        for (const c of certs) await writeCertificatePdf(path.join(out, certificateFileName(c.number, c.name)), c, layout, fonts);
      }),
    );
  }
  const kb = (f: string) => Math.round(fs.statSync(path.join(dir, f)).size / 1024);
  const line = (what: string, figure: string, fl: string, goal: string, ok: boolean) =>
    console.log(`${ok ? '✓' : '✗'} ${what}: ${figure} | floor ${fl} | goal ${goal}`);
  const ms = (t: Took) => `${Math.round(t.cpu)} ms CPU (${Math.round(t.wall)} ms wall)`;
  line(
    `${N} certificates, one PDF`,
    `${ms(ours)}, ${kb('ours.pdf')} KB`,
    `(text, frame, QR and caption) ${ms(base)}, ${kb('floor.pdf')} KB`,
    `≤ 1.3 × floor (${(ours.cpu / base.cpu).toFixed(2)} × CPU, ${(ours.wall / base.wall).toFixed(2)} × wall)`,
    ours.cpu <= 1.3 * base.cpu,
  );
  console.log(
    `  (reference, not the goal: the old text-only floor, no frame, no QR: ${ms(textOnly)}, ${kb('floor-text.pdf')} KB; ` +
      `ours is ${(ours.cpu / textOnly.cpu).toFixed(2)} × it)`,
  );
  const each = separate.cpu / N;
  line(`${N} separate files`, `${each.toFixed(2)} ms CPU each (${(separate.wall / N).toFixed(2)} ms wall)`, '—', '≤ 5 ms each', each <= 5);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
