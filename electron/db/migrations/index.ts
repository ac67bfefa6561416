import { m001Init } from './001_init';
import { m002Regions } from './002_regions';
import { m003Plan } from './003_plan';
import { m004Attendance } from './004_attendance';
import { m005Certificates } from './005_certificates';
import { m006Reallocation } from './006_reallocation';
import { m007SessionClosures } from './007_sessionClosures';
import { m008Evaluation } from './008_evaluation';
import { m009Followups } from './009_followups';
import type { Migration } from './types';

/** In order; a migration once shipped is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [
  m001Init,
  m002Regions,
  m003Plan,
  m004Attendance,
  m005Certificates,
  m006Reallocation,
  m007SessionClosures,
  m008Evaluation,
  m009Followups,
];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
