/** export-roster, export-attendance, export-badges and export-table-tents through the real CLI process on a real data file. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend, tempDir } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { runCli } from '../fixtures/cli';

const dir = tempDir('ledger-cli-roster-');
const db = path.join(dir, 'cli.db');
const NAMES = ['张喆', '欧阳堃喆', '王赟'];
beforeAll(async () => {
  const b = await makeBackend();
  const { id: programmeId } = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  const { id: sessionId } = await b.call('sessions.create', { programmeId, number: 1, startDate: '2025-07-21', endDate: '2025-07-24' });
  for (const [i, name] of NAMES.entries()) {
    const r = await b.call(
      'registrations.create',
      registrationInput(programmeId, { sessionId, trainee: { name, idNumber: makeIdNumber({ seq: 401 + 2 * i, gender: '男' }) } }),
    );
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    await b.call('attendance.mark', { registrationId: r.id, slotSeq: 1, status: '出勤' });
  }
  b.close();
  fs.copyFileSync(b.dbPath, db);
  b.cleanup();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--db', db, ...args]);

const session = ['--programme', '2025', '--session', '1'];

describe('roster exports on the command line', () => {
  it(
    'writes each file, the roster format by extension, and refuses a wrong extension or a missing --out',
    { timeout: 180_000 },
    async () => {
      const files: [string, string][] = [
        ['export-roster', 'roster.xlsx'],
        ['export-roster', 'roster.pdf'],
        ['export-attendance', 'attendance.xlsx'],
        ['export-badges', 'badges.pdf'],
        ['export-table-tents', 'tents.pdf'],
      ];
      for (const [command, name] of files) {
        const out = path.join(dir, name);
        const r = await cli(command, ...session, '--out', out);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain(`已导出 ${out}`);
        if (name.endsWith('.pdf')) {
          const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
          for (const n of NAMES) expect(text, `${name} ${n}`).toContain(n);
        } else {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.readFile(out);
          expect(wb.worksheets.map((w) => w.name)).toEqual(name === 'roster.xlsx' ? ['花名册'] : ['考勤统计表', '各地区汇总']);
          const names = (wb.worksheets[0].getColumn(2).values as unknown[]).map(String);
          for (const n of NAMES) expect(names).toContain(n);
        }
      }
      // A relative --out is taken from the working directory.
      const rel = path.relative(process.cwd(), path.join(dir, 'rel.xlsx'));
      expect((await cli('export-roster', ...session, '--out', rel)).code).toBe(0);
      expect(fs.existsSync(path.join(dir, 'rel.xlsx'))).toBe(true);

      const refusals = [
        ['export-roster', ...session, '--out', path.join(dir, 'roster.docx')],
        ['export-attendance', ...session, '--out', path.join(dir, 'attendance.pdf')],
        ['export-badges', ...session],
        ['export-table-tents', '--programme', '2025', '--session', '7', '--out', path.join(dir, 'x.pdf')],
      ];
      // Side by side: each is a process start, and none writes.
      const results = await Promise.all(refusals.map((args) => cli(...args)));
      results.forEach((r, i) => {
        expect(r.code, refusals[i].join(' ')).toBe(2);
        expect(r.stderr).toMatch(/^错误 error: .*[\u4e00-\u9fff]/m);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      });
      expect(fs.existsSync(path.join(dir, 'roster.docx'))).toBe(false);
    },
  );
});
