import { describe, expect, it } from 'vitest';
import { chineseNumber, formatChineseDate, formatChineseRange } from '../../shared/domain/chineseDate';

describe('certificate dates', () => {
  it('formats digits and Chinese numerals', () => {
    expect(formatChineseDate('2025-06-26')).toBe('2025年6月26日');
    expect(formatChineseDate('2025-06-26', 'chinese')).toBe('二〇二五年六月二十六日');
    expect(formatChineseDate('2030-10-10', 'chinese')).toBe('二〇三〇年十月十日');
    expect(formatChineseDate('2001-12-31', 'chinese')).toBe('二〇〇一年十二月三十一日');
    expect(formatChineseDate('2025-01-01', 'chinese')).toBe('二〇二五年一月一日');
  });
  it('says numbers as spoken', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 30, 31].map(chineseNumber)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '十九',
      '二十',
      '二十一',
      '三十',
      '三十一',
    ]);
  });
  it('writes spans without repeating the year', () => {
    expect(formatChineseRange('2025-06-23', '2025-06-26')).toBe('2025年6月23日至6月26日');
    expect(formatChineseRange('2025-06-23', '2025-06-23')).toBe('2025年6月23日');
    expect(formatChineseRange('2025-12-30', '2026-01-02')).toBe('2025年12月30日至2026年1月2日');
    expect(formatChineseRange('2025-06-23', '2025-07-02', 'chinese')).toBe('二〇二五年六月二十三日至七月二日');
  });
  it('refuses dates that do not exist', () => {
    expect(() => formatChineseDate('2025-02-30')).toThrow();
    expect(() => formatChineseDate('2025/06/26')).toThrow();
  });
});

describe('certificate template', () => {
  it('the default is valid; moved to A4 portrait it still fits; a field off the paper is refused in words', async () => {
    const { DEFAULT_TEMPLATE, A4_PORTRAIT, certificateTemplateSchema, templateForPaper } =
      await import('../../shared/domain/certificateTemplate');
    expect(certificateTemplateSchema.safeParse(DEFAULT_TEMPLATE).success).toBe(true);
    expect(certificateTemplateSchema.safeParse(templateForPaper(DEFAULT_TEMPLATE, A4_PORTRAIT)).success).toBe(true);
    const off = { ...DEFAULT_TEMPLATE, fields: DEFAULT_TEMPLATE.fields.map((f) => (f.id === 'name' ? { ...f, x: 280 } : f)) };
    const r = certificateTemplateSchema.safeParse(off);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('字段「name」超出纸张：请调整它的位置或宽度');
    const wrongA4 = { ...DEFAULT_TEMPLATE, paper: { kind: 'A4-landscape' as const, widthMm: 210, heightMm: 297 } };
    expect(certificateTemplateSchema.safeParse(wrongA4).success).toBe(false);
  });
});

describe('certificate paragraph units', () => {
  it('keeps 第1期 and years whole and never starts a line with closing punctuation', async () => {
    const { cjkUnits } = await import('../../electron/io/export/certificatePdf');
    const u = cjkUnits('参加培训（第1期），完成规定课程，准予结业。');
    expect(u).toEqual(['参', '加', '培', '训', '（第1期），', '完', '成', '规', '定', '课', '程，', '准', '予', '结', '业。']);
    expect(cjkUnits('于2025年6月').join('|')).toBe('于2025年6月');
  });
});
