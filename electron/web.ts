/**
 * `npm run dev:web`: the built renderer and the real services on 127.0.0.1, for working where
 * Electron cannot run. The services run in the same engine worker as in the window. Prints the
 * address to open; the page learns its token from the server.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEngineHost } from './engine/host';
import { startLoopbackServer } from './ipc/httpTransport';
import { defaultDbPath } from './paths';

async function main() {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' } } });
  const engine = await startEngineHost({ dbPath: values.db ?? process.env.LEDGER_DB ?? defaultDbPath(), runtime: 'node' });
  const server = await startLoopbackServer({
    dispatcher: engine,
    downloadRoots: [engine.outboxDir],
    staticDir: path.resolve(__dirname, '../out/renderer'),
    port: values.port ? Number(values.port) : Number(process.env.PORT ?? 5199),
  });
  console.log(`培训台账（浏览器模式）已启动：${server.url}\n数据文件：${engine.dbPath}\n按 Ctrl+C 退出。`);
  const stop = async () => {
    await server.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`无法启动：${e.message}`);
  process.exit(1);
});
