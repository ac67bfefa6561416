import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const FIXTURES = path.join(__dirname, '../fixtures/apportion');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-apportion-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The module run on its own, as the lead's `npm run cli -- apportion …` will run it: no data file. */
async function apportion(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'electron/cliApportionMain.ts', 'apportion', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function csv(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const fixture = (f: string) => path.join(FIXTURES, f);
const seatsFile = (file: string): Record<string, number> =>
  Object.fromEntries(
    fs
      .readFileSync(fixture(file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([n, s]) => [n, Number(s)]),
  );

interface Printed {
  method: string;
  seats: number;
  allocations: { name: string; weight: number; seats: number }[];
  ties: { seat: number; contested: number; regions: string[]; winners: string[]; message: string }[];
}

describe('apportion on the command line', () => {
  it('reproduces the 2020 House apportionment with --json, in the exact output shape', async () => {
    const r = await apportion('--seats', '435', '--method', 'huntington-hill', '--weights', fixture('us-2020-apportionment.csv'), '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Printed;
    expect(Object.keys(out)).toEqual(['method', 'seats', 'allocations', 'ties']);
    expect(out.method).toBe('huntington-hill');
    expect(out.seats).toBe(435);
    expect(out.ties).toEqual([]);
    expect(out.allocations).toHaveLength(50);
    expect(Object.keys(out.allocations[0])).toEqual(['name', 'weight', 'seats']);
    expect(out.allocations[0]).toEqual({ name: 'Alabama', weight: 5_030_053, seats: 7 }); // the file's order
    expect(Object.fromEntries(out.allocations.map((a) => [a.name, a.seats]))).toEqual(seatsFile('us-2020-seats.csv'));
  });

  it('the Alabama paradox with --min 1 (Hamilton, 1880 census); the method is echoed as given', async () => {
    const at = async (seats: number) => {
      const r = await apportion(
        '--seats',
        String(seats),
        '--method',
        'hamilton',
        '--min',
        '1',
        '--weights',
        fixture('us-1880-states.csv'),
        '--json',
      );
      expect(r.code).toBe(0);
      return Object.fromEntries((JSON.parse(r.stdout) as Printed).allocations.map((a) => [a.name, a.seats]));
    };
    const [a, b, c] = await Promise.all([at(299), at(300), at(325)]);
    expect(a).toMatchObject({ Alabama: 8, Texas: 9, Illinois: 18 });
    expect(b).toMatchObject({ Alabama: 7, Texas: 10, Illinois: 19 });
    expect(c).toEqual(seatsFile('us-1882-seats.csv'));
  });

  it('reads a BOM, CRLF, Chinese names, decimal weights, per-row bounds and locks; --max as the default', async () => {
    const file = csv(
      'regions.csv',
      '\uFEFFname,weight,min,max,locked\r\n北京,12.5,,,\r\n上海,10.25,,,\r\n新疆生产建设兵团,0.75,3,,是\r\n深圳,"1,000",,,\r\n',
    );
    const r = await apportion('--seats', '30', '--method', 'sainte-lague', '--max', '12', '--weights', file, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Printed;
    expect(out.method).toBe('sainte-lague');
    expect(out.allocations.map((a) => a.name)).toEqual(['北京', '上海', '新疆生产建设兵团', '深圳']);
    expect(out.allocations.map((a) => a.weight)).toEqual([12.5, 10.25, 0.75, 1000]);
    expect(out.allocations.find((a) => a.name === '新疆生产建设兵团')!.seats).toBe(3);
    expect(out.allocations.find((a) => a.name === '深圳')!.seats).toBe(12);
    expect(out.allocations.reduce((s, a) => s + a.seats, 0)).toBe(30);
  });

  it('names the tied regions and the place in question', async () => {
    const file = csv('tie.csv', 'name,weight\n甲,2\n乙,1\n丙,2\n丁,2\n');
    const r = await apportion('--seats', '2', '--method', 'dhondt', '--weights', file, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Printed;
    expect(out.allocations.map((a) => a.seats)).toEqual([1, 0, 1, 0]);
    expect(out.ties).toMatchObject([{ seat: 1, contested: 2, regions: ['甲', '丙', '丁'], winners: ['甲', '丙'] }]);
    const human = await apportion('--seats', '2', '--method', 'dhondt', '--weights', file);
    expect(human.stdout).toContain('平局');
    expect(human.stdout).toContain('「甲」、「丙」、「丁」');
  });

  it('without --json: a table in Chinese', async () => {
    const r = await apportion('--seats', '10', '--method', 'adams', '--weights', csv('small.csv', 'name,weight\n浙江,6\n福建,3\n海南,1\n'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('亚当斯法');
    expect(lines[0]).toContain('总名额 10');
    expect(lines[1]).toMatch(/序号\s+地区\s+权重\s+标准份额\s+名额\s+末位优先值\s+约束/);
    expect(lines.find((l) => l.includes('浙江'))).toMatch(/浙江\s+6\s+6\.000000\s+6\s/);
    expect(lines.find((l) => /^\s+合计/.test(l))).toMatch(/合计\s+10\s+10$/);
  });

  // Refusals run side by side (each is a fresh Node process); `expect` is the test's own for that.
  it.concurrent.for<[string, string[], string]>([
    ['missing --seats', ['--method', 'hamilton', '--weights', 'W'], '--seats'],
    ['--seats not a number', ['--seats', 'ten', '--method', 'hamilton', '--weights', 'W'], 'ten'],
    ['negative --seats', ['--seats', '-3', '--method', 'hamilton', '--weights', 'W'], ''],
    ['missing --method', ['--seats', '5', '--weights', 'W'], '--method'],
    ['unknown method', ['--seats', '5', '--method', 'borda', '--weights', 'W'], 'borda'],
    ['missing --weights', ['--seats', '5', '--method', 'hamilton'], '--weights'],
    ['file not found', ['--seats', '5', '--method', 'hamilton', '--weights', '/nonexistent/w.csv'], '找不到文件'],
    ['unknown option', ['--seats', '5', '--method', 'hamilton', '--weights', 'W', '--colour'], '参数有误'],
    ['stray argument', ['--seats', '5', '--method', 'hamilton', '--weights', 'W', 'extra'], 'extra'],
    ['bad --min', ['--seats', '5', '--method', 'hamilton', '--weights', 'W', '--min', '1.5'], '--min'],
    ['minimums above the seats', ['--seats', '5', '--method', 'webster', '--weights', 'W', '--min', '2'], '6'],
    ['maximums below the seats', ['--seats', '50', '--method', 'dhondt', '--weights', 'W', '--max', '10'], '30'],
  ])('%s: exit 2, one line on stderr, nothing on stdout', async ([, args, words], { expect }) => {
    const good = csv('good.csv', 'name,weight\nA,5\nB,3\nC,2\n');
    const r = await apportion(...args.map((a) => (a === 'W' ? good : a)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^错误 error: .+\n$/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(words);
  });

  it.concurrent.for<[string, string | Buffer, string]>([
    ['no weight column', 'name,population\nA,5\n', 'population'],
    ['a row with too many cells', 'name,weight\nA,5,6\n', '第 2 行'],
    ['a weight that is not a number', 'name,weight\nA,many\n', 'many'],
    ['a negative weight', 'name,weight\nA,-5\nB,3\n', '负数'],
    ['min above max', 'name,weight,min,max\nA,5,4,2\n', '最小名额 4 大于最大名额 2'],
    ['locked value', 'name,weight,locked\nA,5,maybe\n', 'locked'],
    ['all weights zero', 'name,weight\nA,0\nB,0\n', '权重之和为 0'],
    ['duplicate region', 'name,weight\nA,1\nA,2\n', '不止一次'],
    ['empty file', '', '空'],
    [
      'GBK text',
      Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x2c, 0x77, 0x65, 0x69, 0x67, 0x68, 0x74, 0x0a, 0xd5, 0xe3, 0xbd, 0xad, 0x2c, 0x31, 0x0a]),
      'UTF-8',
    ],
  ])('malformed file, %s: exit 2 with a one-line message', async ([what, content, words], { expect }) => {
    const r = await apportion(
      '--seats',
      '5',
      '--method',
      'hamilton',
      '--weights',
      csv(`bad-${what.replace(/\W+/g, '-')}.csv`, content),
      '--json',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^错误 error: .+\n$/);
    expect(r.stderr).toContain(words);
  });
});
