import type { Migration } from './types';

/**
 * The course timetable and the anonymous evaluation (issue 10 §1–§2). A response is never linked to
 * a trainee: it has no registration column at all. An imported file is remembered by its digest so
 * the same answers are never counted twice.
 */
export const m008Evaluation: Migration = {
  version: 8,
  name: 'evaluation',
  up(db) {
    db.exec(`
      -- One or more courses per half-day slot (slot_seq as in the session's schedule, 1-based).
      CREATE TABLE timetable_courses (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        slot_seq INTEGER NOT NULL CHECK (slot_seq BETWEEN 1 AND 200),
        sort INTEGER NOT NULL DEFAULT 0,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        teacher TEXT NOT NULL DEFAULT '',
        teacher_title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('讲授', '案例研讨', '现场教学', '交流'))
      ) STRICT;
      CREATE INDEX timetable_courses_session ON timetable_courses (session_id, slot_seq, sort);

      -- The questionnaire of a session (JSON, shared/domain/evaluation.ts); absent: the default one.
      CREATE TABLE eval_questionnaires (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE eval_imports (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        responses INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (session_id, sha256)
      ) STRICT;

      CREATE TABLE eval_responses (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        source TEXT NOT NULL CHECK (source IN ('paper', 'kiosk', 'import')),
        import_id INTEGER REFERENCES eval_imports (id) ON DELETE CASCADE,
        entered_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX eval_responses_session ON eval_responses (session_id);

      -- A rating (1–5) or a text answer to one question of a response.
      CREATE TABLE eval_answers (
        response_id INTEGER NOT NULL REFERENCES eval_responses (id) ON DELETE CASCADE,
        question TEXT NOT NULL,
        rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
        text TEXT CHECK (text IS NULL OR length(text) <= 2000),
        CHECK ((rating IS NULL) <> (text IS NULL)),
        PRIMARY KEY (response_id, question)
      ) STRICT;
    `);
  },
};
