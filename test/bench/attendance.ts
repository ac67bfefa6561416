/**
 * Check-in speed (issue 8 §6), each beside a floor measured in the same run:
 *  1. A mark through the transport (the engine worker, as behind the window): 100 trainees × 8
 *     slots. Goal p95 ≤ 5 ms. Floor: `app.info` over the same transport.
 *  2. A lookup by initials or ID tail in the check-in screen's roster (pure, in the page). Goal
 *     p95 ≤ 2 ms. Floor: one pass over the roster comparing names.
 * Run: npx electron-vite build && npx tsx test/bench/attendance.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lookup } from '../../shared/domain/attendance';
import { startEngineHost } from '../../electron/engine/host';
import { tempDir } from '../fixtures/backend';
import { makeIdNumber } from '../fixtures/identity';
import { registrationInput } from '../fixtures/registrations';

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))];
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dir = tempDir('ledger-bench-att-');
  const engine = await startEngineHost({
    dbPath: path.join(dir, 'ledger.db'),
    runtime: 'node',
    workerFile: path.resolve('out/main/engineWorker.js'),
  });
  async function call(method: string, input: unknown) {
    const r = await engine.dispatch(method as never, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as never;
  }
  try {
    const { id: programmeId } = (await call('programmes.create', { year: 2025, title: '基准' })) as { id: number };
    const { id: sessionId } = (await call('sessions.create', {
      programmeId,
      number: 1,
      startDate: '2025-07-21',
      endDate: '2025-07-24',
    })) as {
      id: number;
    };
    const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞'];
    for (let i = 0; i < 100; i++) {
      const r = (await call(
        'registrations.create',
        registrationInput(programmeId, {
          sessionId,
          trainee: {
            name: `${names[i % 10]}${'一二三四五六七八九十'[Math.floor(i / 10)]}`,
            idNumber: makeIdNumber({ seq: 2 * i + 1, gender: '男' }),
          },
        }),
      )) as { id: number };
      await call('registrations.setStatus', { id: r.id, status: 'approved' });
    }
    const roster = (await call('rosters.get', { sessionId })) as { entries: Parameters<typeof lookup>[0] & { registrationId: number }[] };

    const marks: number[] = [];
    const floor: number[] = [];
    // The smallest audited write over the same transport: one transaction, one commit (synchronous=FULL).
    const writeFloor: number[] = [];
    for (let slotSeq = 1; slotSeq <= 8; slotSeq++)
      for (const e of roster.entries) {
        let t = performance.now();
        await call('attendance.mark', {
          registrationId: e.registrationId,
          slotSeq,
          at: `2025-07-2${1 + Math.floor((slotSeq - 1) / 2)} 08:2${slotSeq % 10}`,
        });
        marks.push(performance.now() - t);
        t = performance.now();
        await call('app.info', {});
        floor.push(performance.now() - t);
        t = performance.now();
        await call('settings.update', { operatorName: '基准' });
        writeFloor.push(performance.now() - t);
      }

    const queries = roster.entries.flatMap((e) => [e.initials, e.idNumber.slice(-4)]);
    const looks: number[] = [];
    const base: number[] = [];
    for (let round = 0; round < 5; round++)
      for (const q of queries) {
        let t = performance.now();
        lookup(roster.entries, q);
        looks.push(performance.now() - t);
        t = performance.now();
        roster.entries.filter((x) => x.name === q);
        base.push(performance.now() - t);
      }
    console.log(
      `签到 mark through the transport, p95: ${ms(p95(marks))} (floor: app.info ${ms(p95(floor))}, smallest audited write settings.update ${ms(p95(writeFloor))}); ${marks.length} marks; goal ≤ 5 ms: ${p95(marks) <= 5 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `查找 lookup by initials / ID tail, p95: ${ms(p95(looks))} (floor ${ms(p95(base))}); ${looks.length} lookups; goal ≤ 2 ms: ${p95(looks) <= 2 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
