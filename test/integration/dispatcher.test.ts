/**
 * Every contract method gets malformed input: the answer is a structured Chinese error, and the
 * database is exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { METHOD_NAMES, type MethodName } from '../../shared/methodNames';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
beforeAll(async () => {
  b = await makeBackend({ demo: 30 });
});
afterAll(() => b.cleanup());

/** Inputs that are wrong for each method: wrong types, unknown keys, out-of-range values. */
const MALFORMED: Record<MethodName, unknown[]> = {
  'app.info': [{ x: 1 }, 'text', 42],
  'settings.get': [{ operatorName: 'x' }, [1]],
  'settings.update': [{ operatorName: 5 }, { theme: 'dark' }, { operatorName: 'x'.repeat(51) }, null],
  'regions.list': [{ code: '110000' }],
  'programmes.list': [{ year: 2025 }],
  'programmes.create': [
    {},
    { year: '2025', title: 'x' },
    { year: 1999, title: 'x' },
    { year: 2025, title: '' },
    { year: 2025, title: 'x', extra: 1 },
  ],
  'programmes.update': [{}, { id: -1 }, { id: 1, year: 3000 }, { id: 1.5 }],
  'sessions.list': [{}, { programmeId: '1' }, { programmeId: 0 }],
  'sessions.create': [
    { programmeId: 1 },
    { programmeId: 1, number: 0 },
    { programmeId: 1, number: 3, startDate: '2025/7/1' },
    { programmeId: 1, number: 3, capacity: -1 },
  ],
  'sessions.update': [{ number: 2 }, { id: 1, startDate: 'tomorrow' }],
  'registrations.list': [{}, { programmeId: 1, status: 'lost' }, { programmeId: 1, limit: 0 }, { programmeId: 1, regionCode: '浙江' }],
  'registrations.get': [{}, { id: 'one' }],
  'registrations.create': [
    {},
    { programmeId: 1, regionCode: '330000', trainee: {}, enterprise: {} },
    { ...registrationInput(1), regionCode: 'zhejiang' },
    { ...registrationInput(1), trainee: { ...registrationInput(1).trainee, gender: 'M' } },
    { ...registrationInput(1), trainee: { ...registrationInput(1).trainee, idNumber: 440101199001011260 } },
    { ...registrationInput(1), enterprise: { ...registrationInput(1).enterprise, employees: -3 } },
  ],
  'registrations.update': [
    {},
    { id: 1, trainee: { name: 5 } },
    { id: 1, regionCode: '33' },
    { id: 1, enterprise: { bogus: 1 } },
    { id: 1, trainee: { idNumber: '330102198005011234' } },
  ],
  'registrations.check': [{}, { programmeId: 1 }, { programmeId: 1, trainee: { name: [] }, enterprise: {} }],
  'imports.preview': [
    {},
    { programmeId: 1, file: { name: 'a.xlsx' } },
    { programmeId: 1, file: { name: 'a.xlsx', dataBase64: '' } },
    { programmeId: 1, file: { name: 'a.xlsx', dataBase64: 'UEsDBA==' }, mapping: { 姓名: 'nickname' } },
    { programmeId: 1, file: { name: 'a.xlsx', dataBase64: 'UEsDBA==' }, sessionNumber: 0 },
  ],
  'imports.commit': [{}, { importId: '' }, { importId: 'x', strict: 'yes' }],
  'imports.errorReport': [{}, { importId: 7 }],
  'exports.summary': [{}, { programmeId: 1, sessionNumber: -1 }, { programmeId: 1, regionCode: 'ZJ' }],
  'exports.forms': [{ programmeId: 1 }, { programmeId: 1, format: 'docx' }, { programmeId: 1, format: 'pdf', registrationIds: ['a'] }],
  'registrations.setStatus': [{ id: 1 }, { id: 1, status: 'deleted' }, { id: 1, status: 'rejected', reason: 'x'.repeat(501) }],
  'overview.get': [{}, { programmeId: null }],
  'backups.list': [{ dir: '/etc' }],
  'backups.create': [{ reason: '../../etc/passwd' }, { reason: 7 }],
  'audit.list': [{ limit: 0 }, { limit: 100000 }],
  'demo.seed': [{ trainees: 0 }, { year: 'next' }, { trainees: 1e9 }],
  'jobs.cancel': [{}, { jobId: '' }, { jobId: 5 }],
};

describe('the dispatcher refuses malformed input for every method', () => {
  it('has malformed cases for every method in the contract', () => {
    expect(Object.keys(MALFORMED).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort());
  });

  for (const method of METHOD_NAMES) {
    it(`${method}: structured VALIDATION error, nothing changed`, async () => {
      for (const input of MALFORMED[method]) {
        const before = snapshot(b);
        const r = await b.dispatcher.dispatch(method, input);
        expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
        expect(r.error.details).toBeDefined();
        expect(snapshot(b)).toBe(before);
      }
    });
  }

  it('unknown and prototype-polluting method names are refused', async () => {
    for (const m of ['nope', '__proto__', 'constructor', 'toString', 'registrations.delete', 42, null]) {
      const r = await b.dispatcher.dispatch(m, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('a service error keeps its code and Chinese message; a missing record is NOT_FOUND', async () => {
    const r = await b.dispatcher.dispatch('registrations.get', { id: 999999 });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    if (!r.ok) expect(r.error.message).toContain('找不到');
  });

  it('runs writes one at a time, in order', async () => {
    const { id: programmeId } = await (async () => {
      const r = await b.dispatcher.dispatch('programmes.list', {});
      return (r as { ok: true; value: { id: number }[] }).value[0];
    })();
    const results = await Promise.all(
      [3, 1, 2].map((n) => b.dispatcher.dispatch('sessions.create', { programmeId, number: 100 + n, title: `并发${n}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const audit = (await b.dispatcher.dispatch('audit.list', { limit: 3 })) as { ok: true; value: { summary: string }[] };
    expect(audit.value.map((a) => a.summary.match(/第(\d+)期/)?.[1])).toEqual(['102', '101', '103']);
  });

  it('reports progress for long work and can cancel it, writing nothing', async () => {
    const events: { jobId: string; done: number }[] = [];
    const ok = await b.dispatcher.dispatch(
      'demo.seed',
      { year: 2031, trainees: 250 },
      { jobId: 'job-a', onProgress: (e) => events.push(e) },
    );
    expect(ok.ok).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.every((e) => e.jobId === 'job-a')).toBe(true);

    const before = snapshot(b);
    const pending = b.dispatcher.dispatch('demo.seed', { year: 2032, trainees: 5000 }, { jobId: 'job-b' });
    await new Promise((r) => setTimeout(r, 5));
    expect(await b.dispatcher.dispatch('jobs.cancel', { jobId: 'job-b' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(snapshot(b)).toBe(before);
  });
});
