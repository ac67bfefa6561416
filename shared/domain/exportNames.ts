/** The names exported files get: the same in the save dialog's suggestion and in the CLI's folder. */
export type ExportKind = 'summary' | 'formsXlsx' | 'formsPdf';

export function exportScopeTitle(year: number, sessionNumber?: number | null, regionName?: string): string {
  return [`${year}年`, sessionNumber ? `第${sessionNumber}期` : '全部期次', regionName ?? ''].filter(Boolean).join('-');
}

export function exportFileName(kind: ExportKind, scopeTitle: string): string {
  if (kind === 'summary') return `报名汇总表-${scopeTitle}.xlsx`;
  return `学员报名表-${scopeTitle}.${kind === 'formsPdf' ? 'pdf' : 'xlsx'}`;
}
