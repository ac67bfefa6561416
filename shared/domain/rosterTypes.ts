/** Roster operations as the services return them: the waitlist and the result of a change (issue 8 §1). */
import type { Roster } from './attendanceTypes';

/** A waitlisted (候补) registration that may be added to a session, in waitlist order. */
export interface WaitlistEntry {
  registrationId: number;
  /** 1-based place in the waitlist: who is added first. */
  order: number;
  name: string;
  gender: string | null;
  regionCode: string;
  regionName: string;
  enterprise: string;
  position: string;
  mobile: string;
  /** The session asked for, or null when none was. */
  sessionNumber: number | null;
  createdAt: string;
}

/** A roster after a change, and what happened in words (shown on screen, written to the audit log). */
export interface RosterChange {
  roster: Roster;
  message: string;
}
