/**
 * Check-in and completion on the command line, over the same dispatcher as the window:
 *   attendance-mark --programme Y --session N --slot K --trainee 身份证号 --status present|late|absent|leave|left_early
 *                   [--at HH:MM] [--minutes M] [--reason "…"]      (--at: copied from a paper sheet, recorded as 补录)
 *   set-completion-rule --programme Y [--min-attendance R] [--max-leave N] [--max-absent N] [--max-late N] [--max-left-early N]
 *   completion --programme Y --session N [--json]
 *   export-signin-sheets --programme Y --session N [--slot K | --date YYYY-MM-DD] [--by-group] --out F.pdf
 *   export-roster --programme Y --session N --out F.xlsx|F.pdf      (the format follows the extension)
 *   export-attendance --programme Y --session N --out F.xlsx
 *   export-badges | export-table-tents --programme Y --session N --out F.pdf
 * Errors: one line on stderr, exit 2 for bad input (the caller in cli.ts prints AppErrors).
 */
import path from 'node:path';
import { STATUS_BY_WORD } from '../shared/domain/attendance';
import { openBackend, type Backend } from './backend';
import { bad, call, isCommandIn, parseCommandLine, resolveProgramme, resolveSession, whole } from './cliCommon';
import { defaultDbPath } from './paths';

export const ATTENDANCE_COMMANDS = [
  'attendance-mark',
  'set-completion-rule',
  'completion',
  'export-signin-sheets',
  'export-roster',
  'export-attendance',
  'export-badges',
  'export-table-tents',
] as const;

/** The file exports after the sign-in sheets: command → the extensions its --out may have. */
const FILE_EXPORTS: Record<string, string[]> = {
  'export-roster': ['.xlsx', '.pdf'],
  'export-attendance': ['.xlsx'],
  'export-badges': ['.pdf'],
  'export-table-tents': ['.pdf'],
};

export const ATTENDANCE_USAGE = `attendance-mark --programme 年度 --session 期次 --slot 时段序号 --trainee 身份证号
                  --status present|late|absent|leave|left_early [--at HH:MM] [--minutes 分钟] [--reason 原因]
                                          记一条考勤；给出 --at 即按补录记录
  set-completion-rule --programme 年度 [--min-attendance 0.875] [--max-leave 1] [--max-absent 0] [--max-late 2] [--max-left-early 1]
                                          修改结业规则 / edit the completion rule
  completion --programme 年度 --session 期次 [--json]   结业判定及原因 / completion results
  export-signin-sheets --programme 年度 --session 期次 [--slot 时段序号 | --date YYYY-MM-DD] [--by-group] --out 文件.pdf
                                          导出签到表 / sign-in sheets
  export-roster --programme 年度 --session 期次 --out 文件.xlsx|文件.pdf   导出花名册 / roster
  export-attendance --programme 年度 --session 期次 --out 文件.xlsx        导出考勤统计表 / attendance report
  export-badges --programme 年度 --session 期次 --out 文件.pdf             导出胸牌 / badges
  export-table-tents --programme 年度 --session 期次 --out 文件.pdf        导出桌签 / table tents`;

function rate(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d*\.?\d+$/.test(v.trim()) || n > 1) throw bad(`--min-attendance 应为 0 到 1 之间的小数，例如 0.875，收到「${v}」`);
  return n;
}

export const isAttendanceCommand = isCommandIn(ATTENDANCE_COMMANDS);

const programmeId = async (b: Backend, given: string | undefined) => (await resolveProgramme(b, given)).id;
const sessionId = async (b: Backend, programme: number, given: string | undefined) =>
  (
    await resolveSession(
      b,
      (await call(b, 'programmes.list', {})).find((p) => p.id === programme)!,
      given,
    )
  ).id;

export async function runAttendanceCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandLine(argv, {
    slot: { type: 'string' },
    date: { type: 'string' },
    trainee: { type: 'string' },
    status: { type: 'string' },
    at: { type: 'string' },
    minutes: { type: 'string' },
    reason: { type: 'string' },
    out: { type: 'string' },
    'by-group': { type: 'boolean', default: false },
    'min-attendance': { type: 'string' },
    'max-leave': { type: 'string' },
    'max-absent': { type: 'string' },
    'max-late': { type: 'string' },
    'max-left-early': { type: 'string' },
  });
  const [command, ...rest] = positionals;
  if (rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if ((command === 'export-signin-sheets' || command in FILE_EXPORTS) && !v.out) throw bad('请用 --out 指定输出文件 / --out is required');
  const ext = path.extname(v.out ?? '').toLowerCase();
  if (command in FILE_EXPORTS && !FILE_EXPORTS[command].includes(ext))
    throw bad(`${command} 的 --out 应以 ${FILE_EXPORTS[command].join(' 或 ')} 结尾，收到「${v.out}」 / bad file extension`);
  let status: (typeof STATUS_BY_WORD)[string] | undefined;
  if (command === 'attendance-mark') {
    if (!v.trainee || !v.status || v.slot === undefined)
      throw bad('attendance-mark 需要 --slot、--trainee 和 --status / --slot, --trainee and --status are required');
    status = STATUS_BY_WORD[v.status];
    if (!status) throw bad(`--status 应为 present、late、absent、leave 或 left_early，收到「${v.status}」`);
    if (v.at !== undefined && !/^[0-2]\d:[0-5]\d$/.test(v.at)) throw bad(`--at 应为 HH:MM，例如 08:52，收到「${v.at}」`);
  }

  const backend = await openBackend({ dbPath: v.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const programme = await programmeId(backend, v.programme);
    if (command === 'set-completion-rule') {
      const rule = await call(backend, 'completion.rule.set', {
        programmeId: programme,
        minAttendance: rate(v['min-attendance']),
        maxLeave: whole(v['max-leave'], '--max-leave'),
        maxAbsent: whole(v['max-absent'], '--max-absent'),
        maxLate: whole(v['max-late'], '--max-late'),
        maxLeftEarly: whole(v['max-left-early'], '--max-left-early'),
      });
      console.log(
        v.json
          ? JSON.stringify(rule)
          : `结业规则：最低出勤率 ${rule.minAttendance}，请假≤${rule.maxLeave}，缺勤≤${rule.maxAbsent}，迟到≤${rule.maxLate}，早退≤${rule.maxLeftEarly}`,
      );
      return 0;
    }
    const session = await sessionId(backend, programme, v.session);
    if (command === 'completion') {
      const results = await call(backend, 'completion.results', { sessionId: session });
      if (v.json)
        console.log(
          JSON.stringify(
            results.map((r) => ({ idNumber: r.idNumber, name: r.name, completed: r.completed, reasons: r.reasons })),
            null,
            2,
          ),
        );
      else
        for (const r of results)
          console.log(`${r.name}\t${r.completed === null ? '未定' : r.completed ? '结业' : '不结业'}\t${r.reasons.join('；')}`);
      return 0;
    }
    if (command === 'export-signin-sheets') {
      const w = await call(backend, 'attendance.signinSheet', {
        sessionId: session,
        slotSeq: whole(v.slot, '--slot'),
        date: v.date,
        sortBy: v['by-group'] ? 'group' : 'seat',
        out: v.out,
      });
      console.log(`已导出 ${w.path}（${w.bytes} 字节）`);
      return 0;
    }
    if (command in FILE_EXPORTS) {
      const target = { sessionId: session, out: path.resolve(v.out!) };
      const w =
        command === 'export-roster'
          ? await call(backend, 'rosters.exportRoster', { ...target, format: ext === '.pdf' ? 'pdf' : 'xlsx' })
          : command === 'export-attendance'
            ? await call(backend, 'attendance.exportReport', target)
            : command === 'export-badges'
              ? await call(backend, 'rosters.exportBadges', target)
              : await call(backend, 'rosters.exportTableTents', target);
      console.log(`已导出 ${w.path}（${w.bytes} 字节）`);
      return 0;
    }
    // attendance-mark
    const slotSeq = whole(v.slot, '--slot')!;
    const roster = await call(backend, 'rosters.get', { sessionId: session });
    const who = roster.entries.find((e) => e.idNumber.toUpperCase() === v.trainee!.trim().toUpperCase());
    if (!who) throw bad(`第 ${roster.session.number} 期花名册中没有身份证号为 ${v.trainee} 的学员 / not on the roster`);
    const slot = (await call(backend, 'attendance.slots', { sessionId: session }))[slotSeq - 1];
    if (!slot) throw bad(`第 ${roster.session.number} 期没有第 ${slotSeq} 个时段 / no slot ${slotSeq}`);
    const r = await call(backend, 'attendance.mark', {
      registrationId: who.registrationId,
      slotSeq,
      status,
      at: v.at ? `${slot.date} ${v.at}` : undefined,
      minutes: whole(v.minutes, '--minutes'),
      reason: v.reason ?? '',
      backfill: v.at !== undefined,
    });
    console.log(v.json ? JSON.stringify(r) : `${slot.name}：${r.message}${r.changed ? '' : '（未改动）'}`);
    return 0;
  } finally {
    backend.close();
  }
}
