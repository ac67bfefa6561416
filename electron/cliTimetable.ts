/**
 * The course timetable on the command line, over the same dispatcher as the window:
 *   import-timetable FILE --programme Y --session N [--dry-run] [--json]   (exit 3 when rows have errors)
 *   export-timetable --programme Y --session N --out F.pdf [--json]
 * The import prints {dryRun, written, courses, errors:[{row, column, code, message}], warnings, columns, kept, added, removed};
 * with errors nothing is written.
 */
import path from 'node:path';
import { openBackend } from './backend';
import { bad, call, isCommandIn, parseCommandLine, resolveProgramme, resolveSession } from './cliCommon';
import { defaultDbPath } from './paths';

export const TIMETABLE_COMMANDS = ['import-timetable', 'export-timetable'] as const;
export const isTimetableCommand = isCommandIn(TIMETABLE_COMMANDS);

export const TIMETABLE_USAGE = `import-timetable 文件.xlsx --programme 年度 --session 期次 [--dry-run] [--json]
                                          导入培训机构的课程表（替换本期课程表）；有错误的行时不写入，退出码为 3
  export-timetable --programme 年度 --session 期次 --out 文件.pdf [--json]   打印用的课程表（A4 PDF）`;

export async function runTimetableCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    'dry-run': { type: 'boolean', default: false },
    out: { type: 'string' },
  });
  const [command, ...rest] = positionals;
  const takesFile = command === 'import-timetable';
  if (takesFile && rest.length !== 1) throw bad('请给出一个要导入的文件 / give one file to import');
  if (!takesFile && rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (values.programme === undefined || values.session === undefined)
    throw bad('请用 --programme 和 --session 指定年度与期次 / --programme and --session are required');
  if (!takesFile) {
    if (!values.out) throw bad('请用 --out 指定保存的文件 / --out is required');
    if (path.extname(values.out).toLowerCase() !== '.pdf') throw bad('课程表只能导出为 .pdf 文件 / --out must end in .pdf');
  }

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const programme = await resolveProgramme(backend, values.programme);
    const session = await resolveSession(backend, programme, values.session);
    if (!takesFile) {
      const written = await call(backend, 'timetable.pdf', { sessionId: session.id, out: path.resolve(values.out!) });
      if (values.json) console.log(JSON.stringify(written, null, 2));
      else console.log(`已保存：${written.path}`);
      return 0;
    }
    const r = await call(backend, 'timetable.import', {
      sessionId: session.id,
      file: { path: path.resolve(rest[0]) },
      dryRun: values['dry-run'],
    });
    if (values.json) console.log(JSON.stringify(r, null, 2));
    else {
      const head = r.written ? '已导入' : r.dryRun ? '预检（未写入）' : '有错误，未写入';
      console.log(
        `${head}：${r.courses.length} 门课程（保留 ${r.kept}，新增 ${r.added}，删除 ${r.removed}）；错误 ${r.errors.length} 处。`,
      );
      for (const c of r.columns) console.log(`  ${c.column} 列「${c.header}」→ ${c.note}`);
      for (const c of r.courses)
        console.log(
          `  第 ${c.row} 行 ${c.date} ${c.part}「${c.title}」${c.teacher ? ` ${c.teacher}` : ''}（${c.kind}）${c.note ? ` ${c.note}` : ''}`,
        );
      for (const w of r.warnings) console.log(`提醒：${w.message}`);
      for (const e of r.errors) console.log(`第 ${e.row} 行【${e.column}】${e.code}：${e.message}`);
    }
    return r.errors.length ? 3 : 0;
  } finally {
    backend.close();
  }
}
