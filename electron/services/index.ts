import type { ServiceContext } from './context';
import { demoHandlers } from './demo';
import { exportHandlers } from './exports';
import type { Handlers } from './handlers';
import { importHandlers } from './imports';
import { overviewHandlers } from './overview';
import { planCopyHandlers } from './planCopy';
import { programmeHandlers } from './programmes';
import { contactHandlers } from './contacts';
import { quotaFileHandlers } from './quotaFiles';
import { quotaHandlers } from './quotas';
import { scheduleHandlers } from './schedule';
import { registrationHandlers } from './registrations';
import { restoreHandlers } from './restore';
import { settingsHandlers } from './settings';
import { systemHandlers } from './system';
import { rosterHandlers } from './rosters';
import { rosterChangeHandlers } from './rosterChanges';
import { rosterPlaceHandlers } from './rosterPlaces';
import { attendanceHandlers } from './attendance';
import { completionHandlers } from './completion';
import { signinSheetHandlers } from './signinSheets';
import { rosterExportHandlers } from './rosterExports';
import { backfillHandlers } from './backfill';
import { certificateHandlers } from './certificates';
import { sessionLockHandlers } from './sessionLock';
import { certifiedRosterHandlers } from './certifiedRoster';
import { reallocationHandlers } from './reallocation';
import { evaluationHandlers } from './evaluation';
import { evaluationFileHandlers } from './evaluationFiles';
import { enterpriseHandlers } from './enterpriseHandlers';
import { dashboardHandlers } from './dashboard';
import { dashboardFileHandlers } from './dashboardFiles';
import { timetableHandlers } from './timetable';

/** Every handler but `jobs.cancel`, which belongs to the dispatcher that owns the jobs. */
export type ServiceHandlers = Omit<Handlers, 'jobs.cancel'>;

export function createServices(ctx: ServiceContext): ServiceHandlers {
  return {
    ...systemHandlers(ctx),
    ...settingsHandlers(ctx),
    ...programmeHandlers(ctx),
    ...registrationHandlers(ctx),
    ...overviewHandlers(ctx),
    ...demoHandlers(ctx),
    ...importHandlers(ctx),
    ...exportHandlers(ctx),
    ...restoreHandlers(ctx),
    ...quotaHandlers(ctx),
    ...quotaFileHandlers(ctx),
    ...contactHandlers(ctx),
    ...scheduleHandlers(ctx),
    ...planCopyHandlers(ctx),
    ...rosterHandlers(ctx),
    ...rosterChangeHandlers(ctx),
    ...rosterPlaceHandlers(ctx),
    ...attendanceHandlers(ctx),
    ...completionHandlers(ctx),
    ...signinSheetHandlers(ctx),
    ...rosterExportHandlers(ctx),
    ...backfillHandlers(ctx),
    ...certificateHandlers(ctx),
    ...sessionLockHandlers(ctx),
    ...certifiedRosterHandlers(ctx),
    ...reallocationHandlers(ctx),
    ...evaluationHandlers(ctx),
    ...evaluationFileHandlers(ctx),
    ...enterpriseHandlers(ctx),
    ...dashboardHandlers(ctx),
    ...dashboardFileHandlers(ctx),
    ...timetableHandlers(ctx),
  };
}
