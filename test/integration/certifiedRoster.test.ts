/**
 * Closing a session and its certified roster (结业名单) through the real dispatcher on a real
 * SQLite file: the lock refuses writes to a closed session in words, reopening needs a reason,
 * both audited; the signed .xlsx and PDF are verified, then altered cell by cell and row by row
 * with exceljs (and re-saved by LibreOffice), and each alteration is named exactly.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { makeBackend, tempDir, type TestBackend } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

const NAMES = ['王喆', '李堃', '赵赟', '孙珺', '周玥', '阿卜杜拉·买买提'];
let b: TestBackend;
let programmeId: number;
let sessionId: number;
let xlsx: string;
let pdf: string;
let firstBatch: string;
const reg: Record<string, number> = {};
const out = tempDir('ledger-roster-');
afterAll(() => {
  b?.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

async function error(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const verify = (file: string, publicKeyPem?: string) => b.call('certifiedRoster.verify', { path: file, publicKeyPem });

/** A copy of the exported .xlsx with `edit` applied to its visible sheet by exceljs. */
async function altered(name: string, edit: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  edit(wb.getWorksheet('结业名单')!, wb);
  const file = path.join(out, `${name}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

/** LibreOffice's round trip: the file as it comes back from someone who opened it and saved it. */
function libreOffice(file: string, name: string): string {
  const dir = path.join(out, `lo-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${path.join(out, 'lo-profile')}`, '--headless', '--convert-to', 'xlsx', '--outdir', dir, file],
    {
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  return path.join(dir, path.basename(file));
}

beforeAll(async () => {
  b = await makeBackend();
  programmeId = (
    await b.call('programmes.create', { year: 2025, title: '中小企业经营管理领军人才培训', organiser: '山东省工业和信息化厅' })
  ).id;
  sessionId = (
    await b.call('sessions.create', { programmeId, number: 1, startDate: '2025-06-23', endDate: '2025-06-26', location: '济南' })
  ).id;
  for (const [i, name] of [...NAMES, '钱未结'].entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 21 + 2 * i, gender: i % 2 ? '女' : '男' });
    const r = await b.call(
      'registrations.create',
      registrationInput(programmeId, {
        sessionId,
        trainee: { name, idNumber, gender: i % 2 ? '女' : '男', position: i === 2 ? '=总经理' : '总经理' },
        enterprise: { name: i === 3 ? '+济南某某机械制造有限公司(联合体)' : `济南第${i + 1}机械有限公司` },
      }),
    );
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    reg[name] = r.id;
  }
  firstBatch = (await b.call('attendance.mark', { registrationId: reg['王喆'], slotSeq: 1, at: '2025-06-23 08:20' })).batch;
  await b.call('attendance.mark', { registrationId: reg['李堃'], slotSeq: 1, at: '2025-06-23 08:52' });
  for (const name of NAMES) await b.call('completion.override', { registrationId: reg[name], completed: true, reason: '考核合格' });
  await b.call('completion.override', { registrationId: reg['钱未结'], completed: false, reason: '缺勤过多' });
  await b.call('certificates.settings.set', { programmeId, pattern: 'LJ2025-{session:02}-{seq:03}' });
  await b.call('certificates.issue', { sessionId, issueDate: '2025-06-26' });
}, 120_000);

describe('closing a session', () => {
  it('refuses the roster before closing, then locks marks, leaves, overrides and the rule; reopening needs a reason; all audited', async () => {
    const early = await error(b.call('certifiedRoster.export', { sessionId, format: 'xlsx', out: path.join(out, 'early.xlsx') }));
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toMatch(/第1期尚未结班，不能导出结业名单/);
    expect(fs.existsSync(path.join(out, 'early.xlsx'))).toBe(false);

    const closed = await b.call('sessions.close', { sessionId, reason: '培训结束' });
    expect(closed).toMatchObject({ closed: true, sessionNumber: 1 });
    expect((await error(b.call('sessions.close', { sessionId }))).message).toMatch(/已于 .* 结班，无需重复关闭/);

    const refusals = [
      b.call('attendance.mark', { registrationId: reg['赵赟'], slotSeq: 1, at: '2025-06-23 08:25' }),
      b.call('attendance.closeSlot', { sessionId, slotSeq: 2, at: '2025-06-23 18:00' }),
      b.call('attendance.leave', { registrationId: reg['孙珺'], slotSeqs: [3], requestedBy: '本人', approvedBy: '班主任', reason: '病假' }),
      b.call('completion.override', { registrationId: reg['钱未结'], completed: true, reason: '补考合格' }),
      b.call('completion.rule.set', { programmeId, maxLate: 5 }),
      b.call('attendance.undo', { batch: firstBatch }),
    ];
    for (const p of refusals) {
      const e = await error(p);
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(
        /^第1期已于 \d{4}-\d{2}-\d{2} 结班，考勤、请假和结业认定已锁定。如需修改，请先在「结业与证书」中重新开启本期并填写原因。$/,
      );
    }
    const reopenBad = await error(b.call('sessions.reopen', { sessionId, reason: ' ' }));
    expect(reopenBad.code).toBe('VALIDATION');
    expect(reopenBad.message).toMatch(/原因/);

    const reopened = await b.call('sessions.reopen', { sessionId, reason: '补录赵赟的签到' });
    expect(reopened.closed).toBe(false);
    await b.call('attendance.mark', { registrationId: reg['赵赟'], slotSeq: 1, at: '2025-06-23 08:25' });
    const again = await b.call('sessions.close', { sessionId });
    expect(again.history.map((h) => [h.action, h.reason])).toEqual([
      ['close', '培训结束'],
      ['reopen', '补录赵赟的签到'],
      ['close', ''],
    ]);
    const audit = b.db
      .prepare(`SELECT method, summary FROM audit_log WHERE method IN ('sessions.close', 'sessions.reopen') ORDER BY id`)
      .all() as { method: string; summary: string }[];
    expect(audit.map((a) => a.method)).toEqual(['sessions.close', 'sessions.reopen', 'sessions.close']);
    expect(audit[1].summary).toBe('重新开启第1期（解除结班锁定）：补录赵赟的签到');
  });
});

describe('the certified roster', () => {
  it('exports a signed .xlsx and PDF that verify as valid', async () => {
    const x = await b.call('certifiedRoster.export', { sessionId, format: 'xlsx', out: path.join(out, 'roster.xlsx') });
    const p = await b.call('certifiedRoster.export', { sessionId, format: 'pdf', out: path.join(out, 'roster.pdf') });
    xlsx = x.path;
    pdf = p.path;
    expect(x.rows).toBe(7);
    expect(x.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    for (const f of [xlsx, pdf]) expect(await verify(f)).toMatchObject({ valid: true, fingerprint: x.fingerprint, changes: [] });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('结业名单')!;
    expect(wb.getWorksheet('签名')!.state).toBe('veryHidden');
    expect(ws.getCell('A1').value).toBe('2025年中小企业经营管理领军人才培训结业名单');
    expect(ws.getCell('A2').value).toBe('第1期\u30002025年6月23日至2025年6月26日\u3000济南');
    expect(ws.getCell('A3').value).toBe('组织单位：山东省工业和信息化厅');
    expect(ws.getRow(6).values).toEqual([
      undefined,
      '序号',
      '姓名',
      '性别',
      '地区',
      '工作单位',
      '职务',
      '考勤情况',
      '结业情况',
      '证书编号',
    ]);
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(row(7)).toEqual([
      1,
      '王喆',
      '男',
      expect.any(String),
      '济南第1机械有限公司',
      '总经理',
      expect.stringMatching(/^出勤 1\/\d+/),
      '结业',
      'LJ2025-01-001',
    ]);
    expect(row(8)[6]).toMatch(/迟到1/);
    expect(row(13)[7]).toBe('未结业');
    expect(row(13)[8] ?? '').toBe('');
    // A text that looks like a formula stays text (quote prefix), never a formula.
    expect(ws.getCell('F9').value).toEqual({ richText: [{ text: '=总经理' }] });

    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of [...NAMES, '钱未结', '结业名单', '证书编号', 'LJ2025-01-006', '山东省工业和信息化厅', x.fingerprint])
      expect(text).toContain(s);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSerifSC/);
    expect(fonts).not.toMatch(/Helvetica/);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, path.join(out, 'page')]);
    // Kept for a person to look at (test-artifacts/ is not committed).
    fs.mkdirSync('test-artifacts', { recursive: true });
    fs.copyFileSync(path.join(out, 'page-1.png'), path.join('test-artifacts', 'certified-roster-integration.png'));
  });

  it('names each cell changed, each row added or removed, exactly', async () => {
    const cases: [string, (ws: ExcelJS.Worksheet) => void, unknown[]][] = [
      ['name', (ws) => (ws.getCell('B8').value = '李坤'), [{ row: 2, column: '姓名', before: '李堃', after: '李坤' }]],
      ['result', (ws) => (ws.getCell('H13').value = '结业'), [{ row: 7, column: '结业情况', before: '未结业', after: '结业' }]],
      [
        'two cells',
        (ws) => {
          ws.getCell('I7').value = 'LJ2025-01-099';
          ws.getCell('E10').value = '济南第四机械有限公司';
        },
        [
          { row: 1, column: '证书编号', before: 'LJ2025-01-001', after: 'LJ2025-01-099' },
          { row: 4, column: '工作单位', before: '+济南某某机械制造有限公司(联合体)', after: '济南第四机械有限公司' },
        ],
      ],
      [
        'add row',
        (ws) =>
          (ws.getRow(14).values = [
            undefined,
            8,
            '冒名者',
            '男',
            '山东省',
            '某公司',
            '经理',
            '出勤 8/8',
            '结业',
            'LJ2025-01-777',
          ] as ExcelJS.CellValue[]),
        [{ row: 8, column: null, before: null, after: '8 | 冒名者 | 男 | 山东省 | 某公司 | 经理 | 出勤 8/8 | 结业 | LJ2025-01-777' }],
      ],
      [
        'delete row',
        (ws) => ws.spliceRows(9, 1),
        [{ row: 3, column: null, before: expect.stringMatching(/^3 \| 赵赟 \| 男 \| .* \| 结业 \| LJ2025-01-003$/), after: null }],
      ],
      [
        'title',
        (ws) => (ws.getCell('A3').value = '组织单位：某某协会'),
        [{ row: null, column: '组织单位', before: '组织单位：山东省工业和信息化厅', after: '组织单位：某某协会' }],
      ],
    ];
    for (const [name, edit, want] of cases) {
      const r = await verify(await altered(name, edit));
      expect(r.valid, name).toBe(false);
      expect(r.changes, name).toEqual(want);
    }
  });

  it('stays valid after formatting changes and a LibreOffice re-save; an edit saved by LibreOffice is still named', async () => {
    const styled = await altered('styled', (ws) => {
      ws.getColumn(5).width = 60;
      ws.getCell('B7').font = { name: 'Arial', size: 20, bold: true };
      ws.getRow(7).height = 40;
      // The 序号 as text instead of a number: a cell-type change, not a content change.
      ws.getCell('A8').value = '2';
    });
    expect(await verify(styled)).toMatchObject({ valid: true, changes: [] });
    const resaved = libreOffice(xlsx, 'plain');
    expect(await verify(resaved)).toMatchObject({ valid: true, changes: [] });
    const edited = libreOffice(await altered('lo-edit', (ws) => (ws.getCell('B11').value = '周月')), 'edit');
    expect((await verify(edited)).changes).toEqual([{ row: 5, column: '姓名', before: '周玥', after: '周月' }]);
  }, 300_000);

  it('reports a missing or broken signature, another key, and a tampered PDF', async () => {
    const noSig = await altered('nosig', (_ws, wb) => wb.removeWorksheet(wb.getWorksheet('签名')!.id));
    expect(await verify(noSig)).toEqual({
      valid: false,
      fingerprint: null,
      changes: [{ row: null, column: '签名', before: null, after: '缺失：文件中没有结业名单的签名' }],
      message: expect.any(String),
    });
    // The hidden content changed to match a changed table: the signature no longer covers it.
    const forged = await altered('forged', (ws, wb) => {
      ws.getCell('B8').value = '李坤';
      const h = wb.getWorksheet('签名')!;
      h.getCell('B6').value = String(h.getCell('B6').value).replace('李堃', '李坤');
    });
    expect((await verify(forged)).changes).toEqual([
      { row: null, column: '签名', before: null, after: '签名无效：签名或签名内容已被改动' },
    ]);

    const other = (await import('node:crypto')).generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const r = await verify(xlsx, other);
    expect(r.valid).toBe(false);
    expect(r.changes[0]).toMatchObject({ row: null, column: '签名', after: expect.stringMatching(/由另一密钥签名/) });
    const own = await b.call('signing.publicKey', {});
    expect(await verify(pdf, own.pem)).toMatchObject({ valid: true });

    // A PDF whose drawn name was swapped (same glyph count) while the signed payload stays: the text check names it.
    const bytes = fs.readFileSync(pdf);
    const tampered = tamperPdfText(bytes, '周玥', '王喆');
    const tf = path.join(out, 'tampered.pdf');
    fs.writeFileSync(tf, tampered);
    expect((await verify(tf)).changes).toEqual([{ row: 5, column: '姓名', before: '周玥', after: '王喆' }]);
    const plain = path.join(out, 'plain.pdf');
    fs.writeFileSync(plain, bytes.toString('latin1').replace(/\/TrainingLedgerRoster/, '/SomethingElseEntirely'), 'latin1');
    expect((await verify(plain)).changes).toEqual([{ row: null, column: '签名', before: null, after: '缺失：文件中没有结业名单的签名' }]);
  });

  it('refuses what is not a roster file, in words', async () => {
    const txt = path.join(out, 'note.txt');
    fs.writeFileSync(txt, 'hello');
    expect((await error(verify(txt))).message).toBe('该文件既不是 .xlsx 工作簿也不是 PDF，无法核验结业名单。');
    const zip = path.join(out, 'broken.xlsx');
    fs.writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
    expect((await error(verify(zip))).message).toMatch(/无法读取该 .xlsx 文件/);
    expect((await error(verify(path.join(out, 'missing.xlsx')))).code).toBe('NOT_FOUND');
    expect((await error(verify(xlsx, 'not a key'))).message).toMatch(/公钥文件无法识别/);
  });
});

/**
 * Swaps the glyphs of one name for another's inside the PDF's content streams (as an editor would),
 * re-compressing each stream and fixing its /Length; the xref offsets go stale, which poppler and
 * our reader both tolerate.
 */
function tamperPdfText(bytes: Buffer, from: string, to: string): Buffer {
  const text = bytes.toString('latin1');
  // glyph hex of each character, from the ToUnicode map of the (only) font that has them.
  const cmaps = [...text.matchAll(/stream\r?\n/g)].map((m) => {
    const start = m.index! + m[0].length;
    const dict = text.slice(text.lastIndexOf('obj', m.index), m.index);
    const len = Number(/\/Length (\d+)/.exec(dict)![1]);
    try {
      return zlib.inflateSync(bytes.subarray(start, start + len)).toString('latin1');
    } catch {
      return '';
    }
  });
  const hexOf = (ch: string) => {
    const u = ch.charCodeAt(0).toString(16).padStart(4, '0');
    for (const c of cmaps.filter((x) => x.includes('beginbfrange')))
      for (const r of c.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/g)) {
        const items = [...r[2].matchAll(/<([0-9a-f ]+)>/g)].map((x) => x[1]);
        const k = items.indexOf(u);
        if (k >= 0) return (parseInt(r[1], 16) + k).toString(16).padStart(4, '0');
      }
    throw new Error(`no glyph for ${ch}`);
  };
  const fromHex = [...from].map(hexOf).join('');
  const toHex = [...to].map(hexOf).join('');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/\/Length (\d+)\s*\/Filter \/FlateDecode\s*>>\s*stream\n/g)) {
    const start = m.index! + m[0].length;
    const len = Number(m[1]);
    let body: string;
    try {
      body = zlib.inflateSync(bytes.subarray(start, start + len)).toString('latin1');
    } catch {
      continue;
    }
    if (!body.includes(`<${fromHex}`)) continue;
    const packed = zlib.deflateSync(Buffer.from(body.replace(`<${fromHex}`, `<${toHex}`), 'latin1')).toString('latin1');
    out += text.slice(last, m.index) + m[0].replace(`/Length ${len}`, `/Length ${packed.length}`) + packed;
    last = start + len;
  }
  return Buffer.from(out + text.slice(last), 'latin1');
}

describe('a returned file far larger than any roster', () => {
  it('is refused before it is read, in Chinese (a workbook and a PDF)', async () => {
    const dir = tempDir('ledger-roster-big-');
    try {
      for (const [name, head] of [
        ['big.xlsx', 'PK\u0003\u0004'],
        ['big.pdf', '%PDF-1.7\n'],
      ] as const) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, head);
        fs.truncateSync(file, 21 * 1024 * 1024);
        const r = await b.dispatcher.dispatch('certifiedRoster.verify', { path: file });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/远大于任何结业名单，未读取/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
