/**
 * Issue 10 §4: a lean start-up bundle. The built page's entry script and every chunk it imports
 * statically (what the window loads before the first screen) must not carry ECharts: the charts
 * come with the overview's own lazily loaded chunk. In the e2e project because it reads the build
 * (npm run test:e2e and npm test build first).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_DIR } from './harness';

/** Strings that survive minification: the attribute ECharts sets on its box, and its module paths. */
const ECHARTS = ['_echarts_instance_', 'node_modules/echarts/'];
const read = (file: string) => fs.readFileSync(path.join(RENDERER_DIR, file), 'utf8');

/** The entry script, the preloaded chunks and their static imports, followed to the end. */
function startupChunks(): string[] {
  const html = read('index.html');
  const entry = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1];
  expect(entry, 'index.html names its entry script').toBeTruthy();
  const queue = [entry!, ...[...html.matchAll(/<link rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)].map((m) => m[1])];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const dir = path.posix.dirname(file);
    // Static imports only: `import … from "./x.js"` and `import "./x.js"`; import() is lazy by design.
    for (const m of read(file).matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"();]*?\sfrom\s*)?["'](\.\/[^"']+\.js)["']/g))
      queue.push(path.posix.join(dir, m[1]));
  }
  return [...seen];
}

describe('the start-up bundle', () => {
  it('carries no ECharts; the overview’s charts chunk does', () => {
    expect(fs.existsSync(path.join(RENDERER_DIR, 'index.html')), 'run npx electron-vite build first').toBe(true);
    const startup = startupChunks();
    expect(startup.length).toBeGreaterThan(0);
    for (const file of startup) for (const marker of ECHARTS) expect(read(file).includes(marker), `${file} contains ${marker}`).toBe(false);
    const all = fs.readdirSync(path.join(RENDERER_DIR, 'assets')).filter((f) => f.endsWith('.js'));
    const withCharts = all.filter((f) => read(`assets/${f}`).includes(ECHARTS[0]));
    expect(withCharts.length, 'some lazy chunk holds ECharts (the marker is still meaningful)').toBeGreaterThan(0);
    expect(withCharts.some((f) => startup.includes(`assets/${f}`))).toBe(false);
    const bytes = startup.reduce((a, f) => a + fs.statSync(path.join(RENDERER_DIR, f)).size, 0);
    console.info(`[startupBundle] ${startup.length} start-up chunks, ${(bytes / 1024 / 1024).toFixed(2)} MB: ${startup.join(', ')}`);
  });
});
