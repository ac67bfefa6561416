/** How the enterprise files show figures, changes and qualifications. */
import { QUALIFICATION_SHORT } from '../../../shared/domain/enterpriseFileTypes';

/** Short names for tags in a narrow table (the full name shows on hover); other titles as written. */
export const shortQualification = (name: string): string => (QUALIFICATION_SHORT as Record<string, string>)[name] ?? name;

export function formatFigure(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/**
 * A year-over-year change (a fraction, 0.125 = +12.5 %) as an arrow and a percentage. Growth is
 * green and decline red, with the arrow saying which, so the colour is never the only sign.
 */
export function formatChange(fraction: number | null | undefined): { text: string; tone: 'up' | 'down' | 'flat' } | null {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return null;
  const pct = Math.round(fraction * 1000) / 10;
  if (pct === 0) return { text: '持平', tone: 'flat' };
  return { text: `${pct > 0 ? '↑' : '↓'}${Math.abs(pct).toFixed(1)}%`, tone: pct > 0 ? 'up' : 'down' };
}

export const TONE_COLOUR = { up: '#389e0d', down: '#cf1322', flat: '#8c8c8c' } as const;

/** Timeline dots and tags by kind of event (names both CSS and antd know); a qualification lost is red, one gained green. */
const TIMELINE_COLOUR: Record<string, string> = {
  报名: 'blue',
  培训: 'cyan',
  结业: 'green',
  证书: 'gold',
  回访: 'purple',
  调研: 'orange',
  年度经营数据: 'magenta',
  资质: 'green',
};
export function timelineColour(entry: { kind: string; text: string }): string {
  if (entry.kind === '资质' && /失去|取消|撤销|摘牌/.test(entry.text)) return 'red';
  return TIMELINE_COLOUR[entry.kind] ?? 'gray';
}
