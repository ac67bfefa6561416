/**
 * The 概览's files (issue 10 §4): a chart saved as PNG, and the whole overview as an A4 report with
 * the chart images the screen drew. Every image is checked (pngImage.ts) before anything is written.
 */
import type { Dashboard } from '../../shared/domain/dashboardTypes';
import { decodePng } from '../io/export/pngImage';
import type { ServiceContext } from './context';
import { dashboard } from './dashboard';
import { writeOutput } from './files';
import type { Handlers } from './handlers';
import { getOverview } from './overview';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The figures under the report's title, each from the dashboard's own blocks. */
export function keyFigures(ctx: ServiceContext, d: Dashboard): { label: string; value: string; note: string }[] {
  const o = getOverview(ctx.db, d.programmeId);
  const out = [
    { label: '有效报名', value: `${o.active} 人`, note: o.programme.plannedTrainees ? `计划 ${o.programme.plannedTrainees} 人` : '' },
  ];
  if (d.fill)
    out.push({ label: '名额完成', value: pct(d.fill.filled / d.fill.places), note: `已报 ${d.fill.filled} / 名额 ${d.fill.places}` });
  const att = d.attendance.sessions.reduce((a, s) => ({ n: a.n + s.attended, of: a.of + s.expected }), { n: 0, of: 0 });
  if (att.of) out.push({ label: '出勤率', value: pct(att.n / att.of), note: `${att.n} / ${att.of} 人次` });
  const done = d.completion.sessions.filter((s) => s.roster && !s.pending);
  const roster = done.reduce((a, s) => a + s.roster, 0);
  const completed = done.reduce((a, s) => a + s.completed, 0);
  if (roster) out.push({ label: '结业率', value: pct(completed / roster), note: `已结束 ${done.length} 期 ${completed} / ${roster} 人` });
  let answers = 0;
  let satisfied = 0;
  for (const s of d.satisfaction.sessions)
    for (const a of s.aspects) {
      answers += a.answers;
      satisfied += a.satisfied;
    }
  const responses = d.satisfaction.sessions.reduce((a, s) => a + s.responses, 0);
  if (answers) out.push({ label: '满意率', value: pct(satisfied / answers), note: `${responses} 份问卷，四个方面` });
  return out;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

export function dashboardFileHandlers(ctx: ServiceContext): Pick<Handlers, 'dashboard.reportPdf' | 'dashboard.savePng'> {
  return {
    'dashboard.reportPdf': async (input, call) => {
      // Checked first: a bad image refuses the whole report before a file is begun.
      const charts = input.charts.map((c, i) => ({
        title: c.title,
        caption: c.caption,
        image: decodePng(c.png, `第 ${i + 1} 张图表「${c.title}」`),
      }));
      const d = dashboard(ctx.db, input.programmeId);
      const note = `${d.attendance.definition}。${d.completion.definition}。${d.satisfaction.definition}。`;
      const data = { title: d.title, date: today(), keyFigures: keyFigures(ctx, d), note, charts, signal: call.signal };
      const { writeDashboardPdf } = await import('../io/export/dashboardPdf');
      return writeOutput(ctx, input, `培训情况概览-${d.title}.pdf`, 'application/pdf', (f) => writeDashboardPdf(f, data));
    },
    'dashboard.savePng': async (input) => {
      const image = decodePng(input.png);
      const name = input.name.toLowerCase().endsWith('.png') ? input.name : `${input.name}.png`;
      const fs = await import('node:fs');
      return writeOutput(ctx, input, name, 'image/png', (f) => fs.promises.writeFile(f, image.data));
    },
  };
}
