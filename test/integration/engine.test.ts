/**
 * The engine worker under a long write, through the host (the same path the window and the browser
 * harness use): reads answer from the last committed state while an import commit runs, progress
 * keeps coming, cancel at any point leaves every table exactly as before, and a worker killed
 * mid-transaction is restarted with a message that says nothing was written.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHost, type EngineHost } from '../../electron/engine/host';
import type { Input, Output } from '../../shared/contract';
import type { MethodName } from '../../shared/methodNames';
import { AppError, type EngineNotice, type ProgressEvent } from '../../shared/result';
import { tempDir } from '../fixtures/backend';
import { writeBigSummary } from '../fixtures/bigFile';

const ROWS = 6000;
/** Enough rows that even a fast machine needs many 25 ms slices, so every cancel point is reached. */
const CANCEL_ROWS = 15_000;
let dir: string;
let dbPath: string;
let bigFile: string;
let engine: EngineHost;
const notices: EngineNotice[] = [];

async function call<K extends MethodName>(method: K, input: Input<K>, jobId?: string, onProgress?: (e: ProgressEvent) => void) {
  const r = await engine.dispatch(method, input, { jobId, onProgress });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<K>;
}

/** Every row of every table, read by a separate connection: equal before and after means nothing changed. */
function fingerprint(): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

const writing = (e: ProgressEvent) => e.message.startsWith('正在写入数据库：');

/** Starts a commit and resolves once `n` slices of it have been written (the commit goes on meanwhile). */
function commitUntil(importId: string, jobId: string, n: number) {
  const events: ProgressEvent[] = [];
  let reached!: () => void;
  const slices = new Promise<void>((resolve) => (reached = resolve));
  const result = engine.dispatch(
    'imports.commit',
    { importId },
    {
      jobId,
      onProgress: (e) => {
        events.push(e);
        if (events.filter(writing).length >= n) reached();
      },
    },
  );
  // A commit that ends before n slices fails the test below rather than waiting for ever.
  void result.then(() => reached());
  return { events, slices, result };
}

/** The big file names 第1期 … 第9期. */
async function programmeWithSessions(year: number, title: string): Promise<number> {
  const id = (await call('programmes.create', { year, title })).id;
  for (let number = 1; number <= 9; number++) await call('sessions.create', { programmeId: id, number });
  return id;
}

let programmeId: number;
beforeAll(async () => {
  dir = tempDir('ledger-engine-');
  dbPath = path.join(dir, 'ledger.db');
  bigFile = path.join(dir, 'big.xlsx');
  await writeBigSummary(bigFile, ROWS);
  engine = await startEngineHost({ dbPath, runtime: 'node' });
  engine.onNotice((n) => notices.push(n));
  await call('demo.seed', { year: 2025, trainees: 30 });
  // The big file goes to a programme whose sessions have no quota table: under the demo's quotas
  // most of its rows would (rightly) be stored as 候补, and this test is about the engine.
  programmeId = await programmeWithSessions(2024, '引擎测试');
}, 120_000);
afterAll(async () => {
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the engine worker', () => {
  it('answers contract calls, refuses malformed ones with Chinese messages', async () => {
    expect((await call('app.info', {})).dbPath).toBe(dbPath);
    const bad = await engine.dispatch('registrations.list', { programmeId: 'one' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await engine.dispatch('__proto__', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    // Input that cannot cross to the worker at all.
    const uncloneable = await engine.dispatch('app.info', { f: () => 1 });
    expect(uncloneable).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers reads from the last committed state while a long import commit runs, with steady progress', async () => {
    const before = (await call('registrations.list', { programmeId, limit: 1 })).total;
    const preview = await call('imports.preview', { programmeId, file: { path: bigFile } });
    expect(preview.counts.ok).toBe(ROWS);
    // The first answer carries a page, not every row.
    expect(preview.rows.length).toBeLessThan(ROWS);
    expect((await call('imports.rows', { importId: preview.importId, offset: ROWS - 10, limit: 50 })).rows).toHaveLength(10);

    const { events, slices, result: commit } = commitUntil(preview.importId, 'long-commit', 1);
    let settled = false;
    void commit.finally(() => (settled = true));
    await slices;
    // While the transaction is open, a read answers and sees none of its rows.
    const during: number[] = [];
    while (!settled) {
      const n = (await call('registrations.list', { programmeId, limit: 1 })).total;
      if (!settled) during.push(n);
    }
    const r = await commit;
    expect(r).toMatchObject({ ok: true, value: { imported: ROWS } });
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((n) => n === before)).toBe(true);
    expect((await call('registrations.list', { programmeId, limit: 1 })).total).toBe(before + ROWS);
    // Progress came in slices, not once at the end.
    expect(events.filter(writing).length).toBeGreaterThan(1);
    expect(events.at(-1)?.message).toBe('导入完成');
  }, 120_000);

  it('cancel at several points of a large commit leaves every table exactly as before', async () => {
    const other = path.join(dir, 'big-2.xlsx');
    await writeBigSummary(other, CANCEL_ROWS);
    // A new programme, so the same people are not already registered.
    const p2 = await programmeWithSessions(2026, '取消测试');
    const preview = await call('imports.preview', { programmeId: p2, file: { path: other } });
    expect(preview.counts.ok).toBe(CANCEL_ROWS);
    const before = fingerprint();
    for (const [when, afterSlices] of [
      ['before the first row', 0],
      ['after the first slice', 1],
      ['after a few slices', 3],
    ] as const) {
      const jobId = `cancel-${afterSlices}`;
      const { slices, result: commit } = commitUntil(preview.importId, jobId, afterSlices);
      await slices;
      expect(await call('jobs.cancel', { jobId }), when).toEqual({ cancelled: true });
      const r = await commit;
      expect(r, when).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(fingerprint(), when).toBe(before);
    }
    // The same dry run still commits afterwards: a cancelled commit wrote nothing and kept nothing.
    expect((await call('imports.commit', { importId: preview.importId })).imported).toBe(CANCEL_ROWS);
  }, 120_000);

  it('a worker killed mid-transaction is restarted; the caller and the window are told nothing was written', async () => {
    const third = path.join(dir, 'big-3.xlsx');
    await writeBigSummary(third, ROWS);
    const p3 = await programmeWithSessions(2027, '崩溃测试');
    const preview = await call('imports.preview', { programmeId: p3, file: { path: third } });
    const before = fingerprint();
    const { slices, result: commit } = commitUntil(preview.importId, 'crash', 1);
    await slices;
    const noticed = new Promise<EngineNotice>((resolve) => engine.onNotice(resolve));
    await engine.worker.terminate();
    const r = await commit;
    expect(r).toMatchObject({ ok: false, error: { code: 'ENGINE_RESTARTED', details: { saved: false } } });
    if (!r.ok) expect(r.error.message).toMatch(/导入报名表.*被中断.*没有提交/);
    expect((await noticed).message).toMatch(/已自动重新启动/);
    expect(engine.restarts).toBe(1);
    // The restarted worker answers, the store is as before, and the dry run (held by the dead worker) is gone.
    expect(fingerprint()).toBe(before);
    expect((await call('app.info', {})).dbPath).toBe(dbPath);
    expect(await engine.dispatch('imports.commit', { importId: preview.importId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(notices.length).toBe(1);
  }, 120_000);

  it('a worker killed while only reading loses nothing, and says so', async () => {
    await call('app.info', {});
    const noticed = new Promise<EngineNotice>((resolve) => engine.onNotice(resolve));
    await engine.worker.terminate();
    expect((await noticed).message).toMatch(/什么也没有丢失/);
    expect((await call('programmes.list', {})).length).toBeGreaterThan(0);
  });
});
