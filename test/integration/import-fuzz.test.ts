/**
 * Fuzzing the importer: 200 mutated copies of valid files (fixed seed, so every run tries the
 * same ones; test/fixtures/xlsx/mutations.ts) go through the whole read path — readImportFile,
 * every record, then the error report. Each must either be read or refused with an AppError
 * whose message is for a person; never another exception, never a hang. The cases run in one
 * child process with the importer's 512 MB heap; a hang is caught by its time budget.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMessySummary } from '../fixtures/xlsx/messySummary';
import { writeCsvFiles } from '../fixtures/xlsx/csvFiles';
import { writeMessyForm } from '../fixtures/xlsx/messyForm';
import { writeBigTable } from '../fixtures/xlsx/excelLayout';
import { writeMutants, type Mutant } from '../fixtures/xlsx/mutations';
import type { ProbeResult } from '../fixtures/xlsx/hostileProbe';

const SEED = 20250605;
const CASES = 200;
const BUDGET_MS = 120_000;

let dir: string;
let mutants: Mutant[];
let results: ProbeResult[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-fuzz-'));
  const sources = path.join(dir, 'sources');
  fs.mkdirSync(sources);
  const messy = await writeMessySummary(sources);
  const csv = writeCsvFiles(sources);
  const form = await writeMessyForm(sources);
  // Laid out as Excel lays it out (sheet before shared strings, dates as serials with a date style).
  const big = path.join(sources, 'big-80.xlsx');
  writeBigTable(big, 80);
  mutants = writeMutants(dir, [messy.file, big, form.file, csv.utf8Bom, csv.gb18030, csv.utf16Tabs, messy.file, big], CASES, SEED);

  const probe = path.join(dir, 'hostileProbe.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, '..', 'fixtures', 'xlsx', 'hostileProbe.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: probe,
    logLevel: 'silent',
  });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--max-old-space-size=512', probe, 'fuzz', ...mutants.map((m) => m.file)],
    {
      encoding: 'utf8',
      timeout: BUDGET_MS,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  results = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ProbeResult);
}, BUDGET_MS + 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`the importer on ${CASES} mutated files (seed ${SEED})`, () => {
  it('answers every one, in order', () => {
    expect(results.map((r) => r.file)).toEqual(mutants.map((m) => m.file));
  });

  it('reads each or refuses it with an AppError a person can act on; no other exception', () => {
    const bad = results
      .map((r, i) => ({ r, how: mutants[i].how }))
      .filter(({ r }) => !(r.outcome === 'read' || (r.outcome === 'refused' && r.code === 'VALIDATION')));
    expect(bad.map(({ r, how }) => `${how}: ${r.outcome} ${r.code ?? ''} ${r.message ?? ''}`)).toEqual([]);
    for (const r of results.filter((x) => x.outcome === 'refused')) {
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      expect(r.message).not.toMatch(/dataBase64|Error:|undefined|\[object/);
      expect(r.reason).toBeTruthy();
    }
  });

  it('exercises both paths: many files still read, many are refused, and a report was written for each read', () => {
    const read = results.filter((r) => r.outcome === 'read');
    const refused = results.filter((r) => r.outcome === 'refused');
    const reasons = new Set(refused.map((r) => r.reason));
    console.log(`[fuzz] ${read.length} read, ${refused.length} refused (${[...reasons].sort().join(', ')})`);
    expect(read.length).toBeGreaterThan(CASES / 10);
    expect(refused.length).toBeGreaterThan(CASES / 10);
    expect(reasons.size).toBeGreaterThanOrEqual(3);
    for (const r of read) expect(r.report?.rows).toBeGreaterThan(0);
    expect(Math.max(...results.map((r) => r.maxRss))).toBeLessThan(512 * 1024 * 1024);
  });
});
