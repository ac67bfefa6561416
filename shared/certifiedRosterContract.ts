/**
 * The contract's methods for closing a session and its certified roster (结业名单, issue 9 §5):
 * close / reopen (audited, with a reason), the signed .xlsx and PDF, and their verification.
 * Spread into `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import type { WrittenFile } from './domain/importTypes';
import type { RosterChange } from './domain/certifiedRoster';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');

export interface ClosureEvent {
  action: 'close' | 'reopen';
  reason: string;
  at: string;
  by: string;
}

export interface SessionClosure {
  sessionId: number;
  sessionNumber: number;
  closed: boolean;
  /** The latest close, when closed. */
  closedAt: string | null;
  closedBy: string | null;
  history: ClosureEvent[];
}

export interface CertifiedRosterExport extends WrittenFile {
  rows: number;
  fingerprint: string;
}

export interface RosterVerification {
  valid: boolean;
  /** The signing key's fingerprint written in the file (null when there is no signature to read). */
  fingerprint: string | null;
  changes: RosterChange[];
  /** One sentence for the person checking the file. */
  message: string;
}

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

export const certifiedRosterContract = {
  'sessions.closure': method<SessionClosure>()(z.object({ sessionId: id }).strict(), 'query'),
  'sessions.close': method<SessionClosure>()(z.object({ sessionId: id, reason: text(500).default('') }).strict(), 'mutation'),
  'sessions.reopen': method<SessionClosure>()(
    z.object({ sessionId: id, reason: text(500).min(1, '重新开启已结班的期次须填写原因') }).strict(),
    'mutation',
  ),
  'certifiedRoster.export': method<CertifiedRosterExport>()(
    z.object({ sessionId: id, format: z.enum(['xlsx', 'pdf']), out: filePath.optional(), outDir: filePath.optional() }).strict(),
    'query',
  ),
  'certifiedRoster.verify': method<RosterVerification>()(
    z
      .object({
        path: filePath,
        /** A public key (.pem text) to check against; default the installation's own key. */
        publicKeyPem: z.string().max(10_000, '公钥内容太长，请选择本程序导出的 .pem 公钥文件').optional(),
      })
      .strict(),
    'query',
  ),
};
