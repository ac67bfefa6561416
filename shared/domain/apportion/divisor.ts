/**
 * The divisor (highest averages) methods, in the standard constrained form: every region starts at its
 * minimum (a locked one stays there), and each further place goes, one at a time, to the region with
 * the highest priority weight ÷ d(n), n being the places it has, among those still under their
 * maximum. Comparisons are exact: a/b against c/d as a·d against c·b in BigInt.
 *
 *   D'Hondt / Jefferson   d(n) = n + 1
 *   Webster / Sainte-Laguë d(n) = n + ½        (compared as 2w ÷ (2n + 1))
 *   Adams                 d(n) = n
 *   Huntington-Hill       d(n) = √(n(n + 1))   (compared squared: w² ÷ n(n + 1))
 *
 * Adams and Huntington-Hill give a region without places an infinite priority; between several such
 * regions the larger weight comes first (the limit of the rule as d(0) → 0), and equal weights tie.
 * Priorities given out only fall, so the outcome is open only at the end: a tie is reported when a
 * region that could still take a place has exactly the priority of the last place given.
 */
import { ratioDecimal, sqrtRatioDecimal, pow10 } from './exact';
import { standardQuota, type Prepared, type PreparedRegion } from './prepare';
import type { ApportionTie, Bound, MethodFamily, RegionAllocation } from './types';
import { tieMessage } from './ties';

type DivisorFamily = Exclude<MethodFamily, 'hamilton'>;

/** A priority num/den; den 0 is infinite (then `w` ranks). */
interface Priority {
  num: bigint;
  den: bigint;
  w: bigint;
}

function priority(family: DivisorFamily, w: bigint, n: number): Priority {
  const k = BigInt(n);
  switch (family) {
    case 'dhondt':
      return { num: w, den: k + 1n, w };
    case 'webster':
      return { num: 2n * w, den: 2n * k + 1n, w };
    case 'adams':
      return { num: w, den: k, w };
    case 'huntington-hill':
      return { num: w * w, den: k * (k + 1n), w };
  }
}

/** > 0 when a ranks above b. */
function compare(a: Priority, b: Priority): number {
  if (a.den === 0n || b.den === 0n) {
    if (a.den !== 0n) return -1;
    if (b.den !== 0n) return 1;
    return a.w === b.w ? 0 : a.w > b.w ? 1 : -1;
  }
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l === r ? 0 : l > r ? 1 : -1;
}

/** A priority in weight units for people, 6 decimals. */
function priorityText(family: DivisorFamily, pr: Priority, scale: number): string {
  if (pr.den === 0n) return '∞';
  const unit = pow10(scale);
  if (family === 'huntington-hill') return sqrtRatioDecimal(pr.num, pr.den * unit * unit);
  return ratioDecimal(pr.num, pr.den * unit);
}

/** A binary max-heap of region indices ordered by priority, then by input order. */
class Heap {
  private items: number[] = [];
  constructor(private readonly before: (a: number, b: number) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0];
  }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < a.length && this.before(a[l], a[best])) best = l;
        if (r < a.length && this.before(a[r], a[best])) best = r;
        if (best === i) break;
        [a[i], a[best]] = [a[best], a[i]];
        i = best;
      }
    }
    return top;
  }
}

export function divisor(family: DivisorFamily, p: Prepared): { allocations: RegionAllocation[]; ties: ApportionTie[]; notes: string[] } {
  const regions = p.regions;
  const seats = regions.map((r) => r.min);
  const next = regions.map((r) => priority(family, r.w, r.min));
  const last: (Priority | null)[] = regions.map(() => null);
  const open = (r: PreparedRegion, n: number) => n < r.cap;

  const heap = new Heap((a, b) => {
    const c = compare(next[a], next[b]);
    return c === 0 ? a < b : c > 0;
  });
  for (const r of regions) if (open(r, seats[r.index])) heap.push(r.index);

  let given = regions.reduce((s, r) => s + r.min, 0);
  // The run of places given at the current (lowest so far) priority: the only ones a tie can decide.
  let runPriority: Priority | null = null;
  let runStart = 0;
  let runWinners: number[] = [];
  while (given < p.seats) {
    const i = heap.pop();
    const pr = next[i];
    given++;
    if (!runPriority || compare(pr, runPriority) !== 0) {
      runPriority = pr;
      runStart = given;
      runWinners = [];
    }
    runWinners.push(i);
    last[i] = pr;
    seats[i]++;
    next[i] = priority(family, regions[i].w, seats[i]);
    if (open(regions[i], seats[i])) heap.push(i);
  }

  const ties: ApportionTie[] = [];
  if (runPriority) {
    const losers = regions.filter((r) => open(r, seats[r.index]) && compare(next[r.index], runPriority!) === 0);
    if (losers.length) {
      const winnerSet = new Set(runWinners);
      const tied = regions.filter((r) => winnerSet.has(r.index) || losers.includes(r));
      const names = tied.map((r) => r.name);
      const won = tied.filter((r) => winnerSet.has(r.index)).map((r) => r.name);
      const contested = p.seats - runStart + 1;
      ties.push({
        seat: runStart,
        contested,
        regions: names,
        winners: won,
        message: tieMessage(runStart, contested, names, won, `优先值（${priorityText(family, runPriority, p.scale)}）`),
      });
    }
  }

  const allocations: RegionAllocation[] = regions.map((r) => {
    const i = r.index;
    const canTakeMore = open(r, seats[i]);
    let bound: Bound = 'none';
    if (r.locked) bound = 'lock';
    else if (seats[i] === r.min && r.min > 0 && (r.w === 0n || !runPriority || compare(priority(family, r.w, r.min - 1), runPriority) < 0))
      bound = 'min'; // its minimum gave it a place its weight would not have earned
    else if (seats[i] === r.max && runPriority && compare(next[i], runPriority) >= 0) bound = 'max'; // it would have taken more
    return {
      index: i,
      name: r.name,
      weight: r.weightText,
      seats: seats[i],
      min: r.min,
      max: r.max === Infinity ? null : r.max,
      locked: r.locked,
      ...standardQuota(p, r.w),
      boundedQuota: null,
      remainder: null,
      lastPriority: last[i] ? priorityText(family, last[i]!, p.scale) : null,
      nextPriority: canTakeMore ? priorityText(family, next[i], p.scale) : null,
      bound,
    };
  });
  const notes = allocations.some((a) => a.bound !== 'none')
    ? ['各地区先得到其最小名额（锁定地区固定不变），其余名额逐个分给优先值（权重 ÷ 除数）最高、且未达最大名额的地区。']
    : [];
  return { allocations, ties, notes };
}
