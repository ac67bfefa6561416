/**
 * Reads while a long write runs, through the real path: the engine worker behind the loopback HTTP
 * transport. During a 50,000-row import commit, `registrations.list` (a search, first 50 rows) is
 * called back to back; its p95 is printed beside the same calls on an idle engine (the floor), and
 * the longest gap between the commit's progress events is measured on the SSE stream.
 */
import http from 'node:http';
import path from 'node:path';
import { startEngineHost } from '../../electron/engine/host';
import { startLoopbackServer } from '../../electron/ipc/httpTransport';
import type { ProgressEvent } from '../../shared/result';
import { writeBigSummary } from '../fixtures/bigFile';

const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const mark = (ok: boolean) => (ok ? '✓' : '✗');

export async function readsDuringCommitBench(dir: string, rows: number): Promise<void> {
  const file = path.join(dir, `commit-${rows}.xlsx`);
  await writeBigSummary(file, rows);
  const engine = await startEngineHost({ dbPath: path.join(dir, 'reads.db'), runtime: 'node' });
  const server = await startLoopbackServer({ dispatcher: engine, downloadRoots: [engine.outboxDir] });
  const u = new URL(server.url);
  const api = async <T = unknown>(method: string, input: unknown, jobId?: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledger-token': server.token },
      body: JSON.stringify({ input, jobId }),
    });
    const r = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!r.ok) throw new Error(r.error?.message);
    return r.value as T;
  };
  try {
    console.log(`\n== 长事务期间的读取 reads during a ${rows}-row commit (engine worker + loopback HTTP)`);
    const { programmeId } = await api<{ programmeId: number }>('demo.seed', { year: 2025, trainees: 2000 });
    const list = { programmeId, search: '张', limit: 50 };
    const timeList = async () => {
      const t = performance.now();
      await api('registrations.list', list);
      return performance.now() - t;
    };
    const idle: number[] = [];
    for (let i = 0; i < 100; i++) idle.push(await timeList());

    const preview = await api<{ importId: string; counts: { ok: number } }>('imports.preview', { programmeId, file: { path: file } });
    // Progress as the window gets it: the SSE stream.
    const events: { at: number; e: ProgressEvent }[] = [];
    const stream = http.get({ host: '127.0.0.1', port: u.port, path: `/api/events?token=${server.token}`, headers: { host: u.host } });
    const res = await new Promise<http.IncomingMessage>((resolve) => stream.on('response', resolve));
    res.setEncoding('utf8');
    let buffered = '';
    res.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n\n');
      buffered = parts.pop() ?? '';
      for (const part of parts)
        if (part.startsWith('data: ')) events.push({ at: performance.now(), e: JSON.parse(part.slice(6)) as ProgressEvent });
    });

    let done = false;
    let ended = 0;
    const t0 = performance.now();
    // The end is when the answer arrives, not when the last read in flight comes back.
    const commit = api<{ imported: number }>('imports.commit', { importId: preview.importId }, 'bench-commit').finally(() => {
      done = true;
      ended = performance.now();
    });
    const during: number[] = [];
    while (!done) {
      const ms = await timeList();
      if (!done) during.push(ms);
    }
    const result = await commit;
    const commitMs = ended - t0;
    // The first read after the commit: the search index takes in the new rows (reported, not a goal).
    const firstAfter = await timeList();
    stream.destroy();
    if (result.imported !== preview.counts.ok) throw new Error(`imported ${result.imported} of ${preview.counts.ok}`);
    const times = [t0, ...events.filter((x) => x.e.jobId === 'bench-commit').map((x) => x.at), t0 + commitMs];
    const labels = ['开始', ...events.filter((x) => x.e.jobId === 'bench-commit').map((x) => x.e.message), '结束'];
    let gap = 0;
    let gapAt = '';
    for (let i = 1; i < times.length; i++)
      if (times[i] - times[i - 1] > gap) [gap, gapAt] = [times[i] - times[i - 1], `${labels[i - 1]} → ${labels[i]}`];

    const p95 = p(during, 0.95);
    console.log(
      `commit: ${(commitMs / 1000).toFixed(2)} s, ${during.length} reads answered while it ran; the first read after it ${firstAfter.toFixed(0)} ms`,
    );
    console.log(
      `registrations.list p95 during commit: ${p95.toFixed(1)} ms  | floor (idle engine, same call): ${p(idle, 0.95).toFixed(1)} ms | goal ≤ 100 ms ${mark(p95 <= 100)}`,
    );
    console.log(`longest gap between progress events: ${gap.toFixed(0)} ms (${gapAt}) | goal ≤ 500 ms ${mark(gap <= 500)}`);
  } finally {
    await server.close();
    await engine.close();
  }
}

if (require.main === module) {
  const dir = process.argv[2] ?? '/tmp';
  void readsDuringCommitBench(dir, Number(process.env.BENCH_ROWS ?? 50_000));
}
