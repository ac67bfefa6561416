import type { Migration } from './types';

/**
 * Rosters, attendance and completion (issue 8): groups and seats per trainee in a session, every
 * attendance mark as an append-only history (an undo hides a batch, the mark it replaced shows
 * again), leave approved at the region, a completion rule per programme and audited overrides.
 */
export const m004Attendance: Migration = {
  version: 4,
  name: 'attendance',
  up(db) {
    db.exec(`
      -- Roster extras, per registration in its session: moving the trainee to another session drops them.
      CREATE TABLE roster_entries (
        registration_id INTEGER PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        group_no INTEGER CHECK (group_no IS NULL OR group_no BETWEEN 1 AND 99),
        is_leader INTEGER NOT NULL DEFAULT 0 CHECK (is_leader IN (0, 1)),
        seat_no INTEGER CHECK (seat_no IS NULL OR seat_no BETWEEN 1 AND 9999),
        updated_at TEXT NOT NULL,
        CHECK (is_leader = 0 OR group_no IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX roster_entries_seat ON roster_entries (session_id, seat_no) WHERE seat_no IS NOT NULL;
      CREATE UNIQUE INDEX roster_entries_leader ON roster_entries (session_id, group_no) WHERE is_leader = 1;

      -- One row per mark entered. effective_at: the local wall-clock moment the mark is about
      -- (HH:MM of arrival); entered_at: when it was typed (UTC). backfilled: copied later from paper.
      -- batch groups the marks of one action (a check-in, closing a slot) so Ctrl+Z undoes it whole.
      CREATE TABLE attendance_marks (
        id INTEGER PRIMARY KEY,
        batch TEXT NOT NULL,
        registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE RESTRICT,
        slot_id INTEGER NOT NULL REFERENCES session_slots (id) ON DELETE RESTRICT,
        status TEXT NOT NULL CHECK (status IN ('出勤', '迟到', '请假', '缺勤', '早退')),
        minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
        reason TEXT NOT NULL DEFAULT '',
        effective_at TEXT NOT NULL CHECK (effective_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'),
        entered_at TEXT NOT NULL,
        entered_by TEXT NOT NULL,
        backfilled INTEGER NOT NULL DEFAULT 0 CHECK (backfilled IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('checkin', 'manual', 'close', 'leave', 'cli')),
        leave_id INTEGER REFERENCES leave_requests (id) ON DELETE RESTRICT,
        undone_at TEXT,
        undone_by TEXT,
        -- Minutes belong to 迟到 (how late) and 早退 (how early) only.
        CHECK (minutes IS NULL OR status IN ('迟到', '早退'))
      ) STRICT;
      CREATE INDEX attendance_marks_cell ON attendance_marks (slot_id, registration_id, id);
      CREATE INDEX attendance_marks_registration ON attendance_marks (registration_id, slot_id);
      CREATE INDEX attendance_marks_batch ON attendance_marks (batch);

      -- 请假: requested through the regional department, approved there, reported to the class.
      CREATE TABLE leave_requests (
        id INTEGER PRIMARY KEY,
        registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE RESTRICT,
        requested_by TEXT NOT NULL CHECK (length(requested_by) > 0),
        approved_by TEXT NOT NULL CHECK (length(approved_by) > 0),
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        entered_at TEXT NOT NULL,
        entered_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX leave_requests_registration ON leave_requests (registration_id);
      CREATE TABLE leave_slots (
        leave_id INTEGER NOT NULL REFERENCES leave_requests (id) ON DELETE CASCADE,
        slot_id INTEGER NOT NULL REFERENCES session_slots (id) ON DELETE RESTRICT,
        PRIMARY KEY (leave_id, slot_id)
      ) STRICT;

      -- 结业 rule per programme; no row means the defaults below. grace_minutes: how late a
      -- mark may come after a slot's start before it counts as 迟到.
      CREATE TABLE completion_rules (
        programme_id INTEGER PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
        min_attendance REAL NOT NULL DEFAULT 0.875 CHECK (min_attendance BETWEEN 0 AND 1),
        max_leave INTEGER NOT NULL DEFAULT 1 CHECK (max_leave BETWEEN 0 AND 100),
        max_absent INTEGER NOT NULL DEFAULT 0 CHECK (max_absent BETWEEN 0 AND 100),
        max_late INTEGER NOT NULL DEFAULT 2 CHECK (max_late BETWEEN 0 AND 100),
        max_left_early INTEGER NOT NULL DEFAULT 1 CHECK (max_left_early BETWEEN 0 AND 100),
        grace_minutes INTEGER NOT NULL DEFAULT 5 CHECK (grace_minutes BETWEEN 0 AND 240),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      -- A decision by a person against the rule, with its reason; its history is in the audit log.
      CREATE TABLE completion_overrides (
        registration_id INTEGER PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
        completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
