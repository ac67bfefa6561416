/**
 * One measured run in its own process, so its peak RSS is its own:
 *   tsx test/bench/importWorker.ts ours|floor <file.xlsx>
 * Prints one JSON line: { ms, cpuMs, maxRssMb, rows, ... } (see WorkerResult in run.ts).
 *
 * ours : the importer as the window drives it, through the dispatcher, reading the file by path:
 *        imports.preview (dry run: read, extract, check every row) then imports.commit.
 * floor: the same file read by our own reader at its fastest (readRows: no header detection, no
 *        checks), plus the same rows inserted with prepared statements (trainee, enterprise,
 *        registration with its 期次) in one transaction. What no importer on this reader can beat.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openBackend } from '../../electron/backend';
import { readImportFile, readRows } from '../../electron/io/import';
import type { Input, Output } from '../../shared/contract';
import type { MethodName } from '../../shared/methodNames';
import { tempDir } from '../fixtures/backend';

/** The import's own peak and CPU time, taken before anything after it (the first list) can raise them. */
let peakRssMb = 0;
let cpuMs = 0;
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function ours(file: string): Promise<{ ms: number; rows: number; firstListMs: number; previewMs: number }> {
  const dir = tempDir('ledger-bench-');
  const b = await openBackend({ dbPath: path.join(dir, 'bench.db'), runtime: 'node' });
  const call = async <K extends MethodName>(method: K, input: Input<K>): Promise<Output<K>> => {
    const r = await b.dispatcher.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as Output<K>;
  };
  const programme = await call('programmes.create', { year: 2025, title: '基准' });
  for (let n = 1; n <= 9; n++) await call('sessions.create', { programmeId: programme.id, number: n });
  // The list screen is open before the import, as in the window: the search index exists.
  await call('registrations.list', { programmeId: programme.id, limit: 50 });
  const t0 = performance.now();
  const c0 = cpuNow();
  const preview = await call('imports.preview', { programmeId: programme.id, file: { path: file } });
  const previewMs = performance.now() - t0;
  const result = await call('imports.commit', { importId: preview.importId, strict: false });
  const ms = performance.now() - t0;
  cpuMs = cpuNow() - c0;
  if (result.imported !== preview.counts.rows || !result.imported)
    throw new Error(`imported ${result.imported} of ${preview.counts.rows}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  peakRssMb = process.resourceUsage().maxRSS / 1024;
  // Outside the timing: the first list after the commit, where the index takes in the new rows.
  const t1 = performance.now();
  const list = await call('registrations.list', { programmeId: programme.id, limit: 50 });
  const firstListMs = performance.now() - t1;
  if (list.total !== result.imported) throw new Error(`the list shows ${list.total} of ${result.imported} imported rows`);
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, rows: result.imported, firstListMs, previewMs };
}

async function floor(file: string): Promise<{ ms: number; rows: number; readRowsMs: number; readImportFileMs: number }> {
  const dir = tempDir('ledger-bench-');
  const b = await openBackend({ dbPath: path.join(dir, 'bench.db'), runtime: 'node' });
  const db = b.db;
  db.prepare("INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, '基准', 'x', 'x')").run();
  for (let n = 1; n <= 9; n++) db.prepare('INSERT INTO sessions (id, programme_id, number) VALUES (?, 1, ?)').run(n, n);
  const insT = db.prepare(
    "INSERT INTO trainees (id_number, name, gender, position, mobile, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
  );
  const insE = db.prepare(
    "INSERT INTO enterprises (credit_code, name, region_code, created_at, updated_at) VALUES (?, ?, '110000', 'x', 'x')",
  );
  const insR = db.prepare(
    "INSERT INTO registrations (programme_id, session_id, region_code, trainee_id, enterprise_id, created_at, updated_at) VALUES (1, ?, '110000', ?, ?, 'x', 'x')",
  );
  const t0 = performance.now();
  const c0 = cpuNow();
  // Rows are inserted as they stream (nothing kept), inside one transaction.
  let n = 0;
  db.exec('BEGIN IMMEDIATE');
  for await (const { rowNumber, cells: r } of readRows(file)) {
    if (rowNumber <= 3) continue; // title, 填报单位, header
    const t = insT.run(String(r[3]), String(r[1]), String(r[2]), String(r[4]), String(r[5])).lastInsertRowid;
    const e = insE.run(String(r[7]), String(r[6])).lastInsertRowid;
    // The row's 期次 (「第3期」 → session 3): the same rows as the importer writes, session included.
    insR.run(Number(/\d+/.exec(String(r[9]))?.[0] ?? 0) || null, t, e);
    n++;
  }
  db.exec('COMMIT');
  const ms = performance.now() - t0;
  cpuMs = cpuNow() - c0;
  peakRssMb = process.resourceUsage().maxRSS / 1024;
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
  // For the record, outside the timing: the reader alone, and the reader with header and fields.
  let t = performance.now();
  for await (const row of readRows(file)) void row;
  const readRowsMs = performance.now() - t;
  t = performance.now();
  const source = await readImportFile(file);
  for await (const rec of source.records) void rec;
  await source.close();
  return { ms, rows: n, readRowsMs, readImportFileMs: performance.now() - t };
}

const [mode, file] = process.argv.slice(2);
(mode === 'ours' ? ours(file) : floor(file)).then((r) => {
  // CPU time as well (all threads of the process): on a shared machine it moves less than the wall clock.
  console.log(JSON.stringify({ ...r, cpuMs, maxRssMb: peakRssMb }));
});
