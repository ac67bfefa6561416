/**
 * The enterprise files and their follow-up on the command line, over the same dispatcher as the window:
 *   enterprises [--region 浙江|330000] [--qualification 小巨人] [--industry I] [--year 2025] [--search S] [--json]
 *   enterprise CREDITCODE [--json]
 *   import-followups FILE [--region R] [--dry-run] [--json]   (exit 3 when rows were rejected)
 *   export-enterprise-files [--region R] [--qualification Q] … --out F.xlsx [--json]
 */
import path from 'node:path';
import { openBackend } from './backend';
import { normalizeCode } from '../shared/domain/normalize';
import { findRegion } from '../shared/regions';
import { bad, call, isCommandIn, padEnd, parseCommandLine, whole } from './cliCommon';
import { defaultDbPath } from './paths';

export const ENTERPRISE_COMMANDS = ['enterprises', 'enterprise', 'import-followups', 'export-enterprise-files'] as const;
export const isEnterpriseCommand = isCommandIn(ENTERPRISE_COMMANDS);

export const ENTERPRISE_USAGE = `enterprises [--region 地区] [--qualification 资质] [--industry 行业] [--year 参训年度] [--search 文字] [--json]
                                          参训企业信息档案列表（--region 浙江 或 330000；--qualification 小巨人 等）
  enterprise 统一社会信用代码 [--json]     一家企业的档案：参训学员、跟踪记录、时间线、逐年经营数据
  import-followups 文件.xlsx [--region 地区] [--dry-run] [--json]
                                          导入各地报送的企业年度跟踪表（按统一社会信用代码匹配）；有被拒绝的行时退出码为 3
  export-enterprise-files [--region 地区] [--qualification 资质] [--industry 行业] [--year 参训年度] --out 文件.xlsx [--json]
                                          导出企业信息档案表（第二张表为跟踪记录）`;

function regionCodeOf(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const r = findRegion(given);
  if (!r) throw bad(`找不到地区「${given}」（可写 浙江、浙江省 或 330000）/ unknown region`);
  return r.code;
}

const pct = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

export async function runEnterpriseCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    'dry-run': { type: 'boolean', default: false },
    out: { type: 'string' },
    region: { type: 'string' },
    qualification: { type: 'string' },
    industry: { type: 'string' },
    year: { type: 'string' },
    search: { type: 'string' },
  });
  const [command, ...rest] = positionals;
  const takesOne = command === 'enterprise' || command === 'import-followups';
  if (takesOne && rest.length !== 1)
    throw bad(
      command === 'enterprise' ? '请给出企业的统一社会信用代码 / give one credit code' : '请给出一个要导入的文件 / give one file to import',
    );
  if (!takesOne && rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if (command === 'export-enterprise-files') {
    if (!values.out) throw bad('请用 --out 指定保存的文件 / --out is required');
    if (path.extname(values.out).toLowerCase() !== '.xlsx') throw bad('信息档案只能导出为 .xlsx 文件 / --out must end in .xlsx');
  }
  const regionCode = regionCodeOf(values.region);
  const filters = {
    regionCode,
    qualification: values.qualification,
    industry: values.industry,
    yearTrained: whole(values.year, '--year'),
    search: values.search,
  };

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    if (command === 'enterprises') {
      const list = await call(backend, 'enterprises.list', { ...filters, limit: 5000 });
      if (values.json) console.log(JSON.stringify(list, null, 2));
      else {
        console.log(`共 ${list.total} 家企业${list.total > list.rows.length ? `（列出前 ${list.rows.length} 家）` : ''}`);
        for (const e of list.rows)
          console.log(
            `${e.creditCode}  ${padEnd(e.name, 36)} ${padEnd(e.regionName, 10)} 参训 ${e.trainees} 人  跟踪 ${e.followUps} 条  ${e.qualifications.join('、')}`,
          );
      }
      return 0;
    }
    if (command === 'enterprise') {
      const code = normalizeCode(rest[0]);
      const found = await call(backend, 'enterprises.list', { search: code, limit: 5000 });
      const hit = found.rows.find((e) => e.creditCode === code);
      if (!hit) throw bad(`找不到统一社会信用代码为「${code}」的企业 / no enterprise with this credit code`);
      const file = await call(backend, 'enterprises.get', { id: hit.id });
      if (values.json) console.log(JSON.stringify(file, null, 2));
      else {
        console.log(`${file.name}（${file.creditCode}）  ${file.regionName}  ${file.industry}`);
        console.log(`资质：${file.qualifications.join('、') || '—'}`);
        console.log('参训：');
        for (const t of file.training)
          console.log(
            `  ${t.programmeYear}年${t.sessionNumber ? `第${t.sessionNumber}期` : ''} ${t.traineeName}（${t.position}） ${t.statusLabel}${t.completed === null ? '' : t.completed ? ' 结业' : ' 未结业'}${t.certificateNo ? ` 证书 ${t.certificateNo}` : ''}`,
          );
        console.log('逐年经营数据：');
        for (const y of file.yearly)
          console.log(
            `  ${y.year}：营业收入 ${y.revenueWan ?? '—'} 万元 ${pct(y.change.revenueWan)}，利润 ${y.profitWan ?? '—'} 万元 ${pct(y.change.profitWan)}，员工 ${y.employees ?? '—'} 人，研发 ${y.rdWan ?? '—'} 万元，专利 ${y.patents ?? '—'} 件`,
          );
        console.log('时间线：');
        for (const t of file.timeline) console.log(`  ${t.date} 【${t.kind}】${t.text}`);
      }
      return 0;
    }
    if (command === 'import-followups') {
      const file = path.resolve(rest[0]);
      const r = await call(backend, 'followups.import', { file: { path: file }, regionCode, dryRun: values['dry-run'] });
      if (values.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(
          `${r.dryRun ? '预检（未写入）' : '已导入'}：读到 ${r.rows} 行，匹配 ${r.matched} 行；新增 ${r.created} 条、更新 ${r.updated} 条；拒绝 ${r.rejected} 行（其中 ${r.unmatched} 行企业未找到）；提醒 ${r.warnings} 处。`,
        );
        for (const c of r.columns) console.log(`  ${c.column} 列「${c.header}」→ ${c.field ?? '—'}（${c.note}）`);
        for (const e of r.errors) console.log(`第 ${e.row} 行【${e.column}】${e.code}：${e.message}`);
      }
      return r.rejected ? 3 : 0;
    }
    const written = await call(backend, 'enterprises.exportFiles', { ...filters, out: path.resolve(values.out!) });
    if (values.json) console.log(JSON.stringify(written, null, 2));
    else console.log(`已保存：${written.path}`);
    return 0;
  } finally {
    backend.close();
  }
}
