/**
 * The status state machine, through the dispatcher: every allowed change works, every other one is
 * refused with a Chinese message naming both statuses, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransition, STATUS_ACTIONS } from '../../shared/domain/registrationStatus';
import { REGISTRATION_STATUSES, STATUS_LABELS, type RegistrationStatus } from '../../shared/domain/types';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

/** Written out here, not read from the module, so a change to the rules has to change this test too. */
const ALLOWED: Record<RegistrationStatus, RegistrationStatus[]> = {
  submitted: ['approved', 'rejected', 'waitlisted', 'withdrawn'],
  approved: ['rejected', 'withdrawn'],
  waitlisted: ['approved', 'rejected', 'withdrawn'],
  rejected: ['submitted'],
  withdrawn: ['submitted'],
};

/** How a new (submitted) registration reaches each status through allowed changes. */
const PATH: Record<RegistrationStatus, RegistrationStatus[]> = {
  submitted: [],
  approved: ['approved'],
  waitlisted: ['waitlisted'],
  rejected: ['rejected'],
  withdrawn: ['withdrawn'],
};

let b: TestBackend;
let programmeId: number;
beforeAll(async () => {
  b = await makeBackend();
  programmeId = (await b.call('programmes.create', { year: 2025, title: '状态测试' })).id;
});
afterAll(() => b.cleanup());

let people = 0;
async function registrationIn(status: RegistrationStatus): Promise<number> {
  // Odd sequence numbers: every trainee a different man (the fixture's default numbers repeat after two).
  const idNumber = makeIdNumber({ areaCode: '330102', birth: '19850101', seq: 2 * ++people + 1, gender: '男' });
  const { id } = await b.call('registrations.create', registrationInput(programmeId, { trainee: { idNumber } }));
  for (const s of PATH[status]) await b.call('registrations.setStatus', { id, status: s, reason: '测试原因' });
  expect((await b.call('registrations.get', { id })).status).toBe(status);
  return id;
}

describe('registration status changes follow the rules in shared/domain', () => {
  it('the domain table is the intended one', () => {
    for (const from of REGISTRATION_STATUSES)
      for (const to of REGISTRATION_STATUSES) expect(canTransition(from, to), `${from} → ${to}`).toBe(ALLOWED[from].includes(to));
    expect(STATUS_ACTIONS.filter((a) => a.needsReason).map((a) => a.status)).toEqual(['rejected']);
  });

  for (const from of REGISTRATION_STATUSES)
    for (const to of REGISTRATION_STATUSES) {
      const allowed = ALLOWED[from].includes(to);
      it(`${from} → ${to}: ${allowed ? 'allowed' : 'refused, nothing changed'}`, async () => {
        const id = await registrationIn(from);
        const before = snapshot(b);
        const r = await b.dispatcher.dispatch('registrations.setStatus', { id, status: to, reason: '非企业主要负责人' });
        if (allowed) {
          expect(r).toMatchObject({ ok: true, value: { id, status: to } });
          const audit = await b.call('audit.list', { limit: 1 });
          expect(audit[0]).toMatchObject({ method: 'registrations.setStatus' });
          expect(audit[0].summary).toContain(`${STATUS_LABELS[from]} → ${STATUS_LABELS[to]}`);
          return;
        }
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('CONFLICT');
        expect(r.error.message).toContain(`「${STATUS_LABELS[from]}」`);
        if (from !== to) expect(r.error.message).toContain(`「${STATUS_LABELS[to]}」`);
        // It says what can be done instead.
        for (const a of STATUS_ACTIONS.filter((x) => x.from.includes(from))) expect(r.error.message).toContain(a.label);
        expect(r.error.message).not.toMatch(/[a-z]{4,}/);
        expect(r.error.details).toMatchObject({ rule: 'STATUS_TRANSITION', from, to });
        expect(snapshot(b)).toBe(before);
      });
    }

  it('rejecting without a reason (or with only spaces) is refused and changes nothing', async () => {
    for (const from of ['submitted', 'approved', 'waitlisted'] as const) {
      const id = await registrationIn(from);
      const before = snapshot(b);
      for (const reason of [undefined, '', '   ']) {
        const r = await b.dispatcher.dispatch('registrations.setStatus', { id, status: 'rejected', reason });
        expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'reason' } } });
        if (!r.ok) expect(r.error.message).toContain('原因');
      }
      expect(snapshot(b)).toBe(before);
    }
  });

  it('rejected → approved, the reported hole, is closed', async () => {
    const id = await registrationIn('rejected');
    const r = await b.dispatcher.dispatch('registrations.setStatus', { id, status: 'approved' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('恢复为已提交');
    expect((await b.call('registrations.get', { id })).status).toBe('rejected');
  });
});
