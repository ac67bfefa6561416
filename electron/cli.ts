/**
 * The headless command line over the same dispatcher as the window:
 *   npm run cli -- [--db FILE] [--json] <command> [options]
 * Bad input ends with one line on stderr and a non-zero exit code, never a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIELD_LABELS } from '../shared/domain/fields';
import { regionFromText } from '../shared/domain/regionText';
import { STATUS_LABELS } from '../shared/domain/types';
import { AppError } from '../shared/result';
import { call, parseCommandLine, resolveProgramme, whole } from './cliCommon';
import { openBackend } from './backend';
import { APPORTION_USAGE, isApportionCommand, runApportion } from './cliApportion';
import { isQuotaCommand, QUOTA_USAGE, runQuotaCommand } from './cliQuotas';
import { ATTENDANCE_USAGE, isAttendanceCommand, runAttendanceCommand } from './cliAttendance';
import { CERTIFICATE_USAGE, isCertificateCommand, runCertificateCommand } from './cliCertificates';
import { isRosterCommand, ROSTER_USAGE, runRosterCommand } from './cliRoster';
import { isReallocationCommand, REALLOCATION_USAGE, runReallocationCommand } from './cliReallocation';
import { EVALUATION_USAGE, isEvaluationCommand, runEvaluationCommand } from './cliEvaluation';
import { isTimetableCommand, runTimetableCommand, TIMETABLE_USAGE } from './cliTimetable';
import { ENTERPRISE_USAGE, isEnterpriseCommand, runEnterpriseCommand } from './cliEnterprises';
import { defaultDbPath } from './paths';

const USAGE = `用法 Usage: npm run cli -- [--db 文件] [--json] <命令>
命令 Commands:
  init                                    创建（或升级）数据文件 / create or migrate the data file
  demo [--year 2025] [--trainees 800]      生成演示项目 / seed a realistic demo programme
  list-registrations [--programme 年度] [--session 期次] [--json]
                                          列出报名 / list registrations
  import-registrations <文件.xlsx|.csv> --programme 年度 [--session 期次] [--region 地区]
                       [--dry-run] [--strict] [--report 错误报告.xlsx] [--json]
                                          导入报名表；有被拒绝的行时退出码为 3 / exit 3 when rows were rejected
  export-summary --programme 年度 --session 期次 [--region 地区] --out 文件.xlsx
                                          导出报名汇总表 / export the summary table
  export-forms --programme 年度 --session 期次 [--region 地区] --out 目录 [--pdf]
                                          导出学员报名表 / export one form per trainee
  ${APPORTION_USAGE.replace(/^用法 Usage: /, '')}
  ${QUOTA_USAGE}
  ${ATTENDANCE_USAGE}
  ${CERTIFICATE_USAGE}
  ${ROSTER_USAGE}
  ${REALLOCATION_USAGE}
  ${EVALUATION_USAGE}
  ${TIMETABLE_USAGE}
  ${ENTERPRISE_USAGE}`;

class CliError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    year: { type: 'string' },
    trainees: { type: 'string' },
    region: { type: 'string' },
    out: { type: 'string' },
    report: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    pdf: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const COMMANDS = ['init', 'demo', 'list-registrations', 'import-registrations', 'export-summary', 'export-forms'];
  if (!COMMANDS.includes(command)) throw new CliError(`未知命令「${command}」 / unknown command\n${USAGE}`);
  const takesFile = command === 'import-registrations';
  if (takesFile && rest.length !== 1) throw new CliError('请给出一个要导入的文件 / give one file to import');
  if (!takesFile && rest.length) throw new CliError(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  const regionCode = values.region === undefined ? undefined : regionFromText(values.region)?.code;
  if (values.region !== undefined && !regionCode)
    throw new CliError(`地区「${values.region}」不是 37 个推荐地区之一（可写 浙江、浙江省 或 330000）/ unknown region`);
  if (takesFile && !fs.existsSync(rest[0])) throw new CliError(`找不到文件：${rest[0]} / file not found`);
  if (command.startsWith('export-') && !values.out) throw new CliError('请用 --out 指定输出位置 / --out is required');
  if (command.startsWith('export-') && values.session === undefined) throw new CliError('请用 --session 指定期次 / --session is required');

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const out = (human: string, json: unknown) => console.log(values.json ? JSON.stringify(json, null, 2) : human);
    if (command === 'init') {
      const info = await call(backend, 'app.info', {});
      out(`数据文件已就绪：${info.dbPath}（数据版本 ${info.schemaVersion}）`, info);
    } else if (command === 'demo') {
      const year = whole(values.year, '--year') ?? 2025;
      const trainees = whole(values.trainees, '--trainees') ?? 800;
      const res = await call(backend, 'demo.seed', { year, trainees }, (m) => {
        if (!values.json) process.stderr.write(`${m}\n`);
      });
      out(`已生成 ${year} 年演示项目（编号 ${res.programmeId}），${res.registrations} 条报名。`, res);
    } else if (command === 'import-registrations') {
      const programme = await resolveProgramme(backend, values.programme);
      const file = { path: path.resolve(rest[0]), name: path.basename(rest[0]) };
      const progress = (m: string) => {
        if (!values.json) process.stderr.write(`${m}\n`);
      };
      const preview = await call(
        backend,
        'imports.preview',
        { programmeId: programme.id, file, sessionNumber: whole(values.session, '--session'), regionCode },
        progress,
      );
      if (preview.needsMapping)
        throw new CliError(
          `表中找不到这些必填列：${preview.missingRequired.map((f) => FIELD_LABELS[f]).join('、')}。请修改表头，或在程序的导入向导中指定列对应（会被记住）/ required columns not found`,
        );
      // The service does the accounting, for a dry run as for a commit: the CLI only prints it.
      const result = await call(
        backend,
        'imports.commit',
        { importId: preview.importId, strict: values.strict, dryRun: values['dry-run'] },
        progress,
      );
      let reportFile: string | null = null;
      if (values.report && (result.errors.length || result.warnings))
        reportFile = (await call(backend, 'imports.errorReport', { importId: preview.importId, out: path.resolve(values.report) })).path;
      const report = {
        imported: result.imported,
        waitlisted: result.waitlisted,
        rejected: result.rejected,
        warnings: result.warnings,
        errors: result.errors,
      };
      if (values.json)
        console.log(
          JSON.stringify(
            {
              ...report,
              dryRun: values['dry-run'],
              valid: result.valid,
              skipped: preview.skipped,
              notices: preview.notices,
              report: reportFile,
            },
            null,
            2,
          ),
        );
      else {
        console.log(
          `${values['dry-run'] ? '预检（未写入）' : '已导入'}：${values['dry-run'] ? result.valid : report.imported} 条${report.waitlisted ? `（其中超出名额列入候补 ${report.waitlisted} 条）` : ''}；拒绝 ${report.rejected} 条；提醒 ${report.warnings} 处。`,
        );
        for (const e of report.errors) console.log(`第 ${e.row} 行${e.column ? `【${e.column}】` : ''}${e.code}：${e.message}`);
        for (const n of preview.notices) console.log(`提醒 ${n.code}：${n.message}`);
        if (reportFile) console.log(`错误报告：${reportFile}`);
      }
      return report.rejected ? 3 : 0;
    } else if (command === 'export-summary' || command === 'export-forms') {
      const programme = await resolveProgramme(backend, values.programme);
      const scope = { programmeId: programme.id, sessionNumber: whole(values.session, '--session'), regionCode };
      // export-forms --out names a folder (the service names the file); export-summary a file.
      const target = path.resolve(values.out!);
      const f =
        command === 'export-summary'
          ? await call(backend, 'exports.summary', { ...scope, out: target })
          : await call(backend, 'exports.forms', { ...scope, format: values.pdf ? 'pdf' : 'xlsx', outDir: target });
      out(`已导出：${f.path}`, { file: f.path });
    } else {
      const programme = await resolveProgramme(backend, values.programme);
      const sessionNumber = whole(values.session, '--session');
      const { rows, total } = await call(backend, 'registrations.list', { programmeId: programme.id, sessionNumber, limit: 200_000 });
      if (values.json) {
        console.log(JSON.stringify(rows, null, 2));
      } else {
        console.log(`${programme.year}年「${programme.title}」：${total} 条报名`);
        for (const r of rows)
          console.log(
            [
              r.id,
              r.sessionNumber ? `第${r.sessionNumber}期` : '未分期',
              r.regionName,
              r.trainee.name,
              r.trainee.gender ?? '',
              r.trainee.idNumber,
              r.trainee.position,
              r.enterprise.name,
              r.enterprise.creditCode,
              STATUS_LABELS[r.status],
            ].join('\t'),
          );
      }
    }
    return 0;
  } finally {
    backend.close();
  }
}

// exitCode, not exit(): stdout to a pipe is asynchronous, and exit() would cut long JSON short.
const argv = process.argv.slice(2);
// Dispatched before main() parses its options (`apportion` opens no data file at all).
/** Command groups in their own modules: each knows its commands and runs them itself. */
const GROUPS = [
  { is: isApportionCommand, run: runApportion },
  { is: isQuotaCommand, run: runQuotaCommand },
  { is: isAttendanceCommand, run: runAttendanceCommand },
  { is: isCertificateCommand, run: runCertificateCommand },
  { is: isRosterCommand, run: runRosterCommand },
  { is: isEvaluationCommand, run: runEvaluationCommand },
  { is: isTimetableCommand, run: runTimetableCommand },
  { is: isEnterpriseCommand, run: runEnterpriseCommand },
  { is: isReallocationCommand, run: runReallocationCommand },
];
const group = GROUPS.find((g) => g.is(argv));
(group ? group.run(argv) : main(argv)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    const message =
      e instanceof AppError || e instanceof CliError
        ? e.message
        : e instanceof TypeError && 'code' in e
          ? (e as Error).message
          : `程序内部错误 / internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`错误 error: ${message.split('\n')[0]}\n`);
    if (e instanceof CliError && message.includes('\n')) process.stderr.write(`${message.split('\n').slice(1).join('\n')}\n`);
    process.exitCode = e instanceof AppError && e.code === 'VALIDATION' ? 2 : 1;
  },
);
