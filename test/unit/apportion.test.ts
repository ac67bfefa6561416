import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ApportionError,
  apportion,
  compareMethods,
  parseWeightsTable,
  type ApportionMethod,
  type ApportionResult,
  type RegionInput,
} from '../../shared/domain/apportion';
import { decimalText, isqrt, parseDecimal, ratioDecimal, sqrtRatioDecimal } from '../../shared/domain/apportion/exact';

const FIXTURES = path.join(__dirname, '../fixtures/apportion');
const table = (file: string) => parseWeightsTable(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).regions;
const seatsFile = (file: string): Record<string, number> =>
  Object.fromEntries(
    fs
      .readFileSync(path.join(FIXTURES, file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([name, seats]) => [name, Number(seats)]),
  );
const byName = (r: ApportionResult) => Object.fromEntries(r.allocations.map((a) => [a.name, a.seats]));
const seatsOf = (r: ApportionResult) => r.allocations.map((a) => a.seats);
const regions = (weights: (number | string)[]): RegionInput[] => weights.map((weight, i) => ({ name: `P${i + 1}`, weight }));
const run = (method: ApportionMethod, seats: number, weights: (number | string)[]) =>
  seatsOf(apportion({ method, seats, regions: regions(weights) }));

function refused(f: () => unknown): ApportionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ApportionError);
    return e as ApportionError;
  }
  throw new Error('expected an ApportionError');
}

describe('2020 US House apportionment (Huntington-Hill, 435 seats, every state at least 1)', () => {
  const states = table('us-2020-apportionment.csv');
  const official = seatsFile('us-2020-seats.csv');

  it('the fixture is the official apportionment population', () => {
    expect(states).toHaveLength(50);
    expect(states.reduce((s, r) => s + Number(r.weight), 0)).toBe(331_108_434);
    expect(Object.values(official).reduce((s, n) => s + n, 0)).toBe(435);
  });

  it('reproduces all 50 states seat for seat, with no tie', () => {
    const r = apportion({ method: 'huntington-hill', seats: 435, regions: states });
    expect(byName(r)).toEqual(official);
    expect(r.ties).toEqual([]);
  });

  it('seat 435 went to Minnesota; New York was next, 89 people short', () => {
    const r = apportion({ method: 'huntington-hill', seats: 435, regions: states });
    const mn = r.allocations.find((a) => a.name === 'Minnesota')!;
    const ny = r.allocations.find((a) => a.name === 'New York')!;
    // Priority values in the Census Bureau's sense: P / √(n(n−1)) for a state's n-th seat.
    expect(mn.lastPriority).toBe('762997.705266'); // 5,709,752 / √56, the 435th seat
    expect(ny.nextPriority).toBe('762994.352843'); // 20,215,751 / √702, would have been the 436th
    expect(byName(apportion({ method: 'huntington-hill', seats: 436, regions: states }))['New York']).toBe(27);
    const withNy = (extra: number) =>
      byName(
        apportion({
          method: 'huntington-hill',
          seats: 435,
          regions: states.map((s) => (s.name === 'New York' ? { ...s, weight: String(20_215_751 + extra) } : s)),
        }),
      );
    expect(withNy(88)).toMatchObject({ 'New York': 26, Minnesota: 8 });
    expect(withNy(89)).toMatchObject({ 'New York': 27, Minnesota: 7 });
  });
});

describe('1880 census: Hamilton (Vinton) with every state at least one seat', () => {
  const states = table('us-1880-states.csv');
  const hamilton = (seats: number) => byName(apportion({ method: 'hamilton', seats, regions: states, defaultMin: 1 }));

  it('the fixture adds up to the 1880 apportionment population', () => {
    expect(states).toHaveLength(38);
    expect(states.reduce((s, r) => s + Number(r.weight), 0)).toBe(49_371_340);
  });

  it('reproduces the Act of 1882 (325 seats) seat for seat', () => {
    expect(hamilton(325)).toEqual(seatsFile('us-1882-seats.csv'));
  });

  it('the Alabama paradox: Alabama 8 seats at 299, 7 at 300; Texas and Illinois gain', () => {
    expect(hamilton(299)).toMatchObject({ Alabama: 8, Texas: 9, Illinois: 18, Nevada: 1 });
    expect(hamilton(300)).toMatchObject({ Alabama: 7, Texas: 10, Illinois: 19, Nevada: 1 });
    const r = apportion({ method: 'hamilton', seats: 299, regions: states, defaultMin: 1 });
    const quota = (n: string) => r.allocations.find((a) => a.name === n)!.quota;
    expect([quota('Alabama'), quota('Texas'), quota('Illinois')]).toEqual(['7.645913', '9.639863', '18.640033']);
  });
});

describe('textbook and published examples', () => {
  // Balinski & Young, "The quota method of apportionment", Amer. Math. Monthly 82(7), 1975, examples 1 and 2
  // (as tested in github.com/martinlackner/apportionment).
  it.each([
    ['hamilton', [51, 44, 2, 2, 1], [9, 7, 5, 4, 1]],
    ['dhondt', [52, 45, 1, 1, 1], [10, 7, 5, 3, 1]],
    ['jefferson', [52, 45, 1, 1, 1], [10, 7, 5, 3, 1]],
    ['webster', [51, 43, 2, 2, 2], [9, 8, 5, 3, 1]],
    ['sainte-lague', [51, 43, 2, 2, 2], [9, 8, 5, 3, 1]],
    ['huntington-hill', [51, 43, 2, 2, 2], [9, 7, 6, 3, 1]],
    ['adams', [51, 43, 2, 2, 2], [9, 7, 5, 3, 2]],
  ] as const)('Balinski & Young 1975, %s', (method, first, second) => {
    expect(run(method, 100, [5117, 4400, 162, 161, 160])).toEqual(first);
    expect(run(method, 26, [9061, 7179, 5259, 3319, 1182])).toEqual(second);
  });

  it("D'Hondt and Sainte-Laguë, Wikipedia's worked example (100,000 / 80,000 / 30,000 / 20,000 votes, 8 seats)", () => {
    expect(run('dhondt', 8, [100_000, 80_000, 30_000, 20_000])).toEqual([4, 3, 1, 0]);
    expect(run('sainte-lague', 8, [100_000, 80_000, 30_000, 20_000])).toEqual([3, 3, 1, 1]);
  });

  it('largest remainder, Hare quota (Wikipedia: 47,000 / 16,000 / 15,800 / 12,000 / 6,100 / 3,100 votes, 10 seats)', () => {
    expect(run('hamilton', 10, [47_000, 16_000, 15_800, 12_000, 6_100, 3_100])).toEqual([5, 2, 1, 1, 1, 0]);
  });

  it('staatsrecht.honikel.de exercise: 6,100 / 5,000 / 900 votes, 10 seats', () => {
    expect(run('sainte-lague', 10, [6100, 5000, 900])).toEqual([5, 4, 1]);
    expect(run('hamilton', 10, [6100, 5000, 900])).toEqual([5, 4, 1]);
    expect(run('dhondt', 10, [6100, 5000, 900])).toEqual([6, 4, 0]);
  });

  it('electowiki, Sainte-Laguë 35-seat example: 503 / 304 / 193 → 17 / 11 / 7', () => {
    expect(run('webster', 35, [503, 304, 193])).toEqual([17, 11, 7]);
  });

  // Knesset elections 19–22 (2013, 2015, April and September 2019): Bader-Ofer is D'Hondt over the lists
  // above the threshold, lists with a surplus agreement counted together. Votes as tested in
  // github.com/martinlackner/apportionment; seats are the Central Elections Committee's results.
  it.each([
    [19, [885163 + 345985, 543458 + 432118, 331868 + 195892, 189167 + 172403, 138450, 113439 + 97030, 78974], [43, 34, 18, 12, 4, 7, 2]],
    [20, [985408 + 283910, 786313 + 165529, 446583, 371602, 315360 + 214906, 241613 + 210143], [38, 29, 13, 11, 16, 13]],
    [21, [1140370 + 159468, 1125881, 258275 + 249049, 193442 + 143666, 190870 + 156473, 173004, 152756], [40, 35, 16, 10, 10, 5, 4]],
    [22, [1151214 + 310154, 1113617 + 260655, 470211, 330199 + 268775, 212782 + 192495], [41, 39, 13, 16, 11]],
  ])("Knesset %i: D'Hondt, 120 seats", (_n, votes, seats) => {
    expect(run('dhondt', 120, votes)).toEqual(seats);
  });
});

describe('exact arithmetic', () => {
  it('decimal weights are exact: 0.1 / 0.2 / 0.3 of 6 seats are exactly 1 / 2 / 3 (no remainder round)', () => {
    for (const method of ['hamilton', 'webster', 'dhondt', 'huntington-hill', 'adams'] as const)
      expect(run(method, 6, ['0.1', '0.2', '0.3']), method).toEqual([1, 2, 3]);
    const r = apportion({ method: 'hamilton', seats: 6, regions: regions(['0.1', '0.2', '0.3']) });
    expect(r.allocations.map((a) => a.quotaExact)).toEqual(['1', '2', '3']);
    expect(r.allocations.map((a) => a.remainder)).toEqual(['0.000000', '0.000000', '0.000000']);
    expect(r.totalWeight).toBe('0.6');
  });

  it('weights as numbers, strings, bigints and with exponents are the same weights', () => {
    const a = apportion({ method: 'webster', seats: 7, regions: regions([1200, '1.2e3', '0.5', 3]) });
    const b = apportion({
      method: 'webster',
      seats: 7,
      regions: [
        { name: 'P1', weight: 1200n },
        { name: 'P2', weight: '1200.000' },
        { name: 'P3', weight: 0.5 },
        { name: 'P4', weight: '3' },
      ],
    });
    expect(seatsOf(a)).toEqual(seatsOf(b));
    expect(a.allocations.map((x) => x.weight)).toEqual(['1200', '1200', '0.5', '3']);
  });

  it('parses decimals exactly and writes them back canonically', () => {
    const text = (s: string) => {
      const d = parseDecimal(s);
      return d && decimalText(d);
    };
    expect(['12', '0012.500', '.5', '5.', '+3', '-0', '1e-7', '1.2E6', '4.40101199001E+17'].map(text)).toEqual([
      '12',
      '12.5',
      '0.5',
      '5',
      '3',
      '0',
      '0.0000001',
      '1200000',
      '440101199001000000',
    ]);
    for (const bad of ['', '.', 'e5', '1e999', '0x10', ' 1', '1,000', 'NaN', 'Infinity', '１']) expect(parseDecimal(bad), bad).toBeNull();
    expect(apportion({ method: 'hamilton', seats: 3, regions: regions(['12.5', '10.25']) }).totalWeight).toBe('22.75');
    expect(apportion({ method: 'hamilton', seats: 3, regions: regions(['0.5', '0.50']) }).totalWeight).toBe('1');
  });

  it('rounds and takes square roots with integers only', () => {
    expect(ratioDecimal(2n, 3n)).toBe('0.666667');
    expect(ratioDecimal(1n, 8n, 2)).toBe('0.13'); // half up
    expect(isqrt(10n ** 40n)).toBe(10n ** 20n);
    expect(isqrt(10n ** 40n - 1n)).toBe(10n ** 20n - 1n);
    expect(sqrtRatioDecimal(2n, 1n)).toBe('1.414214');
    expect(sqrtRatioDecimal(25n, 4n, 2)).toBe('2.50');
  });

  it('priorities that differ far beyond double precision are told apart', () => {
    // 10^20 + 1 against 10^20: as doubles they are equal, so a float comparison would call it a tie.
    const r = apportion({ method: 'dhondt', seats: 1, regions: regions(['100000000000000000000', '100000000000000000001']) });
    expect(seatsOf(r)).toEqual([0, 1]);
    expect(r.ties).toEqual([]);
  });

  it('Huntington-Hill compares squares, not square roots', () => {
    // 3 seats for 2 and 1 unit: after 1 + 1, priorities 2/√2 = √2 and 1/√2; the third goes to the first.
    expect(run('huntington-hill', 3, [2, 1])).toEqual([2, 1]);
    // w/√(n(n+1)): 6/√2 ≈ 4.243 vs 5/√2 ≈ 3.536 vs 3/√2 ... with exact squares: 36/2 > 25/2.
    const r = apportion({ method: 'huntington-hill', seats: 4, regions: regions([6, 5, 3]) });
    expect(seatsOf(r)).toEqual([2, 1, 1]);
    expect(r.allocations[0].lastPriority).toBe('4.242641'); // 6/√2
  });
});

describe('ties are reported, never broken silently', () => {
  it('divisor method: three regions of weight 2 for 2 seats; the earlier rows win, and the tie names all three', () => {
    const r = apportion({ method: 'dhondt', seats: 2, regions: [2, 1, 1, 2, 2].map((weight, i) => ({ name: 'ABCDE'[i], weight })) });
    expect(seatsOf(r)).toEqual([1, 0, 0, 1, 0]);
    expect(r.ties).toEqual([
      { seat: 1, contested: 2, regions: ['A', 'D', 'E'], winners: ['A', 'D'], message: expect.stringContaining('「A」、「D」、「E」') },
    ]);
    expect(r.ties[0].message).toContain('第 1–2 个名额');
    expect(r.ties[0].message).toContain('靠前');
    expect(r.tieRule).toContain('靠前');
  });

  it('a tie that decides nothing is not reported (both tied regions get a place)', () => {
    expect(apportion({ method: 'webster', seats: 2, regions: regions([5, 5, 1]) }).ties).toEqual([]);
    expect(apportion({ method: 'hamilton', seats: 4, regions: regions([1, 1]) }).ties).toEqual([]);
  });

  it('Hamilton: equal remainders at the cut', () => {
    const r = apportion({ method: 'hamilton', seats: 2, regions: regions([1, 1, 1]) });
    expect(seatsOf(r)).toEqual([1, 1, 0]);
    expect(r.ties).toMatchObject([{ seat: 1, contested: 2, regions: ['P1', 'P2', 'P3'], winners: ['P1', 'P2'] }]);
    expect(r.ties[0].message).toContain('余数');
  });

  it('the seat number counts the places given before: minimums first, then the rounds', () => {
    // Places 1–3 are the minimums; P1 and P2 then have 4/2 each: seat 4 to P1, seat 5 to P2, nothing left open.
    const r = apportion({ method: 'dhondt', seats: 5, defaultMin: 1, regions: regions([4, 4, 1]) });
    expect(seatsOf(r)).toEqual([2, 2, 1]);
    expect(r.ties).toEqual([]);
    const t = apportion({ method: 'dhondt', seats: 4, defaultMin: 1, regions: regions([4, 4, 1]) });
    expect(t.ties).toMatchObject([{ seat: 4, contested: 1, regions: ['P1', 'P2'], winners: ['P1'] }]);
  });

  it('Adams and Huntington-Hill: several regions without a place rank by weight; equal weights tie', () => {
    expect(run('adams', 2, [1, 3, 2])).toEqual([0, 1, 1]);
    const r = apportion({ method: 'huntington-hill', seats: 1, regions: regions([3, 3, 1]) });
    expect(seatsOf(r)).toEqual([1, 0, 0]);
    expect(r.ties).toMatchObject([{ seat: 1, contested: 1, regions: ['P1', 'P2'], winners: ['P1'] }]);
    expect(r.ties[0].message).toContain('∞');
  });
});

describe('minimum, maximum and lock', () => {
  it.each(['hamilton', 'webster', 'dhondt', 'huntington-hill', 'adams'] as const)('%s honours them and says which bound', (method) => {
    const r = apportion({
      method,
      seats: 20,
      regions: [
        { name: 'big', weight: 50, max: 8 },
        { name: 'mid', weight: 30 },
        { name: 'locked', weight: 15, min: 2, locked: true },
        { name: 'small', weight: 5, min: 4 },
      ],
    });
    expect(byName(r)).toMatchObject({ big: 8, locked: 2, small: 4 });
    expect(seatsOf(r).reduce((a, b) => a + b, 0)).toBe(20);
    expect(r.allocations.map((a) => a.bound)).toEqual(['max', 'none', 'lock', 'min']);
    expect(r.notes.length).toBeGreaterThan(0);
  });

  it('Hamilton keeps the standard quotas when the remainder round can absorb the bounds', () => {
    // 20 seats: quotas 10 / 6 / 3 / 1. "small", held at 2, needs a place the remainder round does not have
    // (all quotas are whole), so the others' quotas are recomputed over 18 places: 9.47…, 5.68…, 2.84….
    const r = apportion({ method: 'hamilton', seats: 20, regions: [...regions([50, 30, 15]), { name: 'small', weight: 5, min: 2 }] });
    expect(seatsOf(r)).toEqual([9, 6, 3, 2]);
    expect(r.allocations[0].boundedQuota).toBe('9.473684');
    expect(r.notes[0]).toContain('重新计算');
    expect(r.quotasRescaled).toBe(true);
    // 21 seats: quotas 10.5 / 6.3 / 3.15 / 1.05; the minimum 2 costs one place of the remainder round.
    const s = apportion({ method: 'hamilton', seats: 21, regions: [...regions([50, 30, 15]), { name: 'small', weight: 5, min: 2 }] });
    expect(seatsOf(s)).toEqual([10, 6, 3, 2]);
    expect(s.allocations[0].boundedQuota).toBe('10.500000');
    expect(s.notes[0]).toContain('标准份额');
    expect(s.quotasRescaled).toBe(false);
  });

  it('a locked region without its own minimum is locked at the default minimum, or 0', () => {
    expect(
      byName(
        apportion({
          method: 'webster',
          seats: 10,
          defaultMin: 3,
          regions: [
            { name: 'A', weight: 1, locked: true },
            { name: 'B', weight: 1 },
          ],
        }),
      ),
    ).toEqual({ A: 3, B: 7 });
    expect(
      byName(
        apportion({
          method: 'webster',
          seats: 10,
          regions: [
            { name: 'A', weight: 9, locked: true },
            { name: 'B', weight: 1 },
          ],
        }),
      ),
    ).toEqual({ A: 0, B: 10 });
  });

  it('a region of weight 0 gets its minimum and nothing more', () => {
    for (const method of ['hamilton', 'webster', 'dhondt', 'huntington-hill', 'adams'] as const)
      expect(
        byName(
          apportion({
            method,
            seats: 5,
            regions: [
              { name: 'A', weight: 0, min: 1 },
              { name: 'B', weight: 2 },
            ],
          }),
        ),
        method,
      ).toEqual({ A: 1, B: 4 });
  });

  it('every result explains each region', () => {
    const [h, d] = compareMethods({ seats: 10, regions: regions([6, 3, 1]) }, ['hamilton', 'dhondt']);
    expect(h.allocations[0]).toMatchObject({
      quota: '6.000000',
      quotaExact: '6',
      boundedQuota: '6.000000',
      remainder: '0.000000',
      lastPriority: null,
      bound: 'none',
    });
    expect(d.allocations[1]).toMatchObject({
      quota: '3.000000',
      seats: 3,
      lastPriority: '1.000000',
      nextPriority: '0.750000',
      remainder: null,
      bound: 'none',
    });
    expect(d.method).toBe('dhondt');
    expect(d.methodLabel).toContain('汉狄');
  });
});

describe('impossible requests: a typed error with a Chinese message naming the numbers', () => {
  it.each([
    [
      {
        seats: 5,
        regions: [
          { name: 'A', weight: 1, min: 3 },
          { name: 'B', weight: 1, min: 3 },
        ],
      },
      'MIN_SUM_ABOVE_SEATS',
      ['6', '5'],
    ],
    [
      {
        seats: 10,
        regions: [
          { name: 'A', weight: 1, max: 3 },
          { name: 'B', weight: 1, max: 4 },
        ],
      },
      'MAX_SUM_BELOW_SEATS',
      ['7', '10'],
    ],
    [{ seats: 10, defaultMax: 2, regions: regions([1, 1, 1]) }, 'MAX_SUM_BELOW_SEATS', ['6', '10']],
    [
      {
        seats: 10,
        regions: [
          { name: 'A', weight: 1, locked: true, min: 2 },
          { name: 'B', weight: 1, max: 3 },
        ],
      },
      'MAX_SUM_BELOW_SEATS',
      ['5', '10', '锁定'],
    ],
    [{ seats: 4, regions: [{ name: '浙江', weight: 1, min: 3, max: 2 }] }, 'MIN_ABOVE_MAX', ['浙江', '3', '2']],
    [{ seats: 4, regions: [{ name: '浙江', weight: -5 }] }, 'WEIGHT_NEGATIVE', ['浙江', '-5']],
    [{ seats: 4, regions: [{ name: '浙江', weight: 'abc' }] }, 'WEIGHT_INVALID', ['浙江', 'abc']],
    [
      {
        seats: 4,
        regions: [
          { name: 'A', weight: 0 },
          { name: 'B', weight: 0, min: 1 },
        ],
      },
      'ZERO_TOTAL_WEIGHT',
      ['0', '1', '4'],
    ],
    [
      {
        seats: 3,
        regions: [
          { name: 'A', weight: 0 },
          { name: 'B', weight: 1, max: 1 },
        ],
      },
      'MAX_SUM_BELOW_SEATS',
      ['1', '3', '权重为 0'],
    ],
    [{ seats: -1, regions: regions([1]) }, 'SEATS_INVALID', ['-1']],
    [{ seats: 2.5, regions: regions([1]) }, 'SEATS_INVALID', ['2.5']],
    [{ seats: 3, regions: [] }, 'NO_REGIONS', ['3']],
    [
      {
        seats: 3,
        regions: [
          { name: 'A', weight: 1 },
          { name: 'A', weight: 2 },
        ],
      },
      'NAME_DUPLICATE',
      ['A'],
    ],
    [{ seats: 3, regions: [{ name: ' ', weight: 1 }] }, 'NAME_MISSING', ['1']],
    [{ seats: 3, regions: [{ name: 'A', weight: 1, min: 1.5 }] }, 'BOUND_INVALID', ['A', '1.5']],
  ] as const)('%#: %s', (input, reason, numbers) => {
    for (const method of ['hamilton', 'adams'] as const) {
      const e = refused(() => apportion({ method, ...(input as { seats: number; regions: RegionInput[] }) }));
      expect(e.reason).toBe(reason);
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      for (const n of numbers) expect(e.message).toContain(n);
    }
  });

  it('an unknown method', () => {
    const e = refused(() => apportion({ method: 'borda' as ApportionMethod, seats: 1, regions: regions([1]) }));
    expect(e.reason).toBe('METHOD_UNKNOWN');
    expect(e.message).toContain('borda');
  });

  it('no seats and no regions is a valid, empty apportionment', () => {
    expect(apportion({ method: 'hamilton', seats: 0, regions: [] }).allocations).toEqual([]);
  });
});

describe('parseWeightsTable', () => {
  it('reads name,weight[,min,max,locked] with a BOM, CRLF, quotes, blank lines and thousands separators', () => {
    const t = parseWeightsTable(
      '\uFEFFname,weight,min,max,locked\r\n"Dalian, 大连","1,234,567",1,,是\r\n\r\n青岛,0.5,,9,false\r\n兵团,３,,,\r\n',
    );
    expect(t.regions).toEqual([
      { name: 'Dalian, 大连', weight: '1234567', min: 1, locked: true },
      { name: '青岛', weight: '0.5', max: 9 },
      { name: '兵团', weight: '3' },
    ]);
    expect(t.lines).toEqual([2, 4, 5]);
  });

  it('takes Chinese headers and tab-separated text pasted from a spreadsheet', () => {
    expect(parseWeightsTable('地区\t权重\t最小名额\t锁定\n浙江\t120\t2\t1\n').regions).toEqual([
      { name: '浙江', weight: '120', min: 2, locked: true },
    ]);
  });

  it.each([
    ['', '空'],
    ['name\n浙江\n', 'weight'],
    ['name,weight,colour\nA,1,red\n', 'colour'],
    ['name,weight,weight\nA,1,1\n', '重复'],
    ['name,weight\nA,1,2\n', '第 2 行'],
    ['name,weight\nA,\n', '缺少权重'],
    ['name,weight\nA,abc\n', 'abc'],
    ['name,weight\nA,-3\n', '负数'],
    ['name,weight,min\nA,1,x\n', 'min'],
    ['name,weight,locked\nA,1,maybe\n', 'locked'],
    ['name,weight\n,1\n', '名称'],
    ['name,weight\n"A,1\n', '引号'],
    ['name,weight\n', '没有地区'],
    ['name,weight\nA,1\uFFFD\n', 'UTF-8'],
  ])('refuses %j', (text, words) => {
    const e = refused(() => parseWeightsTable(text));
    expect(e.reason).toBe('CSV_INVALID');
    expect(e.message).toContain(words);
    expect(e.message).not.toContain('\n');
  });
});
