/**
 * The course timetable's files (issue 10 §1): the .xlsx timetable an institution sends, read into
 * the session's timetable (a dry run first), and the A4 课程表 to print. Spread into `contract`
 * (shared/contract.ts).
 */
import { z } from 'zod';
import type { WrittenFile } from './domain/importTypes';
import type { TimetableImportResult } from './domain/evaluationTypes';

const id = z.number().int().positive();
const filePath = (empty: string) =>
  z
    .string()
    .min(1, empty)
    .max(4096, '文件路径太长')
    .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

export const timetableContract = {
  /** Reads the file; without dryRun (and without errors) it replaces the timetable as timetable.set does. */
  'timetable.import': method<TimetableImportResult>()(
    z
      .object({
        sessionId: id,
        file: z.object({ path: filePath('请选择文件'), name: z.string().trim().max(260).optional() }).strict(),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    'mutation',
  ),
  'timetable.pdf': method<WrittenFile>()(
    z.object({ sessionId: id, out: filePath('请选择保存位置').optional(), outDir: filePath('请选择保存位置').optional() }).strict(),
    'query',
  ),
};
