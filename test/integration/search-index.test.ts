/**
 * The registrations search index (registrationIndex.ts) through the real dispatcher and a real
 * SQLite file: it follows every committed write at once, without reading the whole store again,
 * never shows rows of an open, cancelled or failed import, and agrees with a plain SQL scan.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexStats } from '../../electron/services/registrationIndex';
import type { Input } from '../../shared/contract';
import type { ProgressEvent } from '../../shared/result';
import { makeBackend, snapshot, tempDir, type TestBackend } from '../fixtures/backend';
import { bigRow, writeBigSummary } from '../fixtures/bigFile';
import { makeCreditCode, makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

let b: TestBackend;
let programmeId: number;
let sessionIds: number[];
let dir: string;

beforeEach(async () => {
  b = await makeBackend();
  dir = tempDir('ledger-index-');
  programmeId = (await b.call('programmes.create', { year: 2025, title: '2025年度中小企业经营管理领军人才培训' })).id;
  sessionIds = [];
  for (let n = 1; n <= 9; n++) sessionIds.push((await b.call('sessions.create', { programmeId, number: n })).id);
});
afterEach(() => {
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Valid registration input with a trainee and an enterprise no other call of this file uses. */
let people = 0;
function input(pid: number, o: Parameters<typeof registrationInput>[1] = {}): Input<'registrations.create'> {
  people++;
  const idNumber = makeIdNumber({ areaCode: '330102', birth: `19${60 + Math.floor(people / 400)}0101`, seq: 2 * people + 1, gender: '男' });
  return registrationInput(pid, { ...o, trainee: { idNumber, gender: '男', ...o.trainee } });
}

const list = (q: Partial<Input<'registrations.list'>> = {}) => b.call('registrations.list', { programmeId, limit: 200_000, ...q });
const ids = async (q: Partial<Input<'registrations.list'>> = {}) => (await list(q)).rows.map((r) => r.id);
/** The index is shared by both connections of the file: its counters are the same through either. */
const stats = () => indexStats(b.readDb);

/** What the index must answer, computed by SQLite from scratch: the list order and a substring match. */
function scan(q: { programmeId: number; search?: string; status?: string; sessionNumber?: number; regionCode?: string }): number[] {
  const needle = q.search?.normalize('NFKC').replace(/\s+/g, '').toLowerCase() ?? '';
  return b.readDb
    .prepare(
      `SELECT r.id FROM registrations r JOIN trainees t ON t.id = r.trainee_id JOIN enterprises e ON e.id = r.enterprise_id
       LEFT JOIN sessions s ON s.id = r.session_id
       WHERE r.programme_id = @programmeId
         AND (@status IS NULL OR r.status = @status)
         AND (@session IS NULL OR (@session = 0 AND s.number IS NULL) OR s.number = @session)
         AND (@region IS NULL OR r.region_code = @region)
         AND instr(lower(t.name || ' ' || t.name_pinyin || ' ' || t.name_initials || ' ' || t.id_number || ' ' || t.mobile || ' ' ||
           e.name || ' ' || e.credit_code), @needle) > 0
       ORDER BY s.number IS NULL, s.number, r.region_code, r.id`,
    )
    .pluck()
    .all({
      programmeId: q.programmeId,
      status: q.status ?? null,
      session: q.sessionNumber ?? null,
      region: q.regionCode ?? null,
      needle,
    }) as number[];
}

describe('the search index follows single writes', () => {
  it('shows a create, an update and a status change at once, with no full rebuild', async () => {
    for (let i = 0; i < 5; i++) await b.call('registrations.create', input(programmeId, { sessionId: sessionIds[i] }));
    expect((await list()).total).toBe(5); // first use: the one build
    const { rebuilds, updates } = stats();

    const created = await b.call(
      'registrations.create',
      input(programmeId, { sessionId: sessionIds[2], trainee: { name: '司马相如' }, enterprise: { name: '成都蜀锦织造有限公司' } }),
    );
    expect(await ids({ search: '司马' })).toEqual([created.id]);
    expect(await ids({ search: 'smxr' })).toEqual([created.id]);
    expect(await ids({ search: '蜀锦' })).toEqual([created.id]);
    expect(await ids({ search: created.trainee.idNumber.slice(-6) })).toEqual([created.id]);

    await b.call('registrations.update', { id: created.id, trainee: { name: '卓文君' }, sessionId: sessionIds[6] });
    expect(await ids({ search: '司马' })).toEqual([]);
    expect(await ids({ search: 'zhuowenjun' })).toEqual([created.id]);
    expect(await ids({ sessionNumber: 7 })).toEqual([created.id]);
    expect(await ids({ sessionNumber: 3 })).not.toContain(created.id);

    await b.call('registrations.setStatus', { id: created.id, status: 'withdrawn' });
    expect(await ids({ status: 'withdrawn' })).toEqual([created.id]);
    expect(await ids({ status: 'submitted' })).not.toContain(created.id);

    expect(stats().rebuilds).toBe(rebuilds);
    expect(stats().updates).toBeGreaterThanOrEqual(updates + 3);
  });

  it('a corrected enterprise name shows in that enterprise’s registrations of other years too', async () => {
    const other = (await b.call('programmes.create', { year: 2024, title: '2024年度中小企业经营管理领军人才培训' })).id;
    const creditCode = makeCreditCode({ areaCode: '330102', seq: 777 });
    const old = await b.call('registrations.create', input(other, { enterprise: { creditCode, name: '宁波老字号有限公司' } }));
    const now = await b.call('registrations.create', input(programmeId, { enterprise: { creditCode, name: '宁波老字号有限公司' } }));
    expect(await ids({ programmeId: other, search: '老字号' })).toEqual([old.id]);
    const { rebuilds } = stats();
    await b.call('registrations.update', { id: now.id, enterprise: { name: '宁波新字号有限公司' } });
    expect(await ids({ programmeId: other, search: '新字号' })).toEqual([old.id]);
    expect(await ids({ programmeId: other, search: '老字号' })).toEqual([]);
    expect(stats().rebuilds).toBe(rebuilds);
  });

  it('a renumbered 期次 moves its registrations in the list and the filter, without a rebuild', async () => {
    const a = await b.call('registrations.create', input(programmeId, { sessionId: sessionIds[0] }));
    const c = await b.call('registrations.create', input(programmeId, { sessionId: sessionIds[1] }));
    expect(await ids()).toEqual([a.id, c.id]);
    const { rebuilds } = stats();
    await b.call('sessions.update', { id: sessionIds[0], number: 12 });
    expect(await ids()).toEqual([c.id, a.id]);
    expect(await ids({ sessionNumber: 12 })).toEqual([a.id]);
    expect(stats().rebuilds).toBe(rebuilds);
  });

  it('agrees with a plain SQL scan after a mix of writes', async () => {
    await b.call('demo.seed', { year: 2026, trainees: 400 });
    const demo = (await b.call('programmes.list', {})).find((p) => p.year === 2026)!.id;
    const some = await ids({ programmeId: demo });
    const { rebuilds } = stats();
    const regions = ['110000', '330000', '330200', '440300', '650000'];
    for (let k = 0; k < 60; k++) {
      const id = some[(k * 53) % some.length];
      if (k % 3 === 0)
        await b.call('registrations.update', { id, trainee: { name: `欧阳${'伟芳娜敏静丽强磊'[k % 8]}` }, regionCode: regions[k % 5] });
      else if (k % 3 === 1) await b.call('registrations.setStatus', { id, status: 'withdrawn' }).catch(() => undefined);
      else await b.call('registrations.create', input(demo, { regionCode: regions[k % 5] }));
    }
    for (const q of [
      {},
      { search: '欧阳' },
      { search: 'oy' },
      { search: '1234' },
      { search: '科技' },
      { search: '91' },
      { search: '张' },
      { search: 'x' },
      { status: 'withdrawn' as const },
      { regionCode: '330200' },
      { sessionNumber: 0 },
      { sessionNumber: 3, search: '有限' },
    ])
      expect(await ids({ programmeId: demo, ...q }), JSON.stringify(q)).toEqual(scan({ programmeId: demo, ...q }));
    expect(stats().rebuilds).toBe(rebuilds);
  });

  it('reads everything again when another process changed the file', async () => {
    const a = await b.call('registrations.create', input(programmeId, { trainee: { name: '王小二' } }));
    expect(await ids({ search: '王小二' })).toEqual([a.id]);
    const { rebuilds } = stats();
    const elsewhere = new Database(b.dbPath);
    try {
      elsewhere
        .prepare("UPDATE trainees SET name = '李大嘴', name_pinyin = 'lidazui', name_initials = 'ldz' WHERE id = ?")
        .run(a.trainee.id);
    } finally {
      elsewhere.close();
    }
    expect(await ids({ search: '李大嘴' })).toEqual([a.id]);
    expect(stats().rebuilds).toBe(rebuilds + 1);
  });

  it('after a restore (written into the file by another connection), shows the restored data', async () => {
    const kept = await b.call('registrations.create', input(programmeId, { trainee: { name: '留下来' } }));
    const backup = await b.call('backups.create', { reason: 'manual' });
    const gone = await b.call('registrations.create', input(programmeId, { trainee: { name: '不留下' } }));
    await b.call('registrations.setStatus', { id: kept.id, status: 'withdrawn' });
    expect(await ids({ search: '不留下' })).toEqual([gone.id]);
    await b.call('backups.restore', { file: backup.file });
    expect(await ids({ search: '不留下' })).toEqual([]);
    expect(await ids({ status: 'submitted' })).toEqual([kept.id]);
  });
});

describe('the search index and imports', () => {
  const ROWS = 8000;
  let file: string;

  beforeEach(async () => {
    file = path.join(dir, 'summary.xlsx');
    await writeBigSummary(file, ROWS);
    await list(); // the list screen is open: the index is built before the import
  });

  /** Row i of the file, found by its ID number. */
  const rowId = (i: number) => String(bigRow(i)[3]);

  it('shows an import only once it is committed, and a cancelled one never', async () => {
    const before = snapshot(b);
    const { rebuilds } = stats();
    const p = await b.call('imports.preview', { programmeId, file: { path: file } });
    expect(p.counts.ok).toBe(ROWS);

    // Cancel half-way: the first progress event after a slice means the transaction is open.
    const jobId = 'import-to-cancel';
    const seenDuring: number[] = [];
    let cancelled: Promise<unknown> | null = null;
    const result = await b.dispatcher.dispatch(
      'imports.commit',
      { importId: p.importId },
      {
        jobId,
        onProgress: (e: ProgressEvent) => {
          if (cancelled || !e.done || e.done >= ROWS) return;
          cancelled = (async () => {
            // Mid-transaction, the list (read connection) still shows the store as it was.
            seenDuring.push((await list()).total, (await list({ search: rowId(0) })).total);
            await b.call('jobs.cancel', { jobId });
          })();
        },
      },
    );
    await cancelled;
    expect(cancelled, 'the commit ran long enough to be cancelled half-way').not.toBeNull();
    expect(result.ok ? 'committed' : result.error.code).toBe('CANCELLED');
    expect(seenDuring).toEqual([0, 0]);
    expect((await list()).total).toBe(0);
    expect(await ids({ search: rowId(1) })).toEqual([]);
    expect(snapshot(b)).toBe(before);

    // The same dry run, committed to the end: every row, found at once, without a rebuild.
    const done = await b.call('imports.commit', { importId: p.importId });
    expect(done.imported).toBe(ROWS);
    expect((await list()).total).toBe(ROWS);
    for (const i of [0, 1, ROWS / 2, ROWS - 1])
      expect((await list({ search: rowId(i) })).rows.map((r) => r.trainee.idNumber)).toEqual([rowId(i)]);
    expect(await ids({ search: String(bigRow(7)[7]).slice(-9) })).toHaveLength(1);
    expect(stats().rebuilds).toBe(rebuilds);
  });

  it('never shows the rows of an import that failed and rolled back', async () => {
    const { rebuilds } = stats();
    const p = await b.call('imports.preview', { programmeId, file: { path: file } });
    // Between dry run and commit, row 6000's enterprise registers by hand: the commit must fail whole.
    const row = bigRow(6000);
    const typed = await b.call(
      'registrations.create',
      input(programmeId, { enterprise: { creditCode: String(row[7]), name: String(row[6]) }, regionCode: '110000' }),
    );
    const failed = await b.dispatcher.dispatch('imports.commit', { importId: p.importId });
    expect(failed.ok ? 'committed' : failed.error.message).toMatch(/重新预检/);
    expect(await ids()).toEqual([typed.id]);
    expect(await ids({ search: rowId(0) })).toEqual([]);
    expect(stats().rebuilds).toBe(rebuilds);
  });
});
