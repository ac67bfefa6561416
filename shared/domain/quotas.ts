/**
 * The annual plan's quota table (各地名额分配表), the regions' work information (工作信息表) and the
 * half-day schedule of a session, as the services return them.
 */
import type { ApportionResult } from './apportion';

/** Half-day parts of a training day; 其他 for anything else (a site visit at 10:00, a dinner talk). */
export const SLOT_PARTS = ['上午', '下午', '晚上', '其他'] as const;
export type SlotPart = (typeof SLOT_PARTS)[number];

export const SLOT_KINDS = ['class', 'visit', 'discussion', 'opening', 'closing', 'other'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
export const SLOT_KIND_LABELS: Record<SlotKind, string> = {
  class: '授课',
  visit: '现场教学',
  discussion: '研讨交流',
  opening: '开班式',
  closing: '结业式',
  other: '其他',
};

/** One half-day (or other) part of a session: what attendance is taken for. */
export interface SessionSlot {
  /** YYYY-MM-DD */
  date: string;
  part: SlotPart;
  /** Free text shown with the slot, e.g. 「赴企业现场教学」. */
  label: string;
  /** HH:MM */
  startTime: string;
  kind: SlotKind;
}

export interface SessionSlots {
  sessionId: number;
  /** True: nothing stored yet; these slots are derived from the session's dates (4 days × 上午/下午). */
  isDefault: boolean;
  slots: SessionSlot[];
}

/** Registrations counted against a cell, by status (rejected and withdrawn do not count). */
export interface QuotaFill {
  submitted: number;
  approved: number;
  waitlisted: number;
}

export interface QuotaCell {
  sessionId: number;
  regionCode: string;
  places: number;
  min: number | null;
  max: number | null;
  locked: boolean;
  fill: QuotaFill;
  /** Registrations holding a place: submitted + approved (waitlisted ones wait beyond the quota). */
  filled: number;
  /** Changes recorded for this cell. */
  changes: number;
}

export interface QuotaGridSession {
  id: number;
  number: number;
  title: string;
  institution: string;
  location: string;
  startDate: string | null;
  endDate: string | null;
  registrationDeadline: string | null;
  capacity: number | null;
  /** Sum of the column. */
  places: number;
  filled: number;
  waitlisted: number;
}

export interface QuotaGridRegion {
  code: string;
  name: string;
  shortName: string;
  places: number;
  filled: number;
  waitlisted: number;
}

export interface QuotaGrid {
  programmeId: number;
  year: number;
  title: string;
  documentNo: string;
  organiser: string;
  plannedTrainees: number;
  /** Carried over from last year's plan and not yet confirmed. */
  draft: boolean;
  sessions: QuotaGridSession[];
  /** The 37 regions in the official order. */
  regions: QuotaGridRegion[];
  /** cells[regionIndex][sessionIndex] */
  cells: QuotaCell[][];
  places: number;
  filled: number;
  waitlisted: number;
  /** Registrations with no session yet, not counted in any cell. */
  unassigned: number;
}

/** Where a change came from. */
export const QUOTA_SOURCES = ['edit', 'paste', 'apportion', 'import', 'revert', 'copy', 'confirm', 'reallocation'] as const;
export type QuotaSource = (typeof QUOTA_SOURCES)[number];
export const QUOTA_SOURCE_LABELS: Record<QuotaSource, string> = {
  edit: '修改',
  paste: '粘贴',
  apportion: '按权重分配',
  import: '导入名额表',
  revert: '撤销',
  copy: '复制上年计划',
  confirm: '确认',
  reallocation: '名额调剂',
};

export interface QuotaValues {
  places: number;
  min: number | null;
  max: number | null;
  locked: boolean;
}

export interface QuotaChange {
  id: number;
  batch: string;
  at: string;
  operator: string;
  source: QuotaSource;
  reason: string;
  sessionId: number;
  sessionNumber: number;
  regionCode: string;
  regionName: string;
  /** null: the cell did not exist before. */
  from: QuotaValues | null;
  to: QuotaValues;
  /** This change undoes that one. */
  revertOf: number | null;
  /** Undone by that change. */
  revertedBy: number | null;
  /** It can be undone now: not undone yet, and the cell still holds what it set. */
  revertible: boolean;
}

export interface QuotaSetResult {
  batch: string;
  /** Cells whose values actually changed (setting a cell to what it holds records nothing). */
  changed: number;
  /** Sessions whose column now exceeds capacity: a warning, the plan may still be in the making. */
  warnings: string[];
}

export interface ApportionPreview {
  seats: number;
  regions: { code: string; name: string }[];
  results: ApportionResult[];
}

/** One problem in an imported 名额分配表. */
export interface QuotaImportIssue {
  row: number | null;
  column: string;
  code: string;
  message: string;
}

export interface QuotaImportResult {
  dryRun: boolean;
  /** Written (false in a dry run and whenever there are errors: a table is taken whole or not at all). */
  applied: boolean;
  fileName: string;
  sheetName: string;
  sessionNumbers: number[];
  regions: number;
  changes: { sessionNumber: number; regionCode: string; regionName: string; from: number; to: number }[];
  unchanged: number;
  errors: QuotaImportIssue[];
  warnings: QuotaImportIssue[];
  batch: string | null;
}

export const CONTACT_ROLES = ['head', 'liaison'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = { head: '负责人', liaison: '联络人' };

export interface Contact {
  name: string;
  post: string;
  officePhone: string;
  mobile: string;
  email: string;
}

export interface RegionContacts {
  regionCode: string;
  regionName: string;
  head: Contact | null;
  liaison: Contact | null;
}

export interface ContactImportResult {
  dryRun: boolean;
  applied: boolean;
  fileName: string;
  /** Regions found, with the roles read for each. */
  found: { regionCode: string; regionName: string; roles: ContactRole[] }[];
  errors: QuotaImportIssue[];
}
