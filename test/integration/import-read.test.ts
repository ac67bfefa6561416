/**
 * The spreadsheet reading layer of the importer, on real files written to a temp folder: the messy
 * 报名汇总表 as .xlsx and as four kinds of CSV, a 学员报名表 form, a 1904-date workbook, broken files,
 * cancellation, a 50,000-row table under a memory ceiling, and the error report read back.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEnterprise, checkTrainee } from '../../shared/domain/checkRegistration';
import { parseDateValue } from '../../shared/domain/dates';
import { AppError } from '../../shared/result';
import { neutraliseFormula } from '../../electron/io/xlsxSafe';
import { readImportFile, type ExtractedRow, type ImportSource } from '../../electron/io/import';
import { inspectFile, peekRows, readRows, type RawRow } from '../../electron/io/import/readTable';
import { applyMapping, detectHeader, mappingSignature, type TableHeader } from '../../electron/io/import/detectHeader';
import { columnLetter, extractRows, type SkippedRow } from '../../electron/io/import/extractRows';
import { writeErrorReport, type ReportProblem } from '../../electron/io/import/errorReport';
import {
  REPORTING_UNIT,
  TITLE,
  writeMessySummary,
  writeSpecXlsx,
  messyTable,
  type ExpectedIssue,
  type MessySummary,
} from '../fixtures/xlsx/messySummary';
import { writeCsvFiles, type CsvFixtures } from '../fixtures/xlsx/csvFiles';
import { FORM_TITLE, writeMessyForm } from '../fixtures/xlsx/messyForm';
import { writeBigTable, writeDate1904Workbook } from '../fixtures/xlsx/excelLayout';
import { writeBrokenFiles, type BrokenFile } from '../fixtures/xlsx/brokenFiles';
import { isQuotePrefixedText, rawCell } from '../fixtures/xlsx/rawXlsx';

let dir: string;
let messy: MessySummary;
let csv: CsvFixtures;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-import-read-'));
  messy = await writeMessySummary(dir);
  csv = writeCsvFiles(dir);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const reasonOf = (e: AppError): unknown => (e.details as { reason?: string } | undefined)?.reason;

/** What the importer's checks say about each record: the shared checks plus duplicates inside the file. */
function checkRecords(records: ExtractedRow[], date1904 = false): Map<number, { issues: ExpectedIssue[]; clean: Record<string, unknown> }> {
  const out = new Map<number, { issues: ExpectedIssue[]; clean: Record<string, unknown> }>();
  const seenCode = new Set<string>();
  const seenId = new Set<string>();
  for (const r of records) {
    const v = r.values;
    const t = checkTrainee({ ...v, name: v.name, idNumber: v.idNumber }, { date1904, today: new Date(Date.UTC(2025, 5, 1)) });
    const e = checkEnterprise({ ...v, name: v.enterpriseName, creditCode: v.creditCode }, { date1904 });
    const issues: ExpectedIssue[] = [...t.issues, ...e.issues].map((i) => ({ field: i.field as ExpectedIssue['field'], code: i.code }));
    const code = e.value.creditCode;
    if (code.length === 18) {
      if (seenCode.has(code)) issues.push({ field: 'creditCode', code: 'DUPLICATE_ENTERPRISE_IN_FILE' });
      seenCode.add(code);
    }
    const id = t.value.idNumber;
    if (id.length === 18) {
      if (seenId.has(id)) issues.push({ field: 'idNumber', code: 'DUPLICATE_PERSON_IN_FILE' });
      seenId.add(id);
    }
    out.set(r.rowNumber, {
      issues,
      clean: {
        ...t.value,
        enterpriseName: e.value.name,
        creditCode: e.value.creditCode,
        foundedOn: e.value.foundedOn,
        revenueWan: e.value.revenueWan,
      },
    });
  }
  return out;
}

const sortIssues = (list: ExpectedIssue[]): string[] => list.map((i) => `${i.field}:${i.code}`).sort();

async function readAll(file: string): Promise<{ source: ImportSource; records: ExtractedRow[] }> {
  const source = await readImportFile(file);
  const records = await collect(source.records);
  return { source, records };
}

// ---------------------------------------------------------------------------------------------

describe('readRows: the messy .xlsx, cell by cell', () => {
  it('reads the first sheet with data, skips the empty template sheet, and reports the date system', async () => {
    const info = await inspectFile(messy.file);
    expect(info).toEqual({ kind: 'xlsx', date1904: false, sheetName: '报名汇总表' });
  });

  it('gives plain values: rich text, formula results, hyperlinks, error values, Dates, numbers', async () => {
    const progress: [number, number][] = [];
    const rows = await collect(readRows(messy.file, { onProgress: (a, b) => progress.push([a, b]) }));
    const byNumber = new Map(rows.map((r) => [r.rowNumber, r.cells]));
    // Row 11 is blank: not yielded, and the numbers of the others are those Excel shows.
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(byNumber.get(1)).toEqual([TITLE]);
    expect(byNumber.get(9)![1]).toBe('欧阳娜娜');
    expect(byNumber.get(9)![9]).toBe('温州瓯海电器有限公司');
    expect(byNumber.get(9)![15]).toBe('第一行\n第二行');
    expect(byNumber.get(5)![7]).toBe('zhangsan@example.com');
    expect(byNumber.get(13)![11]).toBe('#N/A');
    expect(byNumber.get(5)![3]).toEqual(new Date(Date.UTC(1980, 4, 1)));
    expect(byNumber.get(6)![3]).toBe(30000);
    expect(typeof byNumber.get(7)![4]).toBe('number');
    expect(byNumber.get(3)).toEqual([
      '序号',
      '姓名',
      '学员信息',
      null,
      null,
      null,
      null,
      null,
      null,
      '企业信息',
      null,
      null,
      null,
      null,
      null,
      '备注',
    ]);
    // Progress by bytes, rising to the total.
    expect(progress.length).toBeGreaterThan(1);
    const [lastRead, total] = progress[progress.length - 1];
    expect(lastRead).toBe(total);
    expect(progress.every(([a], i) => i === 0 || a >= progress[i - 1][0])).toBe(true);
  });

  it('returns the TableInfo as the generator result and through onInfo', async () => {
    let seen: unknown = null;
    const gen = readRows(messy.file, { onInfo: (i) => (seen = i) });
    let r = await gen.next();
    while (!r.done) r = await gen.next();
    expect(r.value).toEqual({ kind: 'xlsx', date1904: false, sheetName: '报名汇总表' });
    expect(seen).toEqual(r.value);
  });
});

describe('detectHeader', () => {
  it('finds the two-row merged header under the title and the 填报单位 line', async () => {
    const { head } = await peekRows(readRows(messy.file), 30);
    const h = detectHeader(head) as TableHeader;
    expect(h.layout).toBe('table');
    expect(h).toMatchObject({
      headerRow: 3,
      headerRows: 2,
      dataStartRow: 5,
      titleText: TITLE,
      reportingUnit: REPORTING_UNIT,
      unmapped: [],
      missingRequired: [],
    });
    const byLetter = Object.fromEntries(h.columns.filter((c) => c.field).map((c) => [c.field, columnLetter(c.index)]));
    expect(byLetter).toEqual(messy.spec.columns);
    expect(h.columns[0]).toEqual({ index: 0, header: '序号', field: null });
    expect(h.columns.find((c) => c.field === 'idNumber')!.header).toBe('身份证号码（18位）');
  });

  const row = (rowNumber: number, cells: unknown[]): RawRow => ({ rowNumber, cells });

  it('reads a one-row header, a 填报单位 in its own cell, and lists unknown and missing columns', () => {
    const h = detectHeader([
      row(1, ['2025年度报名汇总表']),
      row(2, ['填报单位（盖章）：', '宁波市经济和信息化局', null, '填报日期：2025年6月8日']),
      row(4, ['序号', '学员姓名', '身份证号', '性别', '工作单位', '主营产品']),
      row(5, [1, '张三', '330106198005010117', '男', '某公司', '阀门']),
    ]) as TableHeader;
    expect(h).toMatchObject({
      headerRow: 4,
      headerRows: 1,
      dataStartRow: 5,
      reportingUnit: '宁波市经济和信息化局',
      titleText: '2025年度报名汇总表',
    });
    expect(h.columns.map((c) => c.field)).toEqual([null, 'name', 'idNumber', 'gender', 'enterpriseName', null]);
    expect(h.unmapped).toEqual(['主营产品']);
    expect(h.missingRequired).toEqual(['creditCode']);
  });

  it('takes a row of hints under the header (（yyyy.mm）, 必填) as part of the header', () => {
    const h = detectHeader([
      row(1, ['姓名', '身份证号', '出生年月', '企业名称', '统一社会信用代码']),
      row(2, [null, '（必填，18位）', '（yyyy.mm）', null, '必填']),
      row(3, ['张三', '330106198005010117', '1980.05', '某公司', '91330106MA0000015K']),
    ]) as TableHeader;
    // Row 2 only explains how to fill column C: it belongs to the header, the data starts below it.
    expect(h).toMatchObject({ headerRow: 1, headerRows: 2, dataStartRow: 3 });
    expect(h.columns.map((c) => c.field)).toEqual(['name', 'idNumber', 'birthDate', 'enterpriseName', 'creditCode']);
  });

  it('refuses a sheet without a recognisable header, saying what a header needs', () => {
    let caught: unknown;
    try {
      detectHeader([row(1, ['张三', '男', '330106198005010117']), row(2, ['李四', '女', '330106198202180022'])]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('VALIDATION');
    expect((caught as AppError).message).toContain('没有找到表头');
  });

  it('lets the user mapping win, taking the field from any other column', () => {
    const cols = [
      { index: 0, header: '姓名', field: 'name' as const },
      { index: 1, header: '联系电话', field: 'mobile' as const },
      { index: 2, header: '手机（本人）', field: null },
      { index: 3, header: '推荐单位', field: 'region' as const },
    ];
    const mapped = applyMapping(cols, { '手机(本人)': 'mobile', 推荐单位: null, 姓名: 'bogus' as never });
    expect(mapped.map((c) => c.field)).toEqual(['name', null, 'mobile', null]);
  });

  it('gives the same signature to the same header shape, whatever the spaces and widths', () => {
    const a = mappingSignature(['序号', '姓名', '身份证号码（18位）', '企业名称', '']);
    expect(mappingSignature(['序 号', ' 姓名 ', '身份证号码(18位)', '企业名称'])).toBe(a);
    expect(mappingSignature(['序号', '姓名', '企业名称', '身份证号码'])).not.toBe(a);
    expect(a).toMatch(/^h1:[0-9a-f]{20}$/);
  });
});

describe('extractRows and the shared checks, row by row', () => {
  const variants = (): { name: string; file: string; csv: boolean }[] => [
    { name: 'xlsx', file: messy.file, csv: false },
    { name: 'CSV UTF-8 with BOM', file: csv.utf8Bom, csv: true },
    { name: 'CSV UTF-8 without BOM', file: csv.utf8, csv: true },
    { name: 'CSV GB18030', file: csv.gb18030, csv: true },
    { name: 'Unicode text (UTF-16LE, tabs)', file: csv.utf16Tabs, csv: true },
  ];

  for (const index of [0, 1, 2, 3, 4]) {
    it(`reads every row as expected: ${['xlsx', 'CSV UTF-8 with BOM', 'CSV UTF-8 without BOM', 'CSV GB18030', 'Unicode text (UTF-16LE, tabs)'][index]}`, async () => {
      const v = variants()[index];
      const { source, records } = await readAll(v.file);
      expect(source.kind).toBe(v.csv ? 'csv' : 'xlsx');
      expect(source.header).toMatchObject({
        layout: 'table',
        headerRow: 3,
        dataStartRow: 5,
        titleText: TITLE,
        reportingUnit: REPORTING_UNIT,
        missingRequired: [],
      });

      const expected = messy.expected;
      expect(records.map((r) => r.rowNumber)).toEqual(expected.filter((e) => e.outcome === 'record').map((e) => e.rowNumber));
      expect(source.skipped).toEqual(
        expected.filter((e) => e.outcome === 'skipped').map((e) => ({ rowNumber: e.rowNumber, reason: e.skipReason })),
      );

      const checked = checkRecords(records, source.date1904);
      for (const e of expected.filter((x) => x.outcome === 'record')) {
        const got = checked.get(e.rowNumber)!;
        const want = v.csv && e.csvIssues ? e.csvIssues : e.issues;
        expect(sortIssues(got.issues), `row ${e.rowNumber}`).toEqual(sortIssues(want));
        for (const [k, value] of Object.entries(e.clean ?? {})) expect(got.clean[k], `row ${e.rowNumber} ${k}`).toEqual(value);
      }
      // Cell references point into the original sheet.
      expect(records.find((r) => r.rowNumber === 7)!.cellRefs.idNumber).toBe('E7');
    });
  }

  it('detects the encodings', async () => {
    expect((await inspectFile(csv.utf8Bom)).encoding).toBe('utf-8');
    expect((await inspectFile(csv.utf8)).encoding).toBe('utf-8');
    expect(await inspectFile(csv.gb18030)).toMatchObject({
      kind: 'csv',
      encoding: 'gb18030',
      delimiter: ',',
      date1904: false,
      sheetName: '汇总表-gbk',
    });
    expect(await inspectFile(csv.utf16Tabs)).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
  });

  it('parses quotes, doubled quotes, line breaks in quotes, CRLF and ="…" text cells', async () => {
    const file = path.join(dir, 'quotes.csv');
    fs.writeFileSync(file, '姓名,备注,代码\r\n"张,三","说""明""\r\n第二行",="0123"\r\n李四,,\r\n\r\n王五,x');
    const rows = await collect(readRows(file));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['姓名', '备注', '代码'] },
      { rowNumber: 2, cells: ['张,三', '说"明"\r\n第二行', '0123'] },
      { rowNumber: 3, cells: ['李四'] },
      { rowNumber: 5, cells: ['王五', 'x'] },
    ]);
  });

  it('refuses a quote left open instead of swallowing the rest of the file', async () => {
    const file = path.join(dir, 'open-quote.csv');
    fs.writeFileSync(file, '姓名,备注\r\n张三,"未配对\r\n' + '李四,正常\r\n'.repeat(20_000));
    const e = await rejection(collect(readRows(file)));
    expect(reasonOf(e)).toBe('csv-quote');
    expect(e.message).toContain('第 2 行');
    // Fewer lines swallowed, past the cell limit all the same: still named for what it is.
    const short = path.join(dir, 'open-quote-short.csv');
    fs.writeFileSync(short, '姓名,备注\r\n张三,"未配对\r\n' + '李四,正常\r\n'.repeat(500));
    expect(reasonOf(await rejection(collect(readRows(short))))).toBe('csv-quote');
    // One multi-line cell far too long is that, with its place.
    const long = path.join(dir, 'long-cell.csv');
    fs.writeFileSync(long, '姓名,备注\r\n张三,"' + '很长的说明\n'.repeat(500) + '"\r\n');
    const tooLong = await rejection(collect(readRows(long)));
    expect(reasonOf(tooLong)).toBe('cell-too-long');
    expect(tooLong.message).toContain('第 2 行 B 列');
  });

  it('gives skipped rows with their reasons, and applies a remembered mapping by signature', async () => {
    let asked = '';
    const source = await readImportFile(messy.file, {
      mapping: (sig) => {
        asked = sig;
        return { 备注: null, 所属行业: 'remarks' };
      },
    });
    expect(asked).toBe(source.header.signature);
    expect(source.header.columns.find((c) => c.header === '备注')!.field).toBeNull();
    expect(source.header.columns.find((c) => c.header === '所属行业')!.field).toBe('remarks');
    const records = await collect(source.records);
    expect(records[0].values.remarks).toBe('制造业');
    expect(records[0].values.industry).toBeUndefined();
  });

  it('extractRows works on any iterable of rows and leaves pre-numbered empty template rows out silently', async () => {
    const header = detectHeader([{ rowNumber: 1, cells: ['序号', '姓名', '身份证号', '企业名称', '统一社会信用代码'] }]) as TableHeader;
    const skipped: SkippedRow[] = [];
    const rows: RawRow[] = [
      { rowNumber: 2, cells: [1, '张三', '330106198005010117', '某公司', '91330106MA0000015K'] },
      { rowNumber: 3, cells: [2] },
      { rowNumber: 4, cells: [3, '  '] },
      { rowNumber: 5, cells: [null, '以上信息由企业填写，真实有效。'] },
      { rowNumber: 6, cells: ['填表人：李四', null, null, '联系电话：0571-88888888'] },
      { rowNumber: 7, cells: [4, '王五'] },
    ];
    const out = await collect(extractRows(rows, header, skipped));
    expect(out.map((r) => r.rowNumber)).toEqual([2, 7]);
    expect(skipped).toEqual([
      { rowNumber: 5, reason: '说明文字' },
      { rowNumber: 6, reason: '签名或填报信息行' },
    ]);
  });
});

describe('the 学员报名表 form layout', () => {
  for (const variant of ['plain', 'boxes'] as const) {
    it(`reads one record from label | value pairs (${variant === 'boxes' ? 'ID in one box per digit' : 'merged values'})`, async () => {
      const form = await writeMessyForm(dir, variant);
      const { source, records } = await readAll(form.file);
      expect(source.header).toMatchObject({
        layout: 'form',
        headerRow: form.firstRow,
        titleText: FORM_TITLE,
        reportingUnit: REPORTING_UNIT,
        missingRequired: [],
      });
      expect(records).toHaveLength(1);
      const rec = records[0];
      expect(rec.rowNumber).toBe(form.firstRow);
      for (const [k, v] of Object.entries(form.expected)) expect(rec.values[k as keyof typeof rec.values], k).toEqual(v);
      expect(rec.values.foundedOn).toEqual(new Date(Date.UTC(2006, 5, 18)));
      expect(rec.cellRefs).toMatchObject(form.cellRefs);
      const t = checkTrainee({ ...rec.values, name: rec.values.name, idNumber: rec.values.idNumber });
      const e = checkEnterprise({ ...rec.values, name: rec.values.enterpriseName, creditCode: rec.values.creditCode });
      expect([...t.issues, ...e.issues]).toEqual([]);
      expect(e.value.foundedOn).toBe('2006-06-18');
    });
  }
});

describe('the 1904 date system', () => {
  it('reports it and gives date cells as true dates; serials in General cells are read with date1904', async () => {
    const fx = writeDate1904Workbook(path.join(dir, 'mac-1904.xlsx'));
    expect(await inspectFile(fx.file)).toEqual({ kind: 'xlsx', date1904: true, sheetName: 'Sheet1' });
    const { source, records } = await readAll(fx.file);
    expect(source.date1904).toBe(true);
    expect(records).toHaveLength(1);
    expect(records[0].values.birthDate).toEqual(new Date(Date.UTC(1980, 4, 1)));
    expect(records[0].values.foundedOn).toBe(fx.foundedSerial1904);
    expect(parseDateValue(records[0].values.foundedOn, { date1904: source.date1904 })).toMatchObject({ ok: true, value: fx.foundedOn });
    const t = checkTrainee(
      { name: records[0].values.name, idNumber: records[0].values.idNumber, birthDate: records[0].values.birthDate },
      { date1904: true },
    );
    expect(t.issues).toEqual([]);
    expect(t.value.birthDate).toBe(fx.birthDate);
  });

  it('exceljs-written 1904 workbooks (date cells stored 1462 days lower) come out right too', async () => {
    const spec = messyTable();
    const file = path.join(dir, 'exceljs-1904.xlsx');
    await writeSpecXlsx(file, spec, { date1904: true });
    const rows = await collect(readRows(file));
    expect(rows.find((r) => r.rowNumber === 5)!.cells[3]).toEqual(new Date(Date.UTC(1980, 4, 1)));
  });
});

describe('files that are not readable workbooks', () => {
  let broken: Record<string, BrokenFile>;
  beforeAll(async () => {
    broken = await writeBrokenFiles(dir, messy.file);
  });

  for (const key of ['docx', 'pdf', 'random', 'truncated', 'corrupt', 'empty', 'encrypted', 'xls', 'html', 'text', 'noRows', 'noHeader']) {
    it(`refuses ${key} with a message that says what to do`, async () => {
      const b = broken[key];
      const e = await rejection(readImportFile(b.file));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain(b.says);
      expect(e.message).toContain(key === 'noHeader' ? '表头' : path.basename(b.file));
      expect(reasonOf(e)).toBe(b.reason);
      if (key !== 'noHeader') expect(reasonOf(await rejection(inspectFile(b.file)))).toBe(b.reason);
    });
  }

  it('refuses a missing file', async () => {
    const e = await rejection(inspectFile(path.join(dir, 'nope.xlsx')));
    expect(e.message).toContain('找不到文件');
  });
});

describe('cancellation', () => {
  let big: string;
  beforeAll(() => {
    big = path.join(dir, 'medium.xlsx');
    writeBigTable(big, 5_000);
  });

  it('stops before reading when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await rejection(collect(readRows(big, { signal: ac.signal })));
    expect(e.code).toBe('CANCELLED');
  });

  it('stops between rows, promptly', async () => {
    const ac = new AbortController();
    let n = 0;
    const e = await rejection(
      (async () => {
        for await (const _row of readRows(big, { signal: ac.signal })) {
          if (++n === 100) ac.abort();
        }
      })(),
    );
    expect(e.code).toBe('CANCELLED');
    expect(n).toBe(100);
  });

  it('stops while the reader is waiting for bytes (abort from the progress callback)', async () => {
    const ac = new AbortController();
    let rows = 0;
    const e = await rejection(
      (async () => {
        for await (const _row of readRows(csv.gb18030, { signal: ac.signal, onProgress: () => ac.abort() })) rows++;
      })(),
    );
    expect(e.code).toBe('CANCELLED');
    expect(rows).toBe(0);
    const ac2 = new AbortController();
    const e2 = await rejection(collect(readRows(big, { signal: ac2.signal, onProgress: (a) => a > 100_000 && ac2.abort() })));
    expect(e2.code).toBe('CANCELLED');
  });

  it('lets a consumer stop early without an error, and the file can be removed afterwards', async () => {
    const copy = path.join(dir, 'medium-copy.xlsx');
    fs.copyFileSync(big, copy);
    for await (const r of readRows(copy)) if (r.rowNumber > 10) break;
    fs.rmSync(copy);
    expect(fs.existsSync(copy)).toBe(false);
  });
});

describe('50,000 rows', () => {
  interface Probe {
    records: number;
    skipped: number;
    before: number;
    peak: number;
    ms: number;
    firstBirthDateIsDate: boolean;
    retained: number[];
  }

  it('streams a 50,000-row workbook with peak RSS under 250 MB, keeping nothing per row', () => {
    const file = path.join(dir, 'big-50k.xlsx');
    const t0 = performance.now();
    const bytes = writeBigTable(file, 50_000);
    const writeMs = performance.now() - t0;
    // Measured in a process of its own (this one holds the test runner and what the other tests
    // built), from a bundle run by plain node as the app runs its bundled main process: under the
    // tsx loader the same read starts 40 MB higher.
    const probe = path.join(dir, 'rssProbe.cjs');
    buildSync({
      entryPoints: [path.join(__dirname, '..', 'fixtures', 'xlsx', 'rssProbe.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: probe,
      logLevel: 'silent',
    });
    const run = (...flags: string[]): Probe => {
      const out = execFileSync(process.execPath, [...flags, probe, file], { encoding: 'utf8', timeout: 60_000 });
      return JSON.parse(out.trim().split('\n').pop()!) as Probe;
    };
    const mb = (n: number): number => Math.round(n / 1048576);
    // The peak depends on when V8 gets round to collecting garbage (exceljs makes a Row and Cell
    // objects per row): one more run is allowed before calling it a regression. A leak fails both,
    // and the retained-heap check below, which does not depend on timing.
    const runs = [run()];
    if (runs[0].peak >= 250 * 1048576) runs.push(run());
    const r = runs[runs.length - 1];
    const leak = run('--expose-gc');
    console.log(
      `[50k] file ${(bytes / 1048576).toFixed(1)} MB written in ${Math.round(writeMs)} ms; read ${r.records} records in ${Math.round(r.ms)} ms; ` +
        `RSS at start ${mb(r.before)} MB, peak ${runs.map((x) => mb(x.peak)).join(' / ')} MB; heap after GC every 10k rows: ${leak.retained.map(mb).join(', ')} MB`,
    );
    expect(r.records).toBe(50_000);
    expect(r.skipped).toBe(0);
    expect(r.firstBirthDateIsDate).toBe(true);
    expect(r.peak).toBeLessThan(250 * 1048576);
    expect(leak.retained).toHaveLength(5);
    expect(leak.retained[4] - leak.retained[0]).toBeLessThan(8 * 1048576);
  });
});

describe('the error report', () => {
  it('copies the table with red/yellow cells, notes, a 问题说明 column, IDs as text, header bold and frozen', async () => {
    const { records, source } = await readAll(messy.file);
    const checked = checkRecords(records);
    const colOf = new Map(source.header.columns.filter((c) => c.field).map((c) => [c.field!, c.index]));
    const problems: ReportProblem[] = [];
    for (const [rowNumber, r] of checked)
      for (const i of r.issues)
        problems.push({ rowNumber, column: colOf.get(i.field) ?? null, severity: 'error', message: `${i.code}：第 ${rowNumber} 行` });
    problems.push({ rowNumber: 8, column: colOf.get('creditCode')!, severity: 'warning', message: '统一社会信用代码未通过校验，请核对。' });
    problems.push({ rowNumber: 9, column: null, severity: 'error', message: '无法确定推荐地区。' });
    const out = path.join(dir, 'report.xlsx');
    const summary = await writeErrorReport(messy.file, out, problems, { headerRow: source.header.headerRow });
    expect(summary.problemRows).toBe(new Set(problems.map((p) => p.rowNumber)).size);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('报名汇总表');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    // Same coordinates as the original.
    expect(ws.getCell('A1').value).toBe(TITLE);
    expect(ws.getCell('B5').value).toBe('张三');
    expect(ws.getCell('E4').value).toBe('身份证号码（18位）');
    expect(ws.getCell('E4').font?.bold).toBe(true);
    expect(ws.getCell('Q4').value).toBe('问题说明');
    expect(ws.getCell('Q4').font?.bold).toBe(true);
    // ID numbers as text, never numbers — also the one stored as a number in the source.
    for (const ref of ['E5', 'E6', 'E7', 'E13']) expect(typeof ws.getCell(ref).value, ref).toBe('string');
    // Errors red with a note, warnings yellow.
    const e7 = ws.getCell('E7');
    expect((e7.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(e7.note)).toContain('ID_STORED_AS_NUMBER');
    expect((ws.getCell('K8').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFEB9C');
    expect(String(ws.getCell('K8').note)).toContain('未通过校验');
    expect(ws.getCell('B5').fill?.type === 'pattern' && (ws.getCell('B5').fill as ExcelJS.FillPattern).fgColor?.argb).toBeFalsy();
    // The 问题说明 column lists every message of the row.
    const q13 = String(ws.getCell('Q13').value);
    expect(q13).toContain('ID_CHECKSUM');
    expect(q13).toContain('CREDIT_CODE_FORMAT');
    expect(q13).toMatch(/^1\. /);
    expect(String(ws.getCell('Q9').value)).toContain('无法确定推荐地区');
    expect(ws.getCell('Q5').value).toBeNull();
    // Skipped rows are copied as read, unmarked.
    expect(ws.getCell('A18').value).toBe('合计');
    expect(wb.worksheets[1].name).toBe('说明');
  });

  it('writes formula-like text as quote-prefixed text cells (no visible apostrophe) and marks form problems on the form cell', async () => {
    const src = path.join(dir, 'inject.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addRow(['姓名', '身份证号', '企业名称', '统一社会信用代码', '备注']);
    ws.addRow(['=HYPERLINK("http://x","点我")', '330106198005010117', '+86公司', '@code', '-1']);
    await wb.xlsx.writeFile(src);
    const out = path.join(dir, 'inject-report.xlsx');
    await writeErrorReport(src, out, [{ rowNumber: 2, column: 0, severity: 'error', message: '=姓名看起来不是人名。' }]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const s = back.worksheets[0];
    // The text as typed, no apostrophe in it; Excel shows the quote only in the formula bar.
    expect(s.getCell('A2').text).toBe(`=HYPERLINK("http://x","点我")`);
    expect(s.getCell('C2').text).toBe('+86公司');
    expect(s.getCell('D2').text).toBe('@code');
    expect(s.getCell('E2').text).toBe('-1');
    expect(s.getCell('A2').formula).toBeUndefined();
    for (const ref of ['A2', 'C2', 'D2', 'E2', 'F2']) {
      const raw = rawCell(out, ref);
      expect(isQuotePrefixedText(raw), `${ref}: ${raw.xml} ${raw.xf}`).toBe(true);
    }
    // The problem cell keeps its red fill next to the quote prefix; ordinary text is not prefixed.
    expect(rawCell(out, 'A2').xf).toMatch(/fillId="[1-9]/);
    expect(rawCell(out, 'B2').xf).not.toMatch(/quotePrefix/);
    expect(neutraliseFormula('张三')).toBe('张三');

    // A form: the problem's column is the position in the form's field list.
    const form = await writeMessyForm(dir);
    const fsrc = await readImportFile(form.file);
    const idCol = fsrc.header.columns.find((c) => c.field === 'idNumber')!.index;
    const fout = path.join(dir, 'form-report.xlsx');
    await writeErrorReport(form.file, fout, [
      { rowNumber: fsrc.header.headerRow, column: idCol, severity: 'error', message: '身份证号未通过校验。' },
    ]);
    const fb = new ExcelJS.Workbook();
    await fb.xlsx.readFile(fout);
    const fws = fb.worksheets[0];
    expect((fws.getCell(form.cellRefs.idNumber!).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(fws.getCell(form.cellRefs.idNumber!).note)).toContain('未通过校验');
    expect(typeof fws.getCell(form.cellRefs.idNumber!).value).toBe('string');
  });
});
