/**
 * The reallocation commands run as a user runs them (a child `node electron/cli.ts`, a real data
 * file, the .xlsx read back): the standing and suggestion, applying it, the promotion list and its
 * confirmation, a refused revert, the export; bad arguments exit 2 with one Chinese line, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/backend';
import { runCli } from '../fixtures/cli';

const dir = tempDir('ledger-cli-realloc-');
const db = path.join(dir, 'plan.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--db', db, ...args]);

/** The rows that reallocation writes: equal before and after means nothing changed. */
function state(): string {
  const d = new Database(db, { readonly: true });
  try {
    return JSON.stringify(
      ['quotas', 'quota_changes', 'reallocations', 'reallocation_moves', 'registrations', 'audit_log'].map((t) =>
        d.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all(),
      ),
    );
  } finally {
    d.close();
  }
}

beforeAll(async () => {
  const demo = await cli('demo');
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

describe('reallocation commands', () => {
  it('refuses bad arguments with one line and exit 2, writing nothing', async () => {
    const before = state();
    for (const args of [
      ['reallocate', '--programme', '2025', '--session', '1', '--suggested'],
      ['reallocate', '--programme', '2025', '--session', '1', '--from', '火星', '--to', '北京', '--places', '1', '--reason', 'x'],
      ['reallocate', '--programme', '2025', '--session', '1', '--from', '河北', '--to', '北京', '--places', '-1', '--reason', 'x'],
      ['reallocate', '--programme', '2025', '--session', '1', '--from', '天津', '--to', '北京', '--places', '50', '--reason', 'x'],
      ['promote', '--programme', '2025', '--confirm', 'abc'],
      ['export-reallocations', '--programme', '2025'],
    ]) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^错误 error: .*[\u4e00-\u9fff]/);
    }
    expect(state()).toBe(before);
  }, 120_000);

  it('shows the standing and the suggestion, applies it, lists then confirms the promotion, exports', async () => {
    const shown = await cli('reallocations', '--programme', '2025', '--session', '1', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const { standing, history } = JSON.parse(shown.stdout) as {
      standing: { suggestion: { places: number }[] };
      history: { id: number; reason: string; status: string }[];
    };
    expect(history).toHaveLength(1);
    expect(history[0].reason).toContain('演示');
    const total = standing.suggestion.reduce((a, m) => a + m.places, 0);
    expect(total).toBeGreaterThan(0);
    const human = await cli('reallocations', '--programme', '2025', '--session', '1');
    expect(human.stdout).toMatch(/第1期（已截止）：名额 \d+/);
    expect(human.stdout).toContain('调剂建议：');

    const applied = await cli('reallocate', '--programme', '2025', '--session', '1', '--suggested', '--reason', '第1期截止后调剂');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`已调剂 ${total} 名`);

    const list = await cli('promote', '--programme', '2025', '--session', '1', '--json');
    const { next } = JSON.parse(list.stdout) as { next: { registrationId: number }[] };
    expect(next.length).toBeGreaterThan(0);
    const ids = next.map((w) => w.registrationId);
    const before = state();
    const wrong = await cli('promote', '--programme', '2025', '--confirm', '999999');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('报名 999999 不是该培训项目中的候补报名');
    expect(state()).toBe(before);
    const ok = await cli('promote', '--programme', '2025', '--confirm', ids.join(','), '--reason', '调剂后转正');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`已转正 ${ids.length} 人`);

    // The demo's reallocation gave places its promoted registrations hold: refused, exit 1, one line.
    const refused = await cli('revert-reallocation', '--id', String(history[0].id), '--reason', '撤回');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^错误 error: 无法撤销这次名额调剂：第1期.+调入的名额已有报名占用/);

    const out = path.join(dir, '调剂记录.xlsx');
    const exported = await cli('export-reallocations', '--programme', '2025', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('名额调剂记录')!;
    expect(ws.getCell('G4').text).toContain('第1期截止后调剂');
    expect(ws.getCell('H4').text).toBe('已生效');
  }, 240_000);
});
