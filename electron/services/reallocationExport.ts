/** The programme's reallocation history as 名额调剂记录.xlsx (writer: electron/io/export/reallocationXlsx.ts). */
import type { ParsedInput } from '../../shared/contract';
import type { WrittenFile } from '../../shared/domain/importTypes';
import { readSetting, type ServiceContext } from './context';
import { writeOutput } from './files';
import { getProgramme } from './programmes';
import { localToday, reallocationHistory } from './reallocation';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reallocationTitle(p: { year: number; title: string }): string {
  const base = p.title.includes(String(p.year)) ? p.title : `${p.year}年度${p.title}`;
  return `${base}名额调剂记录`;
}

export async function exportReallocations(ctx: ServiceContext, input: ParsedInput<'reallocations.export'>): Promise<WrittenFile> {
  const p = getProgramme(ctx.db, input.programmeId);
  const records = reallocationHistory(ctx.db, input.programmeId);
  const { writeReallocationXlsx } = await import('../io/export/reallocationXlsx');
  const title = reallocationTitle(p);
  return writeOutput(ctx, input, `${title}.xlsx`, XLSX, (file) =>
    writeReallocationXlsx(file, { title, organiser: p.organiser || readSetting(ctx.db, 'organisation', ''), date: localToday(), records }),
  );
}
