import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { idCheckChar, validateIdNumber } from '../../shared/domain/idNumber';
import { makeIdNumber } from '../fixtures/identity';

const TODAY = new Date(2025, 5, 1); // a fixed "today" so the future-date check does not drift

const codes = (raw: unknown, opts: Parameters<typeof validateIdNumber>[1] = {}) =>
  validateIdNumber(raw, { today: TODAY, ...opts }).issues.map((i) => i.code);

const hasError = (raw: unknown) => validateIdNumber(raw, { today: TODAY }).issues.some((i) => i.severity === 'error');

describe('idCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'], // the standard's own example
    ['44010119900101123', '3'],
    ['11010519800501001', idCheckChar('11010519800501001')],
  ])('%s → %s', (first17, expected) => {
    expect(idCheckChar(first17)).toBe(expected);
  });
  it('refuses anything but 17 digits', () => {
    expect(() => idCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idCheckChar('1101051949123100X')).toThrow(RangeError);
  });
});

describe('validateIdNumber: good numbers', () => {
  it('accepts a valid number and derives birth date and gender', () => {
    expect(validateIdNumber('11010519491231002X', { today: TODAY })).toEqual({
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: '女',
      issues: [],
    });
  });
  it.each([
    ['11010519491231002x'], // lower-case x
    [' 110105 19491231 002X '],
    ['１１０１０５１９４９１２３１００２Ｘ'], // full-width
    ["'11010519491231002X"], // Excel text apostrophe
  ])('normalises %j', (raw) => {
    const r = validateIdNumber(raw, { today: TODAY });
    expect(r.value).toBe('11010519491231002X');
    expect(r.issues).toEqual([]);
  });
  it('derives 男 from an odd 17th digit', () => {
    const id = makeIdNumber({ birth: '19800501', gender: '男' });
    const r = validateIdNumber(id, { today: TODAY, gender: '男' });
    expect(r).toMatchObject({ birthDate: '1980-05-01', gender: '男', issues: [] });
  });
  it('accepts a number whose Excel-looking tail 000 is genuine (the check passes)', () => {
    // Sequences X00 with check character 0 exist; they must not be taken for a number cell.
    const genuine: string[] = [];
    for (let x = 0; x <= 9; x++) {
      const first17 = `11010519800501${x}00`;
      if (idCheckChar(first17) === '0') genuine.push(first17 + '0');
    }
    expect(genuine.length).toBeGreaterThan(0);
    for (const id of genuine) expect(codes(id)).toEqual([]);
  });
  it('reads a Roman numeral Ⅹ (U+2169) as the letter X, as NFKC does', () => {
    expect(codes('11010519491231002\u2169')).toEqual([]);
  });
  it('accepts someone born today', () => {
    expect(codes(makeIdNumber({ birth: '20250601' }))).toEqual([]);
  });
});

describe('validateIdNumber: bad numbers', () => {
  it.each([
    ['', 'ID_REQUIRED'],
    [null, 'ID_REQUIRED'],
    [undefined, 'ID_REQUIRED'],
    ['   ', 'ID_REQUIRED'],
    ['110105491231002', 'ID_FORMAT'], // first-generation 15-digit number
    ['1101051949123100', 'ID_FORMAT'], // too short
    ['11010519491231002X1', 'ID_FORMAT'], // too long
    ['1101051949123100XX', 'ID_FORMAT'], // X not at the end
    ['11010519491231002Y', 'ID_FORMAT'],
    ['110105194912310O2X', 'ID_FORMAT'], // letter O for zero
    ['110105194912310021', 'ID_CHECKSUM'],
    ['110105194912130024', 'ID_CHECKSUM'], // transposed digits
  ])('%j → %s', (raw, expected) => {
    expect(codes(raw)).toEqual([expected]);
  });

  it('explains that a first-generation number must be replaced by the 18-digit one', () => {
    expect(validateIdNumber('110105491231002').issues[0].message).toContain('18 位');
  });

  it.each([
    ['19800230', 'impossible date'],
    ['19801301', 'month 13'],
    ['18991231', 'before 1900'],
    ['20250602', 'after today'],
    ['20990101', 'in the future'],
  ])('refuses birth date %s (%s) with ID_BIRTHDATE and no derived birthDate', (birth) => {
    const r = validateIdNumber(makeIdNumber({ birth }), { today: TODAY });
    expect(r.issues.map((i) => i.code)).toEqual(['ID_BIRTHDATE']);
    expect(r.birthDate).toBeUndefined();
    expect(r.gender).toBeDefined();
  });

  it('reports a birth-date typo together with the failed check', () => {
    const id = makeIdNumber({ birth: '19800501' });
    const typo = id.slice(0, 10) + '15' + id.slice(12); // month 15
    expect(codes(typo)).toEqual(['ID_BIRTHDATE', 'ID_CHECKSUM']);
  });

  it('reports a gender that contradicts the 17th digit', () => {
    const man = makeIdNumber({ gender: '男' });
    const woman = makeIdNumber({ gender: '女' });
    expect(codes(man, { gender: '女' })).toEqual(['ID_GENDER_MISMATCH']);
    expect(codes(woman, { gender: '男' })).toEqual(['ID_GENDER_MISMATCH']);
    expect(codes(man, { gender: '男' })).toEqual([]);
    expect(codes(woman, { gender: '女' })).toEqual([]);
    const r = validateIdNumber(man, { gender: '女', today: TODAY });
    expect(r.issues[0].severity).toBe('error');
    expect(r.gender).toBe('男');
  });

  it('tells the user to check the number against the ID card, without giving the expected check character', () => {
    const [issue] = validateIdNumber('110105194912310021', { today: TODAY }).issues;
    expect(issue.severity).toBe('error');
    expect(issue.message).toContain('身份证');
    expect(issue.message).not.toMatch(/应为「?X/);
  });
});

describe('validateIdNumber: numbers that went through an Excel number cell', () => {
  it('refuses 440101199001011234 read as a JS number', () => {
    const asNumber = Number('440101199001011234'); // what the cell holds: precision already lost
    expect(String(asNumber)).not.toBe('440101199001011234');
    const r = validateIdNumber(asNumber, { today: TODAY });
    expect(r.issues.map((i) => i.code)).toEqual(['ID_STORED_AS_NUMBER']);
    expect(r.issues[0].severity).toBe('error');
    expect(r.issues[0].message).toContain('15 位');
    expect(r.issues[0].message).toContain('文本');
    expect(r.value).toBe(String(asNumber));
  });
  it.each([
    [440101199001011200],
    [4.40101199001012e17],
    [Number('11010519491231002')], // even a 17-digit number: it cannot be an ID written as text
    ['4.40101199001012E+17'], // how Excel displays it
    ['4.40101199001012e+17'],
    ['4.40101199001012E17'],
    ['４．４０１０１１９９００１０１２Ｅ＋１７'],
    ['440101199001012000'], // Excel's 15 significant digits, as text
    ['440101199001011200.0'], // a number printed by another program
  ])('%j → ID_STORED_AS_NUMBER', (raw) => {
    expect(codes(raw)).toEqual(['ID_STORED_AS_NUMBER']);
  });
  it('does not mistake a short number cell for a lost-digit ID', () => {
    expect(codes(123456)).toEqual(['ID_FORMAT']);
    expect(codes(110105491231002)).toEqual(['ID_FORMAT']); // 15 digits fit in a number: old-format ID
  });
});

// Random valid IDs: any 6-digit area, a real birth date 1900-01-01..today, any sequence.
const validId = fc
  .record({
    area: fc.stringMatching(/^\d{6}$/),
    birth: fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 4, 31)), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ area, birth, seq }) => makeIdNumber({ areaCode: area, birth: birth.toISOString().slice(0, 10).replace(/-/g, ''), seq }));

describe('validateIdNumber: properties', () => {
  it('accepts every generated number and reads back its birth date', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const r = validateIdNumber(id, { today: TODAY });
        expect(r.issues).toEqual([]);
        expect(r.birthDate?.replace(/-/g, '')).toBe(id.slice(6, 14));
      }),
    );
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(validId, (id) => {
        for (let i = 0; i < 18; i++) {
          const allowed = i === 17 ? '0123456789X' : '0123456789';
          for (const c of allowed) {
            if (c === id[i]) continue;
            const typo = id.slice(0, i) + c + id.slice(i + 1);
            expect(hasError(typo), `${id} → ${typo}`).toBe(true);
          }
        }
      }),
    );
  });

  it('detects every transposition of two different adjacent characters', () => {
    fc.assert(
      fc.property(validId, (id) => {
        for (let i = 0; i < 17; i++) {
          if (id[i] === id[i + 1]) continue;
          const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
          expect(hasError(swapped), `${id} → ${swapped}`).toBe(true);
        }
      }),
    );
  });
});
