import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../electron/ipc/httpTransport';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
let server: LoopbackServer;
beforeAll(async () => {
  b = await makeBackend({ demo: 20 });
  server = await startLoopbackServer({ dispatcher: b.dispatcher, staticDir: path.resolve('test/fixtures/static') });
});
afterAll(async () => {
  await server.close();
  b.cleanup();
});

/** A raw request, so Host and Origin can be set as an attacker would. */
function request(opts: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: u.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
  request({
    path: `/api/${method}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ledger-token': server.token, host: new URL(server.url).host, ...headers },
    body: JSON.stringify({ input }),
  });

describe('loopback transport', () => {
  it('listens on 127.0.0.1 only and answers a good call', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await api('programmes.list', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: [{ year: 2025 }] });
  });

  it('refuses a missing or wrong token, another origin, a rebinding host name', async () => {
    const before = snapshot(b);
    expect((await api('settings.update', { operatorName: 'x' }, { 'x-ledger-token': 'nope' })).status).toBe(401);
    expect((await api('settings.update', { operatorName: 'x' }, { 'x-ledger-token': '' })).status).toBe(401);
    expect((await api('settings.update', { operatorName: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('settings.update', { operatorName: 'x' }, { host: 'evil.example:80' })).status).toBe(403);
    expect((await request({ path: `/api/events?token=wrong`, headers: { host: new URL(server.url).host } })).status).toBe(401);
    expect(snapshot(b)).toBe(before);
  });

  it('malformed bodies get a structured error and change nothing', async () => {
    const before = snapshot(b);
    const host = new URL(server.url).host;
    const bad = await request({
      path: '/api/settings.update',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledger-token': server.token, host },
      body: '{not json',
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const text = await request({
      path: '/api/settings.update',
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-ledger-token': server.token, host },
      body: '{}',
    });
    expect(text.status).toBe(415);
    expect(JSON.parse((await api('no.such', {})).body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(JSON.parse((await api('settings.update', { operatorName: 12 })).body)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(snapshot(b)).toBe(before);
  });

  it('serves the page with a strict CSP, the token in a meta tag, and no files outside its folder', async () => {
    const host = new URL(server.url).host;
    const page = await request({ path: '/', headers: { host } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain(`<meta name="ledger-token" content="${server.token}"`);
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json'])
      expect((await request({ path: p, headers: { host } })).status, p).toBe(404);
  });

  it('streams progress events of long work to the page', async () => {
    const host = new URL(server.url).host;
    const u = new URL(server.url);
    const events: { jobId: string; done: number }[] = [];
    const stream = http.get({ host: '127.0.0.1', port: u.port, path: `/api/events?token=${server.token}`, headers: { host } });
    const connected = new Promise<http.IncomingMessage>((resolve) => stream.on('response', resolve));
    const res = await connected;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
    });
    const done = await request({
      path: '/api/demo.seed',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledger-token': server.token, host },
      body: JSON.stringify({ input: { year: 2030, trainees: 300 }, jobId: 'web-job' }),
    });
    expect(JSON.parse(done.body)).toMatchObject({ ok: true, value: { registrations: 300 } });
    await new Promise((r) => setTimeout(r, 50));
    stream.destroy();
    expect(events.filter((e) => e.jobId === 'web-job').length).toBeGreaterThanOrEqual(3);
  });
});
