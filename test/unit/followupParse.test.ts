/**
 * How the follow-up import reads what regions type: qualification names short and long, numbers
 * with units and full-width digits, and the headers of the yearly tables.
 */
import { describe, expect, it } from 'vitest';
import { parseQualificationList, parseTrackedQualification, TRACKED_QUALIFICATIONS } from '../../shared/domain/enterpriseFileTypes';
import { matchHeader, parseFigure, yearIn } from '../../electron/services/followupImport';

const [SPECIALISED, GIANT, CHAMPION, HIGH_TECH] = TRACKED_QUALIFICATIONS;

describe('parseTrackedQualification', () => {
  it('reads full names, short forms and quotes of any shape', () => {
    expect(parseTrackedQualification('专精特新')).toBe(SPECIALISED);
    expect(parseTrackedQualification('专精特新中小企业')).toBe(SPECIALISED);
    expect(parseTrackedQualification('小巨人')).toBe(GIANT);
    expect(parseTrackedQualification('专精特新“小巨人”企业')).toBe(GIANT);
    expect(parseTrackedQualification('国家级专精特新小巨人')).toBe(GIANT);
    expect(parseTrackedQualification('单项冠军')).toBe(CHAMPION);
    expect(parseTrackedQualification('高企')).toBe(HIGH_TECH);
    expect(parseTrackedQualification(' 高新技术企业 ')).toBe(HIGH_TECH);
    expect(parseTrackedQualification('瞪羚企业')).toBeNull();
    expect(parseTrackedQualification('')).toBeNull();
  });

  it('splits a cell of several, keeping the unknown apart and ignoring 无', () => {
    expect(parseQualificationList('小巨人、高企；瞪羚')).toEqual({ known: [GIANT, HIGH_TECH], unknown: ['瞪羚'] });
    expect(parseQualificationList('无')).toEqual({ known: [], unknown: [] });
    expect(parseQualificationList('专精特新,专精特新中小企业')).toEqual({ known: [SPECIALISED], unknown: [] });
  });
});

describe('parseFigure', () => {
  const money = { integer: false, negative: false };
  const profit = { integer: false, negative: true };
  const count = { integer: true, negative: false };
  it('reads separators, full-width digits, units after the number and a loss in brackets', () => {
    expect(parseFigure('1,234.5', 1, money)).toEqual({ value: 1234.5 });
    expect(parseFigure('１２３４', 1, money)).toEqual({ value: 1234 });
    expect(parseFigure(150_000_000, 0.0001, money)).toEqual({ value: 15000 });
    expect(parseFigure('350万元', 0.0001, money)).toEqual({ value: 350 });
    expect(parseFigure('1.2亿', 1, money)).toEqual({ value: 12000 });
    expect(parseFigure('(12.5)', 1, profit)).toEqual({ value: -12.5 });
    expect(parseFigure('－２０', 1, profit)).toEqual({ value: -20 });
    expect(parseFigure('88人', 1, count)).toEqual({ value: 88 });
    expect(parseFigure('—', 1, money)).toEqual({ value: null });
    expect(parseFigure(null, 1, money)).toEqual({ value: null });
  });

  it('refuses words, negative amounts, fractions of people and absurd sizes', () => {
    expect(parseFigure('一百万', 1, money)).toEqual({ error: '「一百万」不是数字' });
    expect(parseFigure(-5, 1, money)).toEqual({ error: '不能为负数，现为「-5」' });
    expect(parseFigure(1.5, 1, count)).toEqual({ error: '应为整数，现为「1.5」' });
    expect(parseFigure('12件', 1, money)).toHaveProperty('error');
    expect(parseFigure(1e13, 1, money)).toHaveProperty('error');
  });
});

describe('matchHeader and yearIn', () => {
  it('names the field, the year and the unit of a header', () => {
    expect(matchHeader('2024年营业收入（元）')).toMatchObject({ field: 'revenueWan', year: 2024, factor: 0.0001 });
    expect(matchHeader('利润总额(万元)')).toMatchObject({ field: 'profitWan', year: null, factor: 1 });
    expect(matchHeader('研发费用（亿元）')).toMatchObject({ field: 'rdWan', factor: 10_000 });
    expect(matchHeader('统一社会信用代码')).toMatchObject({ field: 'creditCode' });
    expect(matchHeader('从业人数')).toMatchObject({ field: 'employees' });
    expect(matchHeader('新获资质')).toMatchObject({ field: 'gained' });
    expect(matchHeader('资质被取消')).toMatchObject({ field: 'lost' });
    expect(matchHeader('序号')).toMatchObject({ field: null, note: '不需导入，已略过' });
    expect(matchHeader('法人手机号码')).toMatchObject({ field: null });
    expect(yearIn('２０２５年度')).toBe(2025);
    expect(yearIn('第3期')).toBeNull();
  });
});
