/**
 * The evaluation on the command line, over the same dispatcher as the window:
 *   import-evaluations FILE --programme Y --session N [--dry-run] [--json]   (exit 3 when rows were rejected)
 *   evaluation-report --programme Y --session N [--json]
 *   export-evaluation-report --programme Y --session N[,M…] --out F.xlsx|F.pdf [--json]
 *   export-questionnaire --programme Y --session N --out F.pdf [--json]
 * The import prints the registration import's shape: {imported, rejected, warnings, errors:[{row, column, code, message}]}.
 */
import path from 'node:path';
import { openBackend, type Backend } from './backend';
import type { ProgrammeSummary } from '../shared/domain/types';
import { bad, call, isCommandIn, parseCommandLine, resolveProgramme, resolveSession } from './cliCommon';
import { defaultDbPath } from './paths';

export const EVALUATION_COMMANDS = ['import-evaluations', 'evaluation-report', 'export-evaluation-report', 'export-questionnaire'] as const;
export const isEvaluationCommand = isCommandIn(EVALUATION_COMMANDS);

export const EVALUATION_USAGE = `import-evaluations 文件.xlsx --programme 年度 --session 期次 [--dry-run] [--json]
                                          导入评价问卷（每行一份，每列一题）；有被拒绝的行时退出码为 3
  evaluation-report --programme 年度 --session 期次 [--json]   评价结果：各方面作答数、均分、满意率
  export-evaluation-report --programme 年度 --session 期次[,期次…] --out 文件.xlsx|文件.pdf [--json]
                                          评价报告（.xlsx 或带图表的 A4 PDF）；多个期次时并列对比
  export-questionnaire --programme 年度 --session 期次 --out 文件.pdf [--json]   打印用的评价问卷（A4 PDF）`;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const mean = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** The printable files: the questionnaire of one session, the report of one or several (`--session 1,2`). */
async function exportFile(
  backend: Backend,
  command: 'export-evaluation-report' | 'export-questionnaire',
  programme: ProgrammeSummary,
  sessions: string,
  out: string | undefined,
) {
  if (!out) throw bad('请用 --out 指定保存的文件 / --out is required');
  const ext = path.extname(out).toLowerCase();
  const target = path.resolve(out);
  if (command === 'export-questionnaire') {
    if (ext !== '.pdf') throw bad('问卷只能导出为 .pdf 文件 / --out must end in .pdf');
    const session = await resolveSession(backend, programme, sessions);
    return call(backend, 'evaluation.questionnairePdf', { sessionId: session.id, out: target });
  }
  if (ext !== '.xlsx' && ext !== '.pdf') throw bad('评价报告可导出为 .xlsx 或 .pdf 文件 / --out must end in .xlsx or .pdf');
  const ids: number[] = [];
  for (const n of sessions.split(/[,，]/)) ids.push((await resolveSession(backend, programme, n.trim())).id);
  return call(backend, ext === '.pdf' ? 'evaluation.reportPdf' : 'evaluation.reportXlsx', { sessionIds: ids, out: target });
}

export async function runEvaluationCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    'dry-run': { type: 'boolean', default: false },
    out: { type: 'string' },
  });
  const [command, ...rest] = positionals;
  const takesFile = command === 'import-evaluations';
  if (takesFile && rest.length !== 1) throw bad('请给出一个要导入的文件 / give one file to import');
  if (!takesFile && rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (values.programme === undefined || values.session === undefined)
    throw bad('请用 --programme 和 --session 指定年度与期次 / --programme and --session are required');

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const programme = await resolveProgramme(backend, values.programme);
    if (command === 'export-evaluation-report' || command === 'export-questionnaire') {
      const written = await exportFile(backend, command, programme, values.session, values.out);
      if (values.json) console.log(JSON.stringify(written, null, 2));
      else console.log(`已保存：${written.path}`);
      return 0;
    }
    const session = await resolveSession(backend, programme, values.session);
    if (command === 'import-evaluations') {
      const file = path.resolve(rest[0]);
      const r = await call(backend, 'evaluation.import', { sessionId: session.id, file: { path: file }, dryRun: values['dry-run'] });
      const report = {
        dryRun: values['dry-run'],
        valid: r.valid,
        imported: r.imported,
        rejected: r.rejected,
        warnings: r.warnings,
        errors: r.errors,
        columns: r.columns,
      };
      if (values.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `${values['dry-run'] ? '预检（未写入）' : '已导入'}：${values['dry-run'] ? r.valid : r.imported} 份；拒绝 ${r.rejected} 行；提醒 ${r.warnings} 处。`,
        );
        for (const c of r.columns) console.log(`  ${c.column} 列「${c.header}」→ ${c.question ?? '—'}（${c.note}）`);
        for (const e of r.errors) console.log(`第 ${e.row} 行【${e.column}】${e.code}：${e.message}`);
      }
      return r.rejected ? 3 : 0;
    }
    const rep = await call(backend, 'evaluation.report', { sessionId: session.id });
    const line = (f: { name: string; answers: number; mean: number | null; satisfaction: number | null }) => ({
      name: f.name,
      answers: f.answers,
      mean: f.mean,
      satisfaction: f.satisfaction,
    });
    if (values.json)
      console.log(
        JSON.stringify(
          {
            programme: programme.year,
            session: session.number,
            responses: rep.responses,
            definition: rep.definitionText,
            aspects: rep.aspects.map((a) => ({ ...line(a), items: a.items.map(line) })),
            courses: rep.courses.map((c) => ({ ...line(c), teacher: c.teacher, slot: c.slotSeq })),
          },
          null,
          2,
        ),
      );
    else {
      console.log(`第${session.number}期培训效果评价：收回 ${rep.responses} 份（${rep.definitionText}）`);
      for (const a of rep.aspects) console.log(`  ${a.name}：作答 ${a.answers}，均分 ${mean(a.mean)}，满意率 ${pct(a.satisfaction)}`);
      for (const c of rep.courses)
        console.log(
          `  课程「${c.name}」${c.teacher ? `（${c.teacher}）` : ''}：作答 ${c.answers}，均分 ${mean(c.mean)}，满意率 ${pct(c.satisfaction)}`,
        );
    }
    return 0;
  } finally {
    backend.close();
  }
}
