import { REGIONS } from '../../../shared/regions';
import type { Migration } from './types';

/** The 37 recommending regions are data, not code, so reports can join on them. */
export const m002Regions: Migration = {
  version: 2,
  name: 'regions',
  up(db) {
    const insert = db.prepare('INSERT INTO regions (code, name, short_name, kind, sort) VALUES (@code, @name, @shortName, @kind, @sort)');
    for (const r of REGIONS) insert.run(r);
  },
};
