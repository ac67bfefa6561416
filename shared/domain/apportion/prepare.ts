/**
 * Checks an apportionment request and puts it in exact form: weights as integers over one common
 * power of ten, bounds resolved from the defaults, impossible requests refused with the numbers.
 */
import { ApportionError } from './errors';
import { decimalText, parseDecimal, pow10, ratioDecimal, ratioText, type ScaledDecimal } from './exact';
import type { ApportionInput, RegionInput } from './types';

/** Places beyond this are refused: the priority rounds give them one at a time. */
export const MAX_SEATS = 1_000_000;

export interface PreparedRegion {
  index: number;
  name: string;
  /** Canonical decimal text of the weight. */
  weightText: string;
  /** weight × 10^scale, exact. */
  w: bigint;
  min: number;
  /** Infinity: no maximum. */
  max: number;
  locked: boolean;
  /** The most it can get here: its min when locked or weightless, else its max. */
  cap: number;
}

export interface Prepared {
  seats: number;
  regions: PreparedRegion[];
  /** Σ w (scaled). */
  total: bigint;
  /** The common power of ten the weights were scaled by. */
  scale: number;
}

function boundOf(value: number | undefined, fallback: number | undefined, what: string, name: string): number | undefined {
  const v = value ?? fallback;
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 0)
    throw new ApportionError('BOUND_INVALID', `地区「${name}」的${what}应为非负整数，收到 ${String(v)}。`, { region: name, value: v });
  return v;
}

function weightOf(r: RegionInput, name: string): ScaledDecimal {
  const raw = r.weight;
  let d: ScaledDecimal | null = null;
  if (typeof raw === 'bigint') d = { int: raw, scale: 0 };
  else if (typeof raw === 'number') d = Number.isFinite(raw) ? parseDecimal(String(raw)) : null;
  else if (typeof raw === 'string') d = parseDecimal(raw.trim());
  if (!d)
    throw new ApportionError('WEIGHT_INVALID', `地区「${name}」的权重「${String(raw)}」不是数字。`, { region: name, weight: String(raw) });
  if (d.int < 0n)
    throw new ApportionError('WEIGHT_NEGATIVE', `地区「${name}」的权重为负数（${decimalText(d)}），权重不能小于 0。`, {
      region: name,
      weight: decimalText(d),
    });
  return d;
}

export function prepare(input: ApportionInput): Prepared {
  const { seats } = input;
  if (!Number.isSafeInteger(seats) || seats < 0)
    throw new ApportionError('SEATS_INVALID', `总名额应为非负整数，收到 ${String(seats)}。`, { seats });
  if (seats > MAX_SEATS) throw new ApportionError('SEATS_INVALID', `总名额 ${seats} 超过上限 ${MAX_SEATS}。`, { seats, limit: MAX_SEATS });
  for (const [what, v] of [
    ['默认最小名额', input.defaultMin],
    ['默认最大名额', input.defaultMax],
  ] as const)
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0))
      throw new ApportionError('BOUND_INVALID', `${what}应为非负整数，收到 ${String(v)}。`, { value: v });
  if (!input.regions.length) {
    if (seats === 0) return { seats, regions: [], total: 0n, scale: 0 };
    throw new ApportionError('NO_REGIONS', `没有任何地区，${seats} 个名额无处可分。`, { seats });
  }

  const seen = new Set<string>();
  const parsed = input.regions.map((r, index) => {
    const name = typeof r.name === 'string' ? r.name.trim() : '';
    if (!name) throw new ApportionError('NAME_MISSING', `第 ${index + 1} 个地区没有名称。`, { index });
    if (seen.has(name)) throw new ApportionError('NAME_DUPLICATE', `地区「${name}」出现了不止一次。`, { region: name });
    seen.add(name);
    const weight = weightOf(r, name);
    const locked = r.locked === true;
    const min = boundOf(r.min, input.defaultMin, '最小名额', name) ?? 0;
    const max = boundOf(r.max, input.defaultMax, '最大名额', name) ?? Infinity;
    if (min > max)
      throw new ApportionError('MIN_ABOVE_MAX', `地区「${name}」的最小名额 ${min} 大于最大名额 ${max}。`, { region: name, min, max });
    return { index, name, weight, min, max, locked };
  });

  const scale = Math.max(...parsed.map((p) => p.weight.scale));
  const regions: PreparedRegion[] = parsed.map((p) => {
    const w = p.weight.int * pow10(scale - p.weight.scale);
    return {
      index: p.index,
      name: p.name,
      weightText: decimalText(p.weight),
      w,
      min: p.min,
      max: p.max,
      locked: p.locked,
      cap: p.locked || w === 0n ? p.min : p.max,
    };
  });
  const total = regions.reduce((s, r) => s + r.w, 0n);

  const minSum = regions.reduce((s, r) => s + r.min, 0);
  if (minSum > seats)
    throw new ApportionError(
      'MIN_SUM_ABOVE_SEATS',
      `各地区最小名额（含锁定地区）之和为 ${minSum}，超过总名额 ${seats}，多出 ${minSum - seats} 个，无法分配。`,
      { seats, minSum },
    );
  const capSum = regions.reduce((s, r) => s + r.cap, 0);
  if (capSum < seats) {
    if (total === 0n)
      throw new ApportionError(
        'ZERO_TOTAL_WEIGHT',
        `所有地区的权重之和为 0：除最小名额之和 ${minSum} 外，其余 ${seats - minSum} 个名额（共 ${seats} 个）无法按权重分配。`,
        { seats, minSum },
      );
    const weightless = regions.filter((r) => r.w === 0n && !r.locked && r.max > r.min).length;
    const lockedCount = regions.filter((r) => r.locked).length;
    const notes = [
      lockedCount ? `锁定地区按其最小名额计` : '',
      weightless ? `权重为 0 的 ${weightless} 个地区只能得到其最小名额` : '',
    ].filter(Boolean);
    throw new ApportionError(
      'MAX_SUM_BELOW_SEATS',
      `各地区最大名额之和为 ${capSum}${notes.length ? `（${notes.join('，')}）` : ''}，小于总名额 ${seats}，还差 ${seats - capSum} 个，无法分配。`,
      { seats, maxSum: capSum },
    );
  }
  return { seats, regions, total, scale };
}

/** The standard quota seats × w ÷ W, rounded and exact. */
export function standardQuota(p: Prepared, w: bigint): { quota: string; quotaExact: string } {
  if (p.total === 0n) return { quota: ratioDecimal(0n, 1n), quotaExact: '0' };
  const num = BigInt(p.seats) * w;
  return { quota: ratioDecimal(num, p.total), quotaExact: ratioText(num, p.total) };
}
