import type { Migration } from './types';

/**
 * Reallocation (issue 7 §5, 调减 / 调剂): after a session's deadline the centre takes back unfilled
 * places and gives them to regions with waitlisted registrations. One reallocation is one
 * operation with its reason; each move (from cell → to cell, places) is kept, and the quota cells
 * change through `quota_changes` rows of the reallocation's batch (source 'reallocation'), so the
 * cell history shows them and a revert is an ordinary revert of that batch.
 *
 * quota_changes is rebuilt because SQLite cannot widen a CHECK constraint in place; the rows,
 * their ids and the self-references (revert_of, reverted_by) are copied as they are.
 */
export const m006Reallocation: Migration = {
  version: 6,
  name: 'reallocation',
  up(db) {
    db.exec(`
      CREATE TABLE quota_changes_new (
        id INTEGER PRIMARY KEY,
        batch TEXT NOT NULL,
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('edit', 'paste', 'apportion', 'import', 'revert', 'copy', 'confirm', 'reallocation')),
        reason TEXT NOT NULL,
        old_places INTEGER,
        old_min INTEGER,
        old_max INTEGER,
        old_locked INTEGER CHECK (old_locked IS NULL OR old_locked IN (0, 1)),
        new_places INTEGER NOT NULL,
        new_min INTEGER,
        new_max INTEGER,
        new_locked INTEGER NOT NULL CHECK (new_locked IN (0, 1)),
        revert_of INTEGER REFERENCES quota_changes_new (id),
        reverted_by INTEGER REFERENCES quota_changes_new (id)
      ) STRICT;
      INSERT INTO quota_changes_new SELECT id, batch, programme_id, session_id, region_code, at, operator, source, reason,
        old_places, old_min, old_max, old_locked, new_places, new_min, new_max, new_locked, revert_of, reverted_by
        FROM quota_changes ORDER BY id;
      DROP TABLE quota_changes;
      ALTER TABLE quota_changes_new RENAME TO quota_changes;
      CREATE INDEX quota_changes_cell ON quota_changes (session_id, region_code, id);
      CREATE INDEX quota_changes_programme ON quota_changes (programme_id, id);
      CREATE INDEX quota_changes_batch ON quota_changes (batch);

      CREATE TABLE reallocations (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        -- The quota_changes batch that carries this reallocation's cell changes.
        batch TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        -- 'suggested': the moves are the suggestion as offered; 'manual': typed or edited by hand.
        kind TEXT NOT NULL CHECK (kind IN ('suggested', 'manual'))
      ) STRICT;
      CREATE INDEX reallocations_programme ON reallocations (programme_id, id);

      CREATE TABLE reallocation_moves (
        id INTEGER PRIMARY KEY,
        reallocation_id INTEGER NOT NULL REFERENCES reallocations (id) ON DELETE RESTRICT,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        from_session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        from_region TEXT NOT NULL REFERENCES regions (code),
        to_session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        to_region TEXT NOT NULL REFERENCES regions (code),
        places INTEGER NOT NULL CHECK (places >= 1),
        reason TEXT NOT NULL,
        UNIQUE (reallocation_id, seq),
        CHECK (from_session_id <> to_session_id OR from_region <> to_region)
      ) STRICT;
    `);
  },
};
