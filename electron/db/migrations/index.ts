import { m001Init } from './001_init';
import { m002Regions } from './002_regions';
import { m003SearchIndex } from './003_search_index';
import type { Migration } from './types';

/** In order; a migration once shipped is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Init, m002Regions, m003SearchIndex];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
