/**
 * Reallocation (调减 / 调剂, issue 7 §5). A reallocation is one audited transaction: its moves are
 * stored (reallocation_moves) and the cells change through `applyQuotaChanges` in one batch with
 * source 'reallocation', so each cell's history shows them and the whole batch reverts as one.
 * Promotion turns the next waitlisted registrations of a cell into ordinary ones (已提交) when
 * the cell has open places, in registration order, after the user has seen the list.
 */
import crypto from 'node:crypto';
import {
  suggestMoves,
  type PromotionResult,
  type ReallocationCell,
  type ReallocationMove,
  type ReallocationMoveView,
  type ReallocationRecord,
  type ReallocationSession,
  type ReallocationStanding,
  type WaitlistCell,
} from '../../shared/domain/reallocation';
import type { ParsedInput } from '../../shared/contract';
import { REGIONS, regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { DEFAULT_OPERATOR, nowIso, readSetting, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getProgramme } from './programmes';
import { applyQuotaChanges, revertQuotaChange, type CellChange } from './quotas';
import { exportReallocations } from './reallocationExport';

/** Statuses that hold a place; waitlisted ones wait beyond the quota (as in quotas.ts). */
const HOLDING_SQL = `('submitted', 'approved')`;
const REGION_INDEX = new Map(REGIONS.map((r, i) => [r.code, i]));

export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface SessionRow {
  id: number;
  number: number;
  title: string;
  registrationDeadline: string | null;
  capacity: number | null;
}

function sessionsOf(db: Db, programmeId: number): SessionRow[] {
  return prepared(
    db,
    `SELECT id, number, title, registration_deadline AS registrationDeadline, capacity FROM sessions WHERE programme_id = ? ORDER BY number`,
  ).all(programmeId) as SessionRow[];
}

/** Holding and waitlisted registrations per cell: the region's filled places, counted here (not in registrations.ts). */
export function cellCounts(db: Db, programmeId: number): Map<string, { filled: number; waitlisted: number }> {
  const out = new Map<string, { filled: number; waitlisted: number }>();
  for (const r of prepared(
    db,
    `SELECT session_id AS sessionId, region_code AS regionCode,
       sum(status IN ${HOLDING_SQL}) AS filled, sum(status = 'waitlisted') AS waitlisted
     FROM registrations WHERE programme_id = ? AND session_id IS NOT NULL GROUP BY session_id, region_code`,
  ).all(programmeId) as { sessionId: number; regionCode: string; filled: number; waitlisted: number }[])
    out.set(`${r.sessionId}:${r.regionCode}`, { filled: r.filled, waitlisted: r.waitlisted });
  return out;
}

export function reallocationStanding(db: Db, programmeId: number, sessionId?: number, today = localToday()): ReallocationStanding {
  getProgramme(db, programmeId);
  const all = sessionsOf(db, programmeId);
  if (sessionId !== undefined && !all.some((s) => s.id === sessionId))
    throw new AppError('NOT_FOUND', `期次（编号 ${sessionId}）不属于该培训项目，请刷新后重试。`, { sessionId });
  const counts = cellCounts(db, programmeId);
  const quotas = new Map(
    (
      prepared(
        db,
        'SELECT session_id AS sessionId, region_code AS regionCode, places, min, max, locked FROM quotas WHERE programme_id = ?',
      ).all(programmeId) as {
        sessionId: number;
        regionCode: string;
        places: number;
        min: number | null;
        max: number | null;
        locked: 0 | 1;
      }[]
    ).map((q) => [`${q.sessionId}:${q.regionCode}`, q]),
  );
  const sessions: ReallocationSession[] = all
    .filter((s) => sessionId === undefined || s.id === sessionId)
    .map((s) => {
      const cells: ReallocationCell[] = [];
      for (const r of REGIONS) {
        const q = quotas.get(`${s.id}:${r.code}`);
        const c = counts.get(`${s.id}:${r.code}`) ?? { filled: 0, waitlisted: 0 };
        const places = q?.places ?? 0;
        if (!places && !c.waitlisted) continue;
        const unfilled = Math.max(0, places - c.filled);
        const locked = q?.locked === 1;
        cells.push({
          regionCode: r.code,
          regionName: r.name,
          places,
          min: q?.min ?? null,
          max: q?.max ?? null,
          locked,
          filled: c.filled,
          waitlisted: c.waitlisted,
          unfilled,
          // A region with waitlisted registrations fills its own open places first (promotion).
          takeable: locked || c.waitlisted > 0 ? 0 : Math.max(0, places - Math.max(c.filled, q?.min ?? 0)),
          demand: Math.max(0, c.waitlisted - unfilled),
        });
      }
      const sum = (f: (c: ReallocationCell) => number) => cells.reduce((a, c) => a + f(c), 0);
      return {
        sessionId: s.id,
        number: s.number,
        title: s.title,
        registrationDeadline: s.registrationDeadline,
        closed: s.registrationDeadline !== null && s.registrationDeadline < today,
        capacity: s.capacity,
        places: sum((c) => c.places),
        filled: sum((c) => c.filled),
        waitlisted: sum((c) => c.waitlisted),
        unfilled: sum((c) => c.unfilled),
        cells,
      };
    });
  const { moves, notes } = suggestMoves(sessions);
  return { programmeId, today, sessions, suggestion: moves, notes };
}

function view(db: Db, m: ReallocationMove, numbers: Map<number, number>): ReallocationMoveView {
  return {
    ...m,
    fromSessionNumber: numbers.get(m.fromSessionId) ?? 0,
    fromRegionName: regionName(m.fromRegion),
    toSessionNumber: numbers.get(m.toSessionId) ?? 0,
    toRegionName: regionName(m.toRegion),
  };
}

/** Checks the moves against the store and writes them: the whole reallocation or nothing. */
export function applyReallocation(
  db: Db,
  input: ParsedInput<'reallocations.apply'>,
  today = localToday(),
): { id: number; warnings: string[]; places: number } {
  const { programmeId, moves, reason, kind } = input;
  getProgramme(db, programmeId);
  const sessions = new Map(sessionsOf(db, programmeId).map((s) => [s.id, s]));
  const problems: string[] = [];
  const warnings: string[] = [];
  const cellName = (sessionId: number, region: string) => `第${sessions.get(sessionId)?.number}期${regionName(region)}`;
  const net = new Map<string, { sessionId: number; region: string; delta: number }>();
  moves.forEach((m, k) => {
    const at = `第 ${k + 1} 条`;
    for (const sid of [m.fromSessionId, m.toSessionId]) if (!sessions.has(sid)) problems.push(`${at}的期次（编号 ${sid}）不属于该培训项目`);
    for (const code of [m.fromRegion, m.toRegion])
      if (!REGION_INDEX.has(code)) problems.push(`${at}的地区代码 ${code} 不是 37 个推荐地区之一`);
    if (m.fromSessionId === m.toSessionId && m.fromRegion === m.toRegion) problems.push(`${at}的调出和调入是同一格`);
    if (!sessions.has(m.fromSessionId) || !sessions.has(m.toSessionId)) return;
    for (const [sid, region, delta] of [
      [m.fromSessionId, m.fromRegion, -m.places],
      [m.toSessionId, m.toRegion, m.places],
    ] as const) {
      const key = `${sid}:${region}`;
      const cur = net.get(key) ?? { sessionId: sid, region, delta: 0 };
      cur.delta += delta;
      net.set(key, cur);
    }
  });
  if (problems.length) throw new AppError('VALIDATION', `名额未调剂：${problems.slice(0, 5).join('；')}。请修改后重试。`, { problems });

  const counts = cellCounts(db, programmeId);
  const placesOf = prepared(db, 'SELECT places FROM quotas WHERE session_id = ? AND region_code = ?');
  const changes: CellChange[] = [];
  const gain = new Map<number, number>();
  for (const { sessionId, region, delta } of net.values()) {
    if (delta === 0) continue;
    const before = ((placesOf.get(sessionId, region) as { places: number } | undefined)?.places ?? 0) as number;
    const after = before + delta;
    const filled = counts.get(`${sessionId}:${region}`)?.filled ?? 0;
    if (delta < 0 && after < filled)
      problems.push(
        after < 0
          ? `${cellName(sessionId, region)}只有 ${before} 个名额，不能调出 ${-delta} 名`
          : `${cellName(sessionId, region)}有 ${filled} 人已占用名额，调出 ${-delta} 名后只剩 ${after} 名`,
      );
    if (delta < 0) {
      const s = sessions.get(sessionId)!;
      if (!(s.registrationDeadline !== null && s.registrationDeadline < today))
        warnings.push(
          `第${s.number}期报名${s.registrationDeadline ? `尚未截止（截止日期 ${s.registrationDeadline}）` : '未设截止日期'}，已从${regionName(region)}调出 ${-delta} 名`,
        );
    }
    gain.set(sessionId, (gain.get(sessionId) ?? 0) + delta);
    changes.push({ sessionId, regionCode: region, places: Math.max(after, 0) });
  }
  for (const [sessionId, g] of gain) {
    const s = sessions.get(sessionId)!;
    if (g <= 0 || s.capacity === null) continue;
    const { total } = prepared(db, 'SELECT coalesce(sum(places), 0) AS total FROM quotas WHERE session_id = ?').get(sessionId) as {
      total: number;
    };
    if (total + g > s.capacity) problems.push(`第${s.number}期调入 ${g} 名后共 ${total + g} 名，超过容量 ${s.capacity} 名`);
  }
  if (problems.length) throw new AppError('VALIDATION', `名额未调剂：${problems.slice(0, 5).join('；')}。请修改后重试。`, { problems });
  if (!changes.length) throw new AppError('VALIDATION', '名额未调剂：这些调剂相互抵消，没有名额变化。', {});

  const batch = crypto.randomUUID();
  applyQuotaChanges(db, programmeId, changes, 'reallocation', `名额调剂：${reason}`, { batch });
  const info = prepared(db, 'INSERT INTO reallocations (programme_id, batch, at, operator, reason, kind) VALUES (?, ?, ?, ?, ?, ?)').run(
    programmeId,
    batch,
    nowIso(),
    readSetting(db, 'operatorName', DEFAULT_OPERATOR),
    reason,
    kind,
  );
  const id = Number(info.lastInsertRowid);
  const insert = prepared(
    db,
    `INSERT INTO reallocation_moves (reallocation_id, seq, from_session_id, from_region, to_session_id, to_region, places, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  moves.forEach((m, k) => insert.run(id, k + 1, m.fromSessionId, m.fromRegion, m.toSessionId, m.toRegion, m.places, m.reason || reason));
  return { id, warnings, places: moves.reduce((a, m) => a + m.places, 0) };
}

interface RecordRow {
  id: number;
  programmeId: number;
  batch: string;
  at: string;
  operator: string;
  reason: string;
  kind: 'suggested' | 'manual';
}

function records(db: Db, where: string, arg: number): ReallocationRecord[] {
  const rows = prepared(
    db,
    `SELECT id, programme_id AS programmeId, batch, at, operator, reason, kind FROM reallocations WHERE ${where} ORDER BY id DESC`,
  ).all(arg) as RecordRow[];
  const moveRows = prepared(
    db,
    `SELECT from_session_id AS fromSessionId, from_region AS fromRegion, to_session_id AS toSessionId, to_region AS toRegion,
       places, reason FROM reallocation_moves WHERE reallocation_id = ? ORDER BY seq`,
  );
  const state = prepared(
    db,
    `SELECT count(*) AS n, sum(c.reverted_by IS NOT NULL) AS reverted, max(r.at) AS revertedAt, max(r.operator) AS revertedBy,
       max(r.reason) AS revertReason
     FROM quota_changes c LEFT JOIN quota_changes r ON r.id = c.reverted_by WHERE c.batch = ?`,
  );
  return rows.map((r) => {
    const numbers = new Map(sessionsOf(db, r.programmeId).map((s) => [s.id, s.number]));
    const moves = (moveRows.all(r.id) as ReallocationMove[]).map((m) => view(db, m, numbers));
    const s = state.get(r.batch) as {
      n: number;
      reverted: number | null;
      revertedAt: string | null;
      revertedBy: string | null;
      revertReason: string | null;
    };
    const reverted = s.reverted ?? 0;
    return {
      id: r.id,
      at: r.at,
      operator: r.operator,
      reason: r.reason,
      kind: r.kind,
      status: reverted === 0 ? 'applied' : reverted === s.n ? 'reverted' : 'partly',
      revertedAt: reverted ? s.revertedAt : null,
      revertedBy: reverted ? s.revertedBy : null,
      revertReason: reverted ? s.revertReason : null,
      places: moves.reduce((a, m) => a + m.places, 0),
      moves,
    };
  });
}

export function reallocationHistory(db: Db, programmeId: number): ReallocationRecord[] {
  getProgramme(db, programmeId);
  return records(db, 'programme_id = ?', programmeId);
}

export function getReallocation(db: Db, id: number): ReallocationRecord {
  const r = records(db, 'id = ?', id)[0];
  if (!r) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的名额调剂记录，请刷新后重试。`, { reallocationId: id });
  return r;
}

/**
 * Reverts a whole reallocation: every cell it changed goes back. Refused when a place it gave is
 * now held by a registration (the cell would end below its holders), or when a cell changed since.
 */
export function revertReallocation(db: Db, id: number, reason: string): ReallocationRecord {
  const rec = getReallocation(db, id);
  if (rec.status === 'reverted') throw new AppError('CONFLICT', `这次名额调剂（编号 ${id}）已撤销过，无需再撤销。`, { reallocationId: id });
  const { batch, programme_id: programmeId } = prepared(db, 'SELECT batch, programme_id FROM reallocations WHERE id = ?').get(id) as {
    batch: string;
    programme_id: number;
  };
  const rows = prepared(
    db,
    `SELECT c.id, c.session_id AS sessionId, s.number, c.region_code AS regionCode, c.old_places AS oldPlaces, c.new_places AS newPlaces
     FROM quota_changes c JOIN sessions s ON s.id = c.session_id WHERE c.batch = ? AND c.reverted_by IS NULL ORDER BY c.id`,
  ).all(batch) as { id: number; sessionId: number; number: number; regionCode: string; oldPlaces: number | null; newPlaces: number }[];
  const counts = cellCounts(db, programmeId);
  const taken = rows
    .map((r) => ({ ...r, back: r.oldPlaces ?? 0, filled: counts.get(`${r.sessionId}:${r.regionCode}`)?.filled ?? 0 }))
    .filter((r) => r.back < r.newPlaces && r.filled > r.back);
  if (taken.length)
    throw new AppError(
      'CONFLICT',
      `无法撤销这次名额调剂：${taken
        .slice(0, 5)
        .map(
          (r) => `第${r.number}期${regionName(r.regionCode)}调入的名额已有报名占用（现有 ${r.filled} 人占用名额，撤销后只剩 ${r.back} 名）`,
        )
        .join('；')}。请先处理这些报名（改回候补或退回）后再撤销。`,
      { reallocationId: id, cells: taken.map((r) => ({ sessionId: r.sessionId, regionCode: r.regionCode })) },
    );
  if (rows.length) revertQuotaChange(db, rows[0].id, true, `撤销名额调剂：${reason}`);
  return getReallocation(db, id);
}

export function waitlist(db: Db, programmeId: number, sessionId?: number): WaitlistCell[] {
  getProgramme(db, programmeId);
  const numbers = new Map(sessionsOf(db, programmeId).map((s) => [s.id, s.number]));
  if (sessionId !== undefined && !numbers.has(sessionId))
    throw new AppError('NOT_FOUND', `期次（编号 ${sessionId}）不属于该培训项目，请刷新后重试。`, { sessionId });
  const counts = cellCounts(db, programmeId);
  const placesOf = prepared(db, 'SELECT places FROM quotas WHERE session_id = ? AND region_code = ?');
  const rows = prepared(
    db,
    `SELECT r.id, r.session_id AS sessionId, r.region_code AS regionCode, r.created_at AS createdAt, t.name, e.name AS enterpriseName
     FROM registrations r JOIN trainees t ON t.id = r.trainee_id JOIN enterprises e ON e.id = r.enterprise_id
     WHERE r.programme_id = ? AND r.status = 'waitlisted' AND r.session_id IS NOT NULL ORDER BY r.id`,
  ).all(programmeId) as { id: number; sessionId: number; regionCode: string; createdAt: string; name: string; enterpriseName: string }[];
  const cells = new Map<string, WaitlistCell>();
  for (const r of rows) {
    if (sessionId !== undefined && r.sessionId !== sessionId) continue;
    const key = `${r.sessionId}:${r.regionCode}`;
    let cell = cells.get(key);
    if (!cell) {
      const places = (placesOf.get(r.sessionId, r.regionCode) as { places: number } | undefined)?.places ?? 0;
      const filled = counts.get(key)?.filled ?? 0;
      cell = {
        sessionId: r.sessionId,
        sessionNumber: numbers.get(r.sessionId) ?? 0,
        regionCode: r.regionCode,
        regionName: regionName(r.regionCode),
        places,
        filled,
        open: Math.max(0, places - filled),
        waiting: [],
      };
      cells.set(key, cell);
    }
    const position = cell.waiting.length + 1;
    cell.waiting.push({
      registrationId: r.id,
      name: r.name,
      enterpriseName: r.enterpriseName,
      position,
      createdAt: r.createdAt,
      next: position <= cell.open,
    });
  }
  return [...cells.values()].sort(
    (a, b) => a.sessionNumber - b.sessionNumber || REGION_INDEX.get(a.regionCode)! - REGION_INDEX.get(b.regionCode)!,
  );
}

/** Promotes the confirmed registrations: each must be next in its cell's line, within its open places. */
export function promote(db: Db, programmeId: number, ids: number[], reason: string): PromotionResult {
  const lines = waitlist(db, programmeId);
  const where = new Map<number, { cell: WaitlistCell; position: number }>();
  for (const cell of lines) for (const w of cell.waiting) where.set(w.registrationId, { cell, position: w.position });
  const problems: string[] = [];
  const chosen = new Map<WaitlistCell, number[]>();
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) {
      problems.push(`报名 ${id} 选了两次`);
      continue;
    }
    seen.add(id);
    const at = where.get(id);
    if (!at) {
      problems.push(`报名 ${id} 不是该培训项目中的候补报名`);
      continue;
    }
    chosen.set(at.cell, [...(chosen.get(at.cell) ?? []), at.position]);
  }
  for (const [cell, positions] of chosen) {
    const name = `第${cell.sessionNumber}期${cell.regionName}`;
    positions.sort((a, b) => a - b);
    if (positions.length > cell.open) problems.push(`${name}只空出 ${cell.open} 个名额，不能转正 ${positions.length} 人`);
    else if (positions.some((p, k) => p !== k + 1)) {
      const skipped = cell.waiting.find((w, k) => positions[k] !== w.position)!;
      problems.push(`${name}应按报名先后转正，${skipped.name}（报名 ${skipped.registrationId}）排在前面`);
    }
  }
  if (problems.length)
    throw new AppError('VALIDATION', `未转正任何候补：${problems.slice(0, 5).join('；')}。请刷新名单后重试。`, { problems });
  const t = nowIso();
  const update = prepared(
    db,
    "UPDATE registrations SET status = 'submitted', status_reason = ?, updated_at = ? WHERE id = ? AND status = 'waitlisted'",
  );
  const note = `候补转正${reason ? `：${reason}` : '：名额空出'}`;
  const done = [...seen].filter((id) => where.has(id));
  for (const id of done) update.run(note, t, id);
  return { promoted: done.length, registrationIds: done };
}

export function reallocationHandlers(
  ctx: ServiceContext,
): Pick<
  Handlers,
  | 'reallocations.standing'
  | 'reallocations.apply'
  | 'reallocations.revert'
  | 'reallocations.history'
  | 'reallocations.export'
  | 'reallocations.waitlist'
  | 'reallocations.promote'
> {
  const { db } = ctx;
  return {
    'reallocations.standing': ({ programmeId, sessionId }) => reallocationStanding(db, programmeId, sessionId),
    'reallocations.apply': (input) =>
      writeTx(
        db,
        'reallocations.apply',
        () => {
          const r = applyReallocation(db, input);
          return { reallocation: getReallocation(db, r.id), warnings: r.warnings };
        },
        (r) => `名额调剂：${r.reallocation.places} 名，${r.reallocation.moves.length} 笔（项目 ${input.programmeId}）：${input.reason}`,
        (r) => ({ programmeId: input.programmeId, reallocationId: r.reallocation.id }),
      ),
    'reallocations.revert': ({ reallocationId, reason }) =>
      writeTx(
        db,
        'reallocations.revert',
        () => revertReallocation(db, reallocationId, reason),
        (r) => `撤销名额调剂（编号 ${r.id}，${r.places} 名）：${reason}`,
        () => ({ reallocationId }),
      ),
    'reallocations.history': ({ programmeId }) => reallocationHistory(db, programmeId),
    'reallocations.export': (input) => exportReallocations(ctx, input),
    'reallocations.waitlist': ({ programmeId, sessionId }) => waitlist(db, programmeId, sessionId),
    'reallocations.promote': ({ programmeId, registrationIds, reason }) =>
      writeTx(
        db,
        'reallocations.promote',
        () => promote(db, programmeId, registrationIds, reason),
        (r) => `候补转正：${r.promoted} 人（项目 ${programmeId}）${reason ? `：${reason}` : ''}`,
        (r) => ({ programmeId, registrationIds: r.registrationIds }),
      ),
  };
}
