/**
 * The demo programme's reallocation (issue 7 §7): after 第1期's deadline the registrations beyond a
 * region's quota wait as 候补 (as the form and the importer store them, code OVER_QUOTA), and one
 * reallocation has been applied from the suggestion, for its first few waiting regions, with
 * their next waitlisted registrations promoted. The rest of the suggestion is left for the user.
 */
import { regionName } from '../../shared/regions';
import { plainMove } from '../../shared/domain/reallocation';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { applyReallocation, promote, reallocationStanding, waitlist } from './reallocation';

/** How many waiting regions the demo's one reallocation serves. */
const SERVED = 3;

export function seedDemoReallocation(db: Db, programmeId: number, sessionId: number, sessionNumber: number): void {
  // Registrations beyond the quota, latest first, become 候补 (what §4 does on entry).
  const cells = prepared(
    db,
    `SELECT q.region_code AS regionCode, q.places, (SELECT count(*) FROM registrations r
       WHERE r.session_id = q.session_id AND r.region_code = q.region_code AND r.status IN ('submitted', 'approved')) AS filled
     FROM quotas q WHERE q.session_id = ?`,
  ).all(sessionId) as { regionCode: string; places: number; filled: number }[];
  const holders = prepared(
    db,
    `SELECT id FROM registrations WHERE session_id = ? AND region_code = ? AND status IN ('submitted', 'approved') ORDER BY id DESC LIMIT ?`,
  );
  const wait = prepared(db, "UPDATE registrations SET status = 'waitlisted', status_reason = ? WHERE id = ?");
  for (const c of cells.filter((x) => x.filled > x.places))
    for (const { id } of holders.all(sessionId, c.regionCode, c.filled - c.places) as { id: number }[])
      wait.run(`超出名额：第${sessionNumber}期${regionName(c.regionCode)}名额 ${c.places} 名，已报 ${c.filled} 名，列入候补`, id);

  const { suggestion } = reallocationStanding(db, programmeId, sessionId, '9999-12-31');
  const served = [...new Set(suggestion.map((m) => m.toRegion))].slice(0, SERVED);
  const moves = suggestion.filter((m) => served.includes(m.toRegion)).map(plainMove);
  if (!moves.length) return;
  applyReallocation(
    db,
    { programmeId, moves, reason: `第${sessionNumber}期报名截止后，收回未用名额调剂给有候补的地区（演示）`, kind: 'suggested' },
    '9999-12-31',
  );
  const next = waitlist(db, programmeId, sessionId)
    .filter((c) => served.includes(c.regionCode))
    .flatMap((c) => c.waiting.filter((w) => w.next).map((w) => w.registrationId));
  if (next.length) promote(db, programmeId, next, '名额调剂后转正（演示）');
}
