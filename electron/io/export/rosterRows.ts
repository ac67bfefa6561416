/** The 花名册's columns and one trainee as its cells: one definition for the .xlsx and the PDF. */
import type { RosterEntry } from '../../../shared/domain/attendanceTypes';

export const ROSTER_COLUMNS = ['序号', '姓名', '性别', '地区', '工作单位', '职务', '手机', '组别'] as const;

export function groupLabel(e: Pick<RosterEntry, 'groupNo' | 'isLeader'>): string {
  return e.groupNo ? `${e.groupNo}组${e.isLeader ? '（组长）' : ''}` : '';
}

export function rosterCells(e: RosterEntry, i: number): string[] {
  return [String(i + 1), e.name, e.gender ?? '', e.regionName, e.enterprise, e.position, e.mobile, groupLabel(e)];
}

export interface RosterDocData {
  /** 「2025年中小企业经营管理领军人才培训」 */
  title: string;
  /** 「第1期 数字化转型专题班 · 北京」 */
  session: string;
  entries: RosterEntry[];
  fontPath?: string;
  signal?: AbortSignal;
}
