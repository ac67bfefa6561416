/**
 * Closing a session and its certified roster on the command line, over the same dispatcher as the window:
 *   close-session --programme Y --session N [--reason "…"]
 *   reopen-session --programme Y --session N --reason "…"
 *   export-certified-roster --programme Y --session N --out FILE.xlsx [--pdf FILE.pdf]
 *   verify-roster FILE(.xlsx|.pdf) [--key PUBLIC.pem] [--json]   exit 0 when valid, 3 when not
 * Bad input (and a refusal such as a session not yet closed): one Chinese line on stderr, exit 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/result';
import { openBackend, type Backend } from './backend';
import { bad, call, isCommandIn, parseCommandLine, resolveProgramme, resolveSession } from './cliCommon';
import { defaultDbPath } from './paths';

export const ROSTER_COMMANDS = ['close-session', 'reopen-session', 'export-certified-roster', 'verify-roster'] as const;

export const ROSTER_USAGE = `close-session --programme 年度 --session 期次 [--reason 说明]
                                          结班：锁定该期的考勤、请假与结业认定
  reopen-session --programme 年度 --session 期次 --reason 原因
                                          重新开启已结班的期次（须填写原因）
  export-certified-roster --programme 年度 --session 期次 --out 文件.xlsx [--pdf 文件.pdf]
                                          导出已签名的结业名单（须先结班）
  verify-roster 文件.xlsx|文件.pdf [--key 公钥.pem] [--json]
                                          核验结业名单的签名并列出改动；无效时退出码为 3`;

export const isRosterCommand = isCommandIn(ROSTER_COMMANDS);

const parse = (argv: string[]) =>
  parseCommandLine(argv, {
    reason: { type: 'string' },
    out: { type: 'string' },
    pdf: { type: 'string' },
    key: { type: 'string' },
  });

async function sessionOf(b: Backend, programme: string | undefined, session: string | undefined): Promise<number> {
  if (!programme || !session) throw bad('请用 --programme 和 --session 指定年度与期次 / --programme and --session are required');
  return (await resolveSession(b, await resolveProgramme(b, programme), session)).id;
}

/** A refusal of what was asked (closed, not closed) is told like bad input: one line, exit 2. */
async function refusedAsBad<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') throw bad(e.message);
    throw e;
  }
}

function readable(file: string, what: string): string {
  const full = path.resolve(file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw bad(`找不到${what}：${file} / file not found`);
  return full;
}

export async function runRosterCommand(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (command === 'verify-roster') {
    if (rest.length !== 1) throw bad('请给出一个要核验的结业名单文件（.xlsx 或 .pdf） / give one FILE');
  } else if (rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (command === 'reopen-session' && !values.reason?.trim())
    throw bad('重新开启已结班的期次须用 --reason 填写原因 / --reason is required');
  if (command === 'export-certified-roster') {
    if (!values.out) throw bad('请用 --out 指定 .xlsx 文件 / --out FILE.xlsx is required');
    if (!/\.xlsx$/i.test(values.out)) throw bad('--out 应为 .xlsx 文件 / --out must end in .xlsx');
    if (values.pdf !== undefined && !/\.pdf$/i.test(values.pdf)) throw bad('--pdf 应为 .pdf 文件 / --pdf must end in .pdf');
  }
  let file = '';
  let publicKeyPem: string | undefined;
  if (command === 'verify-roster') {
    file = readable(rest[0], '文件');
    if (values.key !== undefined) publicKeyPem = fs.readFileSync(readable(values.key, '公钥文件'), 'utf8');
  }

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const out = (human: string, json: unknown) => print(values.json ? JSON.stringify(json, null, 2) : human);
    if (command === 'close-session' || command === 'reopen-session') {
      const sessionId = await sessionOf(backend, values.programme, values.session);
      const s =
        command === 'close-session'
          ? await refusedAsBad(call(backend, 'sessions.close', { sessionId, reason: values.reason ?? '' }))
          : await refusedAsBad(call(backend, 'sessions.reopen', { sessionId, reason: values.reason! }));
      out(s.closed ? `第${s.sessionNumber}期已结班，考勤与结业认定已锁定。` : `第${s.sessionNumber}期已重新开启。`, s);
      return 0;
    }
    if (command === 'export-certified-roster') {
      const sessionId = await sessionOf(backend, values.programme, values.session);
      const x = await refusedAsBad(call(backend, 'certifiedRoster.export', { sessionId, format: 'xlsx', out: path.resolve(values.out!) }));
      const p = values.pdf
        ? await call(backend, 'certifiedRoster.export', { sessionId, format: 'pdf', out: path.resolve(values.pdf) })
        : null;
      out([`已导出结业名单 ${x.rows} 人：${x.path}`, ...(p ? [`PDF：${p.path}`] : []), `签名密钥指纹：${x.fingerprint}`].join('\n'), {
        xlsx: x.path,
        pdf: p?.path ?? null,
        rows: x.rows,
        fingerprint: x.fingerprint,
      });
      return 0;
    }
    if (command === 'verify-roster') {
      const r = await call(backend, 'certifiedRoster.verify', { path: file, publicKeyPem });
      const where = (c: (typeof r.changes)[number]) =>
        `${c.row === null ? '' : c.row === 0 ? '表头' : `第${c.row}行`}${c.column ?? '整行'}`;
      out(
        [
          `${r.valid ? '有效' : '无效'}：${r.message}`,
          ...r.changes.map((c) => `  ${where(c)}：${c.before ?? '（无）'} → ${c.after ?? '（删除）'}`),
        ].join('\n'),
        { valid: r.valid, fingerprint: r.fingerprint, changes: r.changes },
      );
      return r.valid ? 0 : 3;
    }
    throw bad(`未知命令「${command}」 / unknown command`);
  } finally {
    backend.close();
  }
}
