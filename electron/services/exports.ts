/**
 * The official tables: 报名汇总表 per session (and region), 学员报名表 per trainee as .xlsx or PDF.
 * Written by the writers in electron/io/export straight to the path the user chose (a save dialog,
 * the CLI's --out), or into the private outbox for the browser to download.
 */
import { exportFileName, exportScopeTitle } from '../../shared/domain/exportNames';
import type { WrittenFile } from '../../shared/domain/importTypes';
import { ACTIVE_STATUSES, type RegistrationRow } from '../../shared/domain/types';
import type { ParsedInput } from '../../shared/contract';
import { regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { noCall, readSetting, type CallContext, type ServiceContext } from './context';
import { writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, listSessions } from './programmes';
import { listRegistrations } from './registrations';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Loaded on first export: pdfkit and its font engine take ~20 MB that an import never needs. */
const writers = () => import('../io/export');

interface Scope {
  programmeId: number;
  sessionNumber?: number;
  regionCode?: string;
  registrationIds?: number[];
}

/** Who goes on an official table: everyone still in the running, not the rejected or withdrawn. */
function rowsFor(db: Db, s: Scope): RegistrationRow[] {
  const { rows } = listRegistrations(db, {
    programmeId: s.programmeId,
    sessionNumber: s.sessionNumber,
    regionCode: s.regionCode,
    offset: 0,
    limit: 200_000,
  });
  const wanted = s.registrationIds ? new Set(s.registrationIds) : null;
  const chosen = rows.filter((r) => (wanted ? wanted.has(r.id) : ACTIVE_STATUSES.includes(r.status)));
  if (!chosen.length)
    throw new AppError('NOT_FOUND', '所选范围内没有可导出的报名（已退回、已撤回的不导出）。请调整期次或地区。', { scope: s });
  return chosen;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function scopeName(db: Db, s: Scope): { title: string; session: ReturnType<typeof listSessions>[number] | null } {
  const p = getProgramme(db, s.programmeId);
  const session = s.sessionNumber ? (listSessions(db, s.programmeId).find((x) => x.number === s.sessionNumber) ?? null) : null;
  if (s.sessionNumber && !session)
    throw new AppError('NOT_FOUND', `本项目没有第${s.sessionNumber}期。`, { sessionNumber: s.sessionNumber });
  return { title: exportScopeTitle(p.year, session?.number, s.regionCode ? regionName(s.regionCode) : undefined), session };
}

export async function exportSummary(
  ctx: ServiceContext,
  s: ParsedInput<'exports.summary'>,
  call: CallContext = noCall,
): Promise<WrittenFile> {
  const programme = getProgramme(ctx.db, s.programmeId);
  const { title, session } = scopeName(ctx.db, s);
  const rows = rowsFor(ctx.db, s);
  const { writeSummaryXlsx } = await writers();
  return writeOutput(ctx, s, exportFileName('summary', title), XLSX, (file) =>
    writeSummaryXlsx(file, {
      programme,
      session,
      regionName: s.regionCode ? regionName(s.regionCode) : undefined,
      reportingUnit: readSetting(ctx.db, 'organisation', ''),
      reportDate: today(),
      rows,
      signal: call.signal,
    }),
  );
}

export async function exportForms(ctx: ServiceContext, s: ParsedInput<'exports.forms'>, call: CallContext = noCall): Promise<WrittenFile> {
  const programme = getProgramme(ctx.db, s.programmeId);
  const { title } = scopeName(ctx.db, s);
  const rows = rowsFor(ctx.db, s);
  const { writeFormsPdf, writeFormsXlsx } = await writers();
  return s.format === 'pdf'
    ? writeOutput(ctx, s, exportFileName('formsPdf', title), 'application/pdf', (file) =>
        writeFormsPdf(file, { programme, rows, signal: call.signal }),
      )
    : writeOutput(ctx, s, exportFileName('formsXlsx', title), XLSX, (file) =>
        writeFormsXlsx(file, { programme, rows, signal: call.signal }),
      );
}

export function exportHandlers(ctx: ServiceContext): Pick<Handlers, 'exports.summary' | 'exports.forms'> {
  return {
    'exports.summary': (input, call) => exportSummary(ctx, input, call),
    'exports.forms': (input, call) => exportForms(ctx, input, call),
  };
}
