import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeCreditCode, makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let programmeId: number;
let sessionId: number;

beforeEach(async () => {
  b = await makeBackend();
  await b.call('settings.update', { operatorName: '李老师' });
  programmeId = (await b.call('programmes.create', { year: 2025, title: '2025年度中小企业经营管理领军人才培训', plannedTrainees: 800 })).id;
  sessionId = (
    await b.call('sessions.create', {
      programmeId,
      number: 2,
      startDate: '2025-07-07',
      endDate: '2025-07-10',
      location: '杭州',
      capacity: 90,
    })
  ).id;
});
afterEach(() => b.cleanup());

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the call to fail');
}

describe('registrations', () => {
  it('creates a registration with clean, derived fields and an audit row naming the operator', async () => {
    const input = registrationInput(programmeId, {
      sessionId,
      trainee: {
        name: ' 王　小明 ',
        idNumber: makeIdNumber({ areaCode: '330102', birth: '19790315', seq: 11 }).toLowerCase(),
        gender: null,
      },
      enterprise: { name: '杭州 某某 精密机械有限公司', qualifications: ['专精特新中小企业'] },
    });
    const r = await b.call('registrations.create', input);
    expect(r.trainee.name).toBe('王小明');
    expect(r.trainee.gender).toBe('男');
    expect(r.trainee.birthDate).toBe('1979-03-15');
    expect(r.enterprise.name).toBe('杭州某某精密机械有限公司');
    expect(r).toMatchObject({ sessionNumber: 2, regionName: '浙江省', status: 'submitted' });
    const audit = await b.call('audit.list', { limit: 1 });
    expect(audit[0]).toMatchObject({ operator: '李老师', method: 'registrations.create' });
    expect(audit[0].summary).toContain('王小明');
  });

  it('one enterprise, one person per programme: the second is refused with the first named', async () => {
    const first = await b.call('registrations.create', registrationInput(programmeId, { sessionId, trainee: { name: '赵一' } }));
    const before = snapshot(b);
    const again = registrationInput(programmeId, { trainee: { name: '钱二' }, enterprise: { creditCode: first.enterprise.creditCode } });
    const err = await failure(b.call('registrations.create', again));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('赵一');
    expect(err.message).toContain('第2期');
    expect(err.message).toContain(first.enterprise.creditCode);
    expect(err.details).toMatchObject({ rule: 'ONE_PER_ENTERPRISE', existingRegistrationId: first.id });
    expect(snapshot(b)).toBe(before);

    const samePerson = registrationInput(programmeId, { trainee: { idNumber: first.trainee.idNumber } });
    const err2 = await failure(b.call('registrations.create', samePerson));
    expect(err2.details).toMatchObject({ rule: 'ONE_PER_TRAINEE', existingRegistrationId: first.id });
    expect(snapshot(b)).toBe(before);
  });

  it('withdrawing frees the place; reinstating the old one then conflicts', async () => {
    const first = await b.call('registrations.create', registrationInput(programmeId));
    await b.call('registrations.setStatus', { id: first.id, status: 'withdrawn' });
    const second = await b.call(
      'registrations.create',
      registrationInput(programmeId, { enterprise: { creditCode: first.enterprise.creditCode } }),
    );
    expect(second.enterprise.id).toBe(first.enterprise.id);
    const err = await failure(b.call('registrations.setStatus', { id: first.id, status: 'submitted' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`报名编号 ${second.id}`);
  });

  it('another programme year is a fresh start for the same enterprise', async () => {
    const first = await b.call('registrations.create', registrationInput(programmeId));
    const next = (await b.call('programmes.create', { year: 2026, title: '2026年度中小企业经营管理领军人才培训' })).id;
    const r = await b.call('registrations.create', registrationInput(next, { enterprise: { creditCode: first.enterprise.creditCode } }));
    expect(r.programmeYear).toBe(2026);
  });

  it('the schema itself holds the rule, even for a write that skips the service', () => {
    return (async () => {
      const first = await b.call('registrations.create', registrationInput(programmeId));
      const other = await b.call('registrations.create', registrationInput(programmeId));
      expect(() =>
        b.db
          .prepare(
            "INSERT INTO registrations (programme_id, region_code, trainee_id, enterprise_id, status, created_at, updated_at) VALUES (?, '330000', ?, ?, 'approved', 'x', 'x')",
          )
          .run(programmeId, other.trainee.id, first.enterprise.id),
      ).toThrow(/UNIQUE/);
      const foreign = (await b.call('programmes.create', { year: 2024, title: '另一个项目' })).id;
      const foreignSession = (await b.call('sessions.create', { programmeId: foreign, number: 1 })).id;
      expect(() => b.db.prepare('UPDATE registrations SET session_id = ? WHERE id = ?').run(foreignSession, first.id)).toThrow(
        /does not belong/,
      );
    })();
  });

  it('rejects invalid people and codes with every problem named, and writes nothing', async () => {
    const before = snapshot(b);
    const bad = registrationInput(programmeId, {
      trainee: { idNumber: '330102198005011234', mobile: '1380013800', email: 'not-an-email', gender: '女' },
      enterprise: { creditCode: '91330102MA2XXXXXXI' },
    });
    const err = await failure(b.call('registrations.create', bad));
    expect(err.code).toBe('VALIDATION');
    const codes = (err.details as { issues: { code: string; field: string }[] }).issues.map((i) => `${i.field}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['idNumber:ID_CHECKSUM', 'mobile:MOBILE_FORMAT', 'email:EMAIL_FORMAT', 'creditCode:CREDIT_CODE_FORMAT']),
    );
    expect(err.message).toMatch(/身份证/);
    expect(snapshot(b)).toBe(before);
  });

  it('a credit code that fails only its check character is accepted as a warning (early pilot codes exist)', async () => {
    const good = makeCreditCode({ areaCode: '330102', seq: 777 });
    const pilot = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await b.call('registrations.create', registrationInput(programmeId, { enterprise: { creditCode: pilot } }));
    expect(r.enterprise.creditCode).toBe(pilot);
  });

  it('rejecting needs a reason; a session from another programme is refused', async () => {
    const r = await b.call('registrations.create', registrationInput(programmeId));
    expect((await failure(b.call('registrations.setStatus', { id: r.id, status: 'rejected' }))).code).toBe('VALIDATION');
    const ok = await b.call('registrations.setStatus', { id: r.id, status: 'rejected', reason: '非企业主要负责人' });
    expect(ok).toMatchObject({ status: 'rejected', statusReason: '非企业主要负责人' });
    const foreign = (await b.call('programmes.create', { year: 2024, title: '另一个项目' })).id;
    const foreignSession = (await b.call('sessions.create', { programmeId: foreign, number: 1 })).id;
    const err = await failure(b.call('registrations.create', registrationInput(programmeId, { sessionId: foreignSession })));
    expect(err.message).toContain('不属于');
  });

  it('lists with filters and searches by name, pinyin, initials, ID tail, enterprise and credit code', async () => {
    const a = await b.call(
      'registrations.create',
      registrationInput(programmeId, { sessionId, trainee: { name: '欧阳娜娜' }, enterprise: { name: '宁波甬江新材料有限公司' } }),
    );
    await b.call('registrations.create', registrationInput(programmeId, { trainee: { name: '李四' }, regionCode: '440300' }));
    const q = (extra: object) => b.call('registrations.list', { programmeId, ...extra });
    expect((await q({})).total).toBe(2);
    expect((await q({ sessionNumber: 2 })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await q({ sessionNumber: 0 })).total).toBe(1);
    expect((await q({ regionCode: '440300' })).rows[0].regionName).toBe('深圳市');
    for (const s of ['欧阳', 'ouyang', 'oynn', 'OYNN', a.trainee.idNumber.slice(-4), '甬江', a.enterprise.creditCode.slice(8, 17)])
      expect(
        (await q({ search: s })).rows.map((r) => r.id),
        s,
      ).toEqual([a.id]);
    expect((await q({ search: '%' })).total).toBe(0);
    // The index follows edits at once.
    await b.call('registrations.update', { id: a.id, trainee: { name: '欧阳菲菲' } });
    expect((await q({ search: 'oyff' })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await q({ search: 'oynn' })).total).toBe(0);
    await b.call('registrations.setStatus', { id: a.id, status: 'withdrawn' });
    expect((await q({ status: 'withdrawn' })).rows.map((r) => r.id)).toEqual([a.id]);
  });
});
