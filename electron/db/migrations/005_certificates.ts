import type { Migration } from './types';

/**
 * Completion certificates (issue 9): per programme a numbering pattern and a template, a counter
 * per numbering scope that only goes up (a number is never issued twice, even after a revoke),
 * the register of every certificate, every issue/reissue/revoke as an event, and the measured
 * 套打 offset of each printer.
 */
export const m005Certificates: Migration = {
  version: 5,
  name: 'certificates',
  up(db) {
    db.exec(`
      CREATE TABLE certificate_settings (
        programme_id INTEGER PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
        pattern TEXT NOT NULL CHECK (instr(pattern, '{seq') > 0),
        template TEXT CHECK (template IS NULL OR json_valid(template)),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      -- scope: the pattern's text before the sequence is filled in (e.g. 'LJ2025-01-'), so a number
      -- pattern per session counts per session, and a changed pattern never meets an old number.
      CREATE TABLE certificate_counters (
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        scope TEXT NOT NULL,
        last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
        PRIMARY KEY (programme_id, scope)
      ) STRICT;

      CREATE TABLE certificates (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 40),
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        registration_id INTEGER NOT NULL UNIQUE REFERENCES registrations (id) ON DELETE RESTRICT,
        -- As printed and signed: a later change of the trainee's record does not change a certificate.
        name TEXT NOT NULL CHECK (length(name) > 0),
        session_number INTEGER NOT NULL,
        issue_date TEXT NOT NULL CHECK (issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        statement TEXT NOT NULL,
        key_fingerprint TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
        reissues INTEGER NOT NULL DEFAULT 0 CHECK (reissues >= 0),
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL,
        revoked_at TEXT,
        revoke_reason TEXT,
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      ) STRICT;
      CREATE INDEX certificates_session ON certificates (session_id, number);

      CREATE TABLE certificate_events (
        id INTEGER PRIMARY KEY,
        certificate_id INTEGER NOT NULL REFERENCES certificates (id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('issue', 'reissue', 'revoke')),
        reason TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        CHECK (kind = 'issue' OR length(reason) > 0)
      ) STRICT;
      CREATE INDEX certificate_events_certificate ON certificate_events (certificate_id, id);

      -- The register is append-only in spirit: numbers and names never change once issued.
      CREATE TRIGGER certificates_fixed BEFORE UPDATE OF number, name, registration_id, statement ON certificates
      BEGIN
        SELECT RAISE(ABORT, 'certificate identity is fixed');
      END;
      CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
      BEGIN
        SELECT RAISE(ABORT, 'certificates are never deleted');
      END;

      CREATE TABLE printer_offsets (
        printer TEXT PRIMARY KEY CHECK (length(printer) BETWEEN 1 AND 100),
        dx_mm REAL NOT NULL CHECK (dx_mm BETWEEN -50 AND 50),
        dy_mm REAL NOT NULL CHECK (dy_mm BETWEEN -50 AND 50),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
