/**
 * An update changes the fields it names and nothing else: zod's `.partial()` would have filled every
 * other field with its default (a session's dates, a trainee's gender) and the service stored them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
beforeAll(async () => {
  b = await makeBackend({ demo: 5 });
});
afterAll(() => b.cleanup());

describe('partial updates', () => {
  it('programmes.update and sessions.update keep the fields they were not given', async () => {
    const p = await b.call('programmes.update', { id: 1, documentNo: '工信厅企业函〔2025〕213号', organiser: '部人才交流中心' });
    const renamed = await b.call('programmes.update', { id: 1, title: '改名后的项目' });
    expect(renamed).toMatchObject({ title: '改名后的项目', documentNo: p.documentNo, organiser: '部人才交流中心', year: p.year });

    const [first] = await b.call('sessions.list', { programmeId: 1 });
    const full = await b.call('sessions.update', {
      id: first.id,
      startDate: '2025-06-23',
      endDate: '2025-06-26',
      location: '北京',
      capacity: 100,
    });
    const moved = await b.call('sessions.update', { id: first.id, location: '杭州' });
    expect(moved).toMatchObject({ location: '杭州', startDate: full.startDate, endDate: full.endDate, capacity: 100, title: full.title });
  });

  it('registrations.update keeps the trainee and enterprise fields it was not given', async () => {
    const [r] = (await b.call('registrations.list', { programmeId: 1, limit: 1 })).rows;
    const after = await b.call('registrations.update', { id: r.id, trainee: { position: '董事长' }, enterprise: { industry: '装备制造' } });
    expect(after.trainee).toEqual({ ...r.trainee, position: '董事长' });
    expect(after.enterprise).toMatchObject({ ...r.enterprise, industry: '装备制造' });
  });
});
