/**
 * Guarantees README.md states that had no test of their own: an audit row for every change, 30
 * backups kept, a new token at every start of the loopback transport, and the window page's CSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_KEEP, backupDatabase, listBackups } from '../../electron/db/backup';
import { startLoopbackServer } from '../../electron/ipc/httpTransport';
import { contract } from '../../shared/contract';
import type { MethodName } from '../../shared/methodNames';
import { makeBackend, type TestBackend } from '../fixtures/backend';
import { registrationInput } from '../fixtures/registrations';

const ROOT = path.resolve(__dirname, '../..');
let b: TestBackend | undefined;
afterEach(() => {
  b?.cleanup();
  b = undefined;
});

/** Mutations checked elsewhere, where their fixtures are (a real file to import, a backup to restore). */
const AUDITED_ELSEWHERE: Partial<Record<MethodName, string>> = {
  'imports.commit': 'test/integration/imports.test.ts',
  'backups.restore': 'the restore tests',
  // A mutation for ordering; it changes the store only to remember a column mapping (audited as imports.mapping).
  'imports.preview': 'test/integration/imports.test.ts',
};

describe('README: “Every change writes an audit row with the operator’s name”', () => {
  it('each mutation in the contract adds exactly one audit row, naming the method and the operator', async () => {
    b = await makeBackend();
    const tb = b;
    const ids: Record<string, number> = {};
    const steps: [MethodName, () => unknown, (value: unknown) => void][] = [
      ['settings.update', () => ({ operatorName: '审计员' }), () => {}],
      ['programmes.create', () => ({ year: 2025, title: '审计测试' }), (v) => (ids.programme = (v as { id: number }).id)],
      ['programmes.update', () => ({ id: ids.programme, plannedTrainees: 100 }), () => {}],
      ['sessions.create', () => ({ programmeId: ids.programme, number: 1 }), (v) => (ids.session = (v as { id: number }).id)],
      ['sessions.update', () => ({ id: ids.session, location: '杭州' }), () => {}],
      ['registrations.create', () => registrationInput(ids.programme), (v) => (ids.registration = (v as { id: number }).id)],
      ['registrations.update', () => ({ id: ids.registration, trainee: { position: '总经理' } }), () => {}],
      ['registrations.setStatus', () => ({ id: ids.registration, status: 'approved' }), () => {}],
      ['backups.create', () => ({ reason: 'manual' }), () => {}],
      ['demo.seed', () => ({ year: 2030, trainees: 5 }), () => {}],
    ];
    const mutations = (Object.keys(contract) as MethodName[]).filter((m) => contract[m].kind === 'mutation');
    // A new mutation must be added here (or to AUDITED_ELSEWHERE): this test then holds it to the rule.
    expect([...steps.map(([m]) => m), ...Object.keys(AUDITED_ELSEWHERE)].sort()).toEqual([...mutations].sort());

    const count = () => (tb.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    for (const [method, input, keep] of steps) {
      const before = count();
      const r = await tb.dispatcher.dispatch(method, input());
      expect(r.ok, `${method}: ${r.ok ? '' : r.error.message}`).toBe(true);
      if (r.ok) keep(r.value);
      expect(count(), method).toBe(before + 1);
      const last = tb.db.prepare('SELECT method, operator FROM audit_log ORDER BY id DESC LIMIT 1').get();
      expect(last, method).toEqual({ method, operator: '审计员' });
    }
  });
});

describe('README: “保留最近 30 份” / “30 kept”', () => {
  it('the 31st backup removes the oldest, by default', async () => {
    b = await makeBackend();
    expect(BACKUP_KEEP).toBe(30);
    const dir = path.join(b.dir, 'rotation');
    for (let i = 1; i <= 31; i++) await backupDatabase(b.db, dir, `r${i}`);
    const kept = listBackups(dir);
    expect(kept).toHaveLength(30);
    expect(kept.map((k) => k.reason)).not.toContain('r1');
    expect(kept[0].reason).toBe('r31');
    expect(fs.readdirSync(dir)).toHaveLength(30);
  });
});

describe('README: “a random token per start” of the loopback transport', () => {
  it('two starts get two different, long tokens', async () => {
    b = await makeBackend();
    const staticDir = path.join(ROOT, 'test/fixtures/static');
    const one = await startLoopbackServer({ dispatcher: b.dispatcher, staticDir });
    const two = await startLoopbackServer({ dispatcher: b.dispatcher, staticDir });
    try {
      expect(one.token).not.toBe(two.token);
      for (const t of [one.token, two.token]) expect(t).toMatch(/^[0-9a-f]{32,}$/);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe("README: “CSP script-src 'self'” in the window page", () => {
  it('renderer/index.html allows scripts from the app only: no inline, no eval, no plugins, no <base>', () => {
    const html = fs.readFileSync(path.join(ROOT, 'renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    // No inline <script> for the policy to have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
