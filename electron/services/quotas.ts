/**
 * The quota table (各地名额分配表): places per region and session, each cell with an optional
 * minimum, maximum and lock. Every write goes through `applyQuotaChanges`, which checks the whole
 * batch first, then writes the cells and one history row per cell that really changed (who, when,
 * from → to, why), so any change can be looked up and reverted.
 */
import crypto from 'node:crypto';
import { apportion, compareMethods, ApportionError, type ApportionMethod } from '../../shared/domain/apportion';
import type {
  ApportionPreview,
  QuotaCell,
  QuotaChange,
  QuotaGrid,
  QuotaGridSession,
  QuotaSetResult,
  QuotaSource,
  QuotaValues,
} from '../../shared/domain/quotas';
import type { ParsedInput } from '../../shared/contract';
import { HOLDING_STATUSES } from '../../shared/domain/types';
import { REGIONS, regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { ACTIVE_STATUS_SQL } from '../db/activeStatusSql';
import { prepared } from '../db/statements';
import { DEFAULT_OPERATOR, nowIso, readSetting, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getProgramme } from './programmes';

/** Statuses that hold one of the region's places (waitlisted registrations wait beyond the quota). */
const HOLDING_SQL = `(${HOLDING_STATUSES.map((x) => `'${x}'`).join(', ')})`;
const REGION_INDEX = new Map(REGIONS.map((r, i) => [r.code, i]));

interface QuotaRow {
  sessionId: number;
  regionCode: string;
  places: number;
  min: number | null;
  max: number | null;
  locked: 0 | 1;
}

interface SessionRow {
  id: number;
  number: number;
  title: string;
  institution: string;
  location: string;
  startDate: string | null;
  endDate: string | null;
  registrationDeadline: string | null;
  capacity: number | null;
}

function programmeSessions(db: Db, programmeId: number): SessionRow[] {
  return prepared(
    db,
    `SELECT id, number, title, institution, location, start_date AS startDate, end_date AS endDate,
       registration_deadline AS registrationDeadline, capacity
     FROM sessions WHERE programme_id = ? ORDER BY number`,
  ).all(programmeId) as SessionRow[];
}

function cellValues(row: QuotaRow | undefined): QuotaValues | null {
  return row ? { places: row.places, min: row.min, max: row.max, locked: row.locked === 1 } : null;
}

function readCell(db: Db, sessionId: number, regionCode: string): QuotaValues | null {
  return cellValues(
    prepared(
      db,
      'SELECT session_id AS sessionId, region_code AS regionCode, places, min, max, locked FROM quotas WHERE session_id = ? AND region_code = ?',
    ).get(sessionId, regionCode) as QuotaRow | undefined,
  );
}

/**
 * For the registration form and the importer (issue 7 §4): a region's places in a session and the
 * registrations holding one (submitted or approved). `places` is null when the session has no quota
 * table at all yet (nothing to enforce); once it has one, a region without a cell has 0 places.
 */
export function quotaStanding(
  db: Db,
  programmeId: number,
  sessionId: number,
  regionCode: string,
): { places: number | null; filled: number } {
  const cell = readCell(db, sessionId, regionCode);
  let places: number | null = cell?.places ?? null;
  if (places === null && prepared(db, 'SELECT 1 FROM quotas WHERE session_id = ? LIMIT 1').get(sessionId)) places = 0;
  const { n } = prepared(
    db,
    `SELECT count(*) AS n FROM registrations WHERE programme_id = ? AND session_id = ? AND region_code = ? AND status IN ${HOLDING_SQL}`,
  ).get(programmeId, sessionId, regionCode) as { n: number };
  return { places, filled: n };
}

export function quotaGrid(db: Db, programmeId: number): QuotaGrid {
  const p = getProgramme(db, programmeId);
  const { quota_state: state } = prepared(db, 'SELECT quota_state FROM programmes WHERE id = ?').get(programmeId) as {
    quota_state: string;
  };
  const sessions = programmeSessions(db, programmeId);
  const col = new Map(sessions.map((s, i) => [s.id, i]));
  const cells: QuotaCell[][] = REGIONS.map((r) =>
    sessions.map((s) => ({
      sessionId: s.id,
      regionCode: r.code,
      places: 0,
      min: null,
      max: null,
      locked: false,
      fill: { submitted: 0, approved: 0, waitlisted: 0 },
      filled: 0,
      changes: 0,
    })),
  );
  const at = (sessionId: number, regionCode: string): QuotaCell | undefined => {
    const r = REGION_INDEX.get(regionCode);
    const c = col.get(sessionId);
    return r === undefined || c === undefined ? undefined : cells[r][c];
  };
  for (const q of prepared(
    db,
    'SELECT session_id AS sessionId, region_code AS regionCode, places, min, max, locked FROM quotas WHERE programme_id = ?',
  ).all(programmeId) as QuotaRow[]) {
    const cell = at(q.sessionId, q.regionCode);
    if (cell) Object.assign(cell, cellValues(q));
  }
  for (const f of prepared(
    db,
    `SELECT session_id AS sessionId, region_code AS regionCode, status, count(*) AS n FROM registrations
     WHERE programme_id = ? AND session_id IS NOT NULL AND status IN ${ACTIVE_STATUS_SQL}
     GROUP BY session_id, region_code, status`,
  ).all(programmeId) as { sessionId: number; regionCode: string; status: 'submitted' | 'approved' | 'waitlisted'; n: number }[]) {
    const cell = at(f.sessionId, f.regionCode);
    if (!cell) continue;
    cell.fill[f.status] = f.n;
    cell.filled = cell.fill.submitted + cell.fill.approved;
  }
  for (const c of prepared(
    db,
    'SELECT session_id AS sessionId, region_code AS regionCode, count(*) AS n FROM quota_changes WHERE programme_id = ? GROUP BY session_id, region_code',
  ).all(programmeId) as { sessionId: number; regionCode: string; n: number }[]) {
    const cell = at(c.sessionId, c.regionCode);
    if (cell) cell.changes = c.n;
  }
  const { unassigned } = prepared(
    db,
    `SELECT count(*) AS unassigned FROM registrations WHERE programme_id = ? AND session_id IS NULL AND status IN ${ACTIVE_STATUS_SQL}`,
  ).get(programmeId) as { unassigned: number };
  const sum = (xs: QuotaCell[], f: (c: QuotaCell) => number) => xs.reduce((a, c) => a + f(c), 0);
  const gridSessions: QuotaGridSession[] = sessions.map((s, k) => {
    const column = cells.map((row) => row[k]);
    return {
      ...s,
      places: sum(column, (c) => c.places),
      filled: sum(column, (c) => c.filled),
      waitlisted: sum(column, (c) => c.fill.waitlisted),
    };
  });
  const regions = REGIONS.map((r, i) => ({
    code: r.code,
    name: r.name,
    shortName: r.shortName,
    places: sum(cells[i], (c) => c.places),
    filled: sum(cells[i], (c) => c.filled),
    waitlisted: sum(cells[i], (c) => c.fill.waitlisted),
  }));
  return {
    programmeId,
    year: p.year,
    title: p.title,
    documentNo: p.documentNo,
    organiser: p.organiser,
    plannedTrainees: p.plannedTrainees,
    draft: state === 'draft',
    sessions: gridSessions,
    regions,
    cells,
    places: regions.reduce((a, r) => a + r.places, 0),
    filled: regions.reduce((a, r) => a + r.filled, 0),
    waitlisted: regions.reduce((a, r) => a + r.waitlisted, 0),
    unassigned,
  };
}

/** One cell to change: only the values given change. */
export interface CellChange {
  sessionId: number;
  regionCode: string;
  places?: number;
  min?: number | null;
  max?: number | null;
  locked?: boolean;
}

const same = (a: QuotaValues | null, b: QuotaValues) =>
  a !== null && a.places === b.places && a.min === b.min && a.max === b.max && a.locked === b.locked;

function cellName(sessionNumber: number, regionCode: string): string {
  return `第${sessionNumber}期${regionName(regionCode)}`;
}

/**
 * Checks and writes a batch of cell changes inside the caller's transaction. All problems are
 * found before anything is written, and reported together (the first few named) in one error.
 */
export function applyQuotaChanges(
  db: Db,
  programmeId: number,
  changes: readonly CellChange[],
  source: QuotaSource,
  reason: string,
  opts: { batch?: string; revertOf?: Map<string, number>; allowLocked?: boolean } = {},
): QuotaSetResult {
  getProgramme(db, programmeId);
  const sessions = new Map(programmeSessions(db, programmeId).map((s) => [s.id, s]));
  const problems: string[] = [];
  const planned: { change: CellChange; session: SessionRow; before: QuotaValues | null; after: QuotaValues }[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    const session = sessions.get(change.sessionId);
    if (!session) {
      problems.push(`期次（编号 ${change.sessionId}）不属于该培训项目`);
      continue;
    }
    if (!REGION_INDEX.has(change.regionCode)) {
      problems.push(`地区代码 ${change.regionCode} 不是 37 个推荐地区之一`);
      continue;
    }
    const key = `${change.sessionId}:${change.regionCode}`;
    const name = cellName(session.number, change.regionCode);
    if (seen.has(key)) {
      problems.push(`${name}在同一次修改中出现了两次`);
      continue;
    }
    seen.add(key);
    const before = readCell(db, change.sessionId, change.regionCode);
    const base = before ?? { places: 0, min: null, max: null, locked: false };
    const after: QuotaValues = {
      places: change.places ?? base.places,
      min: change.min !== undefined ? change.min : base.min,
      max: change.max !== undefined ? change.max : base.max,
      locked: change.locked ?? base.locked,
    };
    if (base.locked && after.locked && after.places !== base.places && !opts.allowLocked) {
      problems.push(`${name}已锁定（${base.places} 名），请先解锁再修改名额`);
      continue;
    }
    if (after.min !== null && after.max !== null && after.min > after.max) {
      problems.push(`${name}的最小名额 ${after.min} 大于最大名额 ${after.max}`);
      continue;
    }
    if (after.min !== null && after.places < after.min) {
      problems.push(`${name}的名额 ${after.places} 低于其最小名额 ${after.min}`);
      continue;
    }
    if (after.max !== null && after.places > after.max) {
      problems.push(`${name}的名额 ${after.places} 高于其最大名额 ${after.max}`);
      continue;
    }
    if (!same(before, after)) planned.push({ change, session, before, after });
  }
  if (problems.length)
    throw new AppError(
      'VALIDATION',
      `名额未修改：${problems.slice(0, 5).join('；')}${problems.length > 5 ? ` 等 ${problems.length} 处` : ''}。请修改后重试。`,
      { problems },
    );

  const batch = opts.batch ?? crypto.randomUUID();
  const t = nowIso();
  const operator = readSetting(db, 'operatorName', DEFAULT_OPERATOR);
  const upsert = prepared(
    db,
    `INSERT INTO quotas (programme_id, session_id, region_code, places, min, max, locked, updated_at)
     VALUES (@programmeId, @sessionId, @regionCode, @places, @min, @max, @locked, @t)
     ON CONFLICT (session_id, region_code) DO UPDATE SET places = excluded.places, min = excluded.min, max = excluded.max,
       locked = excluded.locked, updated_at = excluded.updated_at`,
  );
  const record = prepared(
    db,
    `INSERT INTO quota_changes (batch, programme_id, session_id, region_code, at, operator, source, reason,
       old_places, old_min, old_max, old_locked, new_places, new_min, new_max, new_locked, revert_of)
     VALUES (@batch, @programmeId, @sessionId, @regionCode, @t, @operator, @source, @reason,
       @oldPlaces, @oldMin, @oldMax, @oldLocked, @places, @min, @max, @locked, @revertOf)`,
  );
  const markReverted = prepared(db, 'UPDATE quota_changes SET reverted_by = ? WHERE id = ?');
  for (const { change, before, after } of planned) {
    const row = { programmeId, sessionId: change.sessionId, regionCode: change.regionCode, t, ...after, locked: after.locked ? 1 : 0 };
    upsert.run(row);
    const revertOf = opts.revertOf?.get(`${change.sessionId}:${change.regionCode}`) ?? null;
    const info = record.run({
      ...row,
      batch,
      operator,
      source,
      reason,
      oldPlaces: before?.places ?? null,
      oldMin: before?.min ?? null,
      oldMax: before?.max ?? null,
      oldLocked: before ? (before.locked ? 1 : 0) : null,
      revertOf,
    });
    if (revertOf !== null) markReverted.run(Number(info.lastInsertRowid), revertOf);
  }
  return { batch, changed: planned.length, warnings: capacityWarnings(db, programmeId, new Set(planned.map((p) => p.session.id))) };
}

/** Sessions (among those touched) whose quota column is above their capacity. */
function capacityWarnings(db: Db, programmeId: number, touched: Set<number>): string[] {
  if (!touched.size) return [];
  return (
    prepared(
      db,
      `SELECT s.id, s.number, s.capacity, coalesce(sum(q.places), 0) AS places FROM sessions s
       LEFT JOIN quotas q ON q.session_id = s.id WHERE s.programme_id = ? GROUP BY s.id ORDER BY s.number`,
    ).all(programmeId) as { id: number; number: number; capacity: number | null; places: number }[]
  )
    .filter((s) => touched.has(s.id) && s.capacity !== null && s.places > s.capacity)
    .map((s) => `第${s.number}期已分配 ${s.places} 名，超过容量 ${s.capacity} 名`);
}

interface ChangeRow {
  id: number;
  batch: string;
  at: string;
  operator: string;
  source: QuotaSource;
  reason: string;
  sessionId: number;
  sessionNumber: number;
  regionCode: string;
  oldPlaces: number | null;
  oldMin: number | null;
  oldMax: number | null;
  oldLocked: 0 | 1 | null;
  newPlaces: number;
  newMin: number | null;
  newMax: number | null;
  newLocked: 0 | 1;
  revertOf: number | null;
  revertedBy: number | null;
  curPlaces: number | null;
  curMin: number | null;
  curMax: number | null;
  curLocked: 0 | 1 | null;
}

const CHANGE_SELECT = `SELECT c.id, c.batch, c.at, c.operator, c.source, c.reason, c.session_id AS sessionId, s.number AS sessionNumber,
    c.region_code AS regionCode, c.old_places AS oldPlaces, c.old_min AS oldMin, c.old_max AS oldMax, c.old_locked AS oldLocked,
    c.new_places AS newPlaces, c.new_min AS newMin, c.new_max AS newMax, c.new_locked AS newLocked,
    c.revert_of AS revertOf, c.reverted_by AS revertedBy,
    q.places AS curPlaces, q.min AS curMin, q.max AS curMax, q.locked AS curLocked
  FROM quota_changes c JOIN sessions s ON s.id = c.session_id
  LEFT JOIN quotas q ON q.session_id = c.session_id AND q.region_code = c.region_code`;

function toChange(r: ChangeRow): QuotaChange {
  const to: QuotaValues = { places: r.newPlaces, min: r.newMin, max: r.newMax, locked: r.newLocked === 1 };
  const current: QuotaValues | null =
    r.curPlaces === null ? null : { places: r.curPlaces, min: r.curMin, max: r.curMax, locked: r.curLocked === 1 };
  return {
    id: r.id,
    batch: r.batch,
    at: r.at,
    operator: r.operator,
    source: r.source,
    reason: r.reason,
    sessionId: r.sessionId,
    sessionNumber: r.sessionNumber,
    regionCode: r.regionCode,
    regionName: regionName(r.regionCode),
    from: r.oldPlaces === null ? null : { places: r.oldPlaces, min: r.oldMin, max: r.oldMax, locked: r.oldLocked === 1 },
    to,
    revertOf: r.revertOf,
    revertedBy: r.revertedBy,
    revertible: r.revertedBy === null && same(current, to),
  };
}

export function quotaHistory(db: Db, input: ParsedInput<'quotas.history'>): QuotaChange[] {
  getProgramme(db, input.programmeId);
  const where = ['c.programme_id = @programmeId'];
  if (input.sessionId !== undefined) where.push('c.session_id = @sessionId');
  if (input.regionCode !== undefined) where.push('c.region_code = @regionCode');
  return (db.prepare(`${CHANGE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.id DESC LIMIT @limit`).all(input) as ChangeRow[]).map(
    toChange,
  );
}

/** Undoes a change (or every change of its batch): the cells go back to what they held before. */
export function revertQuotaChange(db: Db, changeId: number, wholeBatch: boolean, reason: string): QuotaSetResult & { programmeId: number } {
  const first = db.prepare(`${CHANGE_SELECT} WHERE c.id = ?`).get(changeId) as ChangeRow | undefined;
  if (!first) throw new AppError('NOT_FOUND', `找不到编号为 ${changeId} 的名额修改记录，请刷新后重试。`, { changeId });
  const { programme_id: programmeId } = prepared(db, 'SELECT programme_id FROM quota_changes WHERE id = ?').get(changeId) as {
    programme_id: number;
  };
  const rows = wholeBatch
    ? (db.prepare(`${CHANGE_SELECT} WHERE c.batch = ? AND c.reverted_by IS NULL ORDER BY c.id`).all(first.batch) as ChangeRow[])
    : [first];
  const changes = rows.map(toChange);
  const blocked = changes.filter((c) => !c.revertible);
  if (blocked.length) {
    const why = (c: QuotaChange) =>
      c.revertedBy !== null
        ? `${cellName(c.sessionNumber, c.regionCode)}的这次修改已撤销过`
        : `${cellName(c.sessionNumber, c.regionCode)}此后又被修改过`;
    throw new AppError('CONFLICT', `无法撤销：${blocked.slice(0, 5).map(why).join('；')}。请先撤销较新的修改。`, {
      blocked: blocked.map((c) => c.id),
    });
  }
  const revertOf = new Map(changes.map((c) => [`${c.sessionId}:${c.regionCode}`, c.id]));
  const result = applyQuotaChanges(
    db,
    programmeId,
    changes.map((c) => ({
      sessionId: c.sessionId,
      regionCode: c.regionCode,
      ...(c.from ?? { places: 0, min: null, max: null, locked: false }),
    })),
    'revert',
    reason,
    { revertOf, allowLocked: true },
  );
  return { ...result, programmeId };
}

function regionInputs(input: ParsedInput<'quotas.apportionPreview'>) {
  const seen = new Set<string>();
  return input.regions.map((r) => {
    if (!REGION_INDEX.has(r.regionCode))
      throw new AppError('VALIDATION', `地区代码 ${r.regionCode} 不是 37 个推荐地区之一。`, { regionCode: r.regionCode });
    if (seen.has(r.regionCode))
      throw new AppError('VALIDATION', `${regionName(r.regionCode)}出现了两次，请每个地区只填一行权重。`, { regionCode: r.regionCode });
    seen.add(r.regionCode);
    return {
      name: regionName(r.regionCode),
      weight: typeof r.weight === 'number' ? String(r.weight) : r.weight,
      min: r.min,
      max: r.max,
      locked: r.locked,
    };
  });
}

export function apportionPreview(db: Db, input: ParsedInput<'quotas.apportionPreview'>): ApportionPreview {
  getProgramme(db, input.programmeId);
  const regions = regionInputs(input);
  const results = compareMethods(
    { seats: input.seats, regions, defaultMin: input.defaultMin, defaultMax: input.defaultMax },
    input.methods as ApportionMethod[] | undefined,
  );
  return { seats: input.seats, regions: input.regions.map((r) => ({ code: r.regionCode, name: regionName(r.regionCode) })), results };
}

/**
 * Spreads each region's total over the sessions in proportion to the places each session still has
 * free (capacity minus what earlier regions took), so the columns fill evenly; the region's locked
 * cells keep their places, and each cell's minimum and maximum hold.
 */
export function spreadBySessions(db: Db, programmeId: number, totals: { regionCode: string; places: number }[]): CellChange[] {
  const sessions = programmeSessions(db, programmeId);
  if (!sessions.length) throw new AppError('VALIDATION', '该培训项目还没有期次，无法把名额分到各期。请先新增期次。', { programmeId });
  const known = sessions.map((s) => s.capacity).filter((c): c is number => c !== null && c > 0);
  const fallback = known.length ? Math.round(known.reduce((a, b) => a + b, 0) / known.length) : 100;
  const free = new Map(sessions.map((s) => [s.id, s.capacity && s.capacity > 0 ? s.capacity : fallback]));
  // Places other regions already hold in each session stay counted against its capacity.
  const spreading = new Set(totals.map((t) => t.regionCode));
  for (const q of prepared(db, 'SELECT session_id AS sessionId, region_code AS regionCode, places FROM quotas WHERE programme_id = ?').all(
    programmeId,
  ) as { sessionId: number; regionCode: string; places: number }[])
    if (!spreading.has(q.regionCode)) free.set(q.sessionId, (free.get(q.sessionId) ?? 0) - q.places);
  const out: CellChange[] = [];
  for (const t of [...totals].sort((a, b) => b.places - a.places || REGION_INDEX.get(a.regionCode)! - REGION_INDEX.get(b.regionCode)!)) {
    const cells = sessions.map((s) => ({ s, cell: readCell(db, s.id, t.regionCode) }));
    const anyFree = cells.some(({ s }) => (free.get(s.id) ?? 0) > 0);
    let result;
    try {
      result = apportion({
        method: 'hamilton',
        seats: t.places,
        regions: cells.map(({ s, cell }) => ({
          name: `第${s.number}期`,
          // Equal weights once every session is full: the surplus then spreads evenly (the grid shows it red).
          weight: anyFree ? String(Math.max(free.get(s.id) ?? 0, 0)) : '1',
          min: cell?.locked ? cell.places : (cell?.min ?? undefined),
          max: cell?.locked ? cell.places : (cell?.max ?? undefined),
          locked: cell?.locked ?? false,
        })),
      });
    } catch (e) {
      if (e instanceof ApportionError)
        throw new AppError('VALIDATION', `${regionName(t.regionCode)}的 ${t.places} 名无法分到各期：${e.message}`, e.details);
      throw e;
    }
    result.allocations.forEach((a, k) => {
      const s = cells[k].s;
      free.set(s.id, (free.get(s.id) ?? 0) - a.seats);
      out.push({ sessionId: s.id, regionCode: t.regionCode, places: a.seats });
    });
  }
  return out;
}

export function quotaHandlers(
  ctx: ServiceContext,
): Pick<
  Handlers,
  'quotas.grid' | 'quotas.set' | 'quotas.history' | 'quotas.revert' | 'quotas.confirm' | 'quotas.apportionPreview' | 'quotas.apportionApply'
> {
  const { db } = ctx;
  return {
    'quotas.grid': ({ programmeId }) => quotaGrid(db, programmeId),
    'quotas.set': ({ programmeId, cells, reason, source }) =>
      writeTx(
        db,
        'quotas.set',
        () => applyQuotaChanges(db, programmeId, cells, source, reason),
        (r) => `修改名额：${r.changed} 格（项目 ${programmeId}）：${reason}`,
        (r) => ({ programmeId, batch: r.batch, cells: cells.length }),
      ),
    'quotas.history': (input) => quotaHistory(db, input),
    'quotas.revert': ({ changeId, wholeBatch, reason }) =>
      writeTx(
        db,
        'quotas.revert',
        () => revertQuotaChange(db, changeId, wholeBatch, reason),
        (r) => `撤销名额修改：${r.changed} 格（项目 ${r.programmeId}）：${reason}`,
        (r) => ({ changeId, wholeBatch, batch: r.batch }),
      ),
    'quotas.confirm': ({ programmeId }) =>
      writeTx(
        db,
        'quotas.confirm',
        () => {
          getProgramme(db, programmeId);
          prepared(db, "UPDATE programmes SET quota_state = 'final', updated_at = ? WHERE id = ?").run(nowIso(), programmeId);
          return quotaGrid(db, programmeId);
        },
        (g) => `确认名额分配表（${g.year}年「${g.title}」，共 ${g.places} 名）`,
      ),
    'quotas.apportionPreview': (input) => apportionPreview(db, input),
    'quotas.apportionApply': ({ programmeId, sessionId, allocations, method, reason }) =>
      writeTx(
        db,
        'quotas.apportionApply',
        () => {
          getProgramme(db, programmeId);
          const changes: CellChange[] =
            sessionId !== undefined
              ? allocations.map((a) => ({ sessionId, regionCode: a.regionCode, places: a.places }))
              : spreadBySessions(db, programmeId, allocations);
          return applyQuotaChanges(db, programmeId, changes, 'apportion', method ? `${reason}（${method}）` : reason);
        },
        (r) => `按权重分配名额：${r.changed} 格（项目 ${programmeId}${sessionId ? `，期次编号 ${sessionId}` : '，分到各期'}）`,
        (r) => ({ programmeId, sessionId, method, batch: r.batch }),
      ),
  };
}
