/**
 * Fill against quota as a colour band: the share of a cell's (or a region's, or a session's) places
 * taken by registrations holding one. The quota table, its legend and the 概览 use these same bands.
 */
export interface Fill {
  places: number;
  filled: number;
}

export const FILL_BANDS = [
  { label: '未报', test: (c: Fill) => c.places > 0 && c.filled === 0, bg: '#fff1f0' },
  { label: '不足一半', test: (c: Fill) => c.places > 0 && c.filled / c.places < 0.5, bg: '#fff7e6' },
  { label: '过半', test: (c: Fill) => c.places > 0 && c.filled < c.places, bg: '#e6f4ff' },
  { label: '已满', test: (c: Fill) => c.places > 0 && c.filled === c.places, bg: '#d9f7be' },
  { label: '超出名额', test: (c: Fill) => c.filled > c.places, bg: '#ffccc7' },
] as const;

/** The first band that applies; null for an empty cell (no places, nothing registered). */
export function fillBand(c: Fill) {
  return FILL_BANDS.find((b) => b.test(c)) ?? null;
}
