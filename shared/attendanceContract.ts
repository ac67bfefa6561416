/**
 * The contract's methods for rosters, check-in and completion (issue 8). Spread into `contract`
 * (shared/contract.ts), like the plan's methods.
 */
import { z } from 'zod';
import { ATTENDANCE_STATUSES, WALL_TIME } from './domain/attendance';
import type {
  AttendanceBoard,
  AttendanceSlot,
  BackfillResult,
  CompletionResult,
  LeaveView,
  MarkResult,
  Roster,
  SessionNow,
} from './domain/attendanceTypes';
import type { CompletionRule } from './domain/completion';
import type { WrittenFile } from './domain/importTypes';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const slotSeq = z.number().int().min(1, '时段从 1 开始编号').max(200);
const wallTime = z.string().regex(WALL_TIME, '时间格式应为 YYYY-MM-DD HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const filePath = z
  .string()
  .min(1, '请选择保存位置')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const count = z.number().int().min(0, '不能为负数').max(100, '不能超过 100');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

export const attendanceContract = {
  'rosters.get': method<Roster>()(z.object({ sessionId: id }).strict(), 'query'),
  'rosters.assignGroups': method<Roster>()(
    z.object({ sessionId: id, groups: z.number().int().min(1, '至少分 1 个组').max(30, '最多分 30 个组') }).strict(),
    'mutation',
  ),
  'attendance.slots': method<AttendanceSlot[]>()(z.object({ sessionId: id }).strict(), 'query'),
  'attendance.now': method<SessionNow | null>()(z.object({ programmeId: id, at: wallTime.optional() }).strict(), 'query'),
  'attendance.board': method<AttendanceBoard>()(z.object({ sessionId: id, slotSeq }).strict(), 'query'),
  'attendance.mark': method<MarkResult>()(
    z
      .object({
        registrationId: id,
        slotSeq,
        // Omitted: a check-in, 出勤 or 迟到 by the clock.
        status: z.enum(ATTENDANCE_STATUSES).optional(),
        at: wallTime.optional(),
        minutes: z.number().int().min(0).max(1440).optional(),
        reason: text(500).default(''),
        // Copied later from a paper sheet (补录).
        backfill: z.boolean().default(false),
      })
      .strict(),
    'mutation',
  ),
  'attendance.undo': method<{ undone: number; message: string }>()(z.object({ batch: z.string().min(1).max(100) }).strict(), 'mutation'),
  'attendance.closeSlot': method<{ marked: number; batch: string }>()(
    z.object({ sessionId: id, slotSeq, at: wallTime.optional() }).strict(),
    'mutation',
  ),
  'attendance.leave': method<{ leaveId: number; marked: number; batch: string }>()(
    z
      .object({
        registrationId: id,
        slotSeqs: z.array(slotSeq).min(1, '请选择请假的时段').max(200),
        requestedBy: text(100).min(1, '请填写申请人（地方主管部门经办人）'),
        approvedBy: text(100).min(1, '请填写地方主管部门审批人'),
        reason: text(500).min(1, '请填写请假原因'),
      })
      .strict(),
    'mutation',
  ),
  // 签到表: one slot, one day, or the whole session when neither is given.
  'attendance.signinSheet': method<WrittenFile>()(
    z
      .object({
        sessionId: id,
        slotSeq: slotSeq.optional(),
        date: isoDate.optional(),
        sortBy: z.enum(['seat', 'group']).default('seat'),
        out: filePath.optional(),
        outDir: filePath.optional(),
      })
      .strict(),
    'query',
  ),
  'completion.rule.get': method<CompletionRule>()(z.object({ programmeId: id }).strict(), 'query'),
  'completion.rule.set': method<CompletionRule>()(
    z
      .object({
        programmeId: id,
        minAttendance: z.number().min(0, '出勤率应在 0 到 1 之间').max(1, '出勤率应在 0 到 1 之间').optional(),
        maxLeave: count.optional(),
        maxAbsent: count.optional(),
        maxLate: count.optional(),
        maxLeftEarly: count.optional(),
        graceMinutes: z.number().int().min(0).max(240, '迟到宽限不能超过 240 分钟').optional(),
      })
      .strict(),
    'mutation',
  ),
  'completion.results': method<CompletionResult[]>()(z.object({ sessionId: id, at: wallTime.optional() }).strict(), 'query'),
  'completion.override': method<CompletionResult>()(
    z
      .object({
        registrationId: id,
        // null removes the override: the rule decides again.
        completed: z.boolean().nullable(),
        reason: text(500).min(1, '请填写人工认定的理由'),
      })
      .strict(),
    'mutation',
  ),
  // 补录: marks copied from a signed 签到表. `was` is the mark the screen showed (null: none); a cell
  // whose mark changed since is refused, and changing an existing mark needs a correction reason.
  'attendance.backfill': method<BackfillResult>()(
    z
      .object({
        sessionId: id,
        marks: z
          .array(
            z
              .object({
                registrationId: id,
                slotSeq,
                status: z.enum(ATTENDANCE_STATUSES),
                was: z.enum(ATTENDANCE_STATUSES).nullable(),
                minutes: z.number().int().min(0).max(1440).optional(),
                at: wallTime.optional(),
              })
              .strict(),
          )
          .min(1, '没有要补录的考勤')
          .max(5000, '一次最多补录 5000 条'),
        correctionReason: text(500).default(''),
      })
      .strict(),
    'mutation',
  ),
  'attendance.leaves': method<LeaveView[]>()(z.object({ sessionId: id }).strict(), 'query'),
};
