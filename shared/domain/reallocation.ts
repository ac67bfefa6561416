/**
 * Reallocation (调减 / 调剂, issue 7 §5): after a session's registration deadline, places a region
 * left unfilled are taken back and given to regions with waitlisted registrations. The types the
 * services return, and the suggestion itself: a pure function of the standing, so it is the same
 * on every call and testable without a database.
 */
import { apportion } from './apportion';

/** One cell of a session as reallocation sees it. */
export interface ReallocationCell {
  regionCode: string;
  regionName: string;
  places: number;
  min: number | null;
  max: number | null;
  locked: boolean;
  /** Registrations holding a place (submitted + approved). */
  filled: number;
  /** Waitlisted registrations, waiting beyond the quota. */
  waitlisted: number;
  /** places − filled, never below 0. */
  unfilled: number;
  /** Places that can be taken back: not below the holders, nor the cell's minimum; 0 when locked or waiting. */
  takeable: number;
  /** Waitlisted registrations its own unfilled places cannot seat. */
  demand: number;
}

export interface ReallocationSession {
  sessionId: number;
  number: number;
  title: string;
  registrationDeadline: string | null;
  /** The deadline has passed: its unfilled places may be taken back. */
  closed: boolean;
  capacity: number | null;
  places: number;
  filled: number;
  waitlisted: number;
  unfilled: number;
  /** Cells with places or waitlisted registrations, regions in the official order. */
  cells: ReallocationCell[];
}

/** A move of places from one cell to another, as typed or suggested. */
export interface ReallocationMove {
  fromSessionId: number;
  fromRegion: string;
  toSessionId: number;
  toRegion: string;
  places: number;
  reason: string;
}

/** A move with the names to show. */
export interface ReallocationMoveView extends ReallocationMove {
  fromSessionNumber: number;
  fromRegionName: string;
  toSessionNumber: number;
  toRegionName: string;
}

export interface ReallocationStanding {
  programmeId: number;
  /** YYYY-MM-DD: the day the deadlines were compared with. */
  today: string;
  sessions: ReallocationSession[];
  suggestion: ReallocationMoveView[];
  /** Why a session got no suggestion, ties the rule decided, in Chinese. */
  notes: string[];
}

export type ReallocationStatus = 'applied' | 'reverted' | 'partly';
export const REALLOCATION_STATUS_LABELS: Record<ReallocationStatus, string> = {
  applied: '已生效',
  reverted: '已撤销',
  partly: '部分撤销',
};

export interface ReallocationRecord {
  id: number;
  at: string;
  operator: string;
  reason: string;
  kind: 'suggested' | 'manual';
  status: ReallocationStatus;
  /** When reverted (or partly): the revert's time, operator and reason. */
  revertedAt: string | null;
  revertedBy: string | null;
  revertReason: string | null;
  places: number;
  moves: ReallocationMoveView[];
}

export interface ReallocationApplyResult {
  reallocation: ReallocationRecord;
  /** E.g. a place taken back from a session whose deadline has not passed. */
  warnings: string[];
}

export interface WaitlistEntry {
  registrationId: number;
  name: string;
  enterpriseName: string;
  /** 1-based place in the cell's line (registration order). */
  position: number;
  createdAt: string;
  /** Within the open places: promoted if the user confirms. */
  next: boolean;
}

export interface WaitlistCell {
  sessionId: number;
  sessionNumber: number;
  regionCode: string;
  regionName: string;
  places: number;
  filled: number;
  /** places − filled, never below 0: how many of the line can be promoted now. */
  open: number;
  waiting: WaitlistEntry[];
}

export interface PromotionResult {
  promoted: number;
  registrationIds: number[];
}

interface Share {
  key: string;
  weight: number;
}

/** Hamilton over the shares (keyed by region name), each capped at its weight; tie messages go to `notes`. */
function share(seats: number, shares: Share[], notes: string[], what: string): Map<string, number> {
  const out = new Map<string, number>();
  if (seats <= 0 || !shares.length) return out;
  const r = apportion({
    method: 'hamilton',
    seats,
    regions: shares.map((s) => ({ name: s.key, weight: String(s.weight), max: s.weight })),
  });
  for (const t of r.ties) notes.push(`${what}：${t.message}`);
  for (const a of r.allocations) if (a.seats > 0) out.set(a.name, a.seats);
  return out;
}

/**
 * The suggestion for closed sessions: as many places as both sides allow (what can be taken back,
 * what the waiting regions need) are apportioned by Hamilton over the waiting demand (no region
 * more than it waits for, nor above its maximum) and taken back in proportion to the unfilled
 * places. Moves stay within a session, so its total, and so its capacity, is unchanged.
 */
export function suggestMoves(sessions: readonly ReallocationSession[]): { moves: ReallocationMoveView[]; notes: string[] } {
  const moves: ReallocationMoveView[] = [];
  const notes: string[] = [];
  for (const s of sessions) {
    const recipients = s.cells
      .filter((c) => c.demand > 0 && !c.locked)
      .map((c) => ({ cell: c, want: Math.min(c.demand, c.max === null ? c.demand : Math.max(0, c.max - c.places)) }))
      .filter((x) => x.want > 0);
    const donors = s.cells.filter((c) => c.takeable > 0);
    if (!recipients.length) continue;
    if (!s.closed) {
      notes.push(
        `第${s.number}期报名${s.registrationDeadline ? `截止日期为 ${s.registrationDeadline}，尚未截止` : '未设截止日期'}，暂不建议调剂（可手工调剂）`,
      );
      continue;
    }
    const want = recipients.reduce((a, x) => a + x.want, 0);
    const can = donors.reduce((a, c) => a + c.takeable, 0);
    const give = Math.min(want, can);
    if (give === 0) {
      notes.push(`第${s.number}期有 ${want} 人候补，但没有可收回的未用名额`);
      continue;
    }
    if (give < want) notes.push(`第${s.number}期候补 ${want} 人，可收回的未用名额只有 ${can} 名`);
    const gets = share(
      give,
      recipients.map((x) => ({ key: x.cell.regionName, weight: x.want })),
      notes,
      `第${s.number}期调入`,
    );
    const gives = share(
      give,
      donors.map((c) => ({ key: c.regionName, weight: c.takeable })),
      notes,
      `第${s.number}期调出`,
    );
    const code = new Map(s.cells.map((c) => [c.regionName, c.regionCode]));
    const waiting = new Map(s.cells.map((c) => [c.regionName, c.waitlisted]));
    // Pair in the official order: the first donor's places go to the first recipients, and so on.
    const from = [...gives.entries()];
    let d = 0;
    for (const [to, n] of gets) {
      let left = n;
      while (left > 0 && d < from.length) {
        const take = Math.min(left, from[d][1]);
        moves.push({
          fromSessionId: s.sessionId,
          fromRegion: code.get(from[d][0])!,
          toSessionId: s.sessionId,
          toRegion: code.get(to)!,
          places: take,
          reason: `第${s.number}期${from[d][0]}未用名额调给${to}（候补 ${waiting.get(to)} 人）`,
          fromSessionNumber: s.number,
          fromRegionName: from[d][0],
          toSessionNumber: s.number,
          toRegionName: to,
        });
        left -= take;
        from[d][1] -= take;
        if (from[d][1] === 0) d++;
      }
    }
  }
  return { moves, notes };
}

/** A shown move back to what `reallocations.apply` takes (the names are not part of the input). */
export function plainMove(m: ReallocationMove): ReallocationMove {
  return {
    fromSessionId: m.fromSessionId,
    fromRegion: m.fromRegion,
    toSessionId: m.toSessionId,
    toRegion: m.toRegion,
    places: m.places,
    reason: m.reason,
  };
}
