import { describe, it, expect } from 'vitest';
import { formatDateZh, parseDateValue } from '../../shared/domain/dates';

function ok(v: unknown, opts?: { date1904?: boolean }) {
  const r = parseDateValue(v, opts);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(v)} to parse, got ${r.issue.code}: ${r.issue.message}`);
  return [r.value, r.precision];
}

function code(v: unknown, opts?: { date1904?: boolean }) {
  const r = parseDateValue(v, opts);
  if (r.ok) throw new Error(`expected ${JSON.stringify(v)} to be refused, got ${r.value}`);
  expect(r.issue.severity).toBe('error');
  expect(r.issue.message).toMatch(/[\u4e00-\u9fff]/); // a Chinese message for the user
  return r.issue.code;
}

describe('parseDateValue: text', () => {
  it.each([
    ['1980-05-01', '1980-05-01', 'day'],
    ['1980/5/1', '1980-05-01', 'day'],
    ['1980.05.01', '1980-05-01', 'day'],
    ['1980-5-1', '1980-05-01', 'day'],
    ['1980年5月1日', '1980-05-01', 'day'],
    ['1980年05月01日', '1980-05-01', 'day'],
    ['1980 年 5 月 1 日', '1980-05-01', 'day'],
    ['1980年5月1号', '1980-05-01', 'day'],
    ['19800501', '1980-05-01', 'day'],
    ['１９８０－０５－０１', '1980-05-01', 'day'], // full-width
    ['１９８０年５月１日', '1980-05-01', 'day'],
    ['1980-05-01T00:00:00.000Z', '1980-05-01', 'day'],
    ['1980-05-01 00:00:00', '1980-05-01', 'day'],
    ['2000-02-29', '2000-02-29', 'day'], // leap year
    ['1980.05', '1980-05', 'month'],
    ['1980.5', '1980-05', 'month'],
    ['1980.1', '1980-01', 'month'], // as text it is exactly what was typed
    ['1980.10', '1980-10', 'month'],
    ['1980-05', '1980-05', 'month'],
    ['1980/5', '1980-05', 'month'],
    ['1980年5月', '1980-05', 'month'],
    ['1980年12月', '1980-12', 'month'],
    ['198005', '1980-05', 'month'],
    ['１９８０．０５', '1980-05', 'month'],
    ['  1980.05  ', '1980-05', 'month'],
  ])('%j → %s (%s)', (input, value, precision) => {
    expect(ok(input)).toEqual([value, precision]);
  });

  it.each([
    ['1980-02-30', 'DATE_INVALID'],
    ['1900-02-29', 'DATE_INVALID'], // 1900 is not a leap year
    ['2001-02-29', 'DATE_INVALID'],
    ['1980-04-31', 'DATE_INVALID'],
    ['1980-13-01', 'DATE_INVALID'],
    ['1980-00', 'DATE_INVALID'],
    ['1980年13月', 'DATE_INVALID'],
    ['19800230', 'DATE_INVALID'],
    ['1899-12-31', 'DATE_OUT_OF_RANGE'],
    ['2101-01-01', 'DATE_OUT_OF_RANGE'],
    ['1880.05', 'DATE_OUT_OF_RANGE'],
    ['1980', 'DATE_INCOMPLETE'],
    ['1980年', 'DATE_INCOMPLETE'],
    ['80.5', 'DATE_UNRECOGNISED'],
    ['05/01/1980', 'DATE_UNRECOGNISED'],
    ['五月', 'DATE_UNRECOGNISED'],
    ['不详', 'DATE_UNRECOGNISED'],
    ['', 'DATE_REQUIRED'],
    ['   ', 'DATE_REQUIRED'],
    [null, 'DATE_REQUIRED'],
    [undefined, 'DATE_REQUIRED'],
  ])('%j is refused with %s', (input, expected) => {
    expect(code(input)).toBe(expected);
  });

  it('says in the message how many days the month has', () => {
    const r = parseDateValue('1980-02-30');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.message).toContain('29');
  });
});

describe('parseDateValue: Date objects (exceljs gives UTC midnight)', () => {
  it('uses the UTC calendar day', () => {
    expect(ok(new Date(Date.UTC(1980, 4, 1)))).toEqual(['1980-05-01', 'day']);
    expect(ok(new Date('2024-12-31T00:00:00Z'))).toEqual(['2024-12-31', 'day']);
  });
  it('absorbs conversion noise just before midnight', () => {
    expect(ok(new Date(Date.UTC(1980, 3, 30, 23, 59, 59, 999)))).toEqual(['1980-05-01', 'day']);
    expect(ok(new Date(Date.UTC(1980, 4, 1, 12, 0)))).toEqual(['1980-05-01', 'day']);
  });
  it('refuses invalid and out-of-range Date objects', () => {
    expect(code(new Date('nonsense'))).toBe('DATE_INVALID');
    expect(code(new Date(Date.UTC(1850, 0, 1)))).toBe('DATE_OUT_OF_RANGE');
  });
});

describe('parseDateValue: numbers', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'], // Lotus bug: 60 is the fictitious 1900-02-29
    [29342, '1980-05-01'],
    [29342.75, '1980-05-01'], // a time of day is dropped
    [29341.9999999999, '1980-05-01'], // float noise
    [36526, '2000-01-01'],
    [45658, '2025-01-01'],
    [73415, '2100-12-31'],
  ])('1900 system serial %s → %s', (serial, expected) => {
    expect(ok(serial)).toEqual([expected, 'day']);
  });

  it('refuses serial 60 (1900-02-29 does not exist) and serials outside the years 1900–2100', () => {
    expect(code(60)).toBe('DATE_INVALID');
    expect(code(0)).toBe('DATE_UNRECOGNISED');
    expect(code(-5)).toBe('DATE_UNRECOGNISED');
    expect(code(73416)).toBe('DATE_OUT_OF_RANGE');
    expect(code(Number.NaN)).toBe('DATE_UNRECOGNISED');
    expect(code(Infinity)).toBe('DATE_UNRECOGNISED');
  });

  it.each([
    [0, '1904-01-01'],
    [1, '1904-01-02'],
    [27880, '1980-05-01'], // 1462 days less than in the 1900 system
  ])('1904 system serial %s → %s', (serial, expected) => {
    expect(ok(serial, { date1904: true })).toEqual([expected, 'day']);
  });

  it('reads numbers that are dates typed into a General cell', () => {
    expect(ok(19800501)).toEqual(['1980-05-01', 'day']);
    expect(ok(198005)).toEqual(['1980-05', 'month']);
    expect(ok(1980.05)).toEqual(['1980-05', 'month']);
    expect(ok(1980.5)).toEqual(['1980-05', 'month']);
    expect(ok(1980.12)).toEqual(['1980-12', 'month']);
    expect(code(19800230)).toBe('DATE_INVALID');
    expect(code(1980.13)).toBe('DATE_INVALID');
  });

  it('refuses 1980.1 as a number: Excel stores "1980.10" that way, so January and October look the same', () => {
    expect(code(1980.1)).toBe('DATE_AMBIGUOUS');
    expect(code(1980.1)).not.toBe(code(1980.13));
  });

  it('refuses a bare year', () => {
    expect(code(1980)).toBe('DATE_INCOMPLETE');
  });
});

describe('formatDateZh', () => {
  it.each([
    ['1980-05', '1980年5月'],
    ['1980-05-01', '1980年5月1日'],
    ['2025-12-31', '2025年12月31日'],
    ['not a date', 'not a date'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(formatDateZh(input)).toBe(expected);
  });

  it('round-trips with parseDateValue', () => {
    for (const v of ['1980-05', '1980-05-01', '2000-02-29']) expect(ok(formatDateZh(v))[0]).toBe(v);
  });
});
