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
  // Whole tables read from real .xlsx files in their tests; each import is one audited writeTx.
  'quotas.import': 'test/integration/quotas.test.ts',
  'contacts.import': 'test/integration/quotas.test.ts',
  'evaluation.import': 'test/integration/evaluation.test.ts',
  'followups.import': 'test/integration/followupImport.test.ts',
  'timetable.import': 'test/integration/timetableImport.test.ts',
};

describe('README: “Every change writes an audit row with the operator’s name”', () => {
  it('each mutation in the contract adds exactly one audit row, naming the method and the operator', async () => {
    b = await makeBackend();
    const tb = b;
    const ids: Record<string, number> = {};
    const last = (sql: string) => (tb.db.prepare(sql).pluck().get() as number | string) ?? 0;
    const steps: [MethodName, () => unknown, (value: unknown) => void][] = [
      ['settings.update', () => ({ operatorName: '审计员' }), () => {}],
      ['programmes.create', () => ({ year: 2025, title: '审计测试' }), (v) => (ids.programme = (v as { id: number }).id)],
      ['programmes.update', () => ({ id: ids.programme, plannedTrainees: 100 }), () => {}],
      ['sessions.create', () => ({ programmeId: ids.programme, number: 1 }), (v) => (ids.session = (v as { id: number }).id)],
      ['sessions.update', () => ({ id: ids.session, location: '杭州' }), () => {}],
      [
        'sessions.setSlots',
        () => ({
          sessionId: ids.session,
          slots: [
            { date: '2025-06-23', part: '上午', startTime: '08:30' },
            { date: '2025-06-23', part: '下午', startTime: '14:00' },
          ],
        }),
        () => {},
      ],
      [
        'registrations.create',
        () => registrationInput(ids.programme, { sessionId: ids.session }),
        (v) => (ids.registration = (v as { id: number }).id),
      ],
      ['registrations.update', () => ({ id: ids.registration, trainee: { position: '总经理' } }), () => {}],
      ['registrations.setStatus', () => ({ id: ids.registration, status: 'approved' }), () => {}],
      ['rosters.assignGroups', () => ({ sessionId: ids.session, groups: 1 }), () => {}],
      ['rosters.setPlace', () => ({ registrationId: ids.registration, seatNo: 7 }), () => {}],
      ['rosters.setLeader', () => ({ registrationId: ids.registration }), () => {}],
      [
        'rosters.move',
        () => {
          // A second session written straight to the store (sessions.create is audited above).
          const s2 = tb.db.prepare('INSERT INTO sessions (programme_id, number) VALUES (?, 2)').run(ids.programme).lastInsertRowid;
          return { registrationId: ids.registration, toSessionId: Number(s2) };
        },
        () => {},
      ],
      [
        'rosters.addFromWaitlist',
        () => {
          // Back on session 1's waitlist, straight in the store, so the steps below find it there again.
          tb.db.prepare("UPDATE registrations SET status = 'waitlisted', session_id = ? WHERE id = ?").run(ids.session, ids.registration);
          return { sessionId: ids.session };
        },
        () => {},
      ],
      [
        'attendance.mark',
        () => ({ registrationId: ids.registration, slotSeq: 1, at: '2025-06-23 08:20' }),
        (v) => (ids.batch = (v as { batch: string }).batch as unknown as number),
      ],
      ['attendance.undo', () => ({ batch: String(ids.batch) }), () => {}],
      [
        'attendance.leave',
        () => ({
          registrationId: ids.registration,
          slotSeqs: [2],
          requestedBy: '浙江省经信厅 王科长',
          approvedBy: '李处长',
          reason: '公务',
        }),
        () => {},
      ],
      [
        'attendance.backfill',
        () => ({
          sessionId: ids.session,
          marks: [{ registrationId: ids.registration, slotSeq: 1, status: '迟到', was: null, minutes: 10 }],
        }),
        () => {},
      ],
      ['attendance.closeSlot', () => ({ sessionId: ids.session, slotSeq: 1, at: '2025-06-23 12:00' }), () => {}],
      ['completion.rule.set', () => ({ programmeId: ids.programme, maxLate: 3 }), () => {}],
      ['completion.override', () => ({ registrationId: ids.registration, completed: true, reason: '经班委会认定' }), () => {}],
      [
        'quotas.set',
        () => ({ programmeId: ids.programme, cells: [{ sessionId: ids.session, regionCode: '330000', places: 5 }], reason: '初次分配' }),
        () => {},
      ],
      ['quotas.revert', () => ({ changeId: last('SELECT max(id) FROM quota_changes'), reason: '改回' }), () => {}],
      [
        'quotas.apportionApply',
        () => ({
          programmeId: ids.programme,
          sessionId: ids.session,
          allocations: [{ regionCode: '110000', places: 3 }],
          reason: '按权重',
        }),
        () => {},
      ],
      [
        'reallocations.apply',
        () => ({
          programmeId: ids.programme,
          moves: [{ fromSessionId: ids.session, fromRegion: '110000', toSessionId: ids.session, toRegion: '120000', places: 1 }],
          reason: '报名截止后调剂',
        }),
        (v) => (ids.reallocation = (v as { reallocation: { id: number } }).reallocation.id),
      ],
      ['reallocations.revert', () => ({ reallocationId: ids.reallocation, reason: '改回' }), () => {}],
      [
        'reallocations.promote',
        () => {
          // Waitlisted in 北京市, which holds 3 open places since the apportionment above.
          tb.db.prepare("UPDATE registrations SET status = 'waitlisted', region_code = '110000' WHERE id = ?").run(ids.registration);
          return { programmeId: ids.programme, registrationIds: [ids.registration] };
        },
        () => tb.db.prepare("UPDATE registrations SET status = 'approved' WHERE id = ?").run(ids.registration),
      ],
      ['quotas.confirm', () => ({ programmeId: ids.programme }), () => {}],
      ['contacts.set', () => ({ programmeId: ids.programme, regionCode: '330000', role: 'head', name: '张主任' }), () => {}],
      ['certificates.settings.set', () => ({ programmeId: ids.programme, pattern: 'SJ2025-{session:02}-{seq:03}' }), () => {}],
      ['certificates.printerOffset', () => ({ printer: '办公室打印机', dx: 1, dy: -1.5 }), () => {}],
      ['certificates.issue', () => ({ sessionId: ids.session }), () => {}],
      [
        'certificates.reissue',
        () => ({ number: last('SELECT number FROM certificates ORDER BY id DESC LIMIT 1'), reason: '遗失' }),
        () => {},
      ],
      [
        'certificates.revoke',
        () => ({ number: last('SELECT number FROM certificates ORDER BY id DESC LIMIT 1'), reason: '信息有误' }),
        () => {},
      ],
      ['rosters.withdraw', () => ({ registrationId: ids.registration, reason: '工作调动' }), () => {}],
      ['sessions.close', () => ({ sessionId: ids.session, reason: '培训结束' }), () => {}],
      ['sessions.reopen', () => ({ sessionId: ids.session, reason: '补录考勤' }), () => {}],
      ['programmes.copy', () => ({ fromId: ids.programme, year: 2026 }), () => {}],
      ['timetable.set', () => ({ sessionId: ids.session, courses: [{ slotSeq: 1, title: '企业战略', teacher: '王教授' }] }), () => {}],
      [
        'evaluation.setQuestionnaire',
        () => ({
          sessionId: ids.session,
          questionnaire: {
            aspects: ['课程设置', '师资力量', '组织管理', '实际效果'].map((name) => ({
              name,
              items: [{ key: `${name}-1`, text: `${name}总体` }],
            })),
            rateCourses: true,
            open: [],
          },
        }),
        () => {},
      ],
      ['evaluation.addResponse', () => ({ sessionId: ids.session, source: 'paper', ratings: { '课程设置-1': 5 } }), () => {}],
      ['evaluation.setDefinition', () => ({ definition: 'top3' }), () => {}],
      [
        'followups.add',
        () => ({
          enterpriseId: tb.db.prepare('SELECT enterprise_id FROM registrations WHERE id = ?').pluck().get(ids.registration) as number,
          date: '2025-09-01',
          kind: '回访',
          gained: ['高新技术企业'],
        }),
        (v) => (ids.followUp = (v as { id: number }).id),
      ],
      ['followups.update', () => ({ id: ids.followUp, notes: '已回访' }), () => {}],
      ['followups.delete', () => ({ id: ids.followUp, reason: '重复录入' }), () => {}],
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
      const row = tb.db.prepare('SELECT method, operator FROM audit_log ORDER BY id DESC LIMIT 1').get();
      expect(row, method).toEqual({ method, operator: '审计员' });
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
