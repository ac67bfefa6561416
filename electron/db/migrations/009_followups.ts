import type { Migration } from './types';

/**
 * Follow-up of the trained enterprises (issue 10 §3): visits, surveys and the yearly figures the
 * regions collect. A record belongs to an enterprise, which can therefore not be deleted under it.
 * An imported table is remembered by its digest so the same figures are never read in twice.
 */
export const m009Followups: Migration = {
  version: 9,
  name: 'followups',
  up(db) {
    db.exec(`
      CREATE TABLE followup_imports (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        region_code TEXT REFERENCES regions (code),
        created INTEGER NOT NULL CHECK (created >= 0),
        updated INTEGER NOT NULL CHECK (updated >= 0),
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE followups (
        id INTEGER PRIMARY KEY,
        enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE RESTRICT,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        kind TEXT NOT NULL CHECK (kind IN ('回访', '调研', '年度经营数据')),
        -- The business year the figures are for; the yearly figures always name one.
        year INTEGER CHECK (year IS NULL OR year BETWEEN 1950 AND 2100),
        revenue_wan REAL CHECK (revenue_wan IS NULL OR revenue_wan BETWEEN 0 AND 1e9),
        profit_wan REAL CHECK (profit_wan IS NULL OR profit_wan BETWEEN -1e9 AND 1e9),
        employees INTEGER CHECK (employees IS NULL OR employees BETWEEN 0 AND 10000000),
        rd_wan REAL CHECK (rd_wan IS NULL OR rd_wan BETWEEN 0 AND 1e9),
        patents INTEGER CHECK (patents IS NULL OR patents BETWEEN 0 AND 1000000),
        gained TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(gained) AND json_type(gained) = 'array'),
        lost TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lost) AND json_type(lost) = 'array'),
        notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
        source TEXT NOT NULL CHECK (source IN ('manual', 'import')),
        import_id INTEGER REFERENCES followup_imports (id) ON DELETE RESTRICT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (kind <> '年度经营数据' OR year IS NOT NULL)
      ) STRICT;
      CREATE INDEX followups_enterprise ON followups (enterprise_id, date);
      -- One set of yearly figures per enterprise and year: an import of a later table replaces it.
      CREATE UNIQUE INDEX followups_yearly ON followups (enterprise_id, year) WHERE kind = '年度经营数据';
    `);
  },
};
