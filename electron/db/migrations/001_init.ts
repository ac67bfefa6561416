import type { Migration } from './types';

/** The domain core: programmes, sessions, regions, enterprises, trainees, registrations, audit. */
export const m001Init: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE regions (
        code TEXT PRIMARY KEY CHECK (length(code) = 6),
        name TEXT NOT NULL UNIQUE,
        short_name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('province', 'city', 'corps')),
        sort INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE programmes (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        title TEXT NOT NULL CHECK (length(title) > 0),
        document_no TEXT NOT NULL DEFAULT '',
        planned_trainees INTEGER NOT NULL DEFAULT 0 CHECK (planned_trainees >= 0),
        organiser TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (year, title)
      ) STRICT;

      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        number INTEGER NOT NULL CHECK (number >= 1),
        title TEXT NOT NULL DEFAULT '',
        start_date TEXT,
        end_date TEXT,
        location TEXT NOT NULL DEFAULT '',
        capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
        registration_deadline TEXT,
        UNIQUE (programme_id, number),
        CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
      ) STRICT;

      CREATE TABLE enterprises (
        id INTEGER PRIMARY KEY,
        credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
        name TEXT NOT NULL CHECK (length(name) > 0),
        region_code TEXT REFERENCES regions (code),
        industry TEXT NOT NULL DEFAULT '',
        qualifications TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(qualifications)),
        founded_on TEXT,
        employees INTEGER CHECK (employees IS NULL OR employees >= 0),
        revenue_wan REAL CHECK (revenue_wan IS NULL OR revenue_wan >= 0),
        is_manufacturing INTEGER CHECK (is_manufacturing IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX enterprises_name ON enterprises (name);

      CREATE TABLE trainees (
        id INTEGER PRIMARY KEY,
        id_number TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
        name TEXT NOT NULL CHECK (length(name) > 0),
        name_pinyin TEXT NOT NULL DEFAULT '',
        name_initials TEXT NOT NULL DEFAULT '',
        gender TEXT CHECK (gender IN ('男', '女')),
        ethnicity TEXT NOT NULL DEFAULT '',
        birth_date TEXT,
        political_status TEXT NOT NULL DEFAULT '',
        education TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        is_principal INTEGER CHECK (is_principal IN (0, 1)),
        mobile TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX trainees_name ON trainees (name);

      CREATE TABLE registrations (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        session_id INTEGER REFERENCES sessions (id) ON DELETE RESTRICT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        trainee_id INTEGER NOT NULL REFERENCES trainees (id) ON DELETE RESTRICT,
        enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE RESTRICT,
        status TEXT NOT NULL DEFAULT 'submitted'
          CHECK (status IN ('submitted', 'approved', 'rejected', 'waitlisted', 'withdrawn')),
        status_reason TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'manual',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX registrations_programme ON registrations (programme_id, session_id, region_code);
      CREATE INDEX registrations_trainee ON registrations (trainee_id);
      CREATE INDEX registrations_enterprise ON registrations (enterprise_id);
      -- The notice's rule, in the schema: one enterprise, one person, one session per programme year.
      -- Rejected and withdrawn registrations free the place.
      CREATE UNIQUE INDEX registrations_one_per_enterprise ON registrations (programme_id, enterprise_id)
        WHERE status IN ('submitted', 'approved', 'waitlisted');
      CREATE UNIQUE INDEX registrations_one_per_trainee ON registrations (programme_id, trainee_id)
        WHERE status IN ('submitted', 'approved', 'waitlisted');

      -- A registration's session must belong to its programme.
      CREATE TRIGGER registrations_session_in_programme_ins BEFORE INSERT ON registrations
        WHEN NEW.session_id IS NOT NULL
          AND (SELECT programme_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.programme_id
        BEGIN SELECT RAISE(ABORT, 'session does not belong to programme'); END;
      CREATE TRIGGER registrations_session_in_programme_upd BEFORE UPDATE OF session_id, programme_id ON registrations
        WHEN NEW.session_id IS NOT NULL
          AND (SELECT programme_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.programme_id
        BEGIN SELECT RAISE(ABORT, 'session does not belong to programme'); END;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        method TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT CHECK (details IS NULL OR json_valid(details))
      ) STRICT;
    `);
  },
};
