/** Records as the services return them (camelCase, dates as 'YYYY-MM-DD' text). */
export const REGISTRATION_STATUSES = ['submitted', 'approved', 'rejected', 'waitlisted', 'withdrawn'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Statuses that hold the enterprise's one place in a programme year. */
export const ACTIVE_STATUSES: readonly RegistrationStatus[] = ['submitted', 'approved', 'waitlisted'];

/** Statuses that take one of the region's quota places (a waitlisted registration waits beyond the quota). */
export const HOLDING_STATUSES: readonly RegistrationStatus[] = ['submitted', 'approved'];

export const STATUS_LABELS: Record<RegistrationStatus, string> = {
  submitted: '已提交',
  approved: '已通过',
  rejected: '未通过',
  waitlisted: '候补',
  withdrawn: '已撤回',
};

export const GENDERS = ['男', '女'] as const;
export type Gender = (typeof GENDERS)[number];

export interface Programme {
  id: number;
  year: number;
  title: string;
  documentNo: string;
  plannedTrainees: number;
  organiser: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProgrammeSummary extends Programme {
  sessionCount: number;
  registrationCount: number;
}

export interface Session {
  id: number;
  programmeId: number;
  number: number;
  title: string;
  startDate: string | null;
  endDate: string | null;
  location: string;
  /** 承担机构: the training institution that runs the session. */
  institution: string;
  capacity: number | null;
  registrationDeadline: string | null;
}

export interface SessionSummary extends Session {
  activeRegistrations: number;
}

export interface Trainee {
  id: number;
  idNumber: string;
  name: string;
  gender: Gender | null;
  ethnicity: string;
  birthDate: string | null;
  politicalStatus: string;
  education: string;
  position: string;
  isPrincipal: boolean | null;
  mobile: string;
  email: string;
}

export interface Enterprise {
  id: number;
  creditCode: string;
  name: string;
  regionCode: string | null;
  industry: string;
  qualifications: string[];
  foundedOn: string | null;
  employees: number | null;
  revenueWan: number | null;
  isManufacturing: boolean | null;
}

/** One row of the registrations table: the trainee and enterprise fields flattened in. */
export interface RegistrationRow {
  id: number;
  programmeId: number;
  programmeYear: number;
  sessionId: number | null;
  sessionNumber: number | null;
  regionCode: string;
  regionName: string;
  status: RegistrationStatus;
  statusReason: string;
  source: string;
  createdAt: string;
  updatedAt: string;
  trainee: Omit<Trainee, 'id'> & { id: number };
  enterprise: Pick<Enterprise, 'id' | 'creditCode' | 'name' | 'industry' | 'qualifications' | 'isManufacturing'>;
}

export interface Overview {
  programme: Programme;
  registrations: Record<RegistrationStatus, number> & { total: number };
  active: number;
  enterprises: number;
  manufacturingShare: number | null;
  regionsWithRegistrations: number;
  unassigned: number;
  sessions: SessionSummary[];
  byRegion: { regionCode: string; regionName: string; active: number }[];
  /** Registrations holding a place (待审核 + 已通过) against the quota table; null while the programme has none. */
  quotaFill: OverviewQuotaFill | null;
}

export interface QuotaFillLine {
  places: number;
  filled: number;
  waitlisted: number;
}

export interface OverviewQuotaFill extends QuotaFillLine {
  sessions: (QuotaFillLine & { sessionId: number; number: number })[];
  regions: (QuotaFillLine & { regionCode: string; regionName: string })[];
}

export interface Settings {
  operatorName: string;
  organisation: string;
  /** 本单位所属地区: a region code, or '' for the centre (all regions). */
  region: string;
}

export interface BackupInfo {
  file: string;
  path: string;
  reason: string;
  createdAt: string;
  bytes: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  operator: string;
  method: string;
  summary: string;
}

export interface AppInfo {
  version: string;
  dbPath: string;
  schemaVersion: number;
  runtime: 'electron' | 'node';
}

/** How a programme is named on screen: its title, with the year in front unless the title has it. */
/** How a programme is named on paper (titles of printed tables): the year in front unless the title has it. */
export function programmeDocTitle(p: Pick<Programme, 'year' | 'title'>): string {
  return p.title.startsWith(String(p.year)) ? p.title : `${p.year}年${p.title}`;
}

export function programmeLabel(p: Pick<Programme, 'year' | 'title'>): string {
  return p.title.startsWith(String(p.year)) ? p.title : `${p.year}年 · ${p.title}`;
}
