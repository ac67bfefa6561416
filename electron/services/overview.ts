/** The figures on the 概览 screen, all counted in SQL from the store. */
import { REGISTRATION_STATUSES, type Overview, type OverviewQuotaFill, type RegistrationStatus } from '../../shared/domain/types';
import { regionName } from '../../shared/regions';
import { ACTIVE_STATUS_SQL } from '../db/activeStatusSql';
import type { Db } from '../db/connection';
import type { ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getProgramme, listSessions } from './programmes';
import { quotaGrid } from './quotas';

/** Fill against quota, from the quota grid itself: one definition of what holds a place. */
function quotaFill(db: Db, programmeId: number): OverviewQuotaFill | null {
  const g = quotaGrid(db, programmeId);
  if (!g.places) return null;
  const line = (x: { places: number; filled: number; waitlisted: number }) => ({
    places: x.places,
    filled: x.filled,
    waitlisted: x.waitlisted,
  });
  return {
    ...line(g),
    sessions: g.sessions.map((s) => ({ sessionId: s.id, number: s.number, ...line(s) })),
    regions: g.regions.map((r) => ({ regionCode: r.code, regionName: r.name, ...line(r) })),
  };
}

export function getOverview(db: Db, programmeId: number): Overview {
  const programme = getProgramme(db, programmeId);
  const counts = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
  let total = 0;
  for (const row of db
    .prepare('SELECT status, count(*) AS n FROM registrations WHERE programme_id = ? GROUP BY status')
    .all(programmeId) as {
    status: RegistrationStatus;
    n: number;
  }[]) {
    counts[row.status] = row.n;
    total += row.n;
  }
  const agg = db
    .prepare(
      `SELECT count(*) AS active, count(DISTINCT r.enterprise_id) AS enterprises, count(DISTINCT r.region_code) AS regions,
         sum(r.session_id IS NULL) AS unassigned,
         sum(e.is_manufacturing = 1) AS manufacturing, sum(e.is_manufacturing IS NOT NULL) AS known
       FROM registrations r JOIN enterprises e ON e.id = r.enterprise_id
       WHERE r.programme_id = ? AND r.status IN ${ACTIVE_STATUS_SQL}`,
    )
    .get(programmeId) as {
    active: number;
    enterprises: number;
    regions: number;
    unassigned: number | null;
    manufacturing: number | null;
    known: number | null;
  };
  const byRegion = (
    db
      .prepare(
        `SELECT g.code AS regionCode, count(r.id) AS active FROM regions g
         LEFT JOIN registrations r ON r.region_code = g.code AND r.programme_id = ? AND r.status IN ${ACTIVE_STATUS_SQL}
         GROUP BY g.code ORDER BY g.sort`,
      )
      .all(programmeId) as { regionCode: string; active: number }[]
  ).map((r) => ({ ...r, regionName: regionName(r.regionCode) }));
  return {
    programme,
    registrations: { ...counts, total },
    active: agg.active,
    enterprises: agg.enterprises,
    manufacturingShare: agg.known ? (agg.manufacturing ?? 0) / agg.known : null,
    regionsWithRegistrations: agg.regions,
    unassigned: agg.unassigned ?? 0,
    sessions: listSessions(db, programmeId),
    byRegion,
    quotaFill: quotaFill(db, programmeId),
  };
}

export function overviewHandlers(ctx: ServiceContext): Pick<Handlers, 'overview.get'> {
  return { 'overview.get': ({ programmeId }) => getOverview(ctx.db, programmeId) };
}
