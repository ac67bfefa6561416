import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, validateCreditCode } from '../../shared/domain/creditCode';
import { makeCreditCode } from '../fixtures/identity';

const codes = (raw: unknown) => validateCreditCode(raw).issues.map((i) => [i.code, i.severity]);

/** Detected = any issue: an error (format) or the checksum warning. */
const detected = (raw: string) => validateCreditCode(raw).issues.length > 0;

describe('creditCodeCheckChar', () => {
  it('matches a real code', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
  it('uses the 31-character set without I, O, Z, S, V', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    expect(CREDIT_CODE_CHARSET).not.toMatch(/[IOZSV]/);
  });
  it('refuses input that is not 17 allowed characters', () => {
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('validateCreditCode: good codes', () => {
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43'], // a real code
    ['91350100m000100y43', '91350100M000100Y43'], // lower case
    [' 9135 0100 M000 100Y 43 ', '91350100M000100Y43'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43'], // full-width
    [makeCreditCode(), makeCreditCode()],
    [makeCreditCode({ areaCode: '440305', seq: 42 }), makeCreditCode({ areaCode: '440305', seq: 42 })],
  ])('%j is accepted as %s', (raw, value) => {
    expect(validateCreditCode(raw)).toEqual({ value, issues: [] });
  });
});

describe('validateCreditCode: bad codes', () => {
  it.each([
    ['', 'CREDIT_CODE_REQUIRED', 'error'],
    [null, 'CREDIT_CODE_REQUIRED', 'error'],
    ['91350100M000100Y4', 'CREDIT_CODE_FORMAT', 'error'], // 17 characters
    ['91350100M000100Y433', 'CREDIT_CODE_FORMAT', 'error'], // 19 characters
    ['350100400001234', 'CREDIT_CODE_FORMAT', 'error'], // an old 15-digit registration number
    ['91350100MOOO1OOY43', 'CREDIT_CODE_FORMAT', 'error'], // letter O for zero
    ['9135010OM000100Y43', 'CREDIT_CODE_FORMAT', 'error'],
    ['91350100M000100Y4-', 'CREDIT_CODE_FORMAT', 'error'],
    ['91350100M000100Y44', 'CREDIT_CODE_CHECKSUM', 'warning'], // wrong check character
    ['91350100M000010Y43', 'CREDIT_CODE_CHECKSUM', 'warning'], // transposition
  ])('%j → %s (%s)', (raw, code, severity) => {
    expect(codes(raw)).toEqual([[code, severity]]);
  });

  it('names the position and the character, with a hint for look-alikes', () => {
    const [issue] = validateCreditCode('9135010OM000100Y43').issues;
    expect(issue.message).toContain('第 8 位');
    expect(issue.message).toContain('「O」');
    expect(issue.message).toContain('数字 0');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the letter %s anywhere', (letter) => {
    const code = makeCreditCode({ seq: 7 });
    for (let i = 0; i < 18; i++) {
      const bad = code.slice(0, i) + letter + code.slice(i + 1);
      expect(codes(bad)).toEqual([['CREDIT_CODE_FORMAT', 'error']]);
    }
  });

  it('asks to check the business licence when the check fails', () => {
    const [issue] = validateCreditCode('91350100M000100Y44').issues;
    expect(issue.message).toContain('营业执照');
  });
});

describe('makeCreditCode', () => {
  it('is deterministic and distinct per sequence', () => {
    expect(makeCreditCode({ seq: 5 })).toBe(makeCreditCode({ seq: 5 }));
    const many = Array.from({ length: 200 }, (_, seq) => makeCreditCode({ seq }));
    expect(new Set(many).size).toBe(200);
    for (const c of many) expect(validateCreditCode(c).issues).toEqual([]);
  });
});

const charsetChar = fc.constantFrom(...CREDIT_CODE_CHARSET);
const validCode = fc
  .array(charsetChar, { minLength: 17, maxLength: 17 })
  .map((cs) => cs.join(''))
  .map((first17) => first17 + creditCodeCheckChar(first17));

describe('validateCreditCode: properties', () => {
  it('accepts every code with a computed check character', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(validateCreditCode(code).issues).toEqual([]);
      }),
    );
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        for (let i = 0; i < 18; i++) {
          for (const c of CREDIT_CODE_CHARSET) {
            if (c === code[i]) continue;
            const typo = code.slice(0, i) + c + code.slice(i + 1);
            expect(codes(typo), `${code} → ${typo}`).toEqual([['CREDIT_CODE_CHECKSUM', 'warning']]);
          }
        }
      }),
    );
  });

  it('detects every transposition of two different adjacent characters', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        for (let i = 0; i < 17; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(detected(swapped), `${code} → ${swapped}`).toBe(true);
        }
      }),
    );
  });
});
