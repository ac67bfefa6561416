/**
 * The typed contract between the renderer and the services: for each method, the zod schema that
 * every transport checks its input against, and the type of its output. One dispatcher is built
 * from this map (electron/ipc/dispatcher.ts); the renderer's client is typed from it.
 */
import { z } from 'zod';
import type { MethodName } from './methodNames';
import {
  GENDERS,
  REGISTRATION_STATUSES,
  type AppInfo,
  type AuditEntry,
  type BackupInfo,
  type Overview,
  type Programme,
  type ProgrammeSummary,
  type RegistrationRow,
  type Session,
  type SessionSummary,
  type Settings,
} from './domain/types';
import type { Region } from './regions';
import { FIELD_DEFS, type FieldKey } from './domain/fields';
import type { ImportPreview, ImportResult, ImportRowsPage, WrittenFile } from './domain/importTypes';
import type { FieldIssue } from './domain/checkRegistration';
import { quotaContract } from './quotaContract';
import { attendanceContract } from './attendanceContract';
import { rosterExportContract } from './rosterExportContract';
import { rosterContract } from './rosterContract';
import { certificateContract } from './certificateContract';
import { certifiedRosterContract } from './certifiedRosterContract';
import { reallocationContract } from './reallocationContract';
import { evaluationContract } from './evaluationContract';
import { evaluationFilesContract } from './evaluationFilesContract';
import { dashboardContract } from './dashboardContract';
import { enterpriseContract } from './enterpriseContract';
import { timetableContract } from './timetableContract';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const empty = z.object({}).strict().optional();

const programmeFields = {
  year: z.number().int().min(2000).max(2100),
  title: text(200).min(1, '请填写项目名称'),
  documentNo: text(100).default(''),
  plannedTrainees: z.number().int().min(0).max(1_000_000).default(0),
  organiser: text(200).default(''),
};

const sessionFields = {
  number: z.number().int().min(1).max(999),
  title: text(200).default(''),
  startDate: isoDate.nullable().default(null),
  endDate: isoDate.nullable().default(null),
  location: text(200).default(''),
  institution: text(200).default(''),
  capacity: z.number().int().min(0).max(100_000).nullable().default(null),
  registrationDeadline: isoDate.nullable().default(null),
};

export const traineeInput = z
  .object({
    name: text(50).min(1, '请填写姓名'),
    idNumber: text(40).min(1, '请填写身份证号'),
    gender: z.enum(GENDERS).nullable().default(null),
    ethnicity: text(20).default(''),
    birthDate: z.string().trim().max(20).nullable().default(null),
    politicalStatus: text(20).default(''),
    education: text(20).default(''),
    position: text(50).default(''),
    isPrincipal: z.boolean().nullable().default(null),
    mobile: text(30).default(''),
    email: text(100).default(''),
  })
  .strict();

export const enterpriseInput = z
  .object({
    creditCode: text(40).min(1, '请填写统一社会信用代码'),
    name: text(200).min(1, '请填写企业名称'),
    industry: text(100).default(''),
    qualifications: z.array(text(50)).max(20).default([]),
    foundedOn: z.string().trim().max(20).nullable().default(null),
    employees: z.number().int().min(0).max(10_000_000).nullable().default(null),
    revenueWan: z.number().min(0).max(1e12).nullable().default(null),
    isManufacturing: z.boolean().nullable().default(null),
  })
  .strict();

/**
 * The fields of an update: each optional, and without its default. zod's `.partial()` keeps the
 * defaults, so an update naming one field would reset every other field to its default.
 */
function updatable<T extends z.ZodRawShape>(shape: T) {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape))
    out[k] = (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional();
  return out as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I extends z.ZodType> ? I : T[K]> };
}

/** `method<Output>()(inputSchema, kind)`: the output type is declared, the input type inferred. */
const FIELD_KEYS = FIELD_DEFS.map((f) => f.key) as [FieldKey, ...FieldKey[]];
/**
 * Files cross by path: the window gets one from the preload (a native dialog or a dropped file),
 * the browser harness from its upload endpoint, the CLI from its arguments. The services read and
 * write the files themselves, so no file travels as one giant string.
 */
export const filePath = z
  .string()
  .min(1, '请选择文件')
  .max(4096, '文件路径太长')
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), '文件路径应为完整路径');
const fileInput = z.object({ path: filePath, name: text(260).optional() }).strict();
/** Where to write an export; without it the services write into their own private outbox. */
const outPath = filePath.optional();
/** Or a folder to write it into, under the name the services give it (the CLI, "save into folder"). */
const outDir = filePath.optional();
const sessionNumber = z.number().int().min(1).max(999);
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({
    input,
    kind,
    output: undefined as unknown as O,
  });
}

export const contract = {
  'app.info': method<AppInfo>()(empty, 'query'),
  'settings.get': method<Settings>()(empty, 'query'),
  'settings.update': method<Settings>()(
    z
      .object({
        operatorName: text(50).optional(),
        organisation: text(100).optional(),
        // 本单位所属地区: '' for the centre (all regions); the enterprise files default to it.
        region: z.union([z.literal(''), regionCode]).optional(),
      })
      .strict(),
    'mutation',
  ),
  'regions.list': method<Region[]>()(empty, 'query'),
  'programmes.list': method<ProgrammeSummary[]>()(empty, 'query'),
  'programmes.create': method<Programme>()(z.object(programmeFields).strict(), 'mutation'),
  'programmes.update': method<Programme>()(z.object({ id, ...updatable(programmeFields) }).strict(), 'mutation'),
  'sessions.list': method<SessionSummary[]>()(z.object({ programmeId: id }).strict(), 'query'),
  'sessions.create': method<Session>()(z.object({ programmeId: id, ...sessionFields }).strict(), 'mutation'),
  'sessions.update': method<Session>()(z.object({ id, ...updatable(sessionFields) }).strict(), 'mutation'),
  'registrations.list': method<{ total: number; rows: RegistrationRow[] }>()(
    z
      .object({
        programmeId: id,
        sessionNumber: z.number().int().min(0).max(999).optional(),
        regionCode: z
          .string()
          .regex(/^\d{6}$/)
          .optional(),
        status: z.enum(REGISTRATION_STATUSES).optional(),
        search: text(100).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200_000).default(500),
      })
      .strict(),
    'query',
  ),
  'registrations.get': method<RegistrationRow>()(z.object({ id }).strict(), 'query'),
  'registrations.create': method<RegistrationRow>()(
    z
      .object({
        programmeId: id,
        sessionId: id.nullable().default(null),
        regionCode: z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字'),
        trainee: traineeInput,
        enterprise: enterpriseInput,
      })
      .strict(),
    'mutation',
  ),
  'registrations.update': method<RegistrationRow>()(
    z
      .object({
        id,
        sessionId: id.nullable().optional(),
        regionCode: regionCode.optional(),
        trainee: z.object(updatable(traineeInput.shape)).strict().optional(),
        enterprise: z.object(updatable(enterpriseInput.shape)).strict().optional(),
      })
      .strict(),
    'mutation',
  ),
  'registrations.check': method<FieldIssue[]>()(
    z
      .object({
        programmeId: id,
        exceptId: id.optional(),
        // With both, the quota (OVER_QUOTA) and the deadline (AFTER_DEADLINE) are checked too.
        sessionId: id.nullable().optional(),
        regionCode: regionCode.optional(),
        trainee: traineeInput.partial(),
        enterprise: enterpriseInput.partial(),
      })
      .strict(),
    'query',
  ),
  // A mutation: it remembers a chosen column mapping, and it must not check rows against the store
  // while an import commit is half-way through its transaction.
  'imports.preview': method<ImportPreview>()(
    z
      .object({
        programmeId: id,
        file: fileInput,
        sessionNumber: sessionNumber.optional(),
        regionCode: regionCode.optional(),
        mapping: z.record(z.string().max(200), z.enum(FIELD_KEYS).nullable()).optional(),
      })
      .strict(),
    'mutation',
  ),
  'imports.rows': method<ImportRowsPage>()(
    z
      .object({
        importId: z.string().min(1).max(100),
        status: z.enum(['ok', 'warning', 'error']).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    'query',
  ),
  'imports.commit': method<ImportResult>()(
    // dryRun: the same accounting as a commit, nothing written (the CLI's --dry-run).
    z.object({ importId: z.string().min(1).max(100), strict: z.boolean().default(false), dryRun: z.boolean().default(false) }).strict(),
    'mutation',
  ),
  'imports.errorReport': method<WrittenFile>()(z.object({ importId: z.string().min(1).max(100), out: outPath }).strict(), 'query'),
  'exports.summary': method<WrittenFile>()(
    z
      .object({ programmeId: id, sessionNumber: sessionNumber.optional(), regionCode: regionCode.optional(), out: outPath, outDir })
      .strict(),
    'query',
  ),
  'exports.forms': method<WrittenFile>()(
    z
      .object({
        programmeId: id,
        sessionNumber: sessionNumber.optional(),
        regionCode: regionCode.optional(),
        registrationIds: z.array(id).max(100_000).optional(),
        format: z.enum(['xlsx', 'pdf']),
        out: outPath,
        outDir,
      })
      .strict(),
    'query',
  ),
  'registrations.setStatus': method<RegistrationRow>()(
    z.object({ id, status: z.enum(REGISTRATION_STATUSES), reason: text(500).default('') }).strict(),
    'mutation',
  ),
  'overview.get': method<Overview>()(z.object({ programmeId: id }).strict(), 'query'),
  'backups.list': method<BackupInfo[]>()(empty, 'query'),
  'backups.create': method<BackupInfo>()(
    z
      .object({
        reason: text(40)
          .regex(/^[\p{L}\p{N}_-]*$/u, '备注只能含文字、数字、-、_')
          .default('manual'),
      })
      .strict(),
    'mutation',
  ),
  'backups.restore': method<{ restoredFrom: BackupInfo; safetyBackup: BackupInfo }>()(
    z
      .object({
        file: z
          .string()
          .max(200)
          .regex(/^ledger-[\p{L}\p{N}_-]+\.db$/u, '请从备份列表中选择备份'),
      })
      .strict(),
    'mutation',
  ),
  'audit.list': method<AuditEntry[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), 'query'),
  'demo.seed': method<{ programmeId: number; registrations: number }>()(
    z
      .object({ year: z.number().int().min(2000).max(2100).default(2025), trainees: z.number().int().min(1).max(50_000).default(800) })
      .strict(),
    'mutation',
  ),
  'jobs.cancel': method<{ cancelled: boolean }>()(z.object({ jobId: z.string().min(1).max(100) }).strict(), 'query'),
  // The plan screen: quotas, apportionment, contacts, schedules (shared/quotaContract.ts).
  ...quotaContract,
  // Rosters, check-in and completion (shared/attendanceContract.ts).
  ...attendanceContract,
  // The roster's printables and the attendance report (shared/rosterExportContract.ts).
  ...rosterExportContract,
  // Roster changes: move, withdraw, waitlist, groups and seats by hand (shared/rosterContract.ts).
  ...rosterContract,
  // Completion certificates and their verification (shared/certificateContract.ts).
  ...certificateContract,
  // Closing a session and its signed certified roster (shared/certifiedRosterContract.ts).
  ...certifiedRosterContract,
  // Reallocation of unfilled places and promotion of waitlisted registrations (shared/reallocationContract.ts).
  ...reallocationContract,
  // The course timetable and the anonymous evaluation (shared/evaluationContract.ts).
  ...evaluationContract,
  // The evaluation's printable files: questionnaire and results report (shared/evaluationFilesContract.ts).
  ...evaluationFilesContract,
  // The 概览 dashboard: charts' figures, the list behind a point, PNG and A4 report (shared/dashboardContract.ts).
  ...dashboardContract,
  // The timetable's files: import of an institution's .xlsx and the printed 课程表 (shared/timetableContract.ts).
  ...timetableContract,
  // Enterprise files and their follow-up (shared/enterpriseContract.ts).
  ...enterpriseContract,
} satisfies Record<MethodName, { input: z.ZodType; kind: 'query' | 'mutation'; output: unknown }>;

export type Contract = typeof contract;
/** What the caller passes (defaults may be omitted). */
export type Input<K extends MethodName> = z.input<Contract[K]['input']>;
/** What the handler receives, after parsing and defaults. */
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type Output<K extends MethodName> = Contract[K]['output'];
export type TraineeInput = z.output<typeof traineeInput>;
export type EnterpriseInput = z.output<typeof enterpriseInput>;
