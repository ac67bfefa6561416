import { m001Init } from './001_init';
import { m002Regions } from './002_regions';
import { m003Plan } from './003_plan';
import { m004Attendance } from './004_attendance';
import { m005Certificates } from './005_certificates';
import type { Migration } from './types';

/** In order; a migration once shipped is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Init, m002Regions, m003Plan, m004Attendance, m005Certificates];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
