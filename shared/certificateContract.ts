/**
 * The contract's methods for completion certificates and their verification (issue 9). Spread into
 * `contract` (shared/contract.ts), like the attendance methods.
 */
import { z } from 'zod';
import { certificateTemplateSchema, type CertificateTemplate } from './domain/certificateTemplate';
import { patternProblem } from './domain/certificateNumber';
import type { WrittenFile } from './domain/importTypes';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const number = z.string().trim().min(1, '请填写证书编号').max(40, '证书编号太长');
const reason = text(500).min(1, '请填写原因');
const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const printer = text(100).min(1, '请填写打印机名称');
const offsetMm = z.number().min(-50, '偏移不能超过 ±50 毫米').max(50, '偏移不能超过 ±50 毫米');
const pattern = z
  .string()
  .trim()
  .max(60)
  .superRefine((p, c) => {
    const problem = patternProblem(p);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  });

export type CertificateStatus = 'valid' | 'revoked';

export interface CertificateEvent {
  kind: 'issue' | 'reissue' | 'revoke';
  reason: string;
  at: string;
  by: string;
}

export interface CertificateRecord {
  number: string;
  name: string;
  registrationId: number;
  programmeId: number;
  programmeTitle: string;
  sessionId: number;
  sessionNumber: number;
  issueDate: string;
  status: CertificateStatus;
  reissues: number;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
  revokeReason: string | null;
  keyFingerprint: string;
  events: CertificateEvent[];
}

export interface CertificateSettings {
  programmeId: number;
  pattern: string;
  template: CertificateTemplate;
  printers: { printer: string; dx: number; dy: number }[];
}

export interface IssueResult {
  issued: { number: string; name: string; registrationId: number }[];
  alreadyIssued: number;
  /** Approved trainees of the session not (yet) eligible: no 结业 result and no override. */
  notEligible: { registrationId: number; name: string }[];
}

export type Verdict = 'valid' | 'revoked' | 'forged';

export interface VerifyResult {
  verdict: Verdict;
  /** In words, for the person holding the certificate. */
  message: string;
  record: CertificateRecord | null;
  fingerprint: string | null;
}

export interface CertificateExport extends WrittenFile {
  /** Certificates written (pages, or files with `separate`). */
  certificates: number;
}

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

export const certificateContract = {
  'certificates.settings.get': method<CertificateSettings>()(z.object({ programmeId: id }).strict(), 'query'),
  'certificates.settings.set': method<CertificateSettings>()(
    z.object({ programmeId: id, pattern: pattern.optional(), template: certificateTemplateSchema.optional() }).strict(),
    'mutation',
  ),
  'certificates.printerOffset': method<CertificateSettings['printers']>()(
    z.object({ printer, dx: offsetMm, dy: offsetMm }).strict(),
    'mutation',
  ),
  'certificates.issue': method<IssueResult>()(z.object({ sessionId: id, issueDate: isoDate.optional() }).strict(), 'mutation'),
  'certificates.register': method<CertificateRecord[]>()(z.object({ sessionId: id }).strict(), 'query'),
  'certificates.reissue': method<CertificateRecord>()(z.object({ number, reason }).strict(), 'mutation'),
  'certificates.revoke': method<CertificateRecord>()(z.object({ number, reason }).strict(), 'mutation'),
  'certificates.export': method<CertificateExport>()(
    z
      .object({
        sessionId: id,
        /** Only these numbers (a reprint after 补发); default every valid certificate of the session. */
        numbers: z.array(number).min(1).max(10_000).optional(),
        /** One file per trainee, 编号-姓名.pdf, into `outDir`. */
        separate: z.boolean().default(false),
        /** 套打 on pre-printed paper with this printer's offsets. */
        preprinted: z.object({ printer: printer.optional() }).strict().optional(),
        out: filePath.optional(),
        outDir: filePath.optional(),
      })
      .strict()
      .refine((v) => !(v.separate && v.out), { message: '分别导出时请选择文件夹，而不是一个文件' }),
    'query',
  ),
  'certificates.calibration': method<WrittenFile>()(
    z.object({ programmeId: id, printer: printer.optional(), out: filePath.optional() }).strict(),
    'query',
  ),
  'certificates.verify': method<VerifyResult>()(
    z.object({ qr: z.string().trim().min(1, '请粘贴或扫描证书上的二维码内容').max(1000, '二维码内容太长，不是本系统的证书') }).strict(),
    'query',
  ),
  /** A verified certificate PDF someone sends: every QR statement in it, each checked like `verify`. */
  'certificates.verifyFile': method<VerifyResult[]>()(z.object({ path: filePath }).strict(), 'query'),
  /** A PNG/JPEG the user chose for the seal or background, as a data URL for the template preview. */
  'certificates.image': method<{ dataUrl: string }>()(z.object({ path: filePath }).strict(), 'query'),
  'signing.publicKey': method<{ pem: string; fingerprint: string; file?: WrittenFile }>()(
    z.object({ out: filePath.optional() }).strict(),
    'query',
  ),
};
