/**
 * The official tables read back the way their receivers read them: exceljs for the workbooks,
 * poppler (pdftotext, pdffonts, pdfinfo) for the PDFs, LibreOffice for "what a printout looks like".
 * The files stay in test-artifacts/exports/ (git-ignored) for a person to open.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SUMMARY_COLUMNS, formSheetName, summaryTitle, writeFormsPdf, writeFormsXlsx, writeSummaryXlsx } from '../../electron/io/export';
import type { Programme, RegistrationRow, Session } from '../../shared/domain/types';
import { makeBackend, tempDir, type TestBackend } from '../fixtures/backend';
import { makeCreditCode, makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { isQuotePrefixedText, rawCell } from '../fixtures/xlsx/rawXlsx';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/exports');
const CI = process.env.CI === 'true';

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Missing tools skip the test on a developer machine (saying so) and fail it on CI. */
function toolCheck(cmd: string, pkg: string): boolean {
  if (hasCommand(cmd)) return true;
  if (CI) return true; // the test runs and fails at its first call, which is what CI should see
  console.warn(`跳过：未安装 ${cmd}（apt-get install ${pkg}）。在 CI=true 时此项不会跳过。`);
  return false;
}

const havePoppler = toolCheck('pdftotext', 'poppler-utils');
const haveSoffice = toolCheck('soffice', 'libreoffice-calc-nogui') && havePoppler;

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const squash = (s: string): string => s.replace(/\s+/g, '');

let b: TestBackend;
let dir: string;
let programme: Programme;
let session1: Session;
let rows: RegistrationRow[];
/** Rows added on purpose: formula-looking texts, rare characters, a name with a middle dot. */
const special: Record<string, RegistrationRow> = {};

beforeAll(async () => {
  b = await makeBackend({ demo: 120 });
  dir = tempDir('ledger-export-');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [programme] = await b.call('programmes.list', {});
  [session1] = await b.call('sessions.list', { programmeId: programme.id });
  const add = async (key: string, seq: number, o: Parameters<typeof registrationInput>[1]) => {
    const input = registrationInput(programme.id, { sessionId: session1.id, ...o });
    input.trainee.idNumber = makeIdNumber({ areaCode: '330106', birth: '19791203', seq, gender: input.trainee.gender ?? '男' });
    input.enterprise.creditCode = makeCreditCode({ areaCode: '330106', seq: 900_000 + seq });
    special[key] = await b.call('registrations.create', input);
  };
  await add('hyperlink', 11, { trainee: { position: '=HYPERLINK("http://x","y")' } });
  await add('plus', 13, { enterprise: { name: '+SUM(1,2)科技有限公司' } });
  await add('minus', 15, { enterprise: { industry: '-2+3' } });
  await add('at', 17, { trainee: { ethnicity: '@SUM(A1)' } });
  await add('rare', 19, { trainee: { name: '喆堃赟珺玥' }, enterprise: { name: '〇七一二精密机械有限公司' } });
  await add('dot', 20, { trainee: { name: '阿依古丽·买买提', gender: '女', ethnicity: '维吾尔族' } });
  await add('long', 21, {
    enterprise: {
      name: '新疆生产建设兵团第十二师五一农场乌鲁木齐国际陆港区丝路经济带现代物流与智能装备制造产业园区开发建设集团股份有限公司',
    },
  });
  rows = (await b.call('registrations.list', { programmeId: programme.id, sessionNumber: 1, limit: 1000 })).rows;
});

afterAll(() => {
  b?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function text(v: ExcelJS.CellValue): string {
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** No cell anywhere holds a formula: nothing in the workbook can be evaluated. */
function expectNoFormulas(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
      }),
    ),
  );
}

describe('报名汇总表 (xlsx)', () => {
  const col = (label: string) => SUMMARY_COLUMNS.findIndex((c) => c.label === label) + 1;
  let file: string;
  let ws: ExcelJS.Worksheet;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    file = path.join(ARTIFACTS, 'summary-session1.xlsx');
    await writeSummaryXlsx(file, {
      programme,
      session: session1,
      regionName: '浙江省',
      reportingUnit: '浙江省经济和信息化厅',
      reportDate: '2025-06-05',
      rows,
    });
    wb = await readBook(file);
    ws = wb.worksheets[0];
  });

  test('title, 填报单位 line and header as the ministry circulates them', () => {
    const title = '2025年度中小企业经营管理领军人才培训报名汇总表（第1期，浙江省）';
    expect(summaryTitle({ programme, session: session1, regionName: '浙江省' })).toBe(title);
    expect(ws.getCell('A1').value).toBe(title);
    expect(ws.getCell(1, SUMMARY_COLUMNS.length).master.address).toBe('A1');
    expect(ws.getCell('A1').font.bold).toBe(true);
    const line = ws.getRow(2).values as ExcelJS.CellValue[];
    const lineText = [...new Set(line.map(text))].join('');
    expect(lineText).toContain('填报单位：浙江省经济和信息化厅（盖章）');
    expect(lineText).toContain('填报日期：2025年6月5日');
    const header = SUMMARY_COLUMNS.map((_, k) => ws.getCell(3, k + 1));
    expect(header.map((c) => c.value)).toEqual(SUMMARY_COLUMNS.map((c) => c.label));
    expect(header.every((c) => c.font.bold && c.border.top?.style === 'thin')).toBe(true);
  });

  test('序号 runs 1..n and every identity number, credit code and mobile is the DB text', () => {
    expect(ws.actualRowCount).toBe(3 + rows.length);
    rows.forEach((r, i) => {
      const row = ws.getRow(4 + i);
      expect(row.getCell(1).value).toBe(i + 1);
      expect(row.getCell(col('姓名')).value).toBe(r.trainee.name);
      for (const [label, want] of [
        ['身份证号', r.trainee.idNumber],
        ['统一社会信用代码', r.enterprise.creditCode],
        ['手机', r.trainee.mobile],
      ] as const) {
        const cell = row.getCell(col(label));
        expect(typeof cell.value, `${label} row ${i + 1}`).toBe('string');
        expect(cell.value).toBe(want);
        expect(cell.numFmt).toBe('@');
        expect(cell.border.bottom?.style).toBe('thin');
      }
      expect(row.getCell(col('期次')).value).toBe('第1期');
    });
  });

  test('prints on A4 landscape, one page wide, header repeated, page numbers in the footer, panes frozen', () => {
    const ps = ws.pageSetup;
    expect(ps.orientation).toBe('landscape');
    expect(ps.paperSize).toBe(9);
    expect(ps.fitToPage).toBe(true);
    expect(ps.fitToWidth).toBe(1);
    expect(ps.fitToHeight).toBe(0);
    expect(ps.printTitlesRow).toBe('3:3');
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页，共 &N 页');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  test('formula-looking text is a quote-prefixed text cell: it reads as typed, with no apostrophe, and never becomes a formula', () => {
    const cellOf = (r: RegistrationRow, label: string) => ws.getRow(4 + rows.findIndex((x) => x.id === r.id)).getCell(col(label));
    const cases: [RegistrationRow, string, string][] = [
      [special.hyperlink, '职务', '=HYPERLINK("http://x","y")'],
      [special.plus, '企业名称', '+SUM(1,2)科技有限公司'],
      [special.minus, '所属行业', '-2+3'],
      [special.at, '民族', '@SUM(A1)'],
    ];
    for (const [r, label, text] of cases) {
      const cell = cellOf(r, label);
      expect(cell.text, label).toBe(text);
      const raw = rawCell(file, cell.address);
      expect(isQuotePrefixedText(raw), `${label}: ${raw.xml} ${raw.xf}`).toBe(true);
      // The column's look (border, font) is kept next to the flag.
      expect(raw.xf).toMatch(/borderId="[1-9]/);
    }
    // Ordinary text is not flagged.
    expect(rawCell(file, cellOf(special.plus, '姓名').address).xf).not.toMatch(/quotePrefix/);
    expectNoFormulas(wb);
  });

  test.skipIf(!haveSoffice)(
    'LibreOffice prints it landscape with the title and the header on every page',
    () => {
      // All of the programme's rows: several pages, so the repeated header shows.
      const all = path.join(dir, 'summary-all.xlsx');
      return (async () => {
        const everyone = (await b.call('registrations.list', { programmeId: programme.id, limit: 1000 })).rows;
        await writeSummaryXlsx(all, { programme, session: null, reportingUnit: '', reportDate: '2025-06-05', rows: everyone });
        fs.copyFileSync(all, path.join(ARTIFACTS, 'summary-all.xlsx'));
        const profile = `file://${path.join(dir, 'lo-profile')}`;
        run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', ARTIFACTS, all]);
        const pdf = path.join(ARTIFACTS, 'summary-all.pdf');
        expect(fs.existsSync(pdf)).toBe(true);
        const info = run('pdfinfo', [pdf]);
        const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? [];
        expect(Number(w)).toBeGreaterThan(Number(h));
        const pages = run('pdftotext', ['-layout', pdf, '-'])
          .split('\f')
          .filter((p) => p.trim());
        expect(pages.length).toBeGreaterThan(1);
        expect(squash(pages[0])).toContain('2025年度中小企业经营管理领军人才培训报名汇总表');
        expect(squash(pages.join(''))).toContain(squash(everyone[0].trainee.name));
        pages.forEach((p, i) => {
          expect(squash(p), `page ${i + 1}`).toContain('身份证号');
          expect(squash(p), `page ${i + 1}`).toContain(`第${i + 1}页，共${pages.length}页`);
        });
      })();
    },
    180_000,
  );
});

describe('学员报名表 (xlsx)', () => {
  test('one printable sheet per trainee, named 序号-姓名, with the values as text', async () => {
    const file = path.join(ARTIFACTS, 'forms.xlsx');
    await writeFormsXlsx(file, { programme, rows });
    const wb = await readBook(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(rows.map((r, i) => formSheetName(i, r.trainee.name)));
    rows.forEach((r, i) => {
      const ws = wb.worksheets[i];
      const values: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => values.push(text(c.value))));
      expect(values[0]).toBe('2025年度中小企业经营管理领军人才培训学员报名表');
      for (const want of [r.trainee.idNumber, r.enterprise.creditCode, r.trainee.mobile, '第1期']) expect(values).toContain(want);
      if (!/^[=+\-@]/.test(r.trainee.position)) expect(values).toContain(r.trainee.position);
      expect(values.some((v) => v.includes('（盖章）'))).toBe(true);
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
    });
    const sheetIndex = rows.findIndex((r) => r.id === special.hyperlink.id);
    const hyperlink = wb.worksheets[sheetIndex];
    const cells: ExcelJS.Cell[] = [];
    // Merged-over cells have no text of their own (exceljs' .text fails on them).
    hyperlink.eachRow((row) => row.eachCell((c) => c.type !== ExcelJS.ValueType.Merge && cells.push(c)));
    const position = cells.find((c) => c.text === '=HYPERLINK("http://x","y")');
    expect(position).toBeDefined();
    expect(cells.some((c) => c.text.startsWith("'"))).toBe(false);
    const raw = rawCell(file, position!.address, sheetIndex + 1);
    expect(isQuotePrefixedText(raw), `${raw.xml} ${raw.xf}`).toBe(true);
    expect(cells.find((c) => c.value === special.hyperlink.trainee.idNumber)?.numFmt).toBe('@');
    expectNoFormulas(wb);
  });

  test('sheet names stay within Excel rules', () => {
    expect(formSheetName(0, '阿依古丽·买买提')).toBe('1-阿依古丽·买买提');
    expect(formSheetName(9, "a[b]:c/d\\e?f*'")).toBe('10-abcdef');
    expect(formSheetName(99, '名'.repeat(40)).length).toBe(31);
  });
});

describe.skipIf(!havePoppler)('学员报名表 (PDF)', () => {
  let pdf: string;
  beforeAll(async () => {
    pdf = path.join(ARTIFACTS, 'forms.pdf');
    await writeFormsPdf(pdf, { programme, rows });
  });

  test('one page per trainee with name, ID number and enterprise name', () => {
    expect(run('pdfinfo', [pdf])).toMatch(new RegExp(`Pages:\\s+${rows.length}\\b`));
    const pages = run('pdftotext', [pdf, '-']).split('\f');
    rows.forEach((r, i) => {
      const page = squash(pages[i]);
      expect(page).toContain('学员报名表');
      expect(page).toContain(squash(r.trainee.name));
      expect(page).toContain(r.trainee.idNumber);
      if (r.id !== special.long.id) expect(page).toContain(squash(r.enterprise.name));
    });
    // The very long name is shrunk into its box, still whole.
    expect(squash(pages[rows.findIndex((r) => r.id === special.long.id)])).toContain(squash(special.long.enterprise.name));
  });

  test('embeds a subset of the CJK font and every rare character comes back', () => {
    const fonts = run('pdffonts', [pdf]);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSerifSC\S*\s+CID TrueType\S*\s+\S+\s+yes\s+yes\s+yes/);
    const all = run('pdftotext', [pdf, '-']);
    for (const s of ['喆堃赟珺玥', '〇七一二精密机械有限公司', '阿依古丽·买买提', '维吾尔族']) expect(squash(all)).toContain(s);
  });
});
