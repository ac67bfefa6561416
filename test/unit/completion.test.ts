import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../shared/domain/attendance';
import { DEFAULT_RULE, evaluateCompletion } from '../../shared/domain/completion';

const SLOTS = ['21', '22', '23', '24'].flatMap((d) => ['上午', '下午'].map((part) => ({ date: `2025-07-${d}`, part })));
const all = (s: AttendanceStatus): AttendanceStatus[] => SLOTS.map(() => s);
function withAt(base: (AttendanceStatus | null)[], changes: Record<number, AttendanceStatus | null>) {
  return base.map((s, i) => (i in changes ? changes[i] : s));
}

describe('completion rule (defaults: 0.875, leave 1, absent 0, late 2, left early 1)', () => {
  it('all present completes; 7 of 8 with one approved leave completes (exactly at the rate)', () => {
    expect(evaluateCompletion(DEFAULT_RULE, SLOTS, all('出勤'), true)).toMatchObject({ state: 'completed', attended: 8, reasons: [] });
    expect(evaluateCompletion(DEFAULT_RULE, SLOTS, withAt(all('出勤'), { 2: '请假' }), true)).toMatchObject({
      state: 'completed',
      attended: 7,
    });
  });

  it('one absence fails, in words with the slot', () => {
    const r = evaluateCompletion(DEFAULT_RULE, SLOTS, withAt(all('出勤'), { 3: '缺勤' }), true);
    expect(r.state).toBe('not_completed');
    expect(r.reasons).toEqual(['缺勤 1 个半天（7月22日下午）']);
  });

  it('an unmarked slot after the session ended counts as 缺勤; while it runs it is pending', () => {
    const marks = withAt(all('出勤'), { 7: null });
    expect(evaluateCompletion(DEFAULT_RULE, SLOTS, marks, true).reasons).toEqual(['缺勤 1 个半天（7月24日下午）']);
    expect(evaluateCompletion(DEFAULT_RULE, SLOTS, marks, false)).toMatchObject({ state: 'pending', unmarked: 1 });
  });

  it('late and left early count as attended but have their own maxima', () => {
    expect(evaluateCompletion(DEFAULT_RULE, SLOTS, withAt(all('出勤'), { 0: '迟到', 1: '迟到', 2: '早退' }), true).state).toBe('completed');
    const r = evaluateCompletion(DEFAULT_RULE, SLOTS, withAt(all('出勤'), { 0: '迟到', 1: '迟到', 4: '迟到', 2: '早退', 5: '早退' }), true);
    expect(r.reasons).toEqual([
      '迟到 3 次（7月21日上午、7月21日下午、7月23日上午），超过 2 次',
      '早退 2 次（7月22日上午、7月23日下午），超过 1 次',
    ]);
  });

  it('two leaves: rate 75% below 87.5% and over the leave maximum', () => {
    const r = evaluateCompletion(DEFAULT_RULE, SLOTS, withAt(all('出勤'), { 0: '请假', 1: '请假' }), true);
    expect(r.reasons).toEqual(['出勤率 75%（6/8 个半天），低于 87.5%', '请假 2 个半天（7月21日上午、7月21日下午），超过 1 个']);
  });

  it('decided early while running when a maximum is already broken', () => {
    const r = evaluateCompletion(DEFAULT_RULE, SLOTS, [...withAt(all('出勤'), { 0: '缺勤' }).slice(0, 2), ...Array(6).fill(null)], false);
    expect(r.state).toBe('not_completed');
  });

  it('no slots cannot be decided', () => {
    expect(evaluateCompletion(DEFAULT_RULE, [], [], true).state).toBe('pending');
  });

  const status = fc.constantFrom<AttendanceStatus | null>(...ATTENDANCE_STATUSES, null);
  const rule = fc.record({
    minAttendance: fc.constantFrom(0, 0.5, 0.75, 0.8, 0.875, 0.9, 1),
    maxLeave: fc.nat(3),
    maxAbsent: fc.nat(3),
    maxLate: fc.nat(3),
    maxLeftEarly: fc.nat(3),
    graceMinutes: fc.constant(5),
  });

  it('property: after the session, completed ⇔ the issue semantics computed in integers', () => {
    fc.assert(
      fc.property(rule, fc.array(status, { minLength: 1, maxLength: 12 }), (r, marks) => {
        const slots = marks.map((_, i) => ({
          date: `2025-07-${String(10 + Math.floor(i / 2)).padStart(2, '0')}`,
          part: i % 2 ? '下午' : '上午',
        }));
        const got = evaluateCompletion(r, slots, marks, true);
        const eff = marks.map((m) => m ?? '缺勤');
        const n = (s: AttendanceStatus) => eff.filter((m) => m === s).length;
        const attended = n('出勤') + n('迟到') + n('早退');
        // the rates are k/1000 exactly: compare attended × 1000 ≥ rate × 1000 × slots in integers
        const rateOk = attended * 1000 >= Math.round(r.minAttendance * 1000) * eff.length;
        const expected =
          rateOk && n('请假') <= r.maxLeave && n('缺勤') <= r.maxAbsent && n('迟到') <= r.maxLate && n('早退') <= r.maxLeftEarly;
        expect(got.state).toBe(expected ? 'completed' : 'not_completed');
        expect(got.reasons.length === 0).toBe(expected);
        expect(got.attended).toBe(attended);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: while running, a decided result never changes once the remaining slots are marked', () => {
    fc.assert(
      fc.property(
        rule,
        fc.array(status, { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom(...ATTENDANCE_STATUSES), { minLength: 10, maxLength: 10 }),
        (r, marks, fill) => {
          const slots = marks.map((_, i) => ({ date: '2025-07-10', part: `${i}` }));
          const running = evaluateCompletion(r, slots, marks, false);
          const finished = evaluateCompletion(
            r,
            slots,
            marks.map((m, i) => m ?? fill[i]),
            true,
          );
          if (running.state !== 'pending') expect(finished.state).toBe(running.state);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
