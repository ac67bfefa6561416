/**
 * The contract's methods for the enterprise files (信息档案) and their follow-up (跟踪), issue 10 §3.
 * Spread into `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import type { WrittenFile } from './domain/importTypes';
import {
  FOLLOWUP_KINDS,
  TRACKED_QUALIFICATIONS,
  type EnterpriseFile,
  type EnterpriseList,
  type FollowUp,
  type FollowUpImportResult,
} from './domain/enterpriseFileTypes';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, '日期无效');
const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const fileInput = z.object({ path: filePath, name: text(260).optional() }).strict();
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

const filters = {
  regionCode: regionCode.optional(),
  /** One of TRACKED_QUALIFICATIONS or any other title the enterprises carry (matched exactly). */
  qualification: text(50).min(1).optional(),
  industry: text(100).min(1).optional(),
  yearTrained: z.number().int().min(2000).max(2100).optional(),
  /** As in registrations: enterprise name, credit code, pinyin / initials of the name or of a trainee's name. */
  search: text(100).optional(),
};

/** Bounded figures: money in 万元 up to 1e9 (a trillion yuan); profit alone may be negative. */
const wan = z.number().finite().min(0, '金额不能为负').max(1e9, '金额过大');
const figures = {
  year: z.number().int().min(1950, '年度应在 1950–2100').max(2100, '年度应在 1950–2100').nullable(),
  revenueWan: wan.nullable(),
  profitWan: z.number().finite().min(-1e9, '金额过大').max(1e9, '金额过大').nullable(),
  employees: z.number().int('员工人数应为整数').min(0, '员工人数不能为负').max(10_000_000, '员工人数过大').nullable(),
  rdWan: wan.nullable(),
  patents: z.number().int('专利数应为整数').min(0, '专利数不能为负').max(1_000_000, '专利数过大').nullable(),
  gained: z.array(z.enum(TRACKED_QUALIFICATIONS)).max(4),
  lost: z.array(z.enum(TRACKED_QUALIFICATIONS)).max(4),
  notes: text(2000),
};

const followUpFields = {
  date: isoDate,
  kind: z.enum(FOLLOWUP_KINDS),
  year: figures.year.default(null),
  revenueWan: figures.revenueWan.default(null),
  profitWan: figures.profitWan.default(null),
  employees: figures.employees.default(null),
  rdWan: figures.rdWan.default(null),
  patents: figures.patents.default(null),
  gained: figures.gained.default([]),
  lost: figures.lost.default([]),
  notes: figures.notes.default(''),
};

/**
 * The checks that need several fields at once. An update may leave the year out (the record has
 * one); the service checks the merged record again.
 */
function consistent(v: { kind?: string; year?: number | null; gained?: string[]; lost?: string[] }, ctx: z.RefinementCtx) {
  if (v.kind === '年度经营数据' && v.year === null)
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '年度经营数据须注明年度', path: ['year'] });
  const both = (v.gained ?? []).filter((q) => (v.lost ?? []).includes(q));
  if (both.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `同一资质不能既获得又失去：${both.join('、')}`, path: ['lost'] });
}

export const enterpriseContract = {
  'enterprises.list': method<EnterpriseList>()(
    z
      .object({
        ...filters,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    'query',
  ),
  'enterprises.get': method<EnterpriseFile>()(z.object({ id }).strict(), 'query'),
  'followups.add': method<FollowUp>()(
    z
      .object({ enterpriseId: id, ...followUpFields })
      .strict()
      .superRefine(consistent),
    'mutation',
  ),
  'followups.update': method<FollowUp>()(
    z
      .object({
        id,
        date: isoDate.optional(),
        kind: z.enum(FOLLOWUP_KINDS).optional(),
        year: figures.year.optional(),
        revenueWan: figures.revenueWan.optional(),
        profitWan: figures.profitWan.optional(),
        employees: figures.employees.optional(),
        rdWan: figures.rdWan.optional(),
        patents: figures.patents.optional(),
        gained: figures.gained.optional(),
        lost: figures.lost.optional(),
        notes: figures.notes.optional(),
      })
      .strict()
      .superRefine(consistent),
    'mutation',
  ),
  'followups.delete': method<{ deleted: 1 }>()(z.object({ id, reason: text(500).min(1, '请填写删除原因') }).strict(), 'mutation'),
  'followups.import': method<FollowUpImportResult>()(
    z.object({ file: fileInput, regionCode: regionCode.optional(), dryRun: z.boolean().default(false) }).strict(),
    'mutation',
  ),
  /** The 信息档案 table (.xlsx) of the enterprises the filters select; writes a file, changes nothing. */
  'enterprises.exportFiles': method<WrittenFile>()(
    z.object({ ...filters, out: filePath.optional(), outDir: filePath.optional() }).strict(),
    'query',
  ),
};
