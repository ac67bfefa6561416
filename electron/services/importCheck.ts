/**
 * Checks imported rows one by one, exactly as a typed registration is checked (shared rules), plus
 * what only an import can get wrong: the same enterprise or person twice in one file, a registration
 * already in the store, a 期次 or 地区 the programme does not know.
 *
 * What a dry run keeps of each row (CheckedRows) is one short JSON array written as UTF-8 into
 * large shared blocks: the clean values the commit writes, or for a row with problems its preview
 * and issues. No object per row stays on the JavaScript heap, so the kept rows cost about their
 * size in bytes and the garbage collector never walks them (measured over 20,000 rows: ~290 bytes
 * a row kept, against ~1,650 with a preview object and a JSON string per row).
 *
 * Store lookups (is this enterprise or person already registered?) go BATCH rows at a time.
 */
import {
  checkEnterprise,
  checkTrainee,
  type CleanEnterprise,
  type CleanTrainee,
  type TraineeDraft,
} from '../../shared/domain/checkRegistration';
import { FIELD_LABELS, type FieldKey } from '../../shared/domain/fields';
import type { ImportColumn, ImportIssue, ImportNotice, ImportPreviewRow, ImportRowStatus } from '../../shared/domain/importTypes';
import { regionFromText } from '../../shared/domain/regionText';
import { parseSessionNumber } from '../../shared/domain/session';
import { normalizeText } from '../../shared/domain/normalize';
import { regionName, type Region } from '../../shared/regions';
import type { Db } from '../db/connection';
import { afterDeadline, createPlaceCounter } from './placeCount';
import { findConflicts } from './registrations';

export interface ImportRecord {
  rowNumber: number;
  values: Partial<Record<FieldKey, unknown>>;
}

/** A row the commit writes: the checked values, and what the dry run found already stored. */
export interface CleanRow {
  rowNumber: number;
  trainee: CleanTrainee;
  enterprise: CleanEnterprise;
  sessionId: number | null;
  regionCode: string;
  /** The enterprise / trainee was in the store at the dry run: the commit merges into it. */
  known: { enterprise: boolean; trainee: boolean };
}

// ---------------------------------------------------------------------------------------------
// The kept rows

const STATUS: ImportRowStatus[] = ['ok', 'warning', 'error'];
const BLOCK = 1 << 20;

/**
 * The layout of one kept row (a JSON array):
 *   ok / warning: [status, rowNumber, known, sessionId, sessionNumber, regionCode, ...trainee (11), ...enterprise (8), issues?]
 *   error:        [2, rowNumber, name, idNumber, enterpriseName, creditCode, sessionNumber, regionCode, issues]
 * `known`: 1 = enterprise stored, 2 = trainee stored. An issue: [field, column, columnIndex, severity, code, message].
 */
type IssueTuple = [string, string, number | null, ImportIssue['severity'], string, string];
const T = 6; // first trainee value
const E = T + 11; // first enterprise value
const W = E + 8; // a warning row's issues

/** An ok or warning row in the layout above (without its issues). */
function keptValues(
  status: number,
  rowNumber: number,
  known: number,
  sessionId: number | null,
  sessionNumber: number | null,
  regionCode: string,
  t: CleanTrainee,
  e: CleanEnterprise,
): unknown[] {
  return [
    status,
    rowNumber,
    known,
    sessionId,
    sessionNumber,
    regionCode,
    t.idNumber,
    t.name,
    t.gender,
    t.ethnicity,
    t.birthDate,
    t.politicalStatus,
    t.education,
    t.position,
    t.isPrincipal,
    t.mobile,
    t.email,
    e.creditCode,
    e.name,
    e.industry,
    e.qualifications,
    e.foundedOn,
    e.employees,
    e.revenueWan,
    e.isManufacturing,
  ];
}

const toIssue = (rowNumber: number, [field, column, columnIndex, severity, code, message]: IssueTuple): ImportIssue => ({
  rowNumber,
  field,
  column,
  columnIndex,
  severity,
  code,
  message,
});

/** A dry run's rows in file order, each a JSON array in UTF-8 (see the layout above). */
export class CheckedRows {
  private blocks: Buffer[] = [];
  private used = BLOCK;
  /** Per row: block, start, end. */
  private where = new Int32Array(3 * 1024);
  private statuses = new Uint8Array(1024);
  length = 0;
  readonly counts = { ok: 0, warning: 0, error: 0 };

  push(status: ImportRowStatus, values: unknown[]): void {
    const text = JSON.stringify(values);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room, write() says what it took.
    if (this.used + 3 * text.length > BLOCK) {
      this.blocks.push(Buffer.allocUnsafe(Math.max(BLOCK, 3 * text.length)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    const bytes = this.blocks[block].write(text, this.used);
    if (this.length === this.statuses.length) {
      const where = new Int32Array(this.where.length * 2);
      where.set(this.where);
      this.where = where;
      const statuses = new Uint8Array(this.statuses.length * 2);
      statuses.set(this.statuses);
      this.statuses = statuses;
    }
    const at = 3 * this.length;
    this.where[at] = block;
    this.where[at + 1] = this.used;
    this.where[at + 2] = this.used + bytes;
    this.statuses[this.length++] = STATUS.indexOf(status);
    this.counts[status]++;
    this.used += bytes;
  }

  status(i: number): ImportRowStatus {
    return STATUS[this.statuses[i]];
  }

  private values(i: number): unknown[] {
    const w = this.where.subarray(3 * i, 3 * i + 3);
    return JSON.parse(this.blocks[w[0]].toString('utf8', w[1], w[2])) as unknown[];
  }

  /** What the wizard shows of the row. */
  preview(i: number): ImportPreviewRow {
    const v = this.values(i);
    const status = STATUS[v[0] as number];
    const rowNumber = v[1] as number;
    if (status === 'error') {
      const [, , name, idNumber, enterpriseName, creditCode, sessionNumber, regionCode, issues] = v as [
        number,
        number,
        string,
        string,
        string,
        string,
        number | null,
        string,
        IssueTuple[],
      ];
      return {
        rowNumber,
        status,
        name,
        idNumber,
        enterpriseName,
        creditCode,
        sessionNumber,
        regionName: regionCode ? regionName(regionCode) : '',
        issues: issues.map((x) => toIssue(rowNumber, x)),
      };
    }
    return {
      rowNumber,
      status,
      name: v[T + 1] as string,
      idNumber: v[T] as string,
      enterpriseName: v[E + 1] as string,
      creditCode: v[E] as string,
      sessionNumber: v[4] as number | null,
      regionName: regionName(v[5] as string),
      issues: ((v[W] as IssueTuple[] | undefined) ?? []).map((x) => toIssue(rowNumber, x)),
    };
  }

  issues(i: number): ImportIssue[] {
    return this.statuses[i] === 0 ? [] : this.preview(i).issues;
  }

  /** What the commit writes; null for a row with errors. */
  clean(i: number): CleanRow | null {
    if (this.status(i) === 'error') return null;
    const v = this.values(i);
    return {
      rowNumber: v[1] as number,
      known: { enterprise: ((v[2] as number) & 1) !== 0, trainee: ((v[2] as number) & 2) !== 0 },
      sessionId: v[3] as number | null,
      regionCode: v[5] as string,
      trainee: {
        idNumber: v[T] as string,
        name: v[T + 1] as string,
        gender: v[T + 2] as CleanTrainee['gender'],
        ethnicity: v[T + 3] as string,
        birthDate: v[T + 4] as string | null,
        politicalStatus: v[T + 5] as string,
        education: v[T + 6] as string,
        position: v[T + 7] as string,
        isPrincipal: v[T + 8] as boolean | null,
        mobile: v[T + 9] as string,
        email: v[T + 10] as string,
      },
      enterprise: {
        creditCode: v[E] as string,
        name: v[E + 1] as string,
        industry: v[E + 2] as string,
        qualifications: v[E + 3] as string[],
        foundedOn: v[E + 4] as string | null,
        employees: v[E + 5] as number | null,
        revenueWan: v[E + 6] as number | null,
        isManufacturing: v[E + 7] as boolean | null,
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The checks

export interface CheckerOptions {
  programmeId: number;
  columns: ImportColumn[];
  /** Chosen for the whole file (CLI --session / the wizard); otherwise the 期次 column, else unassigned. */
  sessionNumber?: number;
  /** Chosen for the whole file; otherwise the 所在地区 column, then the 填报单位 line. */
  regionCode?: string;
  reportingUnit?: string | null;
  /** Last resort: the user's own unit from 设置 (a provincial office imports for its own region). */
  organisation?: string;
  date1904?: boolean;
}

/** Columns hold the same few 期次 and 地区 texts thousands of times: each is read once. */
function memo<T>(fn: (v: unknown) => T): (v: unknown) => T {
  const seen = new Map<unknown, T>();
  return (v) => {
    const hit = seen.get(v);
    if (hit !== undefined || seen.has(v)) return hit as T;
    const r = fn(v);
    // Only values that repeat are worth keeping; a column of unique texts is not memoised for ever.
    if (seen.size < 1000) seen.set(v, r);
    return r;
  };
}

/** A checked row waiting for its batch's store lookups. */
interface Held {
  rowNumber: number;
  issues: IssueTuple[];
  trainee: CleanTrainee;
  enterprise: CleanEnterprise;
  sessionId: number | null;
  sessionNumber: number | null;
  regionCode: string | null;
}

/** Rows are looked up in the store this many at a time: one statement instead of two per row. */
const BATCH = 256;

export interface RowChecker {
  /** Checks a row; what the dry run keeps of it reaches `into` by the time finish() returns. */
  check(rec: ImportRecord): void;
  finish(): void;
  /** Rows kept beyond their region's quota so far (OVER_QUOTA): a commit stores them as 候补. */
  overQuota(): number;
  /** About the file as a whole: sessions whose registration deadline has passed (AFTER_DEADLINE). */
  notices(): ImportNotice[];
}

export function createRowChecker(db: Db, opts: CheckerOptions, into: CheckedRows): RowChecker {
  const sessions = new Map(
    (db.prepare('SELECT number, id FROM sessions WHERE programme_id = ?').all(opts.programmeId) as { number: number; id: number }[]).map(
      (s) => [s.number, s.id],
    ),
  );
  const byField = new Map<string, ImportColumn>();
  for (const c of opts.columns) if (c.field && !byField.has(c.field)) byField.set(c.field, c);
  const unitRegion =
    (opts.reportingUnit ? regionFromText(opts.reportingUnit) : null) ?? (opts.organisation ? regionFromText(opts.organisation) : null);
  const enterprisesIn = db.prepare('SELECT credit_code, id FROM enterprises WHERE credit_code IN (SELECT value FROM json_each(?))').raw();
  const traineesIn = db.prepare('SELECT id_number, id FROM trainees WHERE id_number IN (SELECT value FROM json_each(?))').raw();
  const issue = (field: string, severity: 'error' | 'warning', code: string, message: string): IssueTuple => {
    const col = byField.get(field);
    return [field, col?.header ?? '', col?.index ?? null, severity, code, message];
  };
  let held: Held[] = [];
  const takePlace = createPlaceCounter(db, opts.programmeId);
  let overQuota = 0;
  const lateRows = new Map<number, number>();
  const deadlines = new Map<number, string | null>();
  const lateFor = (sessionId: number) => {
    if (!deadlines.has(sessionId)) deadlines.set(sessionId, afterDeadline(db, sessionId));
    return deadlines.get(sessionId)!;
  };

  /** Against the store, a batch at a time; then each row is kept. */
  function flush(): void {
    const stored = (st: typeof enterprisesIn, keys: string[]) =>
      keys.length ? new Map(st.all(JSON.stringify(keys)) as [string, number][]) : new Map<string, number>();
    const enterprises = stored(enterprisesIn, held.map((h) => h.enterprise.creditCode).filter(Boolean));
    const trainees = stored(traineesIn, held.map((h) => h.trainee.idNumber).filter(Boolean));
    for (const h of held) {
      const e = enterprises.get(h.enterprise.creditCode);
      const t = trainees.get(h.trainee.idNumber);
      const ce = e !== undefined && findConflicts(db, opts.programmeId, e, null);
      if (ce) h.issues.push(issue('creditCode', 'error', 'ALREADY_REGISTERED', ce.message));
      const ct = t !== undefined && findConflicts(db, opts.programmeId, null, t);
      if (ct) h.issues.push(issue('idNumber', 'error', 'ALREADY_REGISTERED', ct.message));
      if (ce || ct || h.issues.some((x) => x[3] === 'error')) {
        const { name, idNumber } = h.trainee;
        const { name: enterpriseName, creditCode } = h.enterprise;
        into.push('error', [2, h.rowNumber, name, idNumber, enterpriseName, creditCode, h.sessionNumber, h.regionCode ?? '', h.issues]);
        continue;
      }
      // Counted against the quota in file order, like rows typed one after another; beyond it, 候补.
      if (h.sessionId !== null && h.regionCode) {
        const over = takePlace(h.sessionId, h.regionCode);
        if (over) {
          h.issues.push(issue('sessionNumber', 'warning', over.code, over.message));
          overQuota++;
        }
        // After the deadline: one notice per session for the file (the same words on every row would bury the rest).
        if (lateFor(h.sessionId)) lateRows.set(h.sessionId, (lateRows.get(h.sessionId) ?? 0) + 1);
      }
      const known = (e !== undefined ? 1 : 0) | (t !== undefined ? 2 : 0);
      const values = keptValues(
        h.issues.length ? 1 : 0,
        h.rowNumber,
        known,
        h.sessionId,
        h.sessionNumber,
        h.regionCode!,
        h.trainee,
        h.enterprise,
      );
      if (h.issues.length) values.push(h.issues);
      into.push(h.issues.length ? 'warning' : 'ok', values);
    }
    held = [];
  }
  const seenEnterprise = new Map<string, number>();
  const seenPerson = new Map<string, number>();
  const hasSessionColumn = byField.has('sessionNumber');
  const hasRegionColumn = byField.has('region');
  const sessionOf = memo(parseSessionNumber);
  const dates = { date1904: opts.date1904 };
  const regionOf = memo((v): { text: string; region: Region | null } => {
    const text = normalizeText(v);
    return { text, region: text ? regionFromText(v) : null };
  });

  function check(rec: ImportRecord): void {
    const issues: IssueTuple[] = [];
    const add = (field: string, severity: 'error' | 'warning', code: string, message: string) =>
      issues.push(issue(field, severity, code, message));
    const v = rec.values;
    // The record's values are keyed by field, as checkTrainee reads them: no copy per row.
    const trainee = checkTrainee(v as TraineeDraft, dates);
    const enterprise = checkEnterprise(
      {
        creditCode: v.creditCode,
        name: v.enterpriseName,
        industry: v.industry,
        qualifications: v.qualifications,
        foundedOn: v.foundedOn,
        employees: v.employees,
        revenueWan: v.revenueWan,
        isManufacturing: v.isManufacturing,
      },
      dates,
    );
    for (const i of trainee.issues) add(i.field, i.severity, i.code, i.message);
    for (const i of enterprise.issues) add(i.field, i.severity, i.code, i.message);

    // 期次: fixed for the file, or from the column; unknown numbers are errors, blanks stay unassigned.
    let sessionNumber: number | null = opts.sessionNumber ?? null;
    if (sessionNumber === null && hasSessionColumn) {
      const n = sessionOf(v.sessionNumber);
      if (Number.isNaN(n))
        add('sessionNumber', 'error', 'SESSION_FORMAT', `期次「${normalizeText(v.sessionNumber)}」无法识别，应填写如「第3期」或「3」。`);
      else sessionNumber = n;
    }
    let sessionId: number | null = null;
    if (sessionNumber !== null) {
      sessionId = sessions.get(sessionNumber) ?? null;
      if (sessionId === null)
        add(
          'sessionNumber',
          'error',
          'SESSION_UNKNOWN',
          `本项目没有第${sessionNumber}期，请先在「年度计划与名额」中新增该期，或改正期次。`,
        );
    }

    // 地区: fixed, or the row's own column, or the 填报单位 line.
    let regionCode = opts.regionCode ?? null;
    let regionUnknown = false;
    if (!regionCode && hasRegionColumn) {
      const r = regionOf(v.region);
      if (r.region) regionCode = r.region.code;
      else if (r.text) {
        regionUnknown = true;
        add('region', 'error', 'REGION_UNKNOWN', `所在地区「${r.text}」不是 37 个推荐地区之一（省、计划单列市或新疆生产建设兵团）。`);
      }
    }
    if (!regionCode && unitRegion) regionCode = unitRegion.code;
    if (!regionCode && !regionUnknown)
      add(
        'region',
        'error',
        'REGION_REQUIRED',
        '无法确定推荐地区：请在导入时选择地区，或在表中填写「所在地区」列，或在「设置」中填写所在单位。',
      );

    // Duplicates inside the file, then against the store.
    const code = enterprise.value.creditCode;
    const idn = trainee.value.idNumber;
    if (code && code.length === 18) {
      const first = seenEnterprise.get(code);
      if (first !== undefined)
        add(
          'creditCode',
          'error',
          'DUPLICATE_ENTERPRISE_IN_FILE',
          `与第 ${first} 行是同一企业（统一社会信用代码 ${code}）：每个企业本年度仅可报名一个培训班，且限报一人。`,
        );
      else seenEnterprise.set(code, rec.rowNumber);
    }
    if (idn && idn.length === 18) {
      const first = seenPerson.get(idn);
      if (first !== undefined)
        add('idNumber', 'error', 'DUPLICATE_PERSON_IN_FILE', `与第 ${first} 行是同一人（身份证号 ${idn}），同一学员本年度只能报名一次。`);
      else seenPerson.set(idn, rec.rowNumber);
    }
    held.push({
      rowNumber: rec.rowNumber,
      issues,
      trainee: trainee.value,
      enterprise: enterprise.value,
      sessionId,
      sessionNumber,
      regionCode,
    });
    if (held.length === BATCH) flush();
  }

  return {
    check,
    finish: flush,
    overQuota: () => overQuota,
    notices: () =>
      [...lateRows].map(([sessionId, rows]) => ({ code: 'AFTER_DEADLINE', message: `${lateFor(sessionId)}本表有 ${rows} 行属于该期。` })),
  };
}

export function fieldLabel(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field;
}
