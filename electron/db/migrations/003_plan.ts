import type { Migration } from './types';

/**
 * The annual plan (issue 7): each session's training institution and half-day schedule, the quota
 * table per region and session with every change kept (who, when, from → to, why), and the
 * regions' work information (负责人 and 联络人).
 */
export const m003Plan: Migration = {
  version: 3,
  name: 'plan',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN institution TEXT NOT NULL DEFAULT '';

      -- A plan copied from last year carries its quotas as a draft until someone confirms them.
      ALTER TABLE programmes ADD COLUMN quota_state TEXT NOT NULL DEFAULT 'final' CHECK (quota_state IN ('draft', 'final'));
      ALTER TABLE programmes ADD COLUMN copied_from INTEGER REFERENCES programmes (id) ON DELETE SET NULL;

      -- Stored slots replace the default schedule (4 days × 上午/下午 from the start date).
      CREATE TABLE session_slots (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        part TEXT NOT NULL CHECK (part IN ('上午', '下午', '晚上', '其他')),
        label TEXT NOT NULL DEFAULT '',
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        kind TEXT NOT NULL DEFAULT 'class' CHECK (kind IN ('class', 'visit', 'discussion', 'opening', 'closing', 'other')),
        UNIQUE (session_id, seq),
        UNIQUE (session_id, date, start_time)
      ) STRICT;

      CREATE TABLE quotas (
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        places INTEGER NOT NULL DEFAULT 0 CHECK (places >= 0),
        min INTEGER CHECK (min IS NULL OR min >= 0),
        max INTEGER CHECK (max IS NULL OR max >= 0),
        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (session_id, region_code),
        CHECK (min IS NULL OR max IS NULL OR min <= max),
        CHECK (min IS NULL OR places >= min),
        CHECK (max IS NULL OR places <= max)
      ) STRICT;
      CREATE INDEX quotas_programme ON quotas (programme_id, region_code);
      CREATE TRIGGER quotas_session_in_programme_ins BEFORE INSERT ON quotas
        WHEN (SELECT programme_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.programme_id
        BEGIN SELECT RAISE(ABORT, 'session does not belong to programme'); END;
      CREATE TRIGGER quotas_session_in_programme_upd BEFORE UPDATE OF session_id, programme_id ON quotas
        WHEN (SELECT programme_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.programme_id
        BEGIN SELECT RAISE(ABORT, 'session does not belong to programme'); END;

      -- One row per cell changed; a batch groups the cells of one operation (a paste, an apportionment).
      -- old_* NULL: the cell did not exist before. A revert is a change of its own (revert_of).
      CREATE TABLE quota_changes (
        id INTEGER PRIMARY KEY,
        batch TEXT NOT NULL,
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('edit', 'paste', 'apportion', 'import', 'revert', 'copy', 'confirm')),
        reason TEXT NOT NULL,
        old_places INTEGER,
        old_min INTEGER,
        old_max INTEGER,
        old_locked INTEGER CHECK (old_locked IS NULL OR old_locked IN (0, 1)),
        new_places INTEGER NOT NULL,
        new_min INTEGER,
        new_max INTEGER,
        new_locked INTEGER NOT NULL CHECK (new_locked IN (0, 1)),
        revert_of INTEGER REFERENCES quota_changes (id),
        reverted_by INTEGER REFERENCES quota_changes (id)
      ) STRICT;
      CREATE INDEX quota_changes_cell ON quota_changes (session_id, region_code, id);
      CREATE INDEX quota_changes_programme ON quota_changes (programme_id, id);
      CREATE INDEX quota_changes_batch ON quota_changes (batch);

      -- 工作信息表: per programme and region, a 负责人 (head) and a 联络人 (liaison).
      CREATE TABLE region_contacts (
        programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        role TEXT NOT NULL CHECK (role IN ('head', 'liaison')),
        name TEXT NOT NULL DEFAULT '',
        post TEXT NOT NULL DEFAULT '',
        office_phone TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (programme_id, region_code, role)
      ) STRICT;
    `);
  },
};
