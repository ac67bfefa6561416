import { describe, it, expect } from 'vitest';
import { validateEmail, validateMobile } from '../../shared/domain/contact';

describe('validateMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    [13800138000, '13800138000'], // a number cell: 11 digits survive
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['86-13800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'], // full-width
    ['19912345678', '19912345678'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    ['  ', ''],
  ])('%j is accepted as %j', (raw, value) => {
    expect(validateMobile(raw)).toEqual({ value, issues: [] });
  });

  it.each([
    ['1380013800', '1380013800'], // 10 digits
    ['138001380001', '138001380001'], // 12 digits
    ['23800138000', '23800138000'], // does not start with 1
    ['12800138000', '12800138000'], // no mobile range 12x
    ['010-62345678', '01062345678'], // a landline
    ['13800138000/13900139000', '13800138000/13900139000'], // two numbers in one cell
    ['1380013800O', '1380013800O'], // letter O
  ])('%j → MOBILE_FORMAT (value %j)', (raw, value) => {
    const r = validateMobile(raw);
    expect(r.value).toBe(value);
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['MOBILE_FORMAT', 'error']]);
    expect(r.issues[0].message).toContain('手机号');
  });
});

describe('validateEmail', () => {
  it.each([
    ['zhang.san@example.com', 'zhang.san@example.com'],
    ['  zhang.san@example.com  ', 'zhang.san@example.com'],
    ['Zhang.San@Example.COM', 'Zhang.San@example.com'], // only the domain is lower-cased
    ['zhangsan＠qq．com', 'zhangsan@qq.com'], // full-width @ and dot
    ['ＺＨＡＮＧ＠１６３．ＣＯＭ', 'ZHANG@163.com'],
    ['first_last+tag@mail.example.com.cn', 'first_last+tag@mail.example.com.cn'],
    ['a-b@my-company.org', 'a-b@my-company.org'],
    ['mailto:li@example.cn', 'li@example.cn'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%j is accepted as %j', (raw, value) => {
    expect(validateEmail(raw)).toEqual({ value, issues: [] });
  });

  it.each([
    ['zhangsan'],
    ['zhangsan@'],
    ['@example.com'],
    ['zhangsan@example'],
    ['zhangsan@qq。com'], // Chinese full stop
    ['zhang san@example.com'],
    ['zhangsan@@example.com'],
    ['.zhangsan@example.com'],
    ['zhangsan.@example.com'],
    ['zhang..san@example.com'],
    ['zhangsan@-example.com'],
    ['zhangsan@example..com'],
    ['a@example.com;b@example.com'],
    ['张三@example.com'],
    ['zhangsan@example.c'],
  ])('%j → EMAIL_FORMAT', (raw) => {
    const r = validateEmail(raw);
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['EMAIL_FORMAT', 'error']]);
    expect(r.issues[0].message).toContain('电子邮箱');
  });

  it('points at a Chinese full stop', () => {
    expect(validateEmail('zhangsan@qq。com').issues[0].message).toContain('中文句号');
  });
});
