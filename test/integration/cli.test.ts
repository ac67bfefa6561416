import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/backend';

const run = promisify(execFile);
const dir = tempDir('ledger-cli-');
const db = path.join(dir, 'cli.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('command line', () => {
  it('init, demo and list-registrations --json: about 800 registrations, no enterprise twice', async () => {
    expect((await cli('--db', db, 'init')).code).toBe(0);
    const demo = await cli('--db', db, 'demo');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('800 条报名');
    const list = await cli('--db', db, 'list-registrations', '--programme', '2025', '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      status: string;
      sessionNumber: number;
      enterprise: { creditCode: string; name: string };
      trainee: { idNumber: string; name: string };
    }[];
    expect(rows).toHaveLength(800);
    expect(new Set(rows.map((r) => r.enterprise.creditCode)).size).toBe(800);
    expect(new Set(rows.map((r) => r.trainee.idNumber)).size).toBe(800);
    expect(rows[0]).toMatchObject({
      sessionNumber: expect.any(Number),
      status: expect.any(String),
      enterprise: { name: expect.any(String) },
      trainee: { name: expect.any(String) },
    });
    const session = JSON.parse((await cli('--db', db, 'list-registrations', '--session', '3', '--json')).stdout) as {
      sessionNumber: number;
    }[];
    expect(session.length).toBeGreaterThan(50);
    expect(session.every((r) => r.sessionNumber === 3)).toBe(true);
  }, 120_000);

  it('bad input: one line on stderr, non-zero exit, no stack trace', async () => {
    for (const args of [
      ['--db', db, 'bogus'],
      ['--db', db, 'list-registrations', '--programme', '1999'],
      ['--db', db, 'list-registrations', '--session', 'three'],
      ['--db', db, '--nonsense'],
      ['--db', db, 'demo'],
      ['--db', path.join(dir, 'not-a-db.db'), 'init'],
    ]) {
      if (args[1].endsWith('not-a-db.db')) fs.writeFileSync(args[1], 'this is not sqlite'.repeat(100));
      const r = await cli(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(/^错误 error: .+/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
