/**
 * The demo's registrations arrive over the weeks before the deadlines rather than all in the
 * second the demo was made, so the 概览's registrations-over-time chart has a curve to show: a slow
 * start, a rush in the last days, a few after the first session's deadline. The order of arrival
 * stays the order of the ids (waitlists are ordered by it), only the days move.
 */
import type { Db } from '../db/connection';

export function spreadDemoRegistrationDates(db: Db, programmeId: number, year: number): void {
  const ids = (db.prepare('SELECT id FROM registrations WHERE programme_id = ? ORDER BY id').all(programmeId) as { id: number }[]).map(
    (r) => r.id,
  );
  const first = Date.UTC(year, 4, 12); // 5月12日, the notice's date
  const days = 30; // to 6月11日: a few arrive after the first session's deadline (6月9日)
  const set = db.prepare('UPDATE registrations SET created_at = ?, updated_at = max(updated_at, ?) WHERE id = ?');
  let lastDay = -1;
  let inDay = 0;
  ids.forEach((id, k) => {
    // Few early, most in the last two weeks: the k-th arrives on day days·√share.
    const share = k / Math.max(1, ids.length - 1);
    const day = Math.min(days, Math.floor(days * Math.sqrt(share)));
    inDay = day === lastDay ? inDay + 1 : 0;
    lastDay = day;
    // From 09:00 Beijing time (01:00 UTC), a few seconds apart: the same calendar day there and in UTC.
    const at = new Date(first + day * 86_400_000 + 3_600_000 + inDay * 20_000).toISOString();
    set.run(at, at, id);
  });
}
