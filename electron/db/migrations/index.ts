import { m001Init } from './001_init';
import { m002Regions } from './002_regions';
import type { Migration } from './types';

/** In order; a migration once shipped is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Init, m002Regions];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
