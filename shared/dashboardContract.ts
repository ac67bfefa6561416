/**
 * The 概览 dashboard (issue 10 §4): the charts' figures, the list behind a clicked point, a chart
 * saved as PNG and the whole overview printed as an A4 report. All queries: the files are written
 * (to `out`, into `outDir`, or the outbox) and nothing in the store changes. Spread into `contract`.
 */
import { z } from 'zod';
import { ASPECTS } from './domain/evaluation';
import { DASHBOARD_CHARTS, type Dashboard, type DashboardList } from './domain/dashboardTypes';
import type { WrittenFile } from './domain/importTypes';

const id = z.number().int().positive();
const filePath = z
  .string()
  .min(1, '请选择保存位置')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const target = { out: filePath.optional(), outDir: filePath.optional() };

/** A chart image as the canvas gives it: a PNG data URL of at most about 6 MB. */
export const PNG_PREFIX = 'data:image/png;base64,';
export const MAX_PNG_BYTES = 6 * 1024 * 1024;
const png = z
  .string()
  .max(PNG_PREFIX.length + Math.ceil(MAX_PNG_BYTES / 3) * 4, '图片太大（最大约 6 MB）')
  .refine((s) => s.startsWith(PNG_PREFIX), '图片应为 PNG（data:image/png;base64,…）')
  .refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s.slice(PNG_PREFIX.length)), '图片数据不是有效的 base64 编码');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

export const dashboardContract = {
  'dashboard.get': method<Dashboard>()(z.object({ programmeId: id }).strict(), 'query'),
  'dashboard.list': method<DashboardList>()(
    z
      .object({
        programmeId: id,
        chart: z.enum(DASHBOARD_CHARTS),
        sessionId: id.optional(),
        regionCode: z
          .string()
          .regex(/^\d{6}$/, '地区代码应为 6 位数字')
          .optional(),
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
          .optional(),
        slotSeq: z.number().int().min(1).max(999).optional(),
        aspect: z.enum(ASPECTS).optional(),
      })
      .strict(),
    'query',
  ),
  'dashboard.reportPdf': method<WrittenFile>()(
    z
      .object({
        programmeId: id,
        charts: z
          .array(
            z
              .object({
                title: z.string().trim().min(1, '请填写图表标题').max(100),
                caption: z.string().trim().max(300).default(''),
                png,
              })
              .strict(),
          )
          .min(1, '报告至少要有一张图表')
          .max(12, '报告最多 12 张图表'),
        ...target,
      })
      .strict(),
    'query',
  ),
  'dashboard.savePng': method<WrittenFile>()(
    z
      .object({
        png,
        name: z
          .string()
          .trim()
          .min(1, '请填写文件名')
          .max(100, '文件名太长')
          .regex(/^[^\\/:*?"<>|\0]+$/, '文件名不能含 \\ / : * ? " < > |'),
        ...target,
      })
      .strict(),
    'query',
  ),
};
