/**
 * The certificate's design as data: paper, fields placed in millimetres from the top-left corner,
 * each with its font, size and alignment, the seal and QR boxes, an optional background image.
 * The same template prints a whole certificate on blank paper, or (套打) only the variable fields
 * on pre-printed paper, shifted by the printer's measured X/Y offset.
 */
import { z } from 'zod';
import { formatChineseDate, formatChineseRange, type ChineseDateStyle } from './chineseDate';

export const CERT_FONTS = ['serif', 'serif-bold', 'kai'] as const;
export type CertFont = (typeof CERT_FONTS)[number];
export const CERT_FONT_LABELS: Record<CertFont, string> = { serif: '宋体（思源宋体）', 'serif-bold': '宋体加粗', kai: '楷体（霞鹜文楷）' };

/** The words a field's text may contain, filled per certificate. */
export const CERT_TOKENS = ['name', 'number', 'programme', 'session', 'dates', 'organiser', 'issueDate', 'sessionTitle'] as const;
export type CertToken = (typeof CERT_TOKENS)[number];

const pos = z.number().min(0, '位置不能为负数').max(2000, '位置超出纸张');

export const certFieldSchema = z
  .object({
    id: z.string().trim().min(1).max(40),
    /** Text with {tokens}, e.g. 「证书编号：{number}」. */
    text: z.string().max(500),
    /** Anchor: the left edge, centre or right edge (by `align`) of the text's top line. */
    x: pos,
    y: pos,
    /** Box width: long text wraps (`wrap`) or shrinks to fit. */
    w: z.number().min(5, '字段宽度至少 5 毫米').max(2000),
    font: z.enum(CERT_FONTS),
    size: z.number().min(5, '字号至少 5 磅').max(120, '字号最大 120 磅'),
    align: z.enum(['left', 'center', 'right']),
    /** Extra space between characters, in points (a spaced-out title: 结 业 证 书). */
    spacing: z.number().min(0).max(60).default(0),
    wrap: z.boolean().default(false),
    /** First-line indent in characters (2 for a Chinese paragraph). */
    indent: z.number().int().min(0).max(4).default(0),
    lineGap: z.number().min(0).max(40).default(0),
    /** Printed on pre-printed paper (套打)? The title and organiser are usually already there. */
    variable: z.boolean(),
    /** Only on a reissued certificate (补发). */
    onlyReissued: z.boolean().default(false),
  })
  .strict();
export type CertField = z.output<typeof certFieldSchema>;

const box = z.object({ x: pos, y: pos, size: z.number().min(10, '至少 10 毫米').max(200) }).strict();

export const certificateTemplateSchema = z
  .object({
    paper: z
      .object({
        kind: z.enum(['A4-landscape', 'A4-portrait', 'custom']),
        widthMm: z.number().min(50, '纸张至少 50 毫米').max(1000, '纸张最大 1000 毫米'),
        heightMm: z.number().min(50, '纸张至少 50 毫米').max(1000, '纸张最大 1000 毫米'),
      })
      .strict(),
    /** Drawn under everything on blank paper: an image file (PNG/JPEG) the user chose. */
    background: z.string().max(4096).nullable().default(null),
    /** A double frame on blank paper when there is no background. */
    frame: z.boolean().default(true),
    dateStyle: z.enum(['digits', 'chinese']).default('digits'),
    fields: z.array(certFieldSchema).min(1).max(30),
    /** The seal: an image the user loads (never drawn by the app); without one the area stays empty. */
    seal: box.extend({ image: z.string().max(4096).nullable().default(null), onPreprinted: z.boolean().default(false) }).strict(),
    qr: box.extend({ caption: z.string().max(40).default('扫码核验') }).strict(),
  })
  .strict()
  .superRefine((t, c) => {
    if (t.paper.kind === 'A4-landscape' && (t.paper.widthMm !== 297 || t.paper.heightMm !== 210))
      c.addIssue({ code: 'custom', message: 'A4 横向应为 297 × 210 毫米', path: ['paper'] });
    if (t.paper.kind === 'A4-portrait' && (t.paper.widthMm !== 210 || t.paper.heightMm !== 297))
      c.addIssue({ code: 'custom', message: 'A4 纵向应为 210 × 297 毫米', path: ['paper'] });
    const ids = new Set<string>();
    for (const f of t.fields) {
      if (ids.has(f.id)) c.addIssue({ code: 'custom', message: `字段「${f.id}」重复`, path: ['fields'] });
      ids.add(f.id);
      const bad = [...f.text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).filter((k) => !(CERT_TOKENS as readonly string[]).includes(k));
      if (bad.length) c.addIssue({ code: 'custom', message: `字段「${f.id}」中的 {${bad[0]}} 无法识别`, path: ['fields'] });
      const left = f.align === 'left' ? f.x : f.align === 'center' ? f.x - f.w / 2 : f.x - f.w;
      if (left < -0.01 || left + f.w > t.paper.widthMm + 0.01 || f.y > t.paper.heightMm)
        c.addIssue({ code: 'custom', message: `字段「${f.id}」超出纸张：请调整它的位置或宽度`, path: ['fields'] });
    }
  });
export type CertificateTemplate = z.output<typeof certificateTemplateSchema>;

const field = (f: Omit<CertField, 'spacing' | 'wrap' | 'indent' | 'lineGap' | 'onlyReissued'> & Partial<CertField>): CertField => ({
  spacing: 0,
  wrap: false,
  indent: 0,
  lineGap: 0,
  onlyReissued: false,
  ...f,
});

/** A4 landscape, official layout: title, number top right, the name large in Kai, the sentence, organiser and date over the seal. */
export const DEFAULT_TEMPLATE: CertificateTemplate = {
  paper: { kind: 'A4-landscape', widthMm: 297, heightMm: 210 },
  background: null,
  frame: true,
  dateStyle: 'digits',
  fields: [
    field({
      id: 'title',
      text: '结业证书',
      x: 148.5,
      y: 30,
      w: 200,
      font: 'serif-bold',
      size: 40,
      align: 'center',
      spacing: 16,
      variable: false,
    }),
    field({ id: 'number', text: '证书编号：{number}', x: 262, y: 58, w: 120, font: 'serif', size: 11, align: 'right', variable: true }),
    field({
      id: 'reissued',
      text: '（补发）',
      x: 262,
      y: 64,
      w: 60,
      font: 'serif',
      size: 11,
      align: 'right',
      variable: true,
      onlyReissued: true,
    }),
    field({ id: 'name', text: '{name}', x: 148.5, y: 72, w: 180, font: 'kai', size: 42, align: 'center', spacing: 4, variable: true }),
    field({
      id: 'body',
      text: '于{dates}参加{programme}（第{session}期），完成规定课程，准予结业。',
      x: 45,
      y: 102,
      w: 207,
      font: 'serif',
      size: 17,
      align: 'left',
      wrap: true,
      indent: 2,
      lineGap: 8,
      variable: true,
    }),
    field({ id: 'organiser', text: '{organiser}', x: 250, y: 150, w: 80, font: 'serif', size: 16, align: 'center', variable: false }),
    field({ id: 'issueDate', text: '{issueDate}', x: 250, y: 162, w: 80, font: 'serif', size: 15, align: 'center', variable: true }),
  ],
  seal: { x: 231, y: 133, size: 42, image: null, onPreprinted: false },
  qr: { x: 34, y: 146, size: 26, caption: '扫码核验' },
};

export const A4_PORTRAIT: CertificateTemplate['paper'] = { kind: 'A4-portrait', widthMm: 210, heightMm: 297 };

/**
 * The same design moved onto other paper: positions and widths scale with the paper, sizes with
 * the smaller of the two ratios (so text still fits). A start for the user to adjust, not a final layout.
 */
export function templateForPaper(t: CertificateTemplate, paper: CertificateTemplate['paper']): CertificateTemplate {
  const sx = paper.widthMm / t.paper.widthMm;
  const sy = paper.heightMm / t.paper.heightMm;
  const s = Math.min(sx, sy);
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    ...t,
    paper,
    fields: t.fields.map((f) => ({
      ...f,
      x: r(f.x * sx),
      y: r(f.y * sy),
      w: r(f.w * sx),
      size: r(Math.max(5, f.size * s)),
      spacing: r(f.spacing * s),
    })),
    seal: { ...t.seal, x: r(t.seal.x * sx), y: r(t.seal.y * sy), size: r(Math.max(10, t.seal.size * s)) },
    qr: { ...t.qr, x: r(t.qr.x * sx), y: r(t.qr.y * sy), size: r(Math.max(10, t.qr.size * s)) },
  };
}

/** What one certificate says. Dates are YYYY-MM-DD. */
export interface CertificateData {
  number: string;
  name: string;
  programme: string;
  sessionNumber: number;
  sessionTitle: string;
  startDate: string | null;
  endDate: string | null;
  organiser: string;
  issueDate: string;
  reissued: boolean;
  /** The signed statement the QR code carries. */
  qr: string;
}

/** 「……培训」: the sentence names the programme as a training course even if its title does not say so. */
export function programmePhrase(title: string): string {
  return /(培训|培训班|研修班|班)$/.test(title) ? title : `${title}培训`;
}

export function tokenValues(d: CertificateData, style: ChineseDateStyle): Record<CertToken, string> {
  const dates =
    d.startDate && d.endDate
      ? formatChineseRange(d.startDate, d.endDate, style)
      : d.startDate
        ? formatChineseDate(d.startDate, style)
        : d.endDate
          ? formatChineseDate(d.endDate, style)
          : '';
  return {
    name: d.name,
    number: d.number,
    programme: programmePhrase(d.programme),
    session: String(d.sessionNumber),
    sessionTitle: d.sessionTitle,
    dates,
    organiser: d.organiser,
    issueDate: formatChineseDate(d.issueDate, style),
  };
}

export function fillText(text: string, values: Record<CertToken, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k as CertToken] : m));
}

export const MM = 72 / 25.4;
