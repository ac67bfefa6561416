import { ACTIVE_STATUSES } from '../../shared/domain/types';

/**
 * ACTIVE_STATUSES as an SQL list: `('submitted', 'approved', 'waitlisted')`. Written exactly as
 * migration 1's partial unique indexes write it (a test holds the two together), because SQLite
 * uses a partial index only for a query whose condition matches the index's own.
 */
export const ACTIVE_STATUS_SQL = `(${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`;
