/**
 * What a refused call says: inputs are named by their labels in shared/domain/fields.ts (never by
 * an internal key), and a constraint the schema enforces is told in Chinese, SQLite's English text
 * kept only in the details for 复制详情.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher, toErrorShape } from '../../electron/ipc/dispatcher';
import { createServices } from '../../electron/services';
import { contract } from '../../shared/contract';
import { inputFieldLabel } from '../../shared/domain/fields';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let programmeId: number;
beforeEach(async () => {
  b = await makeBackend();
  programmeId = (await b.call('programmes.create', { year: 2025, title: '消息测试' })).id;
});
afterEach(() => b.cleanup());

async function refusal(method: string, input: unknown) {
  const before = snapshot(b);
  const r = await b.dispatcher.dispatch(method, input);
  expect(snapshot(b)).toBe(before);
  if (r.ok) throw new Error(`${method} should have been refused`);
  return r.error;
}

describe('bad input is named by its label', () => {
  it('an enterprise name is 企业名称, not a person’s 姓名', async () => {
    const input = registrationInput(programmeId, { enterprise: { name: '' } });
    const e = await refusal('registrations.create', input);
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('企业名称：');
    expect(e.message).not.toContain('姓名：');
  });

  it('keys outside the form have Chinese names too, never the key itself', async () => {
    const cases: [string, unknown, string][] = [
      ['settings.update', { operatorName: 5 }, '操作员姓名：'],
      ['registrations.list', { programmeId, limit: 0 }, '条数：'],
      ['sessions.create', { programmeId, number: 3, startDate: '2025/7/1' }, '开始日期：'],
      ['registrations.setStatus', { id: 1, status: 'rejected', reason: 'x'.repeat(501) }, '原因：'],
      ['exports.forms', { programmeId, format: 'docx' }, '文件格式：'],
    ];
    for (const [method, input, label] of cases) {
      const e = await refusal(method, input);
      expect(e.message, method).toContain(label);
      expect(e.message, method).not.toMatch(/\b[a-z]+[A-Z]\w*|\w+\.\w+：/);
    }
  });

  /** Every key of every contract input, with the key that holds it. */
  function inputPaths(schema: z.ZodType, at: string[] = []): string[][] {
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    switch (def.type) {
      case 'object':
        return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, s]) => [[...at, k], ...inputPaths(s, [...at, k])]);
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        return inputPaths(def.innerType as z.ZodType, at);
      case 'array':
        return inputPaths(def.element as z.ZodType, [...at, '0']);
      case 'record':
        return inputPaths(def.valueType as z.ZodType, [...at, 'x']);
      case 'pipe':
        return inputPaths(def.in as z.ZodType, at);
      default:
        return [];
    }
  }

  it('every key of every method’s input has a label', () => {
    const unnamed = Object.entries(contract).flatMap(([method, m]) =>
      inputPaths(m.input as z.ZodType)
        .filter((p) => !inputFieldLabel(p))
        .map((p) => `${method}: ${p.join('.')}`),
    );
    expect(unnamed).toEqual([]);
    expect(inputFieldLabel(['enterprise', 'name'])).toBe('企业名称');
    expect(inputFieldLabel(['trainee', 'name'])).toBe('姓名');
    expect(inputFieldLabel(['mapping', '学员姓名'])).toBe(inputFieldLabel(['mapping']));
    expect(inputFieldLabel(['constructor'])).toBe('');
  });
});

describe('a constraint failure is told in Chinese', () => {
  /** The error SQLite raises for `sql`, run on the real test database. */
  function sqliteError(sql: string, ...params: unknown[]): unknown {
    try {
      b.db.prepare(sql).run(...params);
    } catch (e) {
      return e;
    }
    throw new Error(`expected ${sql} to fail`);
  }

  it('unique, foreign key, check, not null and trigger failures: no English, the raw text in the details', async () => {
    const person = (seq: number) => ({ trainee: { idNumber: makeIdNumber({ areaCode: '330102', seq, gender: '男' }) } });
    const first = await b.call('registrations.create', registrationInput(programmeId, person(11)));
    const other = await b.call('registrations.create', registrationInput(programmeId, person(13)));
    // Withdrawn: its trainee is free, so only the enterprise rule is broken below.
    await b.call('registrations.setStatus', { id: other.id, status: 'withdrawn' });
    const foreign = (await b.call('programmes.create', { year: 2024, title: '另一个项目' })).id;
    const foreignSession = (await b.call('sessions.create', { programmeId: foreign, number: 1 })).id;
    const t = "'2025-01-01'";
    const cases: [sql: string, params: unknown[], expected: RegExp][] = [
      [`INSERT INTO programmes (year, title, created_at, updated_at) VALUES (2025, '消息测试', ${t}, ${t})`, [], /同名的培训项目/],
      [
        `INSERT INTO registrations (programme_id, region_code, trainee_id, enterprise_id, status, created_at, updated_at) VALUES (?, '330000', ?, ?, 'approved', ${t}, ${t})`,
        [programmeId, other.trainee.id, first.enterprise.id],
        /该企业本年度已有报名/,
      ],
      [`INSERT INTO settings (key, value) VALUES ('operatorName', 'x'), ('operatorName', 'y')`, [], /重复/],
      [`INSERT INTO sessions (programme_id, number) VALUES (987654, 1)`, [], /引用的记录不存在/],
      [`UPDATE programmes SET planned_trainees = -1 WHERE id = ?`, [programmeId], /超出台账允许的范围/],
      [`UPDATE programmes SET title = NULL WHERE id = ?`, [programmeId], /缺少必填/],
      [`UPDATE registrations SET session_id = ? WHERE id = ?`, [foreignSession, first.id], /期次不属于该培训项目/],
    ];
    for (const [sql, params, expected] of cases) {
      const raw = sqliteError(sql, ...params) as Error & { code: string };
      expect(raw.code, sql).toMatch(/^SQLITE_CONSTRAINT/);
      const e = toErrorShape(raw);
      expect(e.code, sql).toBe('CONFLICT');
      expect(e.message, sql).toMatch(expected);
      expect(e.message, sql).toContain('未作改动');
      expect(e.message, sql).not.toMatch(/[A-Za-z]{3,}/);
      expect(e.details, sql).toMatchObject({ sqlite: raw.code, raw: raw.message });
    }
  });

  it('through the dispatcher: a write the services did not guard answers CONFLICT in Chinese and changes nothing', async () => {
    const services = createServices(b.ctx);
    const dispatcher = createDispatcher({
      ...services,
      // A mutation that breaks a rule after a first, good write in the same transaction.
      'settings.update': () =>
        b.db.transaction(() => {
          b.db
            .prepare("INSERT INTO settings (key, value) VALUES ('organisation', '某单位') ON CONFLICT DO UPDATE SET value = excluded.value")
            .run();
          b.db.prepare('INSERT INTO sessions (programme_id, number) VALUES (987654, 1)').run();
          return { operatorName: '', organisation: '', region: '' };
        })(),
    });
    const before = snapshot(b);
    const r = await dispatcher.dispatch('settings.update', { organisation: '某单位' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { sqlite: 'SQLITE_CONSTRAINT_FOREIGNKEY' } } });
    if (!r.ok) expect(r.error.message).not.toMatch(/FOREIGN|constraint/i);
    expect(snapshot(b)).toBe(before);
  });
});
