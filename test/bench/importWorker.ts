/**
 * One measured run in its own process, so its peak RSS is its own:
 *   tsx test/bench/importWorker.ts ours|floor <file.xlsx>
 * Prints one JSON line: { ms, maxRssMb, rows }.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openBackend } from '../../electron/backend';
import { noCall } from '../../electron/services/context';
import { commitImport, previewImport } from '../../electron/services/imports';
import { tempDir } from '../fixtures/backend';

async function ours(file: string): Promise<number> {
  const dir = tempDir('ledger-bench-');
  const b = await openBackend({ dbPath: path.join(dir, 'bench.db'), runtime: 'node' });
  const programmeId = (await b.dispatcher.dispatch('programmes.create', { year: 2025, title: '基准' })) as {
    ok: true;
    value: { id: number };
  };
  for (let n = 1; n <= 9; n++) await b.dispatcher.dispatch('sessions.create', { programmeId: programmeId.value.id, number: n });
  const t0 = performance.now();
  const preview = await previewImport(
    b.ctx,
    { programmeId: programmeId.value.id, file: { name: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') } },
    noCall,
  );
  const result = await commitImport(b.ctx, preview.importId, false, noCall);
  const ms = performance.now() - t0;
  if (result.imported !== preview.rows.length)
    throw new Error(`imported ${result.imported} of ${preview.rows.length}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

/** The raw libraries doing the same work: exceljs streaming read, prepared inserts in one transaction. */
async function floor(file: string): Promise<number> {
  const dir = tempDir('ledger-bench-');
  const b = await openBackend({ dbPath: path.join(dir, 'bench.db'), runtime: 'node' });
  const db = b.db;
  db.prepare("INSERT INTO programmes (id, year, title, created_at, updated_at) VALUES (1, 2025, '基准', 'x', 'x')").run();
  const t0 = performance.now();
  const rows: unknown[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  for await (const ws of reader) for await (const row of ws) if (row.number > 3) rows.push((row.values as unknown[]).slice(1));
  const insT = db.prepare(
    "INSERT INTO trainees (id_number, name, gender, position, mobile, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
  );
  const insE = db.prepare(
    "INSERT INTO enterprises (credit_code, name, region_code, created_at, updated_at) VALUES (?, ?, '110000', 'x', 'x')",
  );
  const insR = db.prepare(
    "INSERT INTO registrations (programme_id, region_code, trainee_id, enterprise_id, created_at, updated_at) VALUES (1, '110000', ?, ?, 'x', 'x')",
  );
  db.transaction(() => {
    for (const r of rows) {
      const t = insT.run(String(r[3]), String(r[1]), String(r[2]), String(r[4]), String(r[5])).lastInsertRowid;
      const e = insE.run(String(r[7]), String(r[6])).lastInsertRowid;
      insR.run(t, e);
    }
  })();
  const ms = performance.now() - t0;
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

const [mode, file] = process.argv.slice(2);
(mode === 'ours' ? ours(file) : floor(file)).then((ms) => {
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
});
