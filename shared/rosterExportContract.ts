/**
 * The contract's methods for the roster's printables (issue 8 §1, §4): 花名册 (.xlsx or PDF),
 * 胸牌, 桌签 and the 考勤统计表. Each writes a file (to `out`, into `outDir`, or the outbox) and
 * changes nothing. Spread into `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import { WALL_TIME } from './domain/attendance';
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

export const rosterExportContract = {
  'rosters.exportRoster': method<WrittenFile>()(
    z.object({ sessionId: id, format: z.enum(['xlsx', 'pdf']).default('xlsx'), ...target }).strict(),
    'query',
  ),
  'rosters.exportBadges': method<WrittenFile>()(z.object({ sessionId: id, ...target }).strict(), 'query'),
  'rosters.exportTableTents': method<WrittenFile>()(z.object({ sessionId: id, ...target }).strict(), 'query'),
  // 考勤统计表, judged at `at` (local wall time; now by default), like completion.results.
  'attendance.exportReport': method<WrittenFile>()(
    z.object({ sessionId: id, at: z.string().regex(WALL_TIME, '时间格式应为 YYYY-MM-DD HH:MM').optional(), ...target }).strict(),
    'query',
  ),
};
