/**
 * Hamilton / largest remainder (Hare quota; Vinton's method in the US House 1850–1900), with bounds.
 *
 * 1. Standard quotas q = seats × w ÷ W. A locked region takes its minimum; a region whose quota lies
 *    below its minimum or above its maximum takes that bound. Every other region takes ⌊q⌋, and the
 *    places left go to them in the order of their remainders, so each stays within the floor and
 *    ceiling of its own standard quota. This is how the US House was apportioned under Vinton's law
 *    (a state below one quota got its constitutional seat and the rest went by the fractions); it
 *    reproduces the 1882 apportionment and the Alabama paradox.
 * 2. When the bound regions take or leave more places than the remainder round can settle (fewer
 *    places left than the unbound floors, or more than one each for those with a remainder), the
 *    unbound regions' quotas are recomputed over the places left: each region's quota becomes
 *    clamp(λ·w, min, max) with the one λ that makes them add up to the seats, found exactly by fixing
 *    regions at a bound step by step (if the clamped quotas at the current λ add up to too much, the
 *    regions under their minimum are certainly held there, since λ can only fall; if too little,
 *    those over their maximum are). The unbound regions then take ⌊λw⌋ and the largest remainders.
 *    An unbound quota lies between its min and max, so its floor and ceiling do too.
 */
import { ratioDecimal } from './exact';
import { standardQuota, type Prepared, type PreparedRegion } from './prepare';
import type { ApportionTie, Bound, RegionAllocation } from './types';
import { tieMessage } from './ties';

interface Fixed {
  seats: number;
  bound: Bound;
}

interface Split {
  fixed: Map<number, Fixed>;
  unbound: PreparedRegion[];
  /** Unbound quota of region r = num(r) ÷ den. */
  num: (r: PreparedRegion) => bigint;
  den: bigint;
}

interface Round {
  seats: Map<number, number>;
  remainders: Map<number, bigint>;
  ties: ApportionTie[];
}

/** Floors and largest remainders for the unbound regions; null when the places left cannot fit. */
function remainderRound(p: Prepared, s: Split): Round | null {
  const left = p.seats - [...s.fixed.values()].reduce((t, f) => t + f.seats, 0);
  const seats = new Map<number, number>();
  const remainders = new Map<number, bigint>();
  let floors = 0;
  for (const r of s.unbound) {
    const num = s.num(r);
    const floor = Number(num / s.den);
    seats.set(r.index, floor);
    remainders.set(r.index, num % s.den);
    floors += floor;
  }
  const extra = left - floors;
  const ranked = s.unbound.filter((r) => remainders.get(r.index)! > 0n);
  if (extra < 0 || extra > ranked.length) return null;
  ranked.sort((a, b) => {
    const ra = remainders.get(a.index)!;
    const rb = remainders.get(b.index)!;
    return ra === rb ? a.index - b.index : ra > rb ? -1 : 1;
  });
  for (const r of ranked.slice(0, extra)) seats.set(r.index, seats.get(r.index)! + 1);

  const ties: ApportionTie[] = [];
  if (extra > 0 && extra < ranked.length) {
    const cut = remainders.get(ranked[extra - 1].index)!;
    if (remainders.get(ranked[extra].index) === cut) {
      const tied = ranked.filter((r) => remainders.get(r.index) === cut).sort((a, b) => a.index - b.index);
      const won = tied.filter((r) => ranked.indexOf(r) < extra);
      const above = ranked.filter((r) => remainders.get(r.index)! > cut).length;
      const seat = p.seats - extra + above + 1;
      const regions = tied.map((r) => r.name);
      const winners = won.map((r) => r.name);
      ties.push({
        seat,
        contested: won.length,
        regions,
        winners,
        message: tieMessage(seat, won.length, regions, winners, `余数（${ratioDecimal(cut, s.den)}）`),
      });
    }
  }
  return { seats, remainders, ties };
}

function lockedOnly(p: Prepared): Map<number, Fixed> {
  const fixed = new Map<number, Fixed>();
  for (const r of p.regions) if (r.locked) fixed.set(r.index, { seats: r.min, bound: 'lock' });
  return fixed;
}

/** Step 1: standard quotas, bound regions at their bound. */
function standardSplit(p: Prepared): Split {
  const fixed = lockedOnly(p);
  const H = BigInt(p.seats);
  const W = p.total;
  const unbound: PreparedRegion[] = [];
  for (const r of p.regions) {
    if (r.locked) continue;
    // q = H·w/W against the bounds, all multiplied by W.
    if (W === 0n || H * r.w < BigInt(r.min) * W) fixed.set(r.index, { seats: r.min, bound: r.min > 0 ? 'min' : 'none' });
    else if (r.max !== Infinity && H * r.w > BigInt(r.max) * W) fixed.set(r.index, { seats: r.max, bound: 'max' });
    else unbound.push(r);
  }
  return { fixed, unbound, num: (r) => H * r.w, den: W === 0n ? 1n : W };
}

/** Step 2: quotas clamp(λ·w, min, max) adding up to the seats. */
function rescaledSplit(p: Prepared): Split {
  const fixed = lockedOnly(p);
  let unbound = p.regions.filter((r) => !r.locked);
  let left = BigInt(p.seats - [...fixed.values()].reduce((s, f) => s + f.seats, 0));
  let weight = unbound.reduce((s, r) => s + r.w, 0n);
  for (;;) {
    if (weight === 0n) {
      // Only weightless regions remain: they get their minimum (prepare() made sure that adds up).
      for (const r of unbound) fixed.set(r.index, { seats: r.min, bound: r.min > 0 ? 'min' : 'none' });
      unbound = [];
      weight = 1n;
      left = 0n;
      break;
    }
    // Quotas are left·w/weight; compare everything multiplied by `weight`.
    const low = unbound.filter((r) => left * r.w < BigInt(r.min) * weight);
    const high = unbound.filter((r) => r.max !== Infinity && left * r.w > BigInt(r.max) * weight);
    if (!low.length && !high.length) break;
    const sumLow = low.reduce((s, r) => s + (BigInt(r.min) * weight - left * r.w), 0n);
    const sumHigh = high.reduce((s, r) => s + (left * r.w - BigInt(r.max) * weight), 0n);
    const now = [
      ...(sumLow >= sumHigh ? low.map((r) => [r, r.min, 'min'] as const) : []),
      ...(sumHigh >= sumLow ? high.map((r) => [r, r.max, 'max'] as const) : []),
    ];
    for (const [r, seats, bound] of now) {
      fixed.set(r.index, { seats, bound });
      left -= BigInt(seats);
      weight -= r.w;
    }
    const gone = new Set(now.map(([r]) => r.index));
    unbound = unbound.filter((r) => !gone.has(r.index));
  }
  const share = left;
  return { fixed, unbound, num: (r) => share * r.w, den: weight };
}

export function hamilton(p: Prepared): { allocations: RegionAllocation[]; ties: ApportionTie[]; notes: string[]; quotasRescaled: boolean } {
  let split = standardSplit(p);
  let round = remainderRound(p, split);
  const notes: string[] = [];
  const bound = [...split.fixed.values()].some((f) => f.bound !== 'none');
  const quotasRescaled = !round;
  if (!round) {
    split = rescaledSplit(p);
    round = remainderRound(p, split);
    if (!round) throw new Error('hamilton: the rescaled quotas do not add up'); // cannot happen: Σ quotas = places left
    notes.push(
      '受约束地区多占或让出的名额超出了余数轮能调整的范围，其余地区的份额已按剩余名额重新计算（各地区份额 = 系数 × 权重，并限制在最小、最大名额之间）。',
    );
  } else if (bound)
    notes.push('受约束地区取其约束值；其余地区先取标准份额的整数部分，剩余名额按余数从大到小分配，各自不超出标准份额的上下取整。');

  const allocations: RegionAllocation[] = p.regions.map((r) => {
    const base = {
      index: r.index,
      name: r.name,
      weight: r.weightText,
      min: r.min,
      max: r.max === Infinity ? null : r.max,
      locked: r.locked,
      ...standardQuota(p, r.w),
      lastPriority: null,
      nextPriority: null,
    };
    const f = split.fixed.get(r.index);
    if (f) return { ...base, seats: f.seats, boundedQuota: ratioDecimal(BigInt(f.seats), 1n), remainder: null, bound: f.bound };
    return {
      ...base,
      seats: round.seats.get(r.index)!,
      boundedQuota: ratioDecimal(split.num(r), split.den),
      remainder: ratioDecimal(round.remainders.get(r.index)!, split.den),
      bound: 'none' as const,
    };
  });
  return { allocations, ties: round.ties, notes, quotasRescaled };
}
