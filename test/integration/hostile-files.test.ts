/**
 * The importer on a hostile corpus of our own making (test/fixtures/xlsx/hostileFiles.ts): every
 * file is either refused with a clear Chinese message naming the limit, or read correctly, and
 * the error report is written for sparse, disordered, repeated, very wide and very long inputs.
 *
 * Cases about memory or time run in a child process with a 512 MB heap (the importer's budget):
 * a reader that built gigabytes would crash it, and one that took minutes would be killed at the
 * 60 s budget; both fail the test. Nothing here measures time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { readImportFile } from '../../electron/io/import';
import { readRows } from '../../electron/io/import/readTable';
import { writeErrorReport, type ReportProblem } from '../../electron/io/import/errorReport';
import { MAX_CELL_CHARS, MAX_IMPORT_ROWS } from '../../electron/io/import/limits';
import { writeHostileFiles, rowXml, traineeRow, HEADERS, writeSheetXlsx, type HostileFile } from '../fixtures/xlsx/hostileFiles';
import type { ProbeResult } from '../fixtures/xlsx/hostileProbe';
import { zipEntries } from '../fixtures/xlsx/rawXlsx';

const run = promisify(execFile);
const BUDGET_BYTES = 512 * 1024 * 1024;
const BUDGET_MS = 60_000;

let dir: string;
let files: Record<string, HostileFile>;
let probe: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-hostile-'));
  files = writeHostileFiles(dir);
  // A bundle run by plain node, as the app runs its bundled main process (and starts in a fraction of tsx's time).
  probe = path.join(dir, 'hostileProbe.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, '..', 'fixtures', 'xlsx', 'hostileProbe.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: probe,
    logLevel: 'silent',
  });
}, BUDGET_MS);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the probe under the budget; a heap blow-up or a hang makes it exit abnormally, which throws. */
async function probeRun(args: string[]): Promise<ProbeResult[]> {
  const { stdout } = await run(process.execPath, ['--max-old-space-size=512', probe, ...args], {
    encoding: 'utf8',
    timeout: BUDGET_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ProbeResult);
}

/** What readImportFile does with the file, read to the end. */
async function importOutcome(file: string): Promise<{ refused?: AppError; records?: number[] }> {
  try {
    const source = await readImportFile(file);
    const records: number[] = [];
    for await (const r of source.records) records.push(r.rowNumber);
    return { records };
  } catch (e) {
    if (e instanceof AppError) return { refused: e };
    throw e;
  }
}

const reasonOf = (e: AppError): unknown => (e.details as { reason?: string } | undefined)?.reason;

/** No internal names in what the user reads. */
function expectUserMessage(message: string, file: string): void {
  expect(message).toContain(path.basename(file));
  expect(message).not.toMatch(/dataBase64|file\.|xl\/|\.xml|Error|undefined|NaN/);
}

describe('heavy hostile files, each in a child process with a 512 MB heap and 60 s', () => {
  let results: Map<string, ProbeResult>;
  const heavyKeys = (): string[] => Object.keys(files).filter((k) => files[k].heavy);

  beforeAll(async () => {
    // One child per file, so that each has the whole budget to itself; two at a time (two cores).
    results = new Map();
    const queue = heavyKeys().map((k) => files[k].file);
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        try {
          const [r] = await probeRun(['read', file]);
          results.set(file, r);
        } catch (e) {
          // Killed at the time budget, or crashed out of heap: the case's own test reports it.
          const err = e as { signal?: string; code?: number; stderr?: string };
          results.set(file, {
            file,
            outcome: 'crashed',
            message: `exit ${err.code ?? ''} ${err.signal ?? ''} ${String(err.stderr).slice(-500)}`,
            ms: 0,
            maxRss: 0,
          });
        }
      }
    };
    await Promise.all([worker(), worker()]);
  }, BUDGET_MS * 8);

  it('covers the corpus: bombs, huge shared strings, a 50-million-character cell, a 1,048,573-row sheet, XFD-wide tables, CSV', () => {
    expect(heavyKeys()).toEqual(
      expect.arrayContaining(['bombZerosSheet', 'bombZerosSst', 'bombXmlLying', 'bombRatio', 'bombSst', 'sstCount', 'sstText']),
    );
    expect(heavyKeys()).toEqual(
      expect.arrayContaining(['cell50mInline', 'cell50mSst', 'rows1048573', 'wide', 'tooWide', 'csvCell50m', 'csvRows']),
    );
    expect(results.size).toBe(heavyKeys().length);
  });

  for (const key of [
    'bombZerosSheet',
    'bombZerosSst',
    'bombXmlLying',
    'bombRatio',
    'bombSst',
    'sstCount',
    'sstText',
    'cell50mInline',
    'cell50mSst',
    'rows1048573',
    'wide',
    'tooWide',
    'csvCell50m',
    'csvQuoted50m',
    'csvRows',
  ]) {
    it(`${key}: ${key === 'wide' ? 'read' : 'refused'} within the budget`, () => {
      const f = files[key];
      const r = results.get(f.file)!;
      expect(r, key).toBeDefined();
      expect(r.outcome, r.message).not.toBe('crashed');
      expect(r.maxRss).toBeLessThan(BUDGET_BYTES);
      if (f.expect.outcome === 'refused') {
        expect(r.outcome).toBe('refused');
        expect(r.code).toBe('VALIDATION');
        expect(r.reason).toBe(f.expect.reason);
        expect(r.message).toContain(f.expect.says);
        expectUserMessage(r.message!, f.file);
      } else {
        expect(r.outcome).toBe('read');
        expect(r.rows).toBe(f.expect.rows);
        expect(r.records).toBe(f.expect.rows! - 1);
      }
    });
  }

  it('says which limit and what to do', () => {
    const msg = (key: string): string => results.get(files[key].file)!.message!;
    expect(msg('rows1048573')).toContain('100,000 行');
    expect(msg('rows1048573')).toContain('一千人');
    expect(msg('rows1048573')).toContain('拆分');
    expect(msg('cell50mInline')).toContain(`${MAX_CELL_CHARS.toLocaleString('en-US')} 个字符`);
    expect(msg('csvCell50m')).toContain('第 3 行 C 列');
    expect(msg('bombZerosSheet')).toMatch(/6,1\d\d MB/);
    expect(msg('bombRatio')).toContain('压缩比');
    expect(msg('tooWide')).toContain('删除表格右侧多余的列');
    expect(msg('sstCount')).toContain('1,500,000');
    expect(MAX_IMPORT_ROWS).toBe(100_000);
  });
});

describe('light hostile files, in this process', () => {
  for (const key of [
    'cell3000',
    'sparse',
    'disordered',
    'truncated10',
    'truncated50',
    'truncated90',
    'truncatedEnd',
    'truncatedEocd',
    'badCrc',
    'doctypeSheet',
    'doctypeSst',
    'doctypeWorkbook',
    'docx',
    'docxRenamed',
    'pptx',
    'empty',
    'tooLarge',
    'csvWide',
  ]) {
    it(`${key}`, async () => {
      const f = files[key];
      expect(f.heavy).toBe(false);
      const got = await importOutcome(f.file);
      if (f.expect.outcome === 'refused') {
        expect(got.refused, `expected a refusal, read ${got.records?.length} records`).toBeInstanceOf(AppError);
        expect(got.refused!.code).toBe('VALIDATION');
        expect(reasonOf(got.refused!)).toBe(f.expect.reason);
        expect(got.refused!.message).toContain(f.expect.says);
        expectUserMessage(got.refused!.message, f.file);
      } else {
        expect(got.refused, got.refused?.message).toBeUndefined();
        const numbers: number[] = [];
        for await (const r of readRows(f.file)) numbers.push(r.rowNumber);
        expect(numbers).toEqual(f.expect.rowNumbers);
      }
    });
  }

  it('never expands an entity: a DOCTYPE in workbook.xml is ignored and the sheet name stays as written', async () => {
    const source = await readImportFile(files.doctypeWorkbook.file);
    expect(source.sheetName).toBe('&lol9;');
    await source.close();
  });

  it('says a Word document is a Word document, and an empty file is empty, by name', async () => {
    const word = (await importOutcome(files.docxRenamed.file)).refused!;
    expect(word.message).toMatch(/^「报名表（Word）\.xlsx」是 Word 文档，不是 Excel 表格/);
    const empty = (await importOutcome(files.empty.file)).refused!;
    expect(empty.message).toMatch(/^「报名表-空\.xlsx」文件是空的/);
  });

  it('reads the stray last row and the rows out of order as records, in file order', async () => {
    expect((await importOutcome(files.sparse.file)).records).toEqual([2, 3, 1_048_576]);
    expect((await importOutcome(files.disordered.file)).records).toEqual([2, 5, 3, 5, 4]);
  });
});

// ---------------------------------------------------------------------------------------------

/** Row numbers in the report's first sheet, as written in its XML. */
function reportRowNumbers(file: string): number[] {
  const xml = zipEntries(file).get('xl/worksheets/sheet1.xml')!.toString('utf8');
  return [...xml.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]));
}

async function readBook(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0];
}

const fillOf = (c: ExcelJS.Cell): string | undefined => (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

describe('the error report on hostile inputs', () => {
  it('writes a stray row at 1,048,576 as one row (in a 512 MB child, within the budget)', async () => {
    const out = path.join(dir, 'report-sparse.xlsx');
    const problems: ReportProblem[] = [
      { rowNumber: 2, column: 1, severity: 'error', message: '身份证号不对。' },
      { rowNumber: 1_048_576, column: 0, severity: 'warning', message: '这一行离表格太远。' },
    ];
    const pf = path.join(dir, 'problems-sparse.json');
    fs.writeFileSync(pf, JSON.stringify(problems));
    const [r] = await probeRun(['report', files.sparse.file, out, pf]);
    expect(r.outcome, r.message).toBe('read');
    expect(r.report).toEqual({ rows: 4, problemRows: 2, markedCells: 2 });
    expect(r.maxRss).toBeLessThan(BUDGET_BYTES);
    expect(reportRowNumbers(out)).toEqual([1, 2, 3, 1_048_576]);
    const ws = await readBook(out);
    expect(ws.getCell('A1048576').value).toBe('学员9');
    expect(fillOf(ws.getCell('A1048576'))).toBe('FFFFEB9C');
    expect(String(ws.getCell('E1048576').value)).toContain('离表格太远');
  });

  it('writes a stray row at 30,000 and problem rows beyond the source, in order', async () => {
    const src = path.join(dir, 'stray-30000.xlsx');
    writeSheetXlsx(src, [rowXml(1, HEADERS), rowXml(2, traineeRow(2)), rowXml(30_000, traineeRow(30_000))]);
    const out = path.join(dir, 'report-30000.xlsx');
    const summary = await writeErrorReport(src, out, [
      { rowNumber: 30_000, column: 2, severity: 'error', message: '企业名称为空。' },
      { rowNumber: 40_000, column: null, severity: 'error', message: '第 40000 行：源文件中没有这一行。' },
      { rowNumber: 15, column: null, severity: 'warning', message: '请核对。' },
    ]);
    expect(summary).toEqual({ rows: 5, problemRows: 3, markedCells: 1 });
    expect(reportRowNumbers(out)).toEqual([1, 2, 15, 30_000, 40_000]);
  });

  for (const windowBytes of [undefined, 1]) {
    it(`merges repeated rows and sorts rows out of order${windowBytes ? ', one window per row' : ''}`, async () => {
      const out = path.join(dir, `report-disordered-${windowBytes ?? 'default'}.xlsx`);
      const summary = await writeErrorReport(
        files.disordered.file,
        out,
        [
          { rowNumber: 5, column: 0, severity: 'error', message: '姓名重复。' },
          { rowNumber: 3, column: 1, severity: 'warning', message: '身份证号请核对。' },
          { rowNumber: 7, column: null, severity: 'error', message: '多出的一行。' },
        ],
        { windowBytes },
      );
      expect(summary).toEqual({ rows: 6, problemRows: 3, markedCells: 2 });
      expect(reportRowNumbers(out)).toEqual([1, 2, 3, 4, 5, 7]);
      const ws = await readBook(out);
      // Row 5 twice: the later value wins, cells the later row leaves empty keep the earlier ones.
      expect(ws.getCell('A5').value).toBe('学员5（重复）');
      expect(ws.getCell('B5').value).toBe(traineeRow(5)[1]);
      expect(fillOf(ws.getCell('A5'))).toBe('FFFFC7CE');
      expect(String(ws.getCell('A5').note)).toContain('姓名重复');
      // Row 2 twice: its note in E2 joined to its trainee.
      expect(ws.getCell('A2').value).toBe('学员2');
      expect(ws.getCell('E2').value).toBe('补充说明');
      expect(fillOf(ws.getCell('B3'))).toBe('FFFFEB9C');
      // 问题说明 after the widest of the first rows (E), header bold.
      expect(ws.getCell('F1').value).toBe('问题说明');
      expect(String(ws.getCell('F7').value)).toContain('多出的一行');
    });
  }

  it('writes 70,000 rows with two problems each (no spread over the problem list)', async () => {
    const problems: ReportProblem[] = [];
    for (let r = 10; r < 70_010; r++) {
      problems.push({ rowNumber: r, column: 0, severity: 'error', message: '姓名为空。' });
      problems.push({ rowNumber: r, column: 3, severity: 'warning', message: '信用代码请核对。' });
    }
    const out = path.join(dir, 'report-70k.xlsx');
    const summary = await writeErrorReport(files.sparse.file, out, problems);
    expect(summary).toEqual({ rows: 70_004, problemRows: 70_000, markedCells: 140_000 });
    const rows = reportRowNumbers(out);
    expect(rows).toHaveLength(70_004);
    expect(rows.every((n, i) => i === 0 || n > rows[i - 1])).toBe(true);
  }, 60_000);

  it('keeps 问题说明 inside Excel for a table reaching column XFD (16,384)', async () => {
    const out = path.join(dir, 'report-wide.xlsx');
    const summary = await writeErrorReport(files.wide.file, out, [
      { rowNumber: 2, column: 0, severity: 'error', message: '姓名不对。' },
      { rowNumber: 3, column: 16_383, severity: 'warning', message: 'XFD 列的说明请核对。' },
    ]);
    expect(summary.problemRows).toBe(2);
    const sheet = zipEntries(out).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toMatch(/<c r="XFD1"[^>]*t="(?:str|inlineStr)"><(?:v|is)>(?:<r><t>)?问题说明/);
    expect(sheet).toMatch(/<c r="XFD3"[^>]*>.*?XFD 列的说明请核对/);
    expect(sheet).toContain('<c r="A2"');
    expect(sheet).not.toMatch(/r="XF[E-Z]\d|r="XG|r="[A-Z]{4}\d/);
  });
});
