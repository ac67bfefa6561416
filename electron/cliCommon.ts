/**
 * What every command-line group shares: spotting its commands, calling the dispatcher, reading
 * whole numbers, and finding a programme by year (or id) and a session by number. One copy, so the
 * messages and exit codes are the same whichever command the user typed.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Input, Output } from '../shared/contract';
import type { ProgrammeSummary, Session } from '../shared/domain/types';
import type { MethodName } from '../shared/methodNames';
import { AppError } from '../shared/result';
import type { Backend } from './backend';

/** A bad argument: printed as one line, exit code 2. */
export const bad = (message: string) => new AppError('VALIDATION', message);

/** The command the line asks for: its first word that is not an option (skipping `--db FILE`). */
export function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db') {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** A predicate for one group's commands, for cli.ts's dispatch list. */
export const isCommandIn =
  (commands: readonly string[]) =>
  (argv: readonly string[]): boolean => {
    const c = commandOf(argv);
    return c !== undefined && commands.includes(c);
  };

export async function call<K extends MethodName>(
  b: Backend,
  method: K,
  input: Input<K>,
  onProgress?: (message: string) => void,
): Promise<Output<K>> {
  const r = await b.dispatcher.dispatch(method, input, { onProgress: onProgress && ((e) => onProgress(e.message)) });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<K>;
}

export function whole(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw bad(`${flag} 应为非负整数，收到「${v}」 / ${flag} must be a whole number`);
  return Number(v);
}

/** `--programme 2025` names a year; with several programmes that year, the id is asked for. Absent: the first. */
export async function resolveProgramme(b: Backend, given: string | undefined): Promise<ProgrammeSummary> {
  const all = await call(b, 'programmes.list', {});
  if (!all.length) throw bad('数据文件中还没有培训项目，请先运行 demo 或在程序中新建 / no programme yet');
  if (given === undefined) return all[0];
  const n = whole(given, '--programme')!;
  const byYear = all.filter((p) => p.year === n);
  if (byYear.length === 1) return byYear[0];
  if (byYear.length > 1) throw bad(`${n} 年有多个培训项目，请用编号指定：${byYear.map((p) => `${p.id}=${p.title}`).join('，')}`);
  const byId = all.find((p) => p.id === n);
  if (byId) return byId;
  throw bad(`找不到 ${given} 年度（或编号）的培训项目 / no programme for ${given}`);
}

/** `--session 3` names a session of the programme by its number (第3期). */
export async function resolveSession(b: Backend, programme: ProgrammeSummary, given: string | undefined): Promise<Session> {
  if (given === undefined) throw bad('请用 --session 指定期次 / --session is required');
  const n = whole(given, '--session')!;
  const s = (await call(b, 'sessions.list', { programmeId: programme.id })).find((x) => x.number === n);
  if (!s) throw bad(`${programme.title}没有第 ${n} 期 / no session ${n}`);
  return s;
}

/** Columns in a terminal: CJK characters take two. */
export const termWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u2E80-\uFFEF]/u.test(ch) ? 2 : 1), 0);
export const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - termWidth(s)));
export const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - termWidth(s))) + s;

/** node's parseArgs speaks English; the user gets the option named in Chinese and exit 2. */
export function argumentError(e: unknown): AppError {
  const message = (e as Error).message ?? String(e);
  const option = /'(--?[\w-]+)/.exec(message)?.[1] ?? '';
  if (/ambiguous/.test(message))
    return bad(`${option} 的值不能以「-」开头（名额、期次应为非负整数）/ ${option} takes a value that does not start with "-"`);
  if (/Unknown option/.test(message)) return bad(`未知选项 ${option}，用法见 npm run cli -- --help / unknown option`);
  if (/argument missing/.test(message)) return bad(`${option} 后面缺少值 / ${option} needs a value`);
  if (/does not take an argument/.test(message)) return bad(`${option} 不带值 / ${option} takes no value`);
  return bad(`参数有误 / bad arguments: ${message}`);
}

/** The options every command takes. */
const COMMON_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  programme: { type: 'string' },
  session: { type: 'string' },
} as const;

/** A command line with the common options and the command's own; bad options are told in Chinese, exit 2. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...options } });
  } catch (e) {
    throw argumentError(e);
  }
}
