import { describe, expect, it } from 'vitest';
import { formatChange, formatFigure, shortQualification } from '../../renderer/screens/Enterprises/enterpriseDisplay';

describe('how the enterprise files show figures', () => {
  it('shows a year-over-year change as an arrow and a percentage to one decimal', () => {
    expect(formatChange(0.125)).toEqual({ text: '↑12.5%', tone: 'up' });
    expect(formatChange(-0.0333)).toEqual({ text: '↓3.3%', tone: 'down' });
    expect(formatChange(2)).toEqual({ text: '↑200.0%', tone: 'up' });
    expect(formatChange(0.0004)).toEqual({ text: '持平', tone: 'flat' });
    expect(formatChange(null)).toBeNull();
    expect(formatChange(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('shows missing figures as a dash and keeps decimals and negatives', () => {
    expect(formatFigure(null)).toBe('—');
    expect(formatFigure(12345.678)).toBe('12,345.68');
    expect(formatFigure(-35.5)).toBe('-35.5');
  });

  it('shortens the tracked qualifications and leaves other titles as written', () => {
    expect(shortQualification('专精特新"小巨人"企业')).toBe('小巨人');
    expect(shortQualification('瞪羚企业')).toBe('瞪羚企业');
  });
});
