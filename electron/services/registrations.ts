/** Registrations (报名): the trainee, the enterprise, and the rule of one place per enterprise. */
import { prepared } from '../db/statements';
import {
  checkEnterprise,
  checkTrainee,
  hasErrors,
  type CleanEnterprise,
  type CleanTrainee,
  type FieldIssue,
} from '../../shared/domain/checkRegistration';
import { ACTIVE_STATUSES, HOLDING_STATUSES, STATUS_LABELS, type RegistrationRow, type RegistrationStatus } from '../../shared/domain/types';
import { assertTransition } from '../../shared/domain/registrationStatus';
import type { ParsedInput } from '../../shared/contract';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { ACTIVE_STATUS_SQL } from '../db/activeStatusSql';
import { isUniqueViolation } from '../db/errors';
import { nowIso, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { namePinyin } from './pinyin';
import { findRegistrationIds, registrationsWritten, trackConnection } from './registrationIndex';
import { afterDeadline, createPlaceCounter } from './placeCount';
import { assertSessionOpen } from './sessionLock';
import { getProgramme, getSession } from './programmes';

const ROW_SQL = `
  SELECT r.id, r.programme_id AS programmeId, p.year AS programmeYear, r.session_id AS sessionId, s.number AS sessionNumber,
    r.region_code AS regionCode, r.status, r.status_reason AS statusReason, r.source, r.created_at AS createdAt, r.updated_at AS updatedAt,
    t.id AS t_id, t.id_number AS t_idNumber, t.name AS t_name, t.gender AS t_gender, t.ethnicity AS t_ethnicity,
    t.birth_date AS t_birthDate, t.political_status AS t_politicalStatus, t.education AS t_education, t.position AS t_position,
    t.is_principal AS t_isPrincipal, t.mobile AS t_mobile, t.email AS t_email,
    e.id AS e_id, e.credit_code AS e_creditCode, e.name AS e_name, e.industry AS e_industry, e.qualifications AS e_qualifications,
    e.is_manufacturing AS e_isManufacturing
  FROM registrations r
  JOIN programmes p ON p.id = r.programme_id
  JOIN trainees t ON t.id = r.trainee_id
  JOIN enterprises e ON e.id = r.enterprise_id
  LEFT JOIN sessions s ON s.id = r.session_id`;

type RawRow = Record<string, unknown>;
const bool = (v: unknown) => (v === null || v === undefined ? null : v === 1);

function toRow(r: RawRow): RegistrationRow {
  return {
    id: r.id as number,
    programmeId: r.programmeId as number,
    programmeYear: r.programmeYear as number,
    sessionId: (r.sessionId as number | null) ?? null,
    sessionNumber: (r.sessionNumber as number | null) ?? null,
    regionCode: r.regionCode as string,
    regionName: regionName(r.regionCode as string),
    status: r.status as RegistrationStatus,
    statusReason: r.statusReason as string,
    source: r.source as string,
    createdAt: r.createdAt as string,
    updatedAt: r.updatedAt as string,
    trainee: {
      id: r.t_id as number,
      idNumber: r.t_idNumber as string,
      name: r.t_name as string,
      gender: (r.t_gender as '男' | '女' | null) ?? null,
      ethnicity: r.t_ethnicity as string,
      birthDate: (r.t_birthDate as string | null) ?? null,
      politicalStatus: r.t_politicalStatus as string,
      education: r.t_education as string,
      position: r.t_position as string,
      isPrincipal: bool(r.t_isPrincipal),
      mobile: r.t_mobile as string,
      email: r.t_email as string,
    },
    enterprise: {
      id: r.e_id as number,
      creditCode: r.e_creditCode as string,
      name: r.e_name as string,
      industry: r.e_industry as string,
      qualifications: JSON.parse(r.e_qualifications as string) as string[],
      isManufacturing: bool(r.e_isManufacturing),
    },
  };
}

export function getRegistration(db: Db, id: number): RegistrationRow {
  const r = prepared(db, `${ROW_SQL} WHERE r.id = ?`).get(id) as RawRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', `找不到报名记录 ${id}，可能已被删除。请刷新后重试。`, { id });
  return toRow(r);
}

function describe(r: RegistrationRow): string {
  const session = r.sessionNumber ? `第${r.sessionNumber}期` : '期次未分配';
  return `学员 ${r.trainee.name}（${r.regionName}，${session}，${STATUS_LABELS[r.status]}，报名编号 ${r.id}）`;
}

const CONFLICT_RULES = {
  enterprise: {
    column: 'enterprise_id',
    rule: 'ONE_PER_ENTERPRISE',
    message: (r: RegistrationRow) =>
      `企业「${r.enterprise.name}」（统一社会信用代码 ${r.enterprise.creditCode}）本年度已有报名：${describe(r)}。每个企业本年度仅可报名一个培训班，且限报一人；如需换人，请先撤回原报名。`,
  },
  trainee: {
    column: 'trainee_id',
    rule: 'ONE_PER_TRAINEE',
    message: (r: RegistrationRow) => `身份证号 ${r.trainee.idNumber} 的学员本年度已有报名：${describe(r)}。同一学员本年度只能报名一次。`,
  },
} as const;

/** The notice's rule, checked before the index would refuse, so the message can name the other registration. */
export function findConflicts(
  db: Db,
  programmeId: number,
  enterpriseId: number | null,
  traineeId: number | null,
  exceptId = 0,
): AppError | null {
  for (const [kind, id] of [
    ['enterprise', enterpriseId],
    ['trainee', traineeId],
  ] as const) {
    if (id === null) continue;
    const c = CONFLICT_RULES[kind];
    const other = prepared(
      db,
      `SELECT id FROM registrations WHERE programme_id = ? AND ${c.column} = ? AND status IN ${ACTIVE_STATUS_SQL} AND id <> ?`,
    ).get(programmeId, id, exceptId) as { id: number } | undefined;
    if (other) {
      const r = getRegistration(db, other.id);
      return new AppError('CONFLICT', c.message(r), { rule: c.rule, existingRegistrationId: r.id });
    }
  }
  return null;
}

/** `replace` (an edit) takes every field as given; otherwise (a new form) blanks keep what we had. */
function upsertEnterprise(db: Db, e: CleanEnterprise, regionCode: string, t: string, replace = false): number {
  const found = prepared(db, 'SELECT id FROM enterprises WHERE credit_code = ?').get(e.creditCode) as { id: number } | undefined;
  if (!found) return insertEnterprise(db, e, regionCode, t);
  const params = {
    ...e,
    qualifications: JSON.stringify(e.qualifications),
    isManufacturing: e.isManufacturing === null ? null : Number(e.isManufacturing),
    regionCode,
    t,
  };
  if (replace) {
    prepared(
      db,
      `UPDATE enterprises SET name = @name, region_code = @regionCode, industry = @industry, qualifications = @qualifications,
         founded_on = @foundedOn, employees = @employees, revenue_wan = @revenueWan, is_manufacturing = @isManufacturing, updated_at = @t
       WHERE id = @id`,
    ).run({ ...params, id: found.id });
    return found.id;
  }
  // The newest form is the best knowledge of the enterprise, but blanks never erase what we had.
  prepared(
    db,
    `UPDATE enterprises SET name = @name, region_code = @regionCode,
       industry = CASE WHEN @industry <> '' THEN @industry ELSE industry END,
       qualifications = CASE WHEN @qualifications <> '[]' THEN @qualifications ELSE qualifications END,
       founded_on = coalesce(@foundedOn, founded_on), employees = coalesce(@employees, employees),
       revenue_wan = coalesce(@revenueWan, revenue_wan), is_manufacturing = coalesce(@isManufacturing, is_manufacturing),
       updated_at = @t WHERE id = @id`,
  ).run({ ...params, id: found.id });
  return found.id;
}

/** Positional parameters: an import runs this 50,000 times, and named ones cost a spread object each. */
function insertEnterprise(db: Db, e: CleanEnterprise, regionCode: string, t: string): number {
  return Number(
    prepared(
      db,
      `INSERT INTO enterprises (credit_code, name, region_code, industry, qualifications, founded_on, employees, revenue_wan, is_manufacturing, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      e.creditCode,
      e.name,
      regionCode,
      e.industry,
      e.qualifications.length ? JSON.stringify(e.qualifications) : '[]',
      e.foundedOn,
      e.employees,
      e.revenueWan,
      e.isManufacturing === null ? null : Number(e.isManufacturing),
      t,
      t,
    ).lastInsertRowid,
  );
}

function upsertTrainee(db: Db, tr: CleanTrainee, t: string, replace = false): number {
  const found = prepared(db, 'SELECT id FROM trainees WHERE id_number = ?').get(tr.idNumber) as { id: number } | undefined;
  if (!found) return insertTrainee(db, tr, t);
  const py = namePinyin(tr.name);
  const params = { ...tr, isPrincipal: tr.isPrincipal === null ? null : Number(tr.isPrincipal), pinyin: py.full, initials: py.initials, t };
  if (replace) {
    prepared(
      db,
      `UPDATE trainees SET name = @name, name_pinyin = @pinyin, name_initials = @initials, gender = @gender, ethnicity = @ethnicity,
         birth_date = @birthDate, political_status = @politicalStatus, education = @education, position = @position,
         is_principal = @isPrincipal, mobile = @mobile, email = @email, updated_at = @t WHERE id = @id`,
    ).run({ ...params, id: found.id });
    return found.id;
  }
  prepared(
    db,
    `UPDATE trainees SET name = @name, name_pinyin = @pinyin, name_initials = @initials, gender = coalesce(@gender, gender),
       ethnicity = CASE WHEN @ethnicity <> '' THEN @ethnicity ELSE ethnicity END, birth_date = coalesce(@birthDate, birth_date),
       political_status = CASE WHEN @politicalStatus <> '' THEN @politicalStatus ELSE political_status END,
       education = CASE WHEN @education <> '' THEN @education ELSE education END,
       position = CASE WHEN @position <> '' THEN @position ELSE position END,
       is_principal = coalesce(@isPrincipal, is_principal),
       mobile = CASE WHEN @mobile <> '' THEN @mobile ELSE mobile END, email = CASE WHEN @email <> '' THEN @email ELSE email END,
       updated_at = @t WHERE id = @id`,
  ).run({ ...params, id: found.id });
  return found.id;
}

function insertTrainee(db: Db, tr: CleanTrainee, t: string): number {
  const py = namePinyin(tr.name);
  return Number(
    prepared(
      db,
      `INSERT INTO trainees (id_number, name, name_pinyin, name_initials, gender, ethnicity, birth_date, political_status, education, position, is_principal, mobile, email, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      tr.idNumber,
      tr.name,
      py.full,
      py.initials,
      tr.gender,
      tr.ethnicity,
      tr.birthDate,
      tr.politicalStatus,
      tr.education,
      tr.position,
      tr.isPrincipal === null ? null : Number(tr.isPrincipal),
      tr.mobile,
      tr.email,
      t,
      t,
    ).lastInsertRowid,
  );
}

function validationError(issues: FieldIssue[]): AppError {
  const errors = issues.filter((i) => i.severity === 'error');
  return new AppError('VALIDATION', `报名信息有 ${errors.length} 处错误：${errors.map((e) => e.message).join('；')}`, { issues });
}

export interface NewRegistration {
  programmeId: number;
  sessionId: number | null;
  regionCode: string;
  trainee: CleanTrainee;
  enterprise: CleanEnterprise;
  source?: string;
  /** Beyond the region's quota (OVER_QUOTA): stored as 候补 with this message as its reason. */
  waitlistReason?: string;
}

/**
 * Inserts one checked registration; the caller holds the transaction. `precheck` looks for the
 * registration that would conflict, to name it; an import whose rows were checked in its dry run
 * skips that and relies on the unique indexes, which refuse the same conflicts (measured: the
 * lookups were a third of the commit's time).
 */
export function insertRegistration(db: Db, n: NewRegistration, opts: { precheck?: boolean } = {}): number {
  const t = nowIso();
  if (opts.precheck !== false) {
    const existingEnterprise = prepared(db, 'SELECT id FROM enterprises WHERE credit_code = ?').get(n.enterprise.creditCode) as
      { id: number } | undefined;
    const existingTrainee = prepared(db, 'SELECT id FROM trainees WHERE id_number = ?').get(n.trainee.idNumber) as
      { id: number } | undefined;
    const conflict = findConflicts(db, n.programmeId, existingEnterprise?.id ?? null, existingTrainee?.id ?? null);
    if (conflict) throw conflict;
  }
  const enterpriseId = upsertEnterprise(db, n.enterprise, n.regionCode, t);
  const traineeId = upsertTrainee(db, n.trainee, t);
  return insertRegistrationRow(db, n, traineeId, enterpriseId, t);
}

function insertRegistrationRow(db: Db, n: NewRegistration, traineeId: number, enterpriseId: number, t: string): number {
  try {
    return Number(
      prepared(
        db,
        `INSERT INTO registrations (programme_id, session_id, region_code, trainee_id, enterprise_id, status, status_reason, source, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        n.programmeId,
        n.sessionId,
        n.regionCode,
        traineeId,
        enterpriseId,
        n.waitlistReason ? 'waitlisted' : 'submitted',
        n.waitlistReason ?? '',
        n.source ?? 'manual',
        t,
        t,
      ).lastInsertRowid,
    );
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('CONFLICT', '该企业或学员本年度已有报名（每个企业本年度仅可报名一个培训班，且限报一人）。', {
        rule: 'ONE_PER_ENTERPRISE',
      });
    throw e;
  }
}

/** What an imported row wrote: the enterprise or trainee it merged into, if one was already stored. */
export interface ImportedRegistration {
  id: number;
  mergedTrainee: number | null;
  mergedEnterprise: number | null;
}

/**
 * An import's insert, for a row its dry run checked. Where the dry run found no such enterprise
 * (or trainee) it is inserted straight away, without looking first: the common case, and a third
 * of the statements. Should one have been added since, the UNIQUE index says so and the row merges
 * into it like a typed form would. `t` is the import's one timestamp.
 */
export function insertImportedRegistration(
  db: Db,
  n: NewRegistration,
  known: { enterprise: boolean; trainee: boolean },
  t: string,
): ImportedRegistration {
  let mergedEnterprise: number | null = null;
  let mergedTrainee: number | null = null;
  let enterpriseId = known.enterprise ? null : insertUnlessStored(() => insertEnterprise(db, n.enterprise, n.regionCode, t));
  if (enterpriseId === null) mergedEnterprise = enterpriseId = upsertEnterprise(db, n.enterprise, n.regionCode, t);
  let traineeId = known.trainee ? null : insertUnlessStored(() => insertTrainee(db, n.trainee, t));
  if (traineeId === null) mergedTrainee = traineeId = upsertTrainee(db, n.trainee, t);
  return { id: insertRegistrationRow(db, n, traineeId, enterpriseId, t), mergedTrainee, mergedEnterprise };
}

/** The insert's id, or null when the row's unique code is already stored (the statement alone is undone). */
function insertUnlessStored(insert: () => number): number | null {
  try {
    return insert();
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

function checkRegion(db: Db, code: string): void {
  if (!prepared(db, 'SELECT 1 FROM regions WHERE code = ?').get(code))
    throw new AppError('VALIDATION', `地区代码 ${code} 不在 37 个推荐地区之中，请从列表中选择地区。`, { field: 'regionCode' });
}

export function listRegistrations(db: Db, q: ParsedInput<'registrations.list'>): { total: number; rows: RegistrationRow[] } {
  getProgramme(db, q.programmeId);
  const ids = findRegistrationIds(db, q);
  const page = ids.slice(q.offset, q.offset + q.limit);
  if (!page.length) return { total: ids.length, rows: [] };
  const order = new Map(page.map((id, i) => [id, i]));
  const rows = (prepared(db, `${ROW_SQL} WHERE r.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(page)) as RawRow[])
    .map(toRow)
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { total: ids.length, rows };
}

/** The whole enterprise record, for an edit that starts from what is stored. */
function enterpriseDraft(db: Db, id: number): CleanEnterprise {
  const e = prepared(
    db,
    `SELECT credit_code AS creditCode, name, industry, qualifications, founded_on AS foundedOn, employees, revenue_wan AS revenueWan,
         is_manufacturing AS isManufacturing FROM enterprises WHERE id = ?`,
  ).get(id) as Record<string, unknown>;
  return {
    ...(e as unknown as CleanEnterprise),
    qualifications: JSON.parse(e.qualifications as string) as string[],
    isManufacturing: e.isManufacturing === null ? null : e.isManufacturing === 1,
  };
}

/** Form-time checks: the same rules as saving, plus the one-place rule against the store. */
export function checkDraft(db: Db, input: ParsedInput<'registrations.check'>): FieldIssue[] {
  const trainee = checkTrainee({ name: '', idNumber: '', ...input.trainee });
  const enterprise = checkEnterprise({ creditCode: '', name: '', ...input.enterprise });
  const issues = [...trainee.issues, ...enterprise.issues];
  const e = enterprise.value.creditCode
    ? (prepared(db, 'SELECT id FROM enterprises WHERE credit_code = ?').get(enterprise.value.creditCode) as { id: number } | undefined)
    : undefined;
  const t = trainee.value.idNumber
    ? (prepared(db, 'SELECT id FROM trainees WHERE id_number = ?').get(trainee.value.idNumber) as { id: number } | undefined)
    : undefined;
  const ce = e ? findConflicts(db, input.programmeId, e.id, null, input.exceptId) : null;
  if (ce) issues.push({ severity: 'error', code: 'ALREADY_REGISTERED', field: 'creditCode', message: ce.message });
  const ct = t ? findConflicts(db, input.programmeId, null, t.id, input.exceptId) : null;
  if (ct) issues.push({ severity: 'error', code: 'ALREADY_REGISTERED', field: 'idNumber', message: ct.message });
  // The session's quota and deadline, as saving will count them (a registration being edited keeps its place).
  if (input.sessionId && input.regionCode) {
    const own = input.exceptId ? getRegistration(db, input.exceptId) : null;
    const holdsThisPlace =
      own && own.sessionId === input.sessionId && own.regionCode === input.regionCode && HOLDING_STATUSES.includes(own.status);
    const over = holdsThisPlace ? null : createPlaceCounter(db, input.programmeId)(input.sessionId, input.regionCode);
    if (over) issues.push({ severity: 'warning', code: over.code, field: 'sessionId', message: over.message });
    const late = afterDeadline(db, input.sessionId);
    if (late) issues.push({ severity: 'warning', code: 'AFTER_DEADLINE', field: 'sessionId', message: late });
  }
  return issues;
}

type RegistrationHandlers = Pick<
  Handlers,
  | 'registrations.list'
  | 'registrations.get'
  | 'registrations.create'
  | 'registrations.setStatus'
  | 'registrations.update'
  | 'registrations.check'
>;

/**
 * After each committed write, the search index is told which registration changed, with its trainee
 * and enterprise (a corrected name shows in every registration of that person or enterprise).
 */
function tellIndex(db: Db, handlers: RegistrationHandlers): RegistrationHandlers {
  const tell = (r: RegistrationRow): RegistrationRow => {
    registrationsWritten(db, { registrations: [r.id], trainees: [r.trainee.id], enterprises: [r.enterprise.id] });
    return r;
  };
  const written = (r: RegistrationRow | Promise<RegistrationRow>) => (r instanceof Promise ? r.then(tell) : tell(r));
  return {
    ...handlers,
    'registrations.create': (input, call) => written(handlers['registrations.create'](input, call)),
    'registrations.update': (input, call) => written(handlers['registrations.update'](input, call)),
    'registrations.setStatus': (input, call) => written(handlers['registrations.setStatus'](input, call)),
  };
}

export function registrationHandlers(ctx: ServiceContext): RegistrationHandlers {
  const { db } = ctx;
  trackConnection(db);
  return tellIndex(db, {
    'registrations.check': (input) => checkDraft(db, input),
    'registrations.update': (input) =>
      writeTx(
        db,
        'registrations.update',
        () => {
          const before = getRegistration(db, input.id);
          const trainee = checkTrainee({ ...before.trainee, ...input.trainee });
          const enterprise = checkEnterprise({ ...enterpriseDraft(db, before.enterprise.id), ...input.enterprise });
          const issues = [...trainee.issues, ...enterprise.issues];
          if (hasErrors(issues)) throw validationError(issues);
          const regionCode = input.regionCode ?? before.regionCode;
          checkRegion(db, regionCode);
          const sessionId = input.sessionId === undefined ? before.sessionId : input.sessionId;
          // Moving a trainee out of (or into) a closed session would change its certified roster.
          if (sessionId !== before.sessionId) for (const s of [before.sessionId, sessionId]) if (s !== null) assertSessionOpen(db, s);
          if (sessionId !== null && getSession(db, sessionId).programmeId !== before.programmeId)
            throw new AppError('VALIDATION', '所选期次不属于当前培训项目，请重新选择期次。', { field: 'sessionId' });
          const t = nowIso();
          // A corrected ID number or credit code points the registration at that person or enterprise.
          const enterpriseId = upsertEnterprise(db, enterprise.value, regionCode, t, true);
          const traineeId = upsertTrainee(db, trainee.value, t, true);
          if (ACTIVE_STATUSES.includes(before.status)) {
            const conflict = findConflicts(db, before.programmeId, enterpriseId, traineeId, before.id);
            if (conflict) throw conflict;
          }
          prepared(
            db,
            'UPDATE registrations SET session_id = ?, region_code = ?, trainee_id = ?, enterprise_id = ?, updated_at = ? WHERE id = ?',
          ).run(sessionId, regionCode, traineeId, enterpriseId, t, before.id);
          // A group and seat belong to the session: another session seats the trainee afresh.
          if (sessionId !== before.sessionId) prepared(db, 'DELETE FROM roster_entries WHERE registration_id = ?').run(before.id);
          return { before, after: getRegistration(db, before.id) };
        },
        ({ after }) => `修改报名 ${after.id}：${after.trainee.name}（${after.enterprise.name}）`,
        ({ before }) => ({ before, changes: input }),
      ).after,
    'registrations.list': (q) => listRegistrations(db, q),
    'registrations.get': ({ id }) => getRegistration(db, id),
    'registrations.create': (input) => {
      const trainee = checkTrainee(input.trainee);
      const enterprise = checkEnterprise(input.enterprise);
      const issues = [...trainee.issues, ...enterprise.issues];
      if (hasErrors(issues)) throw validationError(issues);
      return writeTx(
        db,
        'registrations.create',
        () => {
          getProgramme(db, input.programmeId);
          checkRegion(db, input.regionCode);
          if (input.sessionId !== null && getSession(db, input.sessionId).programmeId !== input.programmeId)
            throw new AppError('VALIDATION', '所选期次不属于当前培训项目，请重新选择期次。', { field: 'sessionId' });
          // Counted against the region's quota for the session: beyond it, stored as 候补.
          const over = input.sessionId !== null ? createPlaceCounter(db, input.programmeId)(input.sessionId, input.regionCode) : null;
          const id = insertRegistration(db, {
            ...input,
            trainee: trainee.value,
            enterprise: enterprise.value,
            waitlistReason: over?.message,
          });
          return getRegistration(db, id);
        },
        (r) =>
          `新增报名：${r.trainee.name}（${r.enterprise.name}，${r.regionName}）${r.status === 'waitlisted' ? `，${r.statusReason}` : ''}`,
        (r) => ({ registrationId: r.id, warnings: issues }),
      );
    },
    'registrations.setStatus': ({ id, status, reason }) =>
      writeTx(
        db,
        'registrations.setStatus',
        () => {
          const before = getRegistration(db, id);
          // A closed session's roster is certified: its trainees' status changes only after reopening it.
          if (before.sessionId !== null) assertSessionOpen(db, before.sessionId);
          assertTransition(before.status, status, reason);
          if (ACTIVE_STATUSES.includes(status) && !ACTIVE_STATUSES.includes(before.status)) {
            const conflict = findConflicts(db, before.programmeId, before.enterprise.id, before.trainee.id, id);
            if (conflict) throw conflict;
          }
          // Off the roster (no longer approved): its group and seat go with it, so no stale seat blocks another.
          if (status !== 'approved') prepared(db, 'DELETE FROM roster_entries WHERE registration_id = ?').run(id);
          prepared(db, 'UPDATE registrations SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(
            status,
            reason,
            nowIso(),
            id,
          );
          return { before, after: getRegistration(db, id) };
        },
        ({ before, after }) =>
          `报名 ${id}（${after.trainee.name}）：${STATUS_LABELS[before.status]} → ${STATUS_LABELS[after.status]}${reason ? `，原因：${reason}` : ''}`,
      ).after,
  });
}
