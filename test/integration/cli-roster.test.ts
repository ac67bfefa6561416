/**
 * The certified-roster commands run as a user runs them (a child `node electron/cli.ts`, a real
 * data file): close, refusals in one Chinese line with exit 2, export .xlsx + PDF, verify-roster's
 * exact JSON for a valid file, an edited one, and with the exported public key.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend';
import { tempDir } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { runCli } from '../fixtures/cli';

const dir = tempDir('ledger-cli-roster-');
const db = path.join(dir, 'roster.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--db', db, ...args]);

/** A refusal: exit 2, one line on stderr in Chinese, nothing on stdout. */
function refused(r: { code: number; stdout: string; stderr: string }, text: RegExp) {
  expect(r.code, r.stdout).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  expect(r.stderr).toMatch(text);
}

beforeAll(async () => {
  const b = await openBackend({ dbPath: db, runtime: 'node' });
  const call = async (m: string, input: unknown) => {
    const r = await b.dispatcher.dispatch(m as never, input as never);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { id: number };
  };
  const programmeId = (await call('programmes.create', { year: 2025, title: '领军人才培训', organiser: '山东省工业和信息化厅' })).id;
  const sessionId = (await call('sessions.create', { programmeId, number: 2, startDate: '2025-07-21', endDate: '2025-07-24' })).id;
  for (const [i, name] of ['王喆', '李堃', '赵赟'].entries()) {
    const idNumber = makeIdNumber({ areaCode: '330102', seq: 21 + 2 * i, gender: '男' });
    const r = await call('registrations.create', registrationInput(programmeId, { sessionId, trainee: { name, idNumber } }));
    await call('registrations.setStatus', { id: r.id, status: 'approved' });
    await call('completion.override', { registrationId: r.id, completed: true, reason: '考核合格' });
  }
  b.close();
}, 60_000);

describe('certified roster commands', () => {
  it('refuses to export before closing, closes, refuses a second close and a reopen without reason', async () => {
    refused(
      await cli('export-certified-roster', '--programme', '2025', '--session', '2', '--out', path.join(dir, 'r.xlsx')),
      /第2期尚未结班，不能导出结业名单/,
    );
    expect(fs.existsSync(path.join(dir, 'r.xlsx'))).toBe(false);
    const c = await cli('close-session', '--programme', '2025', '--session', '2', '--reason', '培训结束');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/第2期已结班/);
    refused(await cli('close-session', '--programme', '2025', '--session', '2'), /无需重复关闭/);
    refused(await cli('reopen-session', '--programme', '2025', '--session', '2'), /须用 --reason 填写原因/);
    refused(await cli('close-session', '--programme', '2025', '--session', '9'), /没有第 9 期/);
    refused(await cli('close-session', '--programme', '2025'), /--programme 和 --session/);
    refused(await cli('export-certified-roster', '--programme', '2025', '--session', '2', '--out', 'r.csv'), /应为 .xlsx 文件/);
    refused(await cli('verify-roster', path.join(dir, 'nothing.xlsx'), '--json'), /找不到文件/);
    refused(await cli('verify-roster', '--json'), /请给出一个要核验的结业名单文件/);
    refused(await cli('verify-roster', 'a.xlsx', '--colour'), /未知选项 --colour/);
  });

  it('exports .xlsx and PDF, and verify-roster prints exactly valid, fingerprint and changes', async () => {
    const xlsx = path.join(dir, '结业名单.xlsx');
    const pdf = path.join(dir, '结业名单.pdf');
    const e = await cli('export-certified-roster', '--programme', '2025', '--session', '2', '--out', xlsx, '--pdf', pdf, '--json');
    expect(e.code, e.stderr).toBe(0);
    const exported = JSON.parse(e.stdout) as { rows: number; fingerprint: string };
    expect(exported.rows).toBe(3);
    for (const f of [xlsx, pdf]) {
      const v = await cli('verify-roster', f, '--json');
      expect(v.code, v.stderr).toBe(0);
      expect(JSON.parse(v.stdout)).toEqual({ valid: true, fingerprint: exported.fingerprint, changes: [] });
    }
    const key = path.join(dir, 'public.pem');
    expect((await cli('export-public-key', '--out', key)).code).toBe(0);
    expect(JSON.parse((await cli('verify-roster', pdf, '--key', key, '--json')).stdout).valid).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    wb.getWorksheet('结业名单')!.getCell('B8').value = '李坤';
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const v = await cli('verify-roster', edited, '--json');
    expect(v.code).toBe(3);
    expect(JSON.parse(v.stdout)).toEqual({
      valid: false,
      fingerprint: exported.fingerprint,
      changes: [{ row: 2, column: '姓名', before: '李堃', after: '李坤' }],
    });
    const human = await cli('verify-roster', edited);
    expect(human.stdout).toMatch(/^无效：内容已被改动，共 1 处改动。\n {2}第2行姓名：李堃 → 李坤/);
  });
});
