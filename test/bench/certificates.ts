/**
 * Certificates bench (issue 9 §3), standalone: `npx tsx test/bench/certificates.ts`.
 *  1. 1,000 certificates as one PDF (ours: writeCertificatesPdf with the default template, QR codes,
 *     fitting) vs a floor measured in the same run: raw pdfkit drawing the same texts with the same
 *     three fonts at the same places (no fitting, no QR). Goal ≤ 1.3 × floor.
 *  2. 1,000 separate files (编号-姓名.pdf), fonts parsed once for the batch. Goal ≤ 5 ms each.
 * Runs alternate ours / floor and keep each one's best (the machine is shared). BENCH_CERTS, BENCH_RUNS.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
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

/** Raw pdfkit: the same texts, fonts and positions; no fitting, no frame, no QR. */
async function floor(file: string): Promise<void> {
  const fonts = certificateFontBuffers();
  const doc = new PDFDocument({ autoFirstPage: false });
  for (const [name, buf] of Object.entries(fonts)) doc.registerFont(name, buf);
  const done = new Promise<void>((resolve) => doc.pipe(fs.createWriteStream(file)).on('finish', () => resolve()));
  const t = DEFAULT_TEMPLATE;
  for (const c of certs) {
    doc.addPage({ size: [t.paper.widthMm * MM, t.paper.heightMm * MM], margin: 0 });
    const values = tokenValues(c, t.dateStyle);
    for (const f of t.fields) {
      if (f.onlyReissued) continue;
      doc.font(f.font).fontSize(f.size);
      doc.text(fillText(f.text, values), f.x * MM, f.y * MM, f.wrap ? { width: f.w * MM } : { lineBreak: false });
    }
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
  for (let r = 0; r < RUNS; r++) {
    base = best(base, await time(() => floor(path.join(dir, 'floor.pdf'))));
    ours = best(ours, await time(() => writeCertificatesPdf(path.join(dir, 'ours.pdf'), certs, layout, { fonts: new SharedFonts() })));
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
    `${ms(base)}, ${kb('floor.pdf')} KB`,
    `≤ 1.3 × floor (${(ours.cpu / base.cpu).toFixed(2)} × CPU, ${(ours.wall / base.wall).toFixed(2)} × wall)`,
    ours.cpu <= 1.3 * base.cpu,
  );
  const each = separate.cpu / N;
  line(`${N} separate files`, `${each.toFixed(2)} ms CPU each (${(separate.wall / N).toFixed(2)} ms wall)`, '—', '≤ 5 ms each', each <= 5);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
