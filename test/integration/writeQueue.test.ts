/**
 * Mutations run one at a time, even when a handler awaits (as an import does while it reads a
 * file): a second write must not start until the first has finished. The handler is a real service
 * wrapped to write, yield to the event loop, then write again; the audit log, written by the real
 * services, shows the order the writes reached the database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { createServices } from '../../electron/services';
import { makeBackend, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
beforeEach(async () => {
  b = await makeBackend();
});
afterEach(() => b.cleanup());

/** A promise with its resolve, to let a test say when a step may go on. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('the write queue', () => {
  it('a mutation that awaits mid-way is not interleaved with the next one', async () => {
    const services = createServices(b.ctx);
    const order: string[] = [];
    const gates = new Map([['甲', gate()]]);
    const started = new Map([['甲', gate()]]);
    const dispatcher = createDispatcher({
      ...services,
      'settings.update': async (input, call) => {
        const who = input.operatorName ?? '';
        order.push(`${who} 开始`);
        services['settings.update']({ organisation: `${who} 第一步` }, call);
        started.get(who)?.open();
        await gates.get(who)?.promise;
        const result = services['settings.update'](input, call);
        order.push(`${who} 结束`);
        return result;
      },
    });

    const first = dispatcher.dispatch('settings.update', { operatorName: '甲' });
    await started.get('甲')!.promise;
    const second = dispatcher.dispatch('settings.update', { operatorName: '乙' });
    // Give the second call every chance to start: all pending callbacks and microtasks run.
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['甲 开始']);
    gates.get('甲')!.open();

    expect(await first).toMatchObject({ ok: true });
    expect(await second).toMatchObject({ ok: true });
    expect(order).toEqual(['甲 开始', '甲 结束', '乙 开始', '乙 结束']);
    const writes = b.db.prepare("SELECT details FROM audit_log WHERE method = 'settings.update' ORDER BY id").all() as {
      details: string;
    }[];
    expect(writes.map((w) => JSON.parse(w.details))).toEqual([
      { organisation: '甲 第一步' },
      { operatorName: '甲' },
      { organisation: '乙 第一步' },
      { operatorName: '乙' },
    ]);
  });

  it('a failed write does not stop the queue', async () => {
    const services = createServices(b.ctx);
    const dispatcher = createDispatcher({
      ...services,
      'settings.update': async (input, call) => {
        await new Promise((r) => setImmediate(r));
        if (input.operatorName === '坏') throw new Error('故意失败');
        return services['settings.update'](input, call);
      },
    });
    const [bad, good] = await Promise.all([
      dispatcher.dispatch('settings.update', { operatorName: '坏' }),
      dispatcher.dispatch('settings.update', { operatorName: '好' }),
    ]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(good).toMatchObject({ ok: true, value: { operatorName: '好' } });
  });
});
