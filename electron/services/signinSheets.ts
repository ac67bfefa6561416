/** 签到表 (sign-in sheets) per slot, per day or per session, as A4 PDF through writeOutput. */
import { programmeDocTitle } from '../../shared/domain/types';
import type { AttendanceSlot, RosterEntry } from '../../shared/domain/attendanceTypes';
import { AppError } from '../../shared/result';
import { attendanceSlots } from './attendance';
import type { ServiceContext } from './context';
import { writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { rosterEntries } from './rosters';

function groupLabel(e: RosterEntry): string {
  return e.groupNo ? `${e.groupNo}组${e.isLeader ? '（组长）' : ''}` : '';
}

export function signinSheetHandlers(ctx: ServiceContext): Pick<Handlers, 'attendance.signinSheet'> {
  return {
    'attendance.signinSheet': async (input, call) => {
      const session = getSession(ctx.db, input.sessionId);
      const programme = getProgramme(ctx.db, session.programmeId);
      const all = attendanceSlots(ctx.db, session.id);
      let slots: AttendanceSlot[] = all;
      if (input.slotSeq !== undefined) slots = all.filter((s) => s.seq === input.slotSeq);
      else if (input.date) slots = all.filter((s) => s.date === input.date);
      if (!slots.length)
        throw new AppError(
          'VALIDATION',
          input.slotSeq !== undefined || input.date
            ? `第${session.number}期没有所选的时段，请检查日期或时段。`
            : `第${session.number}期还没有日程，请先填写开班日期。`,
          { sessionId: session.id },
        );
      const entries = rosterEntries(ctx.db, session.id);
      if (input.sortBy === 'group')
        entries.sort(
          (a, b) =>
            (a.groupNo ?? 999) - (b.groupNo ?? 999) || Number(b.isLeader) - Number(a.isLeader) || (a.seatNo ?? 1e6) - (b.seatNo ?? 1e6),
        );
      const rows = entries.map((e) => ({ name: e.name, unit: e.enterprise, group: groupLabel(e) }));
      const scope =
        input.slotSeq !== undefined ? slots[0].name : input.date ? `${slots[0].name.replace(/[上下晚]午$|晚上$/, '')}` : '全部时段';
      const fileName = `签到表-${programme.year}年第${session.number}期-${scope}.pdf`;
      const { writeSigninPdf } = await import('../io/export/signinPdf');
      return writeOutput(ctx, input, fileName, 'application/pdf', (file) =>
        writeSigninPdf(file, {
          title: programmeDocTitle(programme),
          session: [`第${session.number}期`, session.title, session.location].filter(Boolean).join(' '),
          slots: slots.map((s) => ({ name: `${s.name} ${s.startTime}${s.label ? ` ${s.label}` : ''}`, rows })),
          signal: call.signal,
        }),
      );
    },
  };
}
