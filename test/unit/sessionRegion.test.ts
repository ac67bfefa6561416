import { describe, expect, it } from 'vitest';
import { regionFromText } from '../../shared/domain/regionText';
import { parseSessionNumber } from '../../shared/domain/session';

describe('期次 as written', () => {
  it.each([
    [3, 3],
    ['3', 3],
    ['第3期', 3],
    ['第三期', 3],
    ['三期', 3],
    ['第十二期', 12],
    ['二十一', 21],
    ['第 ９ 期', 9],
    ['', null],
    [null, null],
  ])('%s → %s', (v, n) => expect(parseSessionNumber(v)).toBe(n));
  it.each([['第0期'], ['下一期'], [2.5], ['3-4期'], [-1]])('%s is not a session', (v) => expect(parseSessionNumber(v)).toBeNaN());
});

describe('region from text', () => {
  it.each([
    ['浙江', '330000'],
    ['浙江省', '330000'],
    ['330000', '330000'],
    ['浙江省杭州市', '330000'],
    ['浙江省经济和信息化厅', '330000'],
    ['宁波市经济和信息化局', '330200'],
    ['新疆生产建设兵团工业和信息化局', '660000'],
    ['新疆维吾尔自治区工业和信息化厅', '650000'],
    ['深圳市中小企业服务局', '440300'],
    ['内蒙古自治区工业和信息化厅', '150000'],
  ])('%s → %s', (t, code) => expect(regionFromText(t)?.code).toBe(code));
  it.each([['火星'], [''], ['杭州市']])('%s → none', (t) => expect(regionFromText(t)).toBeNull());
});
