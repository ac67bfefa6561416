/**
 * The contract's methods for reallocation (调减 / 调剂, issue 7 §5): the standing and suggestion,
 * applying and reverting a reallocation, its history and export, and promoting waitlisted
 * registrations. Spread into `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import type { WrittenFile } from './domain/importTypes';
import type {
  PromotionResult,
  ReallocationApplyResult,
  ReallocationRecord,
  ReallocationStanding,
  WaitlistCell,
} from './domain/reallocation';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字');
const reason = text(500).min(1, '请填写调剂原因');
const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

const move = z
  .object({
    fromSessionId: id,
    fromRegion: regionCode,
    toSessionId: id,
    toRegion: regionCode,
    places: z.number().int().min(1, '调剂名额至少为 1').max(100_000, '名额不能超过 100000'),
    reason: text(500).default(''),
  })
  .strict();

export const reallocationContract = {
  'reallocations.standing': method<ReallocationStanding>()(z.object({ programmeId: id, sessionId: id.optional() }).strict(), 'query'),
  'reallocations.apply': method<ReallocationApplyResult>()(
    z
      .object({
        programmeId: id,
        moves: z.array(move).min(1, '没有要调剂的名额').max(1000),
        reason,
        kind: z.enum(['suggested', 'manual']).default('manual'),
      })
      .strict(),
    'mutation',
  ),
  'reallocations.revert': method<ReallocationRecord>()(z.object({ reallocationId: id, reason }).strict(), 'mutation'),
  'reallocations.history': method<ReallocationRecord[]>()(z.object({ programmeId: id }).strict(), 'query'),
  'reallocations.export': method<WrittenFile>()(
    z.object({ programmeId: id, out: filePath.optional(), outDir: filePath.optional() }).strict(),
    'query',
  ),
  'reallocations.waitlist': method<WaitlistCell[]>()(z.object({ programmeId: id, sessionId: id.optional() }).strict(), 'query'),
  'reallocations.promote': method<PromotionResult>()(
    z
      .object({
        programmeId: id,
        registrationIds: z.array(id).min(1, '请选择要转正的候补报名').max(5000),
        reason: text(500).default(''),
      })
      .strict(),
    'mutation',
  ),
};

export const REALLOCATION_METHOD_NAMES = Object.keys(reallocationContract) as (keyof typeof reallocationContract)[];
