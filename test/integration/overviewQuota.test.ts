/** 概览: fill against quota per region and per session, the same figures as the quota table, from the real store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaStanding } from '../../electron/services/quotas';
import { makeBackend, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
let programmeId: number;
beforeAll(async () => {
  b = await makeBackend({ demo: 200 });
  programmeId = (await b.call('programmes.list', {}))[0].id;
});
afterAll(() => b.cleanup());

describe('overview: fill against quota', () => {
  it('per region and per session, equal to the quota grid and to quotaStanding; totals add up', async () => {
    const o = await b.call('overview.get', { programmeId });
    const g = await b.call('quotas.grid', { programmeId });
    const q = o.quotaFill!;
    expect(q).not.toBeNull();
    expect(q.regions).toHaveLength(37);
    expect(q.regions.map((r) => r.regionCode)).toEqual(g.regions.map((r) => r.code));
    expect(q.sessions.map((s) => s.number)).toEqual(g.sessions.map((s) => s.number));
    expect(q.places).toBe(g.places);
    expect(q.places).toBe(q.regions.reduce((a, r) => a + r.places, 0));
    expect(q.filled).toBe(q.sessions.reduce((a, s) => a + s.filled, 0));
    expect(q.filled).toBeGreaterThan(0);
    // Each session's fill is the sum of what quotaStanding (the form's and the importer's count) says per region.
    for (const s of q.sessions) {
      const standing = g.regions.map((r) => quotaStanding(b.db, programmeId, s.sessionId, r.code));
      expect(s.filled, `第${s.number}期`).toBe(standing.reduce((a, x) => a + x.filled, 0));
      expect(s.places, `第${s.number}期`).toBe(standing.reduce((a, x) => a + (x.places ?? 0), 0));
    }
  });

  it('follows the store: a rejected registration leaves the fill, a waitlisted one is counted as waiting', async () => {
    const before = (await b.call('overview.get', { programmeId })).quotaFill!;
    const { rows } = await b.call('registrations.list', { programmeId, status: 'submitted', limit: 50 });
    const r = rows.find((x) => x.sessionId !== null && x.status === 'submitted')!;
    await b.call('registrations.setStatus', { id: r.id, status: 'waitlisted', reason: '测试' });
    const after = (await b.call('overview.get', { programmeId })).quotaFill!;
    const region = (f: typeof after) => f.regions.find((x) => x.regionCode === r.regionCode)!;
    const session = (f: typeof after) => f.sessions.find((x) => x.sessionId === r.sessionId)!;
    expect(region(after).filled).toBe(region(before).filled - 1);
    expect(region(after).waitlisted).toBe(region(before).waitlisted + 1);
    expect(session(after).filled).toBe(session(before).filled - 1);
    expect(after.filled).toBe(before.filled - 1);
    expect(after.places).toBe(before.places);
  });

  it('a programme without a quota table has no fill to show', async () => {
    const p = await b.call('programmes.create', { year: 2031, title: '没有名额表的项目' });
    const o = await b.call('overview.get', { programmeId: p.id });
    expect(o.quotaFill).toBeNull();
  });
});
