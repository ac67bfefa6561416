/**
 * The evaluation's printable files (issue 10 §2): the printed questionnaire of a session and the
 * results report for the centre (.xlsx or A4 PDF with charts), one session or several compared.
 * Each writes a file (to `out`, into `outDir`, or the outbox) and changes nothing. Spread into
 * `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import type { WrittenFile } from './domain/importTypes';

const id = z.number().int().positive();
const filePath = z
  .string()
  .min(1, '请选择保存位置')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const target = { out: filePath.optional(), outDir: filePath.optional() };

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

/** One session, or several compared side by side (at most 12, the width of a printed page). */
const sessions = z
  .object({
    sessionId: id.optional(),
    sessionIds: z.array(id).min(1, '请至少选择一个期次').max(12, '最多比较 12 个期次').optional(),
    ...target,
  })
  .strict()
  .refine((v) => (v.sessionId === undefined) !== (v.sessionIds === undefined), {
    message: '请给出一个期次（sessionId）或一组期次（sessionIds），二者选一',
    path: ['sessionId'],
  });

export const evaluationFilesContract = {
  'evaluation.questionnairePdf': method<WrittenFile>()(z.object({ sessionId: id, ...target }).strict(), 'query'),
  'evaluation.reportXlsx': method<WrittenFile>()(sessions, 'query'),
  'evaluation.reportPdf': method<WrittenFile>()(sessions, 'query'),
};
