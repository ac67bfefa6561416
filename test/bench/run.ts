/**
 * npm run bench: each figure beside a floor measured in the same run (the raw library doing the
 * same work), so the ratio holds on a noisy machine.
 *  1. Import of a generated 50,000-row 报名汇总表 through the real importer (dry run + commit) vs
 *     exceljs streaming read + prepared inserts in one transaction. Goal: ratio ≤ 1.3, peak RSS ≤ 250 MB.
 *  2. Search over 100,000 registrations (registrations.list with a search, first 50 rows) vs SQLite's
 *     own instr() scan of the same text. Goal: p95 ≤ 15 ms.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openBackend } from '../../electron/backend';
import { noCall } from '../../electron/services/context';
import { seedDemo } from '../../electron/services/demo';
import { listRegistrations } from '../../electron/services/registrations';
import { tempDir } from '../fixtures/backend';
import { writeBigSummary } from '../fixtures/bigFile';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 100_000);

function worker(mode: 'ours' | 'floor', file: string): { ms: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'importWorker.ts'), mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; maxRssMb: number };
}

const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function importBench(dir: string) {
  const file = path.join(dir, `summary-${ROWS}.xlsx`);
  await writeBigSummary(file, ROWS);
  console.log(`\n== 导入 import: ${ROWS} 行 (${(fs.statSync(file).size / 1e6).toFixed(1)} MB .xlsx)`);
  // Alternate the two, twice, and keep each one's best: the machine is shared and noisy.
  const runs = { ours: [] as { ms: number; maxRssMb: number }[], floor: [] as { ms: number; maxRssMb: number }[] };
  for (let i = 0; i < 2; i++) {
    runs.floor.push(worker('floor', file));
    runs.ours.push(worker('ours', file));
  }
  const best = (xs: { ms: number; maxRssMb: number }[]) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const o = best(runs.ours);
  const f = best(runs.floor);
  console.log(`floor (exceljs stream + prepared inserts): ${(f.ms / 1000).toFixed(2)} s, peak RSS ${f.maxRssMb.toFixed(0)} MB`);
  console.log(`ours  (importer: dry run + commit)       : ${(o.ms / 1000).toFixed(2)} s, peak RSS ${o.maxRssMb.toFixed(0)} MB`);
  console.log(`ratio ${(o.ms / f.ms).toFixed(2)} (goal ≤ 1.3); peak RSS ${o.maxRssMb.toFixed(0)} MB (goal ≤ 250 MB)`);
}

async function searchBench(dir: string) {
  console.log(`\n== 搜索 search: ${SEARCH_ROWS} 条报名`);
  const b = await openBackend({ dbPath: path.join(dir, 'search.db'), runtime: 'node' });
  await seedDemo(b.ctx, { year: 2025, trainees: SEARCH_ROWS }, noCall);
  const queries = ['张', '王伟', 'zw', 'wangwei', '1234', '科技', '9133', '宁波', '13900', '不存在的人'];
  listRegistrations(b.db, { programmeId: 1, offset: 0, limit: 50 }); // first call builds the index
  const ours: number[] = [];
  const floor: number[] = [];
  // The same text, searched by SQLite itself.
  const raw = b.db
    .prepare(
      `SELECT r.id FROM registrations r JOIN trainees t ON t.id = r.trainee_id JOIN enterprises e ON e.id = r.enterprise_id
       WHERE r.programme_id = 1 AND instr(lower(t.name || ' ' || t.name_pinyin || ' ' || t.name_initials || ' ' || t.id_number || ' ' ||
         t.mobile || ' ' || e.name || ' ' || e.credit_code), ?) > 0`,
    )
    .pluck();
  for (let round = 0; round < 10; round++)
    for (const q of queries) {
      let t = performance.now();
      raw.all(q);
      floor.push(performance.now() - t);
      t = performance.now();
      listRegistrations(b.db, { programmeId: 1, search: q, offset: 0, limit: 50 });
      ours.push(performance.now() - t);
    }
  console.log(`floor (raw SQLite instr scan)   : p50 ${p(floor, 0.5).toFixed(1)} ms, p95 ${p(floor, 0.95).toFixed(1)} ms`);
  console.log(
    `ours  (registrations.list, 50 rows): p50 ${p(ours, 0.5).toFixed(1)} ms, p95 ${p(ours, 0.95).toFixed(1)} ms (goal p95 ≤ 15 ms)`,
  );
  b.close();
}

(async () => {
  const dir = tempDir('ledger-bench-');
  try {
    await importBench(dir);
    await searchBench(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
