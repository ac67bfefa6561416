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
  'settings.update': [{ operatorName: 5 }, { theme: 'dark' }, { operatorName: 'x'.repeat(51) }, null, { region: '浙江' }],
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
    { programmeId: 1, file: { path: '' } },
    { programmeId: 1, file: { path: 'relative/a.xlsx' } },
    { programmeId: 1, file: { path: '/tmp/a\0.xlsx' } },
    { programmeId: 1, file: { name: 'a.xlsx', dataBase64: 'UEsDBA==' } },
    { programmeId: 1, file: { path: '/tmp/a.xlsx' }, mapping: { 姓名: 'nickname' } },
    { programmeId: 1, file: { path: '/tmp/a.xlsx' }, sessionNumber: 0 },
  ],
  'imports.rows': [{}, { importId: 'x', status: 'bad' }, { importId: 'x', limit: 100000 }, { importId: 'x', offset: -1 }],
  'imports.commit': [{}, { importId: '' }, { importId: 'x', strict: 'yes' }, { importId: 'x', dryRun: 1 }],
  'imports.errorReport': [{}, { importId: 7 }, { importId: 'x', out: 'report.xlsx' }],
  'exports.summary': [{}, { programmeId: 1, sessionNumber: -1 }, { programmeId: 1, regionCode: 'ZJ' }, { programmeId: 1, out: 'x.xlsx' }],
  'exports.forms': [{ programmeId: 1 }, { programmeId: 1, format: 'docx' }, { programmeId: 1, format: 'pdf', registrationIds: ['a'] }],
  'registrations.setStatus': [{ id: 1 }, { id: 1, status: 'deleted' }, { id: 1, status: 'rejected', reason: 'x'.repeat(501) }],
  'overview.get': [{}, { programmeId: null }],
  'backups.list': [{ dir: '/etc' }],
  'backups.create': [{ reason: '../../etc/passwd' }, { reason: 7 }],
  'backups.restore': [{}, { file: '../ledger.db' }, { file: '/etc/passwd' }, { file: 'ledger-x.db', extra: 1 }],
  'audit.list': [{ limit: 0 }, { limit: 100000 }],
  'demo.seed': [{ trainees: 0 }, { year: 'next' }, { trainees: 1e9 }],
  'jobs.cancel': [{}, { jobId: '' }, { jobId: 5 }],
  'quotas.grid': [{}, { programmeId: 'one' }, { programmeId: 1, extra: 1 }],
  'quotas.set': [
    { programmeId: 1, cells: [], reason: 'x' },
    { programmeId: 1, cells: [{ sessionId: 1, regionCode: '330000', places: -1 }], reason: 'x' },
    { programmeId: 1, cells: [{ sessionId: 1, regionCode: '330000', places: 2.5 }], reason: 'x' },
    { programmeId: 1, cells: [{ sessionId: 1, regionCode: '浙江', places: 2 }], reason: 'x' },
    { programmeId: 1, cells: [{ sessionId: 1, regionCode: '330000', places: 2 }], reason: '' },
    { programmeId: 1, cells: [{ sessionId: 1, regionCode: '330000', places: 2 }], reason: 'x', source: 'import' },
    { programmeId: 1, cells: [{ sessionId: 1, regionCode: '330000', places: 2, colour: 'red' }], reason: 'x' },
  ],
  'quotas.history': [{}, { programmeId: 1, limit: 0 }, { programmeId: 1, regionCode: 'ZJ' }],
  'quotas.revert': [{}, { changeId: 1 }, { changeId: 1, reason: '' }, { changeId: 'last', reason: 'x' }],
  'quotas.confirm': [{}, { programmeId: 0 }],
  'quotas.apportionPreview': [
    { programmeId: 1, seats: 10, regions: [] },
    { programmeId: 1, seats: -1, regions: [{ regionCode: '330000', weight: '1' }] },
    { programmeId: 1, seats: 10, regions: [{ regionCode: '330000', weight: '-3' }] },
    { programmeId: 1, seats: 10, regions: [{ regionCode: '330000', weight: '1e5' }] },
    { programmeId: 1, seats: 10, regions: [{ regionCode: '330000', weight: '1' }], methods: ['borda'] },
  ],
  'quotas.apportionApply': [
    { programmeId: 1, allocations: [], reason: 'x' },
    { programmeId: 1, allocations: [{ regionCode: '330000', places: -2 }], reason: 'x' },
    { programmeId: 1, allocations: [{ regionCode: '330000', places: 2 }] },
  ],
  'quotas.export': [{}, { programmeId: 1, out: 'quotas.xlsx' }],
  'quotas.import': [
    { programmeId: 1 },
    { programmeId: 1, file: { path: 'a.xlsx' } },
    { programmeId: 1, file: { path: '/tmp/a.xlsx' }, dryRun: 'no' },
  ],
  'contacts.list': [{}, { programmeId: -1 }],
  'contacts.set': [
    { programmeId: 1, regionCode: '330000' },
    { programmeId: 1, regionCode: '330000', role: 'boss' },
    { programmeId: 1, regionCode: '330000', role: 'head', name: 'x'.repeat(51) },
    { programmeId: 1, regionCode: '330000', role: 'head', fax: '1' },
  ],
  'contacts.export': [{}, { programmeId: 1, outDir: 'here' }],
  'contacts.import': [{ programmeId: 1 }, { programmeId: 1, file: { path: '' } }],
  'sessions.slots': [{}, { sessionId: 0 }],
  'sessions.setSlots': [
    { sessionId: 1 },
    { sessionId: 1, slots: [{ date: '2025/6/1', part: '上午', startTime: '08:30' }] },
    { sessionId: 1, slots: [{ date: '2025-06-01', part: '中午', startTime: '08:30' }] },
    { sessionId: 1, slots: [{ date: '2025-06-01', part: '上午', startTime: '25:00' }] },
    { sessionId: 1, slots: [{ date: '2025-06-01', part: '上午', startTime: '08:30', kind: 'party' }] },
  ],
  'programmes.copy': [{}, { fromId: 1 }, { fromId: 1, year: 1999 }, { fromId: 1, year: 2026, title: '' }],
  'rosters.get': [{}, { sessionId: 'one' }],
  'rosters.assignGroups': [{ sessionId: 1 }, { sessionId: 1, groups: 0 }, { sessionId: 1, groups: 31 }],
  'rosters.waitlist': [{}, { sessionId: 0 }],
  'rosters.move': [
    { registrationId: 1 },
    { registrationId: 1, toSessionId: 'two' },
    { registrationId: 1, toSessionId: 2, overrideReason: '  ' },
  ],
  'rosters.withdraw': [{ registrationId: 1 }, { registrationId: 1, reason: '' }, { registrationId: 1, reason: 'x'.repeat(501) }],
  'rosters.addFromWaitlist': [{}, { sessionId: 1, count: 0 }, { sessionId: 1, count: 101 }, { sessionId: 1, overrideReason: '' }],
  'rosters.setPlace': [
    { registrationId: 1 },
    { registrationId: 1, groupNo: 0 },
    { registrationId: 1, seatNo: 10000 },
    { registrationId: 1, groupNo: '1' },
  ],
  'rosters.setLeader': [{}, { registrationId: 1, leader: 'yes' }, { registrationId: 1, groupNo: 1 }],
  'attendance.slots': [{}, { sessionId: -2 }],
  'attendance.now': [{}, { programmeId: 1, at: '08:52' }],
  'attendance.board': [{ sessionId: 1 }, { sessionId: 1, slotSeq: 0 }],
  'attendance.mark': [
    { registrationId: 1 },
    { registrationId: 1, slotSeq: 1, status: 'present' },
    { registrationId: 1, slotSeq: 1, at: '2025-07-22T08:52' },
    { registrationId: 1, slotSeq: 1, minutes: -5 },
    { registrationId: 1, slotSeq: 1, backfill: 'yes' },
  ],
  'attendance.undo': [{}, { batch: '' }],
  'attendance.closeSlot': [{ sessionId: 1 }, { sessionId: 1, slotSeq: 1, at: 'now' }],
  'attendance.leave': [
    { registrationId: 1, slotSeqs: [], requestedBy: 'a', approvedBy: 'b', reason: 'c' },
    { registrationId: 1, slotSeqs: [1], requestedBy: '', approvedBy: 'b', reason: 'c' },
    { registrationId: 1, slotSeqs: [1], requestedBy: 'a', approvedBy: 'b', reason: '  ' },
  ],
  'completion.rule.get': [{}, { programmeId: 1.5 }],
  'completion.rule.set': [
    { programmeId: 1, minAttendance: 1.2 },
    { programmeId: 1, maxLate: -1 },
    { programmeId: 1, maxAbsences: 2 },
  ],
  'completion.results': [{}, { sessionId: 1, at: 'yesterday' }],
  'attendance.signinSheet': [{}, { sessionId: 1, sortBy: 'name' }, { sessionId: 1, out: 'sheet.pdf' }, { sessionId: 1, date: '7月22日' }],
  'rosters.exportRoster': [{}, { sessionId: 1, format: 'docx' }, { sessionId: 1, out: 'roster.xlsx' }],
  'rosters.exportBadges': [{ sessionId: 0 }, { sessionId: 1, out: 'badges.pdf' }, { sessionId: 1, size: 'A5' }],
  'rosters.exportTableTents': [{}, { sessionId: 1, outDir: 'here' }],
  'attendance.exportReport': [{}, { sessionId: 1, at: '7月22日' }, { sessionId: 1, out: '' }],
  'attendance.backfill': [
    { sessionId: 1, marks: [] },
    { sessionId: 1, marks: [{ registrationId: 1, slotSeq: 1, status: 'present', was: null }] },
    { sessionId: 1, marks: [{ registrationId: 1, slotSeq: 1, status: '出勤' }] },
    { sessionId: 1, marks: [{ registrationId: 1, slotSeq: 1, status: '迟到', was: null, at: '8:52' }] },
  ],
  'attendance.leaves': [{}, { sessionId: 0 }],
  'completion.override': [
    { registrationId: 1, completed: true },
    { registrationId: 1, completed: 'yes', reason: 'x' },
    { registrationId: 1, completed: true, reason: '' },
  ],
  'certificates.settings.get': [{}, { programmeId: 0 }],
  'certificates.settings.set': [
    { programmeId: 1, pattern: 'LJ2025-{session:02}' },
    { programmeId: 1, pattern: 'lj-{seq}' },
    { programmeId: 1, pattern: 'A{seq}{seq}' },
    { programmeId: 1, template: { paper: { kind: 'A4-landscape', widthMm: 210, heightMm: 297 } } },
  ],
  'certificates.printerOffset': [
    { printer: '', dx: 0, dy: 0 },
    { printer: 'P', dx: 80, dy: 0 },
    { printer: 'P', dx: '1', dy: 0 },
  ],
  'certificates.issue': [{}, { sessionId: 1, issueDate: '2025/06/26' }],
  'certificates.register': [{}, { sessionId: 'one' }],
  'certificates.reissue': [{ number: 'X-1' }, { number: 'X-1', reason: '  ' }, { number: '', reason: '遗失' }],
  'certificates.revoke': [{ number: 'X-1' }, { number: 'X-1', reason: '' }],
  'certificates.export': [
    {},
    { sessionId: 1, out: 'relative.pdf' },
    { sessionId: 1, separate: true, out: '/tmp/x.pdf' },
    { sessionId: 1, numbers: [] },
  ],
  'certificates.calibration': [{}, { programmeId: 1, printer: '' }],
  'certificates.verify': [{}, { qr: '' }, { qr: 'x'.repeat(1001) }],
  'sessions.closure': [{}, { sessionId: 'one' }],
  'sessions.close': [{}, { sessionId: 1, reason: 'x'.repeat(501) }],
  'sessions.reopen': [{ sessionId: 1 }, { sessionId: 1, reason: '  ' }],
  'certifiedRoster.export': [{ sessionId: 1 }, { sessionId: 1, format: 'docx' }, { sessionId: 1, format: 'xlsx', out: 'roster.xlsx' }],
  'certifiedRoster.verify': [{}, { path: 'roster.xlsx' }, { path: '/tmp/a.xlsx', publicKeyPem: 'x'.repeat(10_001) }],
  'certificates.verifyFile': [{}, { path: 'relative.pdf' }, { path: '' }],
  'certificates.image': [{}, { path: 'seal.png' }, { path: 7 }],
  'signing.publicKey': [{ out: 'key.pem' }, { fingerprint: true }],
  'reallocations.standing': [{}, { programmeId: 'one' }, { programmeId: 1, sessionId: 0 }, { programmeId: 1, extra: 1 }],
  'reallocations.apply': [
    { programmeId: 1, moves: [], reason: '调剂' },
    { programmeId: 1, moves: [{ fromSessionId: 1, fromRegion: '110000', toSessionId: 1, toRegion: '120000', places: 0 }], reason: '调剂' },
    { programmeId: 1, moves: [{ fromSessionId: 1, fromRegion: '北京', toSessionId: 1, toRegion: '120000', places: 1 }], reason: '调剂' },
    { programmeId: 1, moves: [{ fromSessionId: 1, fromRegion: '110000', toSessionId: 1, toRegion: '120000', places: 1 }], reason: '' },
    { programmeId: 1, moves: [{ fromSessionId: 1, fromRegion: '110000', toSessionId: 1, toRegion: '120000', places: 1.5 }], reason: 'x' },
    {
      programmeId: 1,
      moves: [{ fromSessionId: 1, fromRegion: '110000', toSessionId: 1, toRegion: '120000', places: 1 }],
      reason: 'x',
      kind: 'auto',
    },
  ],
  'reallocations.revert': [{}, { reallocationId: 1 }, { reallocationId: 1, reason: '' }, { reallocationId: 'last', reason: 'x' }],
  'reallocations.history': [{}, { programmeId: -1 }],
  'reallocations.export': [{}, { programmeId: 1, out: 'relative.xlsx' }, { programmeId: 1, format: 'pdf' }],
  'reallocations.waitlist': [{}, { programmeId: 1, sessionId: 'all' }],
  'reallocations.promote': [
    { programmeId: 1, registrationIds: [] },
    { programmeId: 1, registrationIds: [0] },
    { programmeId: 1, registrationIds: ['7'] },
    { programmeId: 1, registrationIds: [1], reason: 'x'.repeat(501) },
  ],
  'timetable.list': [{}, { sessionId: 'a' }],
  'timetable.set': [
    { sessionId: 1 },
    { sessionId: 1, courses: [{ slotSeq: 0, title: '战略' }] },
    { sessionId: 1, courses: [{ slotSeq: 1, title: '' }] },
    { sessionId: 1, courses: [{ slotSeq: 1, title: '战略', kind: '自习' }] },
  ],
  'timetable.import': [
    { sessionId: 1, file: { path: 'relative.xlsx' } },
    { sessionId: 1, file: '/tmp/x.xlsx' },
    { sessionId: 1, file: { path: '/tmp/x.xlsx' }, dryRun: 'yes' },
    { file: { path: '/tmp/x.xlsx' } },
  ],
  'timetable.pdf': [{}, { sessionId: 0 }, { sessionId: 1, out: 'relative.pdf' }, { sessionId: 1, outDir: '' }],
  'evaluation.questionnaire': [{ sessionId: -1 }, {}],
  'evaluation.setQuestionnaire': [
    { sessionId: 1, questionnaire: { aspects: [], rateCourses: true, open: [] } },
    { sessionId: 1, questionnaire: { aspects: [{ name: '伙食', items: [{ key: 'a', text: 'b' }] }], rateCourses: true, open: [] } },
  ],
  'evaluation.addResponse': [
    { sessionId: 1, source: 'paper', ratings: { '课程设置-1': 6 } },
    { sessionId: 1, source: 'paper', ratings: { '课程设置-1': 0 } },
    { sessionId: 1, source: 'web', ratings: {} },
    { sessionId: 1, source: 'kiosk', ratings: { '课程设置-1': '5' } },
  ],
  'evaluation.import': [{ sessionId: 1, file: { path: 'relative.xlsx' } }, { sessionId: 1, file: 'x.xlsx' }, { sessionId: 1 }],
  'evaluation.report': [{ sessionId: 0 }, { programmeId: 1 }],
  'evaluation.setDefinition': [{ definition: 'top5' }, {}],
  'evaluation.questionnairePdf': [{ sessionId: 0 }, { sessionId: 1, out: 'relative.pdf' }],
  'evaluation.reportXlsx': [{}, { sessionId: 1, sessionIds: [1] }, { sessionIds: [] }],
  'evaluation.reportPdf': [{ sessionIds: ['1'] }, { sessionId: 1, format: 'pdf' }],
  'dashboard.get': [{}, { programmeId: 0 }, { programmeId: 1, chart: 'fill' }],
  'dashboard.list': [
    { programmeId: 1 },
    { programmeId: 1, chart: 'pie' },
    { programmeId: 1, chart: 'fill', regionCode: '11' },
    { programmeId: 1, chart: 'registrations', date: '2025/06/01' },
    { programmeId: 1, chart: 'satisfaction', sessionId: 1, aspect: '伙食' },
    { programmeId: 1, chart: 'attendance', sessionId: 1, slotSeq: 0 },
  ],
  'dashboard.reportPdf': [
    { programmeId: 1, charts: [] },
    { programmeId: 1, charts: Array.from({ length: 13 }, () => ({ title: '图', png: 'data:image/png;base64,iVBORw0KGgo=' })) },
    { programmeId: 1, charts: [{ title: '图', png: 'data:image/jpeg;base64,/9j/' }] },
    { programmeId: 1, charts: [{ title: '', png: 'data:image/png;base64,iVBORw0KGgo=' }] },
    { programmeId: 1, charts: [{ title: '图', png: 'data:image/png;base64,iVBORw0KGgo=' }], out: 'relative.pdf' },
  ],
  'dashboard.savePng': [
    { png: 'data:image/png;base64,@@@', name: '图' },
    { png: 'data:image/png;base64,iVBORw0KGgo=', name: '../evil' },
    { png: 'data:image/png;base64,iVBORw0KGgo=' },
    { png: 'data:image/png;base64,iVBORw0KGgo=', name: '图', out: 'x.png' },
  ],
  'enterprises.list': [{ regionCode: '33' }, { limit: 5001 }, { yearTrained: '2025' }, { search: 'x'.repeat(101) }, { programmeId: 1 }],
  'enterprises.get': [{}, { id: 0 }, { id: '1' }],
  'followups.add': [
    { enterpriseId: 1, date: '2025-02-30', kind: '回访' },
    { enterpriseId: 1, date: '2025-03-01', kind: '拜访' },
    { enterpriseId: 1, date: '2025-03-01', kind: '年度经营数据' },
    { enterpriseId: 1, date: '2025-03-01', kind: '回访', revenueWan: -1 },
    { enterpriseId: 1, date: '2025-03-01', kind: '回访', employees: 1.5 },
    { enterpriseId: 1, date: '2025-03-01', kind: '回访', gained: ['瞪羚企业'] },
    { enterpriseId: 1, date: '2025-03-01', kind: '回访', gained: ['高新技术企业'], lost: ['高新技术企业'] },
  ],
  'followups.update': [
    { id: 1, kind: '年度经营数据', year: null },
    { id: 1, patents: -2 },
    { id: 1, enterpriseId: 2 },
  ],
  'followups.delete': [{ id: 1 }, { id: 1, reason: '  ' }, { id: 'x', reason: '录错' }],
  'followups.import': [{ file: { path: 'relative.xlsx' } }, { file: { path: '/tmp/x.xlsx' }, regionCode: '浙江' }, {}],
  'enterprises.exportFiles': [{ out: 'relative.xlsx' }, { regionCode: 330000 }, { qualification: '' }],
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

  // Writes one at a time: test/integration/writeQueue.test.ts (a test that fails without the queue).

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
