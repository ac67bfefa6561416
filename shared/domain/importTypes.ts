/** What the import wizard and the CLI see of an import: the dry run, then the commit. */
import type { FieldKey } from './fields';
import type { Severity } from './issues';

export interface ImportColumn {
  index: number;
  header: string;
  field: FieldKey | null;
}

export interface ImportIssue {
  rowNumber: number;
  field: string;
  /** The column's header text as in the file ('' when the value came from elsewhere). */
  column: string;
  columnIndex: number | null;
  severity: Severity;
  code: string;
  message: string;
}

export type ImportRowStatus = 'ok' | 'warning' | 'error';

export interface ImportPreviewRow {
  rowNumber: number;
  status: ImportRowStatus;
  name: string;
  idNumber: string;
  enterpriseName: string;
  creditCode: string;
  sessionNumber: number | null;
  regionName: string;
  issues: ImportIssue[];
}

export interface ImportPreview {
  importId: string;
  fileName: string;
  sheetName: string;
  headerRow: number;
  titleText: string | null;
  reportingUnit: string | null;
  columns: ImportColumn[];
  signature: string;
  /** Required fields no column maps to: the wizard asks for a mapping before checking rows. */
  missingRequired: FieldKey[];
  needsMapping: boolean;
  /** The first rows only (problem rows first); the rest page in through `imports.rows`. */
  rows: ImportPreviewRow[];
  skipped: { rowNumber: number; reason: string }[];
  /** overQuota: rows beyond their region's quota (OVER_QUOTA), stored as 候补 by a commit. */
  counts: { rows: number; ok: number; warning: number; error: number; skipped: number; overQuota: number };
  /** About the whole file, e.g. AFTER_DEADLINE: a session's registration deadline has passed (a warning, not a refusal). */
  notices: ImportNotice[];
}

export interface ImportRowsPage {
  total: number;
  rows: ImportPreviewRow[];
}

export interface ImportNotice {
  code: string;
  message: string;
}

export interface ImportResult {
  /** Rows that pass (under the chosen strictness): what a commit writes. */
  valid: number;
  imported: number;
  /** Of those, stored as 候补 because they were beyond the region's quota (OVER_QUOTA); a dry run: would be. */
  waitlisted: number;
  rejected: number;
  warnings: number;
  errors: { row: number; column: string; code: string; message: string }[];
  backup: string | null;
}

/** A file the services wrote: where it is, so the window can reveal it and the browser download it. */
export interface WrittenFile {
  path: string;
  fileName: string;
  mimeType: string;
  bytes: number;
}
