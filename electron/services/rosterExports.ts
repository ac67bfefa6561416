/**
 * The roster's printables (花名册 .xlsx/PDF, 胸牌, 桌签) and the 考勤统计表, written through
 * writeOutput like every export. The roster is in seat order (as rosters.get gives it).
 */
import { wallTime } from '../../shared/domain/attendance';
import type { RosterEntry } from '../../shared/domain/attendanceTypes';
import { programmeDocTitle, type Programme, type Session } from '../../shared/domain/types';
import { AppError } from '../../shared/result';
import { attendanceSlots, currentMarksForSession } from './attendance';
import { completionResults } from './completion';
import type { ServiceContext } from './context';
import { writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { rosterEntries } from './rosters';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

interface Loaded {
  session: Session;
  programme: Programme;
  entries: RosterEntry[];
  title: string;
  sessionLine: string;
  /** 「2025年第1期」, for file names. */
  stem: string;
}

function load(ctx: ServiceContext, sessionId: number, what: string): Loaded {
  const session = getSession(ctx.db, sessionId);
  const programme = getProgramme(ctx.db, session.programmeId);
  const entries = rosterEntries(ctx.db, sessionId);
  if (!entries.length)
    throw new AppError('VALIDATION', `第${session.number}期还没有已通过的学员，无法导出${what}。请先在「学员报名」中审核通过。`, {
      sessionId,
    });
  return {
    session,
    programme,
    entries,
    title: programmeDocTitle(programme),
    sessionLine: [`第${session.number}期`, session.title, session.location].filter(Boolean).join(' '),
    stem: `${programme.year}年第${session.number}期`,
  };
}

const groupText = (e: RosterEntry) => (e.groupNo ? `第 ${e.groupNo} 组${e.isLeader ? ' · 组长' : ''}` : '');

export function rosterExportHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'rosters.exportRoster' | 'rosters.exportBadges' | 'rosters.exportTableTents' | 'attendance.exportReport'> {
  return {
    'rosters.exportRoster': async (input, call) => {
      const l = load(ctx, input.sessionId, '花名册');
      const data = { title: l.title, session: l.sessionLine, entries: l.entries, signal: call.signal };
      if (input.format === 'pdf') {
        const { writeRosterPdf } = await import('../io/export/rosterPdf');
        return writeOutput(ctx, input, `花名册-${l.stem}.pdf`, PDF, (f) => writeRosterPdf(f, data));
      }
      const { writeRosterXlsx } = await import('../io/export/rosterXlsx');
      return writeOutput(ctx, input, `花名册-${l.stem}.xlsx`, XLSX, (f) => writeRosterXlsx(f, data));
    },
    'rosters.exportBadges': async (input, call) => {
      const l = load(ctx, input.sessionId, '胸牌');
      const { writeBadgesPdf } = await import('../io/export/badgesPdf');
      return writeOutput(ctx, input, `胸牌-${l.stem}.pdf`, PDF, (f) =>
        writeBadgesPdf(f, {
          title: l.title,
          session: l.sessionLine,
          badges: l.entries.map((e) => ({ name: e.name, unit: e.enterprise, group: groupText(e), code: e.badge })),
          signal: call.signal,
        }),
      );
    },
    'rosters.exportTableTents': async (input, call) => {
      const l = load(ctx, input.sessionId, '桌签');
      const { writeTableTentsPdf } = await import('../io/export/tableTentsPdf');
      return writeOutput(ctx, input, `桌签-${l.stem}.pdf`, PDF, (f) =>
        writeTableTentsPdf(f, {
          title: l.title,
          tents: l.entries.map((e) => ({ name: e.name, unit: e.enterprise })),
          signal: call.signal,
        }),
      );
    },
    'attendance.exportReport': async (input) => {
      const l = load(ctx, input.sessionId, '考勤统计表');
      const slots = attendanceSlots(ctx.db, l.session.id);
      if (!slots.length)
        throw new AppError('VALIDATION', `第${l.session.number}期还没有日程，请先在「年度计划与名额」中填写开班日期。`, {
          sessionId: l.session.id,
        });
      const at = input.at ?? wallTime(new Date());
      const results = new Map(completionResults(ctx.db, l.session.id, at).map((r) => [r.registrationId, r]));
      const marks = currentMarksForSession(ctx.db, l.session.id);
      const last = slots[slots.length - 1];
      const { writeAttendanceReportXlsx } = await import('../io/export/attendanceReportXlsx');
      return writeOutput(ctx, input, `考勤统计表-${l.stem}.xlsx`, XLSX, (f) =>
        writeAttendanceReportXlsx(f, {
          title: l.title,
          session: l.sessionLine,
          slots,
          ended: at > `${last.date} 23:59`,
          asOf: `统计至 ${at}`,
          rows: l.entries.map((e) => {
            const r = results.get(e.registrationId)!;
            return {
              name: e.name,
              regionName: e.regionName,
              enterprise: e.enterprise,
              marks: slots.map((s) => marks.get(e.registrationId)?.get(s.seq) ?? null),
              counts: r.counts,
              attended: r.attended,
              completed: r.completed,
              reasons: r.reasons,
            };
          }),
        }),
      );
    },
  };
}
