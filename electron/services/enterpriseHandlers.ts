/**
 * The enterprise files and follow-up methods (shared/enterpriseContract.ts), and the export of a
 * region's 信息档案 table.
 */
import { parseTrackedQualification } from '../../shared/domain/enterpriseFileTypes';
import { regionName } from '../../shared/regions';
import type { ParsedInput } from '../../shared/contract';
import { readSetting, type ServiceContext } from './context';
import {
  followUpsOf,
  getEnterpriseFile,
  listEnterprises,
  selectEnterprises,
  trainingOf,
  yearlyFigures,
  type CompletionCache,
} from './enterprises';
import type { EnterpriseFileRow } from '../io/export/enterpriseFilesXlsx';
import { writeOutput } from './files';
import { addFollowUp, deleteFollowUp, importFollowUps, updateFollowUp } from './followups';
import type { Handlers } from './handlers';
import { localToday } from './placeCount';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The title and the file name say whose table it is: the region, and a filter when one was chosen. */
function scopeOf(input: ParsedInput<'enterprises.exportFiles'>): string {
  const parts = [input.regionCode ? regionName(input.regionCode) : '全部地区'];
  if (input.qualification) parts.push(parseTrackedQualification(input.qualification) ?? input.qualification);
  if (input.industry) parts.push(input.industry);
  if (input.yearTrained) parts.push(`${input.yearTrained}年参训`);
  return parts.join('-');
}

export function exportRows(ctx: ServiceContext, input: ParsedInput<'enterprises.exportFiles'>): EnterpriseFileRow[] {
  const { rows } = selectEnterprises(ctx.db, input);
  const cache: CompletionCache = new Map();
  return rows.map((e) => {
    const followUps = followUpsOf(ctx.db, e.id);
    const yearly = yearlyFigures(followUps);
    const trainees = trainingOf(ctx.db, e.id, cache)
      .filter((t) => t.status === 'approved')
      .map((t) =>
        [
          t.traineeName,
          t.position,
          `${t.programmeYear}年${t.sessionNumber !== null ? `第${t.sessionNumber}期` : ''}`,
          t.completed === null ? '' : t.completed ? '结业' : '未结业',
        ]
          .filter(Boolean)
          .join('·'),
      );
    return {
      name: e.name,
      creditCode: e.creditCode,
      regionName: e.regionName,
      industry: e.industry,
      qualifications: e.qualifications,
      trainees,
      latest: yearly.length ? yearly[yearly.length - 1] : null,
      lastFollowUp: followUps[0] ?? null,
      // The 跟踪记录 sheet lists the oldest first, the order a file is read in.
      followUps: [...followUps].reverse(),
    };
  });
}

export function enterpriseHandlers(
  ctx: ServiceContext,
): Pick<
  Handlers,
  | 'enterprises.list'
  | 'enterprises.get'
  | 'followups.add'
  | 'followups.update'
  | 'followups.delete'
  | 'followups.import'
  | 'enterprises.exportFiles'
> {
  return {
    'enterprises.list': (input) => listEnterprises(ctx.db, input),
    'enterprises.get': (input) => getEnterpriseFile(ctx.db, input.id, localToday()),
    'followups.add': (input) => addFollowUp(ctx.db, input),
    'followups.update': (input) => updateFollowUp(ctx.db, input),
    'followups.delete': (input) => deleteFollowUp(ctx.db, input),
    'followups.import': (input, call) => importFollowUps(ctx, input, call),
    'enterprises.exportFiles': async (input) => {
      const scope = scopeOf(input);
      const rows = exportRows(ctx, input);
      const { writeEnterpriseFilesXlsx } = await import('../io/export/enterpriseFilesXlsx');
      return writeOutput(ctx, input, `企业信息档案-${scope}.xlsx`, XLSX, (f) =>
        writeEnterpriseFilesXlsx(f, {
          title: `${input.regionCode ? regionName(input.regionCode) : ''}参训企业信息档案`,
          organiser: readSetting(ctx.db, 'organisation', ''),
          date: localToday(),
          rows,
        }),
      );
    },
  };
}
