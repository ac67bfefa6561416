import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, type ApportionInput, type ApportionMethod, type RegionInput } from '../../shared/domain/apportion';

const METHODS: ApportionMethod[] = ['hamilton', 'webster', 'dhondt', 'huntington-hill', 'adams'];
const DIVISOR: ApportionMethod[] = ['webster', 'dhondt', 'huntington-hill', 'adams'];
/** APPORTION_RUNS=5000 for a longer search. */
const RUNS = { numRuns: Number(process.env.APPORTION_RUNS ?? 300) };

/** A weight: a whole number, or a decimal with up to three places, as text (the way it is typed). */
const weight = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`),
  fc.constantFrom('0', '1', '1', '7'), // repeats make ties likely
);

/** Regions with optional bounds and locks, named R1…Rn. */
const boundedRegions = fc
  .array(
    fc.record({
      weight,
      min: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      span: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
      locked: fc.integer({ min: 0, max: 5 }).map((x) => x === 0), // about one region in six
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) =>
    rows.map((r, i): RegionInput => ({
      name: `R${i + 1}`,
      weight: r.weight,
      ...(r.min !== undefined ? { min: r.min } : {}),
      ...(r.span !== undefined ? { max: (r.min ?? 0) + r.span } : {}),
      ...(r.locked ? { locked: true } : {}),
    })),
  );

const cap = (r: RegionInput) => (r.locked || Number(r.weight) === 0 ? (r.min ?? 0) : (r.max ?? Infinity));
const minSum = (rs: RegionInput[]) => rs.reduce((s, r) => s + (r.min ?? 0), 0);
const capSum = (rs: RegionInput[]) => rs.reduce((s, r) => s + cap(r), 0);

/** A feasible request: seats between the sum of the minimums and the sum of what the regions can take. */
const feasible = (regions: fc.Arbitrary<RegionInput[]>) =>
  regions.chain((rs) =>
    fc.record({
      method: fc.constantFrom(...METHODS),
      seats: fc.integer({ min: minSum(rs), max: Math.min(capSum(rs), minSum(rs) + 90) }),
      regions: fc.constant(rs),
    }),
  );

const unbounded = fc
  .array(weight, { minLength: 1, maxLength: 12 })
  .map((ws) => ws.map((w, i): RegionInput => ({ name: `R${i + 1}`, weight: w })));
const positive = unbounded.filter((rs) => rs.some((r) => Number(r.weight) > 0));

/** Exact integers for the weights (common power of ten), for reference checks in the tests. */
function scaled(rs: RegionInput[]): bigint[] {
  const places = Math.max(...rs.map((r) => (String(r.weight).split('.')[1] ?? '').length));
  return rs.map((r) => {
    const [i, f = ''] = String(r.weight).split('.');
    return BigInt(i + f.padEnd(places, '0'));
  });
}

// Hundreds of apportionments per property: more than the default 5 s on a busy two-core machine.
describe('apportionment properties', { timeout: 120_000 }, () => {
  it('the seats add up exactly; minimums, maximums and locks hold', () => {
    fc.assert(
      fc.property(feasible(boundedRegions), (input) => {
        const r = apportion(input);
        expect(r.allocations.reduce((s, a) => s + a.seats, 0)).toBe(input.seats);
        r.allocations.forEach((a, i) => {
          const given = input.regions[i];
          expect(a.name).toBe(given.name);
          expect(a.seats).toBeGreaterThanOrEqual(given.min ?? 0);
          expect(a.seats).toBeLessThanOrEqual(given.max ?? Infinity);
          if (given.locked) {
            expect(a.seats).toBe(given.min ?? 0);
            expect(a.bound).toBe('lock');
          }
          if (a.bound === 'min') expect(a.seats).toBe(given.min);
          if (a.bound === 'max') expect(a.seats).toBe(given.max);
        });
      }),
      RUNS,
    );
  });

  it('the same input always gives the same output', () => {
    fc.assert(
      fc.property(feasible(boundedRegions), (input) => {
        expect(apportion(structuredClone(input))).toEqual(apportion(structuredClone(input)));
      }),
      RUNS,
    );
  });

  it('permuting the rows changes nobody’s seats when there is no tie', () => {
    fc.assert(
      fc.property(
        feasible(boundedRegions).chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray(input.regions, { minLength: input.regions.length, maxLength: input.regions.length }),
          ),
        ),
        ([input, shuffled]) => {
          const a = apportion(input);
          fc.pre(a.ties.length === 0);
          const b = apportion({ ...input, regions: shuffled });
          expect(b.ties).toEqual([]);
          const seats = Object.fromEntries(b.allocations.map((x) => [x.name, x.seats]));
          for (const x of a.allocations) expect(seats[x.name]).toBe(x.seats);
        },
      ),
      RUNS,
    );
  });

  it('Hamilton with no bounds stays within the quota: ⌊q⌋ ≤ seats ≤ ⌈q⌉, q = seats × w ÷ W', () => {
    fc.assert(
      fc.property(positive, fc.integer({ min: 0, max: 120 }), (regions, seats) => {
        const r = apportion({ method: 'hamilton', seats, regions });
        const w = scaled(regions);
        const W = w.reduce((s, x) => s + x, 0n);
        r.allocations.forEach((a, i) => {
          const num = BigInt(seats) * w[i];
          const floor = num / W;
          const ceil = floor + (num % W ? 1n : 0n);
          expect(BigInt(a.seats) >= floor && BigInt(a.seats) <= ceil, `${a.name}: ${a.seats} outside [${floor}, ${ceil}]`).toBe(true);
          expect(a.bound).toBe('none');
        });
        // …and the extra places went to the largest remainders.
        const rem = r.allocations.map((a, i) => (BigInt(seats) * w[i]) % W);
        const up = r.allocations.filter((a, i) => BigInt(a.seats) * W > BigInt(seats) * w[i]).map((a) => rem[a.index]);
        const down = r.allocations.filter((a, i) => BigInt(a.seats) * W < BigInt(seats) * w[i]).map((a) => rem[a.index]);
        if (up.length && down.length) expect(up.reduce((m, x) => (x < m ? x : m)) >= down.reduce((m, x) => (x > m ? x : m))).toBe(true);
      }),
      RUNS,
    );
  });

  it('Hamilton with bounds: a region no bound holds stays within its quota (standard, or recomputed when flagged)', () => {
    fc.assert(
      fc.property(feasible(boundedRegions), (input) => {
        const r = apportion({ ...input, method: 'hamilton' });
        const w = scaled(input.regions);
        const W = w.reduce((s, x) => s + x, 0n);
        for (const a of r.allocations) {
          if (a.bound !== 'none') continue;
          if (!r.quotasRescaled) {
            const num = BigInt(input.seats) * w[a.index];
            const floor = W === 0n ? 0n : num / W;
            const ceil = W === 0n ? 0n : floor + (num % W ? 1n : 0n);
            expect(BigInt(a.seats) >= floor && BigInt(a.seats) <= ceil, `${a.name}: ${a.seats} outside [${floor}, ${ceil}]`).toBe(true);
          } else expect(Math.abs(a.seats - Number(a.boundedQuota))).toBeLessThan(1 + 1e-6); // boundedQuota is rounded to 6 places
        }
      }),
      RUNS,
    );
  });

  it('divisor methods with no bounds admit a divisor: every last priority ≥ every next priority (exact check)', () => {
    // The priority of a region holding n places for its next one is w / d(n): d(n) = n + 1, n + ½, n, √(n(n+1)).
    // Compared as fractions in BigInt (Huntington-Hill squared); d(n) = 0 is infinite, and then the larger weight ranks first.
    const den = (method: ApportionMethod, n: number): bigint => {
      const k = BigInt(n);
      return method === 'dhondt' ? 2n * k + 2n : method === 'webster' ? 2n * k + 1n : method === 'adams' ? k : k * (k + 1n);
    };
    const num = (method: ApportionMethod, w: bigint) => (method === 'huntington-hill' ? w * w : 2n * w);
    const atLeast = (method: ApportionMethod, wb: bigint, nb: number, wa: bigint, na: number): boolean => {
      const db = den(method, nb);
      const da = den(method, na);
      if (db === 0n || da === 0n) return db === 0n && (da !== 0n || wb >= wa);
      return num(method, wb) * da >= num(method, wa) * db;
    };
    fc.assert(
      fc.property(positive, fc.integer({ min: 0, max: 120 }), fc.constantFrom(...DIVISOR), (regions, seats, method) => {
        const r = apportion({ method, seats, regions });
        const w = scaled(regions);
        for (const a of r.allocations)
          for (const b of r.allocations) {
            if (w[a.index] === 0n || b.seats === 0) continue;
            const ok = atLeast(method, w[b.index], b.seats - 1, w[a.index], a.seats);
            expect(ok, `${method}: ${b.name}'s last place ranks below ${a.name}'s next`).toBe(true);
          }
      }),
      RUNS,
    );
  });

  it('divisor methods are house-monotone: one more seat never takes a seat away', () => {
    fc.assert(
      fc.property(
        feasible(boundedRegions).filter((i) => i.seats < capSum(i.regions)),
        fc.constantFrom(...DIVISOR),
        (input, method) => {
          const a = apportion({ ...input, method });
          const b = apportion({ ...input, method, seats: input.seats + 1 });
          a.allocations.forEach((x, i) => expect(b.allocations[i].seats).toBeGreaterThanOrEqual(x.seats));
        },
      ),
      RUNS,
    );
  });

  it('scaling every weight by a power of ten changes nothing', () => {
    fc.assert(
      fc.property(feasible(boundedRegions), fc.integer({ min: 1, max: 6 }), (input: ApportionInput, k) => {
        const shift = (w: string) => {
          const [i, f = ''] = w.split('.');
          const digits = (i + f).replace(/^0+(?=\d)/, '');
          return f.length ? `${digits}${'0'.repeat(k)}e-${f.length}` : `${digits}${'0'.repeat(k)}`;
        };
        const scaledInput = { ...input, regions: input.regions.map((r) => ({ ...r, weight: shift(String(r.weight)) })) };
        expect(apportion(scaledInput).allocations.map((a) => a.seats)).toEqual(apportion(input).allocations.map((a) => a.seats));
      }),
      RUNS,
    );
  });
});
