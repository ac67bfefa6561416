/**
 * The headless command line over the same dispatcher as the window:
 *   npm run cli -- [--db FILE] [--json] <command> [options]
 * Bad input ends with one line on stderr and a non-zero exit code, never a stack trace.
 */
import { parseArgs } from 'node:util';
import type { MethodName } from '../shared/methodNames';
import type { Input, Output } from '../shared/contract';
import { STATUS_LABELS, type ProgrammeSummary } from '../shared/domain/types';
import { AppError } from '../shared/result';
import { openBackend, type Backend } from './backend';
import { defaultDbPath } from './paths';

const USAGE = `用法 Usage: npm run cli -- [--db 文件] [--json] <命令>
命令 Commands:
  init                                    创建（或升级）数据文件 / create or migrate the data file
  demo [--year 2025] [--trainees 800]      生成演示项目 / seed a realistic demo programme
  list-registrations [--programme 年度] [--session 期次] [--json]
                                          列出报名 / list registrations`;

class CliError extends Error {}

async function call<K extends MethodName>(b: Backend, method: K, input: Input<K>, onProgress?: (m: string) => void): Promise<Output<K>> {
  const r = await b.dispatcher.dispatch(method, input, { onProgress: onProgress && ((e) => onProgress(e.message)) });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<K>;
}

function int(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CliError(`${what}应为整数，收到「${v}」 / ${what} must be a whole number`);
  return Number(v);
}

/** `--programme 2025` names a year; with several programmes that year, the id is asked for. */
async function resolveProgramme(b: Backend, given: string | undefined): Promise<ProgrammeSummary> {
  const all = await call(b, 'programmes.list', {});
  if (!all.length) throw new CliError('数据文件中还没有培训项目，请先运行 demo 或在程序中新建 / no programme yet');
  if (given === undefined) return all[0];
  const n = int(given, '--programme');
  const byYear = all.filter((p) => p.year === n);
  if (byYear.length === 1) return byYear[0];
  if (byYear.length > 1) throw new CliError(`${n} 年有多个培训项目，请用编号指定：${byYear.map((p) => `${p.id}=${p.title}`).join('，')}`);
  const byId = all.find((p) => p.id === n);
  if (byId) return byId;
  throw new CliError(`找不到 ${given} 年度（或编号）的培训项目 / no programme for ${given}`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      programme: { type: 'string' },
      session: { type: 'string' },
      year: { type: 'string' },
      trainees: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (rest.length) throw new CliError(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (!['init', 'demo', 'list-registrations'].includes(command)) throw new CliError(`未知命令「${command}」 / unknown command\n${USAGE}`);

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const out = (human: string, json: unknown) => console.log(values.json ? JSON.stringify(json, null, 2) : human);
    if (command === 'init') {
      const info = await call(backend, 'app.info', {});
      out(`数据文件已就绪：${info.dbPath}（数据版本 ${info.schemaVersion}）`, info);
    } else if (command === 'demo') {
      const year = int(values.year, '--year') ?? 2025;
      const trainees = int(values.trainees, '--trainees') ?? 800;
      const res = await call(backend, 'demo.seed', { year, trainees }, (m) => {
        if (!values.json) process.stderr.write(`${m}\n`);
      });
      out(`已生成 ${year} 年演示项目（编号 ${res.programmeId}），${res.registrations} 条报名。`, res);
    } else {
      const programme = await resolveProgramme(backend, values.programme);
      const sessionNumber = int(values.session, '--session');
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
main(process.argv.slice(2)).then(
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
