import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalStatus, lookup, slotName, wallMinutes, type LookupEntry } from '../../shared/domain/attendance';

const slot = { date: '2025-07-22', startTime: '08:30' };

describe('lateness by the clock', () => {
  it('on time up to start + grace; after it 迟到 with the minutes from the start', () => {
    expect(arrivalStatus(slot, 5, '2025-07-22 08:10')).toEqual({ status: '出勤', minutes: null });
    expect(arrivalStatus(slot, 5, '2025-07-22 08:35')).toEqual({ status: '出勤', minutes: null });
    expect(arrivalStatus(slot, 5, '2025-07-22 08:36')).toEqual({ status: '迟到', minutes: 6 });
    expect(arrivalStatus(slot, 0, '2025-07-22 08:31')).toEqual({ status: '迟到', minutes: 1 });
    expect(arrivalStatus(slot, 5, '2025-07-21 20:00')).toEqual({ status: '出勤', minutes: null });
    expect(arrivalStatus({ date: '2025-12-31', startTime: '23:50' }, 0, '2026-01-01 00:10')).toEqual({ status: '迟到', minutes: 20 });
  });

  it('property: late exactly when past the grace, and the minutes are the distance from the start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -300, max: 600 }), (grace, offset) => {
        const at = wallMinutes('2025-07-22 08:30') + offset;
        const d = new Date(at * 60_000);
        const t = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
        const r = arrivalStatus(slot, grace, t);
        expect(r.status === '迟到').toBe(offset > grace);
        if (r.status === '迟到') expect(r.minutes).toBe(offset);
      }),
    );
  });

  it('names a slot in words', () => {
    expect(slotName({ date: '2025-07-22', part: '下午' })).toBe('7月22日下午');
    expect(slotName({ date: '2025-10-01', part: '其他' })).toBe('10月1日');
  });
});

const roster: LookupEntry[] = [
  { registrationId: 1, name: '张三', initials: 'zs', pinyin: 'zhangsan', idNumber: '110101199003077777', badge: '1' },
  { registrationId: 2, name: '张少华', initials: 'zsh', pinyin: 'zhangshaohua', idNumber: '11010119900307123X', badge: '2' },
  { registrationId: 3, name: '赵四', initials: 'zs', pinyin: 'zhaosi', idNumber: '110101199003071234', badge: '3' },
  { registrationId: 14, name: '王五', initials: 'ww', pinyin: 'wangwu', idNumber: '440101198001011234', badge: '14' },
];
const ids = (typed: string) => lookup(roster, typed).matches.map((m) => m.registrationId);

describe('check-in lookup', () => {
  it('initials: whole matches first, then longer initials; full pinyin prefix', () => {
    expect(ids('zs')).toEqual([1, 3, 2]);
    expect(ids('ZSH')).toEqual([2]);
    expect(ids('wangw')).toEqual([14]);
    expect(ids('q')).toEqual([]);
  });
  it('ID tail (4+ digits, X kept) and badge numbers; a badge or full ID is exact', () => {
    expect(ids('1234')).toEqual([3, 14]);
    expect(ids('123x')).toEqual([2]);
    expect(lookup(roster, '123X').exact).toBe(false);
    expect(lookup(roster, '14')).toMatchObject({ exact: true, matches: [{ registrationId: 14 }] });
    expect(lookup(roster, '110101199003077777')).toMatchObject({ exact: true, matches: [{ registrationId: 1 }] });
    expect(ids('777')).toEqual([]); // three digits: too short for a tail, no such badge
  });
  it('names: exact first, then containing', () => {
    expect(ids('张三')).toEqual([1]);
    expect(ids('张')).toEqual([1, 2]);
    expect(ids('  ')).toEqual([]);
  });
  it('property: every match really contains what was typed', () => {
    fc.assert(
      fc.property(fc.constantFrom('z', 'zs', 'zh', 'w', '1234', '7777', '张', '四', 'x', '3'), (q) => {
        for (const m of lookup(roster, q).matches)
          expect(
            m.initials.startsWith(q) ||
              m.pinyin.startsWith(q) ||
              m.idNumber.toLowerCase().endsWith(q) ||
              m.name.includes(q) ||
              m.badge === q,
          ).toBe(true);
      }),
    );
  });
});
