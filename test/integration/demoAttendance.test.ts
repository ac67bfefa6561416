/**
 * The demo's past sessions carry realistic attendance: mostly on time, some late, a few leaves
 * (with who asked and approved) and absences, and one completion override that the results show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
beforeAll(async () => {
  b = await makeBackend({ demo: 300 });
}, 120_000);
afterAll(() => b?.cleanup());

describe('demo attendance', () => {
  it('marks every slot of the past sessions, mostly 出勤, with lateness, leaves, absences and one override', async () => {
    const counts = Object.fromEntries(
      (b.db.prepare('SELECT status, count(*) AS n FROM attendance_marks GROUP BY status').all() as { status: string; n: number }[]).map(
        (r) => [r.status, r.n],
      ),
    );
    const total = Object.values(counts).reduce((a, n) => a + n, 0);
    // 9 sessions of 4 days, about 80% of 300 approved: every trainee has one mark per half-day.
    const approved = (b.db.prepare(`SELECT count(*) FROM registrations WHERE status = 'approved'`).pluck().get() as number) * 8;
    expect(total).toBe(approved);
    expect(counts['出勤'] / total).toBeGreaterThan(0.85);
    expect(counts['迟到']).toBeGreaterThan(0);
    expect(counts['缺勤']).toBeGreaterThan(0);
    expect(counts['早退']).toBeGreaterThan(0);
    expect(counts['请假']).toBeGreaterThan(0);
    expect(counts['请假'] / total).toBeLessThan(0.05);
    expect(b.db.prepare('SELECT count(*) FROM leave_requests').pluck().get()).toBeGreaterThanOrEqual(9);

    const [programme] = await b.call('programmes.list', {});
    const sessions = await b.call('sessions.list', { programmeId: programme.id });
    const results = (await Promise.all(sessions.map((s) => b.call('completion.results', { sessionId: s.id })))).flat();
    const overridden = results.filter((r) => r.override);
    expect(overridden).toHaveLength(1);
    expect(overridden[0]).toMatchObject({ completed: true, ruleState: 'not_completed' });
    expect(overridden[0].reasons[0]).toMatch(/^人工认定为结业：请假两个半天/);
    expect(overridden[0].reasons.join('；')).toMatch(/请假 2 个半天（\d+月\d+日上午、\d+月\d+日下午），超过 1 个/);
    const done = results.filter((r) => r.completed).length;
    expect(done / results.length).toBeGreaterThan(0.6);
    expect(results.some((r) => r.completed === false)).toBe(true);
    const leaves = await b.call('attendance.leaves', { sessionId: sessions[0].id });
    expect(leaves.length).toBeGreaterThan(0);
    expect(leaves[0].approvedBy).toMatch(/处长/);
  });
});
