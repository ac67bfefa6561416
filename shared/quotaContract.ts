/**
 * The contract's methods for the plan screen: the quota table, apportionment, the regions' contacts,
 * session schedules and copying last year's plan. Spread into `contract` (shared/contract.ts); kept
 * here so the plan's schemas change without touching the shared file.
 */
import { z } from 'zod';
import type { Programme, Session } from './domain/types';
import { APPORTION_METHODS } from './domain/apportion/types';
import type { WrittenFile } from './domain/importTypes';
import {
  CONTACT_ROLES,
  SLOT_KINDS,
  SLOT_PARTS,
  type ApportionPreview,
  type ContactImportResult,
  type QuotaChange,
  type QuotaGrid,
  type QuotaImportResult,
  type QuotaSetResult,
  type RegionContacts,
  type SessionSlots,
} from './domain/quotas';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字');
const places = z.number().int().min(0, '名额不能为负数').max(100_000, '名额不能超过 100000');
const reason = text(500).min(1, '请填写修改原因');
const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const fileInput = z.object({ path: filePath, name: text(260).optional() }).strict();
/** A weight as typed or pasted: a non-negative decimal kept as text, so no digit is lost. */
const weight = z.union([
  z
    .string()
    .trim()
    .regex(/^\d{1,30}(\.\d{1,12})?$/, '权重应为非负数，例如 120 或 3.5'),
  z.number().min(0).finite(),
]);

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

const cellChange = z
  .object({
    sessionId: id,
    regionCode,
    places: places.optional(),
    min: places.nullable().optional(),
    max: places.nullable().optional(),
    locked: z.boolean().optional(),
  })
  .strict();

const slot = z
  .object({
    date: isoDate,
    part: z.enum(SLOT_PARTS),
    label: text(100).default(''),
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '开始时间应为 HH:MM，例如 08:30'),
    kind: z.enum(SLOT_KINDS).default('class'),
  })
  .strict();

export const quotaContract = {
  'quotas.grid': method<QuotaGrid>()(z.object({ programmeId: id }).strict(), 'query'),
  'quotas.set': method<QuotaSetResult>()(
    z
      .object({
        programmeId: id,
        cells: z.array(cellChange).min(1, '没有要修改的名额').max(5000),
        reason,
        source: z.enum(['edit', 'paste']).default('edit'),
      })
      .strict(),
    'mutation',
  ),
  'quotas.history': method<QuotaChange[]>()(
    z
      .object({
        programmeId: id,
        sessionId: id.optional(),
        regionCode: regionCode.optional(),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    'query',
  ),
  'quotas.revert': method<QuotaSetResult>()(
    z.object({ changeId: id, wholeBatch: z.boolean().default(false), reason }).strict(),
    'mutation',
  ),
  'quotas.confirm': method<QuotaGrid>()(z.object({ programmeId: id }).strict(), 'mutation'),
  'quotas.apportionPreview': method<ApportionPreview>()(
    z
      .object({
        programmeId: id,
        seats: places,
        methods: z.array(z.enum(APPORTION_METHODS)).min(1).max(7).optional(),
        regions: z
          .array(
            z
              .object({
                regionCode,
                weight,
                min: places.optional(),
                max: places.optional(),
                locked: z.boolean().optional(),
              })
              .strict(),
          )
          .min(1, '请至少填写一个地区的权重')
          .max(37),
        defaultMin: places.optional(),
        defaultMax: places.optional(),
      })
      .strict(),
    'query',
  ),
  'quotas.apportionApply': method<QuotaSetResult>()(
    z
      .object({
        programmeId: id,
        /** A session: the places go into its column. Omitted: each region's total is spread over the sessions by capacity. */
        sessionId: id.optional(),
        allocations: z.array(z.object({ regionCode, places }).strict()).min(1).max(37),
        method: z.enum(APPORTION_METHODS).optional(),
        reason,
      })
      .strict(),
    'mutation',
  ),
  'quotas.export': method<WrittenFile>()(
    z.object({ programmeId: id, out: filePath.optional(), outDir: filePath.optional() }).strict(),
    'query',
  ),
  'quotas.import': method<QuotaImportResult>()(
    z.object({ programmeId: id, file: fileInput, dryRun: z.boolean().default(true), reason: text(500).default('') }).strict(),
    'mutation',
  ),
  'contacts.list': method<RegionContacts[]>()(z.object({ programmeId: id }).strict(), 'query'),
  'contacts.set': method<RegionContacts>()(
    z
      .object({
        programmeId: id,
        regionCode,
        role: z.enum(CONTACT_ROLES),
        name: text(50).default(''),
        post: text(100).default(''),
        officePhone: text(40).default(''),
        mobile: text(30).default(''),
        email: text(100).default(''),
      })
      .strict(),
    'mutation',
  ),
  'contacts.export': method<WrittenFile>()(
    z.object({ programmeId: id, out: filePath.optional(), outDir: filePath.optional() }).strict(),
    'query',
  ),
  'contacts.import': method<ContactImportResult>()(
    z.object({ programmeId: id, file: fileInput, dryRun: z.boolean().default(true) }).strict(),
    'mutation',
  ),
  'sessions.slots': method<SessionSlots>()(z.object({ sessionId: id }).strict(), 'query'),
  'sessions.setSlots': method<SessionSlots>()(
    z.object({ sessionId: id, slots: z.array(slot).max(60, '一期最多 60 个时段') }).strict(),
    'mutation',
  ),
  'programmes.copy': method<{ programme: Programme; sessions: Session[]; quotas: number }>()(
    z
      .object({
        fromId: id,
        year: z.number().int().min(2000).max(2100),
        title: text(200).min(1, '请填写项目名称').optional(),
      })
      .strict(),
    'mutation',
  ),
};

export const QUOTA_METHOD_NAMES = Object.keys(quotaContract) as (keyof typeof quotaContract)[];
