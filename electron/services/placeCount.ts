/**
 * Issue 7 §4: the form and the importer count each region's registrations against its quota for the
 * session. A registration beyond the quota is stored, as 候补 (waitlisted) with the code OVER_QUOTA
 * and a message naming the quota and the count; one after the session's registration deadline is
 * warned about (AFTER_DEADLINE), never refused: the centre decides.
 */
import { regionName } from '../../shared/regions';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { quotaStanding } from './quotas';

export interface OverQuota {
  code: 'OVER_QUOTA';
  places: number;
  filled: number;
  message: string;
}

/** Today as the calendar in this machine's time zone says (a deadline is a local date). */
export function localToday(at = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`;
}

function sessionNumber(db: Db, sessionId: number): number {
  return (prepared(db, 'SELECT number FROM sessions WHERE id = ?').get(sessionId) as { number: number } | undefined)?.number ?? 0;
}

export function overQuotaMessage(regionCode: string, session: number, places: number, filled: number): string {
  return places === 0
    ? `超出名额：${regionName(regionCode)}在第${session}期没有分配名额，已列入候补（待名额调剂后递补）。`
    : `超出名额：${regionName(regionCode)}第${session}期名额 ${places} 人，已有 ${filled} 人占用名额，本条列入候补（待名额调剂后递补）。`;
}

/**
 * Counts places as registrations are added, in order: each `take` is one more registration for the
 * cell; it answers null while the cell has room (or the session has no quota table yet) and the
 * OVER_QUOTA finding once it is full. The store is read once per cell, so a file of 50,000 rows costs
 * one query per region and session.
 */
export function createPlaceCounter(db: Db, programmeId: number): (sessionId: number, regionCode: string) => OverQuota | null {
  const cells = new Map<string, { places: number | null; filled: number; session: number }>();
  return (sessionId, regionCode) => {
    const key = `${sessionId}|${regionCode}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { ...quotaStanding(db, programmeId, sessionId, regionCode), session: sessionNumber(db, sessionId) };
      cells.set(key, cell);
    }
    if (cell.places === null) return null;
    if (cell.filled < cell.places) {
      cell.filled++;
      return null;
    }
    return {
      code: 'OVER_QUOTA',
      places: cell.places,
      filled: cell.filled,
      message: overQuotaMessage(regionCode, cell.session, cell.places, cell.filled),
    };
  };
}

/** AFTER_DEADLINE's message, or null when the session has no deadline or it has not passed. */
export function afterDeadline(db: Db, sessionId: number, today = localToday()): string | null {
  const s = prepared(db, 'SELECT number, registration_deadline AS deadline FROM sessions WHERE id = ?').get(sessionId) as
    { number: number; deadline: string | null } | undefined;
  if (!s?.deadline || today <= s.deadline) return null;
  return `第${s.number}期报名已于 ${s.deadline} 截止（今天 ${today}）：仍可录入，是否接收由培训中心决定。`;
}
