/** The attendance commands through the real CLI process on a real data file. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend, tempDir } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';
import { runCli } from '../fixtures/cli';

const dir = tempDir('ledger-cli-att-');
const db = path.join(dir, 'cli.db');
const ids = [makeIdNumber({ seq: 201, gender: '男' }), makeIdNumber({ seq: 203, gender: '男' })];
beforeAll(async () => {
  const b = await makeBackend();
  const { id: programmeId } = await b.call('programmes.create', { year: 2025, title: '领军人才培训' });
  const { id: sessionId } = await b.call('sessions.create', { programmeId, number: 1, startDate: '2025-07-21', endDate: '2025-07-24' });
  for (const [i, name] of ['张三', '李四'].entries()) {
    const r = await b.call('registrations.create', registrationInput(programmeId, { sessionId, trainee: { name, idNumber: ids[i] } }));
    await b.call('registrations.setStatus', { id: r.id, status: 'approved' });
    // 张三 present everywhere but 7月22日上午, which the CLI marks below.
    if (i === 0)
      for (const slotSeq of [1, 2, 4, 5, 6, 7, 8]) await b.call('attendance.mark', { registrationId: r.id, slotSeq, status: '出勤' });
  }
  b.close();
  fs.copyFileSync(b.dbPath, db);
  b.cleanup();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--db', db, ...args]);

describe('attendance on the command line', () => {
  it(
    'marks (补录 with --at), sets the rule, prints completion as JSON, exports sign-in sheets, refuses bad input',
    { timeout: 120_000 },
    async () => {
      const m = await cli(
        'attendance-mark',
        '--programme',
        '2025',
        '--session',
        '1',
        '--slot',
        '3',
        '--trainee',
        ids[0],
        '--status',
        'late',
        '--at',
        '08:47',
      );
      expect(m.code, m.stderr).toBe(0);
      expect(m.stdout).toContain('7月22日上午：张三 迟到 17 分钟（08:47）');

      expect((await cli('set-completion-rule', '--programme', '2025', '--max-late', '0')).stdout).toContain('迟到≤0');
      const c = await cli('completion', '--programme', '2025', '--session', '1', '--json');
      expect(c.code, c.stderr).toBe(0);
      const results = JSON.parse(c.stdout) as { idNumber: string; name: string; completed: boolean | null; reasons: string[] }[];
      expect(results).toEqual([
        { idNumber: ids[0], name: '张三', completed: false, reasons: ['迟到 1 次（7月22日上午），超过 0 次'] },
        {
          idNumber: ids[1],
          name: '李四',
          completed: false,
          reasons: [expect.stringMatching(/^出勤率 0%（0\/8 个半天）/), expect.stringMatching(/^缺勤 8 个半天/)],
        },
      ]);

      const out = path.join(dir, '签到表.pdf');
      const e = await cli('export-signin-sheets', '--programme', '2025', '--session', '1', '--date', '2025-07-22', '--out', out);
      expect(e.code, e.stderr).toBe(0);
      expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');

      for (const args of [
        ['attendance-mark', '--session', '1', '--slot', '1', '--trainee', ids[0], '--status', 'here'],
        ['attendance-mark', '--session', '1', '--slot', '9', '--trainee', ids[0], '--status', 'present'],
        ['attendance-mark', '--session', '1', '--slot', '1', '--trainee', '110101199001010000', '--status', 'present'],
      ]) {
        const r = await cli(...args);
        expect(r.code, args.join(' ')).not.toBe(0);
        expect(r.stderr).toMatch(/^错误 error: .*[\u4e00-\u9fff]/m);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    },
  );
});
