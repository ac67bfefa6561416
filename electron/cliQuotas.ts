/**
 * The quota table on the command line, over the same dispatcher as the window:
 *   quotas --programme Y [--json]
 *   set-quota --programme Y --session N --region R --places K --reason "…"
 *   export-quotas --programme Y --out F.xlsx
 *   import-quotas F.xlsx --programme Y [--dry-run] [--reason "…"] [--json]     (exit 3 when the table has errors)
 *   export-contacts --programme Y --out F.xlsx
 *   import-contacts F.xlsx --programme Y [--dry-run] [--json]                  (exit 3 when the form has errors)
 * Errors: one line on stderr, exit 2 for bad input (the caller in cli.ts prints AppErrors).
 */
import path from 'node:path';
import { regionFromText } from '../shared/domain/regionText';
import { openBackend } from './backend';
import { bad, call, isCommandIn, padEnd, padStart, parseCommandLine, resolveProgramme, whole } from './cliCommon';
import { defaultDbPath } from './paths';

export const QUOTA_COMMANDS = ['quotas', 'set-quota', 'export-quotas', 'import-quotas', 'export-contacts', 'import-contacts'] as const;

/** Whether the command line asks for one of these commands. */
export const isQuotaCommand = isCommandIn(QUOTA_COMMANDS);

export const QUOTA_USAGE = `quotas --programme 年度 [--json]            名额分配表 / the quota table
  set-quota --programme 年度 --session 期次 --region 地区 --places 名额 --reason 原因
                                          修改一格名额 / set one cell
  export-quotas --programme 年度 --out 文件.xlsx   导出名额分配表
  import-quotas 文件.xlsx --programme 年度 [--dry-run] [--reason 原因] [--json]
                                          导入名额分配表；表有错误时退出码为 3
  export-contacts --programme 年度 --out 文件.xlsx 导出工作信息表
  import-contacts 文件.xlsx --programme 年度 [--dry-run] [--json]  导入工作信息表`;

const parseQuotaArgs = (argv: string[]) =>
  parseCommandLine(argv, {
    region: { type: 'string' },
    places: { type: 'string' },
    reason: { type: 'string' },
    out: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  });

export async function runQuotaCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseQuotaArgs(argv);
  const [command, ...rest] = positionals;
  const takesFile = command === 'import-quotas' || command === 'import-contacts';
  if (takesFile && rest.length !== 1) throw bad('请给出一个要导入的文件 / give one file to import');
  if (!takesFile && rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (command.startsWith('export-') && !values.out) throw bad('请用 --out 指定输出文件 / --out is required');
  if (command === 'set-quota') {
    if (values.session === undefined || values.region === undefined || values.places === undefined)
      throw bad('set-quota 需要 --session、--region 和 --places / --session, --region and --places are required');
    if (!values.reason?.trim()) throw bad('请用 --reason 写明修改原因 / --reason is required');
  }

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const programme = await resolveProgramme(backend, values.programme);
    const print = (human: string, json: unknown) => console.log(values.json ? JSON.stringify(json, null, 2) : human);
    if (command === 'quotas') {
      const g = await call(backend, 'quotas.grid', { programmeId: programme.id });
      if (values.json) {
        console.log(
          JSON.stringify(
            {
              programme: { id: g.programmeId, year: g.year, title: g.title, plannedTrainees: g.plannedTrainees, draft: g.draft },
              sessions: g.sessions.map((s) => ({ number: s.number, capacity: s.capacity, places: s.places, filled: s.filled })),
              regions: g.regions.map((r, i) => ({
                code: r.code,
                name: r.name,
                places: r.places,
                filled: r.filled,
                waitlisted: r.waitlisted,
                sessions: Object.fromEntries(
                  g.sessions.map((s, k) => [
                    s.number,
                    {
                      places: g.cells[i][k].places,
                      filled: g.cells[i][k].filled,
                      min: g.cells[i][k].min,
                      max: g.cells[i][k].max,
                      locked: g.cells[i][k].locked,
                    },
                  ]),
                ),
              })),
              places: g.places,
              filled: g.filled,
            },
            null,
            2,
          ),
        );
      } else {
        const head = [padEnd('地区', 18), ...g.sessions.map((s) => padStart(`第${s.number}期`, 6)), padStart('合计', 6)].join(' ');
        const lines = [
          `${g.year}年「${g.title}」名额分配表${g.draft ? '（草稿）' : ''}：共 ${g.places} 名，计划 ${g.plannedTrainees} 名`,
          head,
        ];
        g.regions.forEach((r, i) =>
          lines.push(
            [padEnd(r.name, 18), ...g.cells[i].map((c) => padStart(String(c.places), 6)), padStart(String(r.places), 6)].join(' '),
          ),
        );
        lines.push([padEnd('合计', 18), ...g.sessions.map((s) => padStart(String(s.places), 6)), padStart(String(g.places), 6)].join(' '));
        lines.push(
          [padEnd('容量', 18), ...g.sessions.map((s) => padStart(s.capacity === null ? '不限' : String(s.capacity), 6))].join(' '),
        );
        console.log(lines.join('\n'));
      }
    } else if (command === 'set-quota') {
      const region = regionFromText(values.region);
      if (!region) throw bad(`地区「${values.region}」不是 37 个推荐地区之一（可写 浙江、浙江省 或 330000）/ unknown region`);
      const number = whole(values.session, '--session')!;
      const sessions = await call(backend, 'sessions.list', { programmeId: programme.id });
      const session = sessions.find((s) => s.number === number);
      if (!session) throw bad(`本项目没有第${number}期（现有 ${sessions.map((s) => s.number).join('、') || '无'}）/ no such session`);
      const places = whole(values.places, '--places')!;
      const r = await call(backend, 'quotas.set', {
        programmeId: programme.id,
        cells: [{ sessionId: session.id, regionCode: region.code, places }],
        reason: values.reason!,
      });
      print(
        r.changed
          ? `已修改：第${number}期${region.name} → ${places} 名。${r.warnings.map((w) => `\n提醒：${w}`).join('')}`
          : `未改动：第${number}期${region.name}已是 ${places} 名。`,
        { changed: r.changed, batch: r.batch, session: number, region: region.code, places, warnings: r.warnings },
      );
    } else if (command === 'export-quotas' || command === 'export-contacts') {
      const out = path.resolve(values.out!);
      const f =
        command === 'export-quotas'
          ? await call(backend, 'quotas.export', { programmeId: programme.id, out })
          : await call(backend, 'contacts.export', { programmeId: programme.id, out });
      print(`已导出：${f.path}`, { file: f.path });
    } else if (command === 'import-quotas') {
      const file = { path: path.resolve(rest[0]), name: path.basename(rest[0]) };
      const r = await call(backend, 'quotas.import', {
        programmeId: programme.id,
        file,
        dryRun: values['dry-run'],
        reason: values.reason ?? '',
      });
      if (values.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(
          `${r.dryRun ? '预检（未写入）' : r.applied ? '已导入' : '未导入'}：${r.regions} 个地区、${r.sessionNumbers.length} 期；改动 ${r.changes.length} 格，不变 ${r.unchanged} 格。`,
        );
        for (const c of r.changes) console.log(`第${c.sessionNumber}期 ${c.regionName}：${c.from} → ${c.to}`);
        for (const e of r.errors) console.log(`错误${e.row ? `（第 ${e.row} 行）` : ''}${e.code}：${e.message}`);
        for (const w of r.warnings) console.log(`提醒 ${w.code}：${w.message}`);
      }
      return r.errors.length ? 3 : 0;
    } else if (command === 'import-contacts') {
      const file = { path: path.resolve(rest[0]), name: path.basename(rest[0]) };
      const r = await call(backend, 'contacts.import', { programmeId: programme.id, file, dryRun: values['dry-run'] });
      if (values.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(
          `${r.dryRun ? '预检（未写入）' : r.applied ? '已导入' : '未导入'}：${r.found.map((f) => f.regionName).join('、') || '无'}`,
        );
        for (const e of r.errors) console.log(`错误${e.row ? `（第 ${e.row} 行）` : ''}${e.code}：${e.message}`);
      }
      return r.errors.length ? 3 : 0;
    }
    return 0;
  } finally {
    backend.close();
  }
}
