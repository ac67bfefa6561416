/** The certified roster's canonical form and the comparison that names each change. */
import { describe, expect, it } from 'vitest';
import { align, canonicalContent, compareContent, signedBytes, type RosterContent } from '../../shared/domain/certifiedRoster';

const base: RosterContent = {
  title: '结业名单',
  session: '第1期',
  organiser: '组织单位：某厅',
  date: '制表日期：2025年6月26日',
  columns: ['序号', '姓名', '结业情况'],
  rows: [
    ['1', '王喆', '结业'],
    ['2', '李堃', '结业'],
    ['3', '赵赟', '未结业'],
  ],
};
const withRows = (rows: string[][]): RosterContent => ({ ...base, rows });

describe('canonical form', () => {
  it('ignores surrounding spaces, CRLF and Unicode composition; keeps every character of content', () => {
    const messy = { ...base, title: ' 结业名单\r\n', rows: base.rows.map((r) => r.map((c) => `${c} `)) };
    expect(signedBytes(messy)).toBe(signedBytes(base));
    expect(canonicalContent({ ...base, title: 'e\u0301' }).title).toBe('\u00e9');
    expect(signedBytes(withRows([['1', '王哲', '结业'], ...base.rows.slice(1)]))).not.toBe(signedBytes(base));
  });
});

describe('compareContent', () => {
  it('names a changed cell by the signed row and column', () => {
    expect(compareContent(base, withRows([base.rows[0], ['2', '李坤', '结业'], base.rows[2]]))).toEqual([
      { row: 2, column: '姓名', before: '李堃', after: '李坤' },
    ]);
  });
  it('names a removed row and an added row, and a cell beyond the table', () => {
    expect(compareContent(base, withRows([base.rows[0], base.rows[2]]))).toEqual([
      { row: 2, column: null, before: '2 | 李堃 | 结业', after: null },
    ]);
    expect(compareContent(base, withRows([...base.rows, ['4', '冒名', '结业']]))).toEqual([
      { row: 4, column: null, before: null, after: '4 | 冒名 | 结业' },
    ]);
    expect(compareContent(base, withRows([base.rows[0], [...base.rows[1], '备注'], base.rows[2]]))).toEqual([
      { row: 2, column: '第4列', before: '', after: '备注' },
    ]);
  });
  it('names the lines above the table and the header', () => {
    expect(compareContent(base, { ...base, organiser: '组织单位：别处', columns: ['序号', '名字', '结业情况'] })).toEqual([
      { row: null, column: '组织单位', before: '组织单位：某厅', after: '组织单位：别处' },
      { row: 0, column: '姓名', before: '姓名', after: '名字' },
    ]);
  });
});

describe('align', () => {
  it('matches equal items and pairs the rest at least cost', () => {
    const key = (x: string) => x;
    const cost = (x: string, y: string) => (x === y ? 0 : 1);
    expect(align(['a', 'b', 'c'], ['a', 'x', 'c'], key, cost, 0.75)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(align(['a', 'b', 'c'], ['a', 'c'], key, cost, 0.75)).toEqual([
      [0, 0],
      [1, null],
      [2, 1],
    ]);
    expect(align([], ['z'], key, cost, 0.75)).toEqual([[null, 0]]);
  });
});
