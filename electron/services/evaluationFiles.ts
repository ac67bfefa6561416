/**
 * The evaluation's printable files (issue 10 §2): the questionnaire a session prints for its
 * trainees, numbered in the order the paper sheets are typed back (PaperEntry), and the results
 * report for the centre as .xlsx or A4 PDF, one session or several side by side.
 */
import { programmeDocTitle } from '../../shared/domain/types';
import { slotName } from '../../shared/domain/attendance';
import { courseKey, RATING_LABELS, type Rating } from '../../shared/domain/evaluation';
import { AppError } from '../../shared/result';
import type { EvaluationReportData, SessionReport } from '../io/export/evaluationReportData';
import type { QuestionnairePdfData } from '../io/export/questionnairePdf';
import type { ServiceContext } from './context';
import { evaluationReport, questionnaireOf, timetable } from './evaluation';
import { writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { sessionSlots } from './schedule';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

const dateText = (d: string | null) => (d ? `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : '');
function datesOf(start: string | null, end: string | null): string {
  if (!start) return '';
  return end && end !== start ? `${dateText(start)}至${dateText(end)}` : dateText(start);
}

/** The printed questionnaire: rated questions numbered in the keyboard entry's order (aspects' items, then courses). */
export function questionnaireData(ctx: ServiceContext, sessionId: number): QuestionnairePdfData & { stem: string } {
  const session = getSession(ctx.db, sessionId);
  const programme = getProgramme(ctx.db, session.programmeId);
  const q = questionnaireOf(ctx.db, sessionId);
  const slots = sessionSlots(ctx.db, sessionId).slots;
  let n = 0;
  const aspects = q.aspects.map((a) => ({ name: a.name, items: a.items.map((i) => ({ no: ++n, text: i.text })) }));
  const courses = q.rateCourses
    ? timetable(ctx.db, sessionId).map((c) => ({
        no: ++n,
        key: courseKey(c.id),
        title: c.title,
        teacher: [c.teacher, c.teacherTitle].filter(Boolean).join(' '),
        slot: slots[c.slotSeq - 1] ? slotName(slots[c.slotSeq - 1]) : `第 ${c.slotSeq} 个时段`,
      }))
    : [];
  return {
    title: programmeDocTitle(programme),
    session: [`第${session.number}期`, session.title, datesOf(session.startDate, session.endDate), session.location]
      .filter(Boolean)
      .join('\u3000'),
    scale: ([5, 4, 3, 2, 1] as Rating[]).map((r) => RATING_LABELS[r]),
    aspects,
    courses,
    open: q.open.map((o) => o.text),
    rated: n,
    stem: `${programme.year}年第${session.number}期`,
  };
}

function reportData(ctx: ServiceContext, ids: number[]): EvaluationReportData & { stem: string } {
  const unique = [...new Set(ids)];
  const sessions: SessionReport[] = unique.map((id) => {
    const session = getSession(ctx.db, id);
    const programme = getProgramme(ctx.db, session.programmeId);
    return {
      programme: programmeDocTitle(programme),
      label: `${programme.year}年第${session.number}期`,
      session: [`第${session.number}期`, session.title, datesOf(session.startDate, session.endDate)].filter(Boolean).join('\u3000'),
      report: evaluationReport(ctx.db, id),
    };
  });
  const first = sessions[0];
  const programmes = new Set(sessions.map((s) => s.programme));
  return {
    title: programmes.size === 1 ? first.programme : '培训效果评价',
    sessions,
    definitionText: first.report.definitionText,
    stem: sessions.length === 1 ? first.label : `${first.label}等${sessions.length}期`,
  };
}

function idsOf(input: { sessionId?: number; sessionIds?: number[] }): number[] {
  const ids = input.sessionIds ?? (input.sessionId !== undefined ? [input.sessionId] : []);
  if (!ids.length) throw new AppError('VALIDATION', '请选择期次。', { field: 'sessionId' });
  return ids;
}

export function evaluationFileHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'evaluation.questionnairePdf' | 'evaluation.reportXlsx' | 'evaluation.reportPdf'> {
  return {
    'evaluation.questionnairePdf': async (input, call) => {
      const { stem, ...data } = questionnaireData(ctx, input.sessionId);
      const { writeQuestionnairePdf } = await import('../io/export/questionnairePdf');
      return writeOutput(ctx, input, `评价问卷-${stem}.pdf`, PDF, (f) => writeQuestionnairePdf(f, { ...data, signal: call.signal }));
    },
    'evaluation.reportXlsx': async (input) => {
      const { stem, ...data } = reportData(ctx, idsOf(input));
      const { writeEvaluationReportXlsx } = await import('../io/export/evaluationReportXlsx');
      return writeOutput(ctx, input, `培训效果评价-${stem}.xlsx`, XLSX, (f) => writeEvaluationReportXlsx(f, data));
    },
    'evaluation.reportPdf': async (input, call) => {
      const { stem, ...data } = reportData(ctx, idsOf(input));
      const { writeEvaluationReportPdf } = await import('../io/export/evaluationReportPdf');
      return writeOutput(ctx, input, `培训效果评价-${stem}.pdf`, PDF, (f) => writeEvaluationReportPdf(f, { ...data, signal: call.signal }));
    },
  };
}
