/**
 * `apportion`: the apportionment methods on the command line, standalone (no data file), so they can
 * be checked against published apportionments:
 *
 *   apportion --seats N --method hamilton|webster|sainte-lague|dhondt|jefferson|huntington-hill|adams
 *             [--min K] [--max K] --weights FILE.csv [--json]
 *
 * FILE.csv: a header row `name,weight[,min,max,locked]`, UTF-8 with or without a BOM. --min/--max are
 * the defaults for rows without their own. With --json it prints
 * {"method","seats","allocations":[{"name","weight","seats"}],"ties":[…]} (allocations in the file's
 * order); without, a table in Chinese. Impossible or malformed input: one line on stderr, exit 2.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  APPORTION_METHODS,
  ApportionError,
  BOUND_LABELS,
  apportion,
  isApportionMethod,
  parseWeightsTable,
  type ApportionResult,
} from '../shared/domain/apportion';

export const APPORTION_USAGE = `用法 Usage: apportion --seats N --method ${APPORTION_METHODS.join('|')} [--min K] [--max K] --weights 文件.csv [--json]
  文件.csv 表头为 name,weight，可选 min,max,locked（locked 为 true/1/是 时该地区固定为其 min）；
  --min/--max 为未单独填写的地区的默认最小、最大名额。`;

/** Refusals of the input: exit 2 with one line. */
class InputError extends Error {}

/**
 * Whether a command line (the arguments after `cli.ts`) asks for `apportion`: its first word that is
 * not an option, skipping the value of `--db`.
 */
export function isApportionCommand(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a === 'apportion';
  }
  return false;
}

function wholeNumber(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)))
    throw new InputError(`${flag} 应为非负整数，收到「${v}」 / ${flag} must be a whole number`);
  return Number(v);
}

function readText(file: string): string {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`找不到文件：${file} / file not found`);
    if (code === 'EISDIR') throw new InputError(`${file} 是文件夹，不是 CSV 文件 / not a file`);
    throw new InputError(`无法读取 ${file}：${(e as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new InputError(`${file} 不是 UTF-8 编码的文本，请另存为“CSV UTF-8” / not UTF-8 text`);
  }
}

/** Columns in a terminal: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return w;
}

function table(rows: string[][], right: boolean[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c] - width(cell));
          return right[c] ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The readable report: one line of totals, the table, then ties and notes. */
export function formatApportionment(r: ApportionResult): string {
  const hamilton = r.family === 'hamilton';
  const head = ['序号', '地区', '权重', '标准份额', '名额', hamilton ? '余数' : '末位优先值', '约束'];
  const rows = r.allocations.map((a) => [
    String(a.index + 1),
    a.name,
    a.weight,
    a.quota,
    String(a.seats),
    (hamilton ? a.remainder : a.lastPriority) ?? '—',
    BOUND_LABELS[a.bound],
  ]);
  const total = r.allocations.reduce((s, a) => s + a.seats, 0);
  rows.push(['', '合计', r.totalWeight, '', String(total), '', '']);
  const lines = [
    `${r.methodLabel}：总名额 ${r.seats}，地区 ${r.allocations.length} 个，权重合计 ${r.totalWeight}`,
    table([head, ...rows], [true, false, true, true, true, true, false]),
  ];
  for (const t of r.ties) lines.push(t.message);
  if (r.ties.length) lines.push(`平局规则：${r.tieRule}`);
  for (const n of r.notes) lines.push(`说明：${n}`);
  return lines.join('\n');
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        seats: { type: 'string' },
        method: { type: 'string' },
        min: { type: 'string' },
        max: { type: 'string' },
        weights: { type: 'string' },
        json: { type: 'boolean', default: false },
        db: { type: 'string' }, // accepted with the other commands' global option, and unused: no data file here
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new InputError(`参数有误 / bad arguments: ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  const rest = positionals[0] === 'apportion' ? positionals.slice(1) : positionals;
  if (values.help) {
    process.stdout.write(`${APPORTION_USAGE}\n`);
    return 0;
  }
  if (rest.length) throw new InputError(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (values.seats === undefined) throw new InputError('缺少 --seats（总名额） / --seats is required');
  if (values.method === undefined) throw new InputError(`缺少 --method，可用：${APPORTION_METHODS.join('、')} / --method is required`);
  if (!isApportionMethod(values.method))
    throw new InputError(`未知的分配方法「${values.method}」，可用：${APPORTION_METHODS.join('、')} / unknown method`);
  if (values.weights === undefined) throw new InputError('缺少 --weights（权重 CSV 文件） / --weights is required');
  const seats = wholeNumber(values.seats, '--seats')!;
  const defaultMin = wholeNumber(values.min, '--min');
  const defaultMax = wholeNumber(values.max, '--max');

  const { regions } = parseWeightsTable(readText(values.weights));
  const result = apportion({ method: values.method, seats, regions, defaultMin, defaultMax });
  const out = values.json
    ? JSON.stringify(
        {
          method: result.method,
          seats: result.seats,
          allocations: result.allocations.map((a) => ({ name: a.name, weight: Number(a.weight), seats: a.seats })),
          ties: result.ties,
        },
        null,
        2,
      )
    : formatApportionment(result);
  process.stdout.write(`${out}\n`);
  return 0;
}

/**
 * Runs `apportion` with the given arguments (a leading `apportion` word is allowed) and returns the
 * exit code: 0 done, 2 impossible or malformed input (one line on stderr, nothing on stdout),
 * 1 an internal error (one line too). Never throws; never exits the process.
 */
export async function runApportion(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    const known = e instanceof InputError || e instanceof ApportionError;
    const message = known ? (e as Error).message : `程序内部错误 / internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`错误 error: ${message.split('\n')[0]}\n`);
    return known ? 2 : 1;
  }
}
