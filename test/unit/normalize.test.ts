import { describe, it, expect } from 'vitest';
import { normalizeCode, normalizeName, normalizePhone, normalizeText } from '../../shared/domain/normalize';

describe('normalizeText', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['', ''],
    [42, '42'],
    [0, '0'],
    [3.5, '3.5'],
    ['  北京市  ', '北京市'],
    ['北京\u3000\u3000海淀', '北京 海淀'], // ideographic spaces
    ['a\u00A0\u00A0b', 'a b'], // NBSP
    ['a\t\n b', 'a b'],
    ['\uFEFF专精特新\u200B', '专精特新'], // BOM and zero-width space
    ['ＡＢＣ１２３', 'ABC123'], // full-width letters and digits
    ['北京（海淀）', '北京(海淀)'], // full-width parentheses
    [true, 'true'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('normalizeCode', () => {
  it.each([
    [null, ''],
    ['11010519491231002x', '11010519491231002X'],
    [' 110105 19491231 002X ', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'], // full-width
    ['1101\u300005\u00A0194912\t31002x', '11010519491231002X'],
    ["'11010519491231002X", '11010519491231002X'], // apostrophe that forces text in Excel
    ['91350100m000100y43', '91350100M000100Y43'],
    [13800138000, '13800138000'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });
});

describe('normalizeName', () => {
  it.each([
    ['张　三', '张三'],
    [' 张 三 ', '张三'],
    ['张三', '张三'],
    ['\u3000李\u00A0四\u3000', '李四'],
    [null, ''],
    // every middle-dot look-alike becomes U+00B7 and is kept
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['阿依古丽\u30FB买买提', '阿依古丽·买买提'],
    ['阿依古丽\uFF65买买提', '阿依古丽·买买提'],
    ['阿依古丽\u2022买买提', '阿依古丽·买买提'],
    ['阿依古丽\u2027买买提', '阿依古丽·买买提'],
    ['阿依古丽\u2219买买提', '阿依古丽·买买提'],
    ['阿依古丽\u22C5买买提', '阿依古丽·买买提'],
    ['阿依古丽\uFF0E买买提', '阿依古丽·买买提'], // full-width full stop between CJK
    ['阿依古丽.买买提', '阿依古丽·买买提'],
    ['阿依古丽 · 买买提', '阿依古丽·买买提'],
    ['阿依古丽··买买提', '阿依古丽·买买提'],
    // a full stop not between Chinese characters is left alone
    ['J.K.', 'J.K.'],
    // Latin-script names keep one space between words
    ['Mary  Jane', 'Mary Jane'],
    ['ＭＡＲＹ　ＪＡＮＥ', 'MARY JANE'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('gives the same result for differently typed versions of one name', () => {
    const variants = ['阿依古丽·买买提', '阿依古丽・买买提', ' 阿依古丽 • 买买提 ', '阿依古丽．买买提'];
    expect(new Set(variants.map(normalizeName)).size).toBe(1);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    [13800138000, '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['86-13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['(+86)13800138000', '13800138000'],
    ['＋８６　１３８００１３８０００', '13800138000'], // full-width
    ['138\u20140013\u20148000', '13800138000'], // em dashes
    ['010-62345678', '01062345678'],
    ['861-2345678', '8612345678'], // a bare 86 not followed by a mobile number is not a prefix
    ['', ''],
    [null, ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});
