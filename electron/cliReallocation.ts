/**
 * Reallocation (调减 / 调剂) on the command line, over the same dispatcher as the window:
 *   reallocations --programme Y [--session N] [--json]           unfilled, waiting, the suggestion, the history
 *   reallocate --programme Y --session N --suggested --reason "…"   apply the session's suggestion
 *   reallocate --programme Y --session N --from R --to R --places K --reason "…"   one move by hand
 *   revert-reallocation --id K --reason "…"
 *   export-reallocations --programme Y --out F.xlsx
 *   promote --programme Y [--session N] [--confirm ID,ID…] [--json]   without --confirm: the list only
 * Errors: one line on stderr, exit 2 for bad input (the caller in cli.ts prints AppErrors).
 */
import path from 'node:path';
import { plainMove, REALLOCATION_STATUS_LABELS } from '../shared/domain/reallocation';
import { regionFromText } from '../shared/domain/regionText';
import { openBackend } from './backend';
import { bad, call, isCommandIn, parseCommandLine, resolveProgramme, resolveSession, whole } from './cliCommon';
import { defaultDbPath } from './paths';

export const REALLOCATION_COMMANDS = ['reallocations', 'reallocate', 'revert-reallocation', 'export-reallocations', 'promote'] as const;

export const isReallocationCommand = isCommandIn(REALLOCATION_COMMANDS);

export const REALLOCATION_USAGE = `reallocations --programme 年度 [--session 期次] [--json]   未用名额、候补、调剂建议与调剂记录
  reallocate --programme 年度 --session 期次 --suggested --reason 原因     按建议调剂
  reallocate --programme 年度 --session 期次 --from 地区 --to 地区 --places 名额 --reason 原因
                                          手工调剂一笔 / move places by hand
  revert-reallocation --id 编号 --reason 原因      撤销一次调剂
  export-reallocations --programme 年度 --out 文件.xlsx   导出名额调剂记录
  promote --programme 年度 [--session 期次] [--confirm 报名编号,…] [--json]
                                          候补转正：不带 --confirm 时只列出名单`;

const parse = (argv: string[]) =>
  parseCommandLine(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    places: { type: 'string' },
    reason: { type: 'string' },
    suggested: { type: 'boolean', default: false },
    id: { type: 'string' },
    out: { type: 'string' },
    confirm: { type: 'string' },
  });

function region(text: string | undefined, flag: string): string {
  if (text === undefined) throw bad(`请用 ${flag} 指定地区 / ${flag} is required`);
  const r = regionFromText(text);
  if (!r) throw bad(`地区「${text}」不是 37 个推荐地区之一（可写 浙江、浙江省 或 330000）/ unknown region`);
  return r.code;
}

export async function runReallocationCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if ((command === 'reallocate' || command === 'revert-reallocation') && !values.reason?.trim())
    throw bad('请用 --reason 写明原因 / --reason is required');
  if (command === 'export-reallocations' && !values.out) throw bad('请用 --out 指定输出文件 / --out is required');
  if (command === 'revert-reallocation' && values.id === undefined) throw bad('请用 --id 指定调剂记录编号 / --id is required');
  const confirm =
    values.confirm === undefined
      ? undefined
      : values.confirm
          .split(/[,，\s]+/)
          .filter(Boolean)
          .map((x) => whole(x, '--confirm')!);

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const print = (human: string, json: unknown) => console.log(values.json ? JSON.stringify(json, null, 2) : human);
    if (command === 'revert-reallocation') {
      const r = await call(backend, 'reallocations.revert', { reallocationId: whole(values.id, '--id')!, reason: values.reason! });
      print(`已撤销调剂 ${r.id}（${r.places} 名）`, r);
      return 0;
    }
    const programme = await resolveProgramme(backend, values.programme);
    const session = values.session === undefined ? undefined : await resolveSession(backend, programme, values.session);
    if (command === 'reallocations') {
      const s = await call(backend, 'reallocations.standing', { programmeId: programme.id, sessionId: session?.id });
      const h = await call(backend, 'reallocations.history', { programmeId: programme.id });
      const lines = [
        ...s.sessions.map(
          (x) =>
            `第${x.number}期${x.closed ? '（已截止）' : ''}：名额 ${x.places}，已占用 ${x.filled}，未用 ${x.unfilled}，候补 ${x.waitlisted}` +
            x.cells
              .filter((c) => c.demand || c.takeable)
              .map((c) => `\n  ${c.regionName}：未用 ${c.unfilled}，候补 ${c.waitlisted}，可收回 ${c.takeable}，缺额 ${c.demand}`)
              .join(''),
        ),
        `调剂建议：${s.suggestion.length ? '' : '无'}`,
        ...s.suggestion.map((m) => `  第${m.fromSessionNumber}期 ${m.fromRegionName} → ${m.toRegionName} ${m.places} 名`),
        ...s.notes.map((n) => `  注：${n}`),
        `调剂记录：${h.length ? '' : '无'}`,
        ...h.map(
          (r) =>
            `  [${r.id}] ${r.at.slice(0, 16).replace('T', ' ')} ${r.operator} ${r.places} 名 ${REALLOCATION_STATUS_LABELS[r.status]}：${r.reason}`,
        ),
      ];
      print(lines.join('\n'), { standing: s, history: h });
      return 0;
    }
    if (command === 'reallocate') {
      if (!session) throw bad('请用 --session 指定期次 / --session is required');
      let moves;
      if (values.suggested) {
        if (values.from || values.to || values.places) throw bad('--suggested 不能与 --from/--to/--places 同用 / use one or the other');
        const s = await call(backend, 'reallocations.standing', { programmeId: programme.id, sessionId: session.id });
        if (!s.suggestion.length) throw bad(`第${session.number}期没有调剂建议${s.notes.length ? `：${s.notes[0]}` : ''}`);
        moves = s.suggestion.map(plainMove);
      } else {
        const places = whole(values.places, '--places');
        if (places === undefined) throw bad('请用 --places 指定名额，或用 --suggested 按建议调剂 / --places is required');
        moves = [
          {
            fromSessionId: session.id,
            fromRegion: region(values.from, '--from'),
            toSessionId: session.id,
            toRegion: region(values.to, '--to'),
            places,
          },
        ];
      }
      const r = await call(backend, 'reallocations.apply', {
        programmeId: programme.id,
        moves,
        reason: values.reason!,
        kind: values.suggested ? 'suggested' : 'manual',
      });
      print([`已调剂 ${r.reallocation.places} 名（调剂记录 ${r.reallocation.id}）`, ...r.warnings.map((w) => `注意：${w}`)].join('\n'), r);
      return 0;
    }
    if (command === 'export-reallocations') {
      const w = await call(backend, 'reallocations.export', { programmeId: programme.id, out: path.resolve(values.out!) });
      print(`已导出 ${w.path}`, w);
      return 0;
    }
    // promote
    if (confirm === undefined) {
      const lines = await call(backend, 'reallocations.waitlist', { programmeId: programme.id, sessionId: session?.id });
      const next = lines.flatMap((c) =>
        c.waiting.filter((w) => w.next).map((w) => ({ ...w, sessionNumber: c.sessionNumber, regionName: c.regionName })),
      );
      print(
        next.length
          ? [
              '可转正的候补（按报名先后）：',
              ...next.map(
                (w) => `  ${w.registrationId}  第${w.sessionNumber}期 ${w.regionName} 第 ${w.position} 位 ${w.name}（${w.enterpriseName}）`,
              ),
              `确认后运行：promote --programme ${programme.year} --confirm ${next.map((w) => w.registrationId).join(',')}`,
            ].join('\n')
          : '没有可转正的候补（没有空出的名额，或没有候补）',
        { next, cells: lines },
      );
      return 0;
    }
    if (!confirm.length) throw bad('--confirm 后请列出报名编号 / --confirm needs registration ids');
    const r = await call(backend, 'reallocations.promote', {
      programmeId: programme.id,
      registrationIds: confirm,
      reason: values.reason ?? '',
    });
    print(`已转正 ${r.promoted} 人`, r);
    return 0;
  } finally {
    backend.close();
  }
}
