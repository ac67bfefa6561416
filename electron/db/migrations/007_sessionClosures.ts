import type { Migration } from './types';

/**
 * Closing a session (结班, issue 9 §5): every close and reopen is a row, never updated, so the
 * history of who locked and unlocked a session, and why, is kept. The latest row says whether the
 * session is closed now.
 */
export const m007SessionClosures: Migration = {
  version: 7,
  name: 'session_closures',
  up(db) {
    db.exec(`
      CREATE TABLE session_closures (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
        reason TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        CHECK (action = 'close' OR length(reason) > 0)
      ) STRICT;
      CREATE INDEX session_closures_session ON session_closures (session_id, id);
      CREATE TRIGGER session_closures_append_only BEFORE UPDATE ON session_closures
      BEGIN
        SELECT RAISE(ABORT, 'session closures are never changed');
      END;
      CREATE TRIGGER session_closures_no_delete BEFORE DELETE ON session_closures
      BEGIN
        SELECT RAISE(ABORT, 'session closures are never deleted');
      END;
    `);
  },
};
