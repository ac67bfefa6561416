import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_BYTES, startLoopbackServer, type LoopbackServer } from '../../electron/ipc/httpTransport';
import { writeMessySummary } from '../fixtures/xlsx/messySummary';
import { makeBackend, snapshot, type TestBackend } from '../fixtures/backend';

let b: TestBackend;
let server: LoopbackServer;
beforeAll(async () => {
  b = await makeBackend({ demo: 20 });
  server = await startLoopbackServer({
    dispatcher: b.dispatcher,
    staticDir: path.resolve('test/fixtures/static'),
    downloadRoots: [b.ctx.outboxDir],
  });
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
  body?: string | Buffer;
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
    // Events are written before the answer; wait for them to be read, not for a time.
    await vi.waitFor(() => expect(events.filter((e) => e.jobId === 'web-job').length).toBeGreaterThanOrEqual(3), { timeout: 30_000 });
    stream.destroy();
  });

  const host = () => new URL(server.url).host;
  const upload = (name: string | null, body: Buffer, headers: Record<string, string> = {}) =>
    request({
      path: '/api/upload',
      method: 'POST',
      headers: {
        'x-ledger-token': server.token,
        host: host(),
        'content-type': 'application/octet-stream',
        ...(name === null ? {} : { 'x-file-name': encodeURIComponent(name) }),
        ...headers,
      },
      body,
    });

  it('takes an upload as a private file and hands back its path, which the services read', async () => {
    const { file } = await writeMessySummary(b.dir);
    const r = await upload('浙江-第1期 报名汇总表.xlsx', fs.readFileSync(file));
    const value = (JSON.parse(r.body) as { value: { path: string; name: string; size: number } }).value;
    expect(value).toMatchObject({ name: '浙江-第1期 报名汇总表.xlsx', size: fs.statSync(file).size });
    expect(fs.readFileSync(value.path).equals(fs.readFileSync(file))).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(value.path).mode & 0o077).toBe(0);
    const preview = JSON.parse((await api('imports.preview', { programmeId: 1, file: { path: value.path }, sessionNumber: 1 })).body);
    expect(preview).toMatchObject({ ok: true, value: { fileName: '浙江-第1期 报名汇总表.xlsx' } });
    // Refusals are structured: no name, no token, too large (as declared), nothing written.
    expect(JSON.parse((await upload(null, Buffer.from('x'))).body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await upload('a.xlsx', Buffer.from('x'), { 'x-ledger-token': 'nope' })).status).toBe(401);
    const big = await upload('a.xlsx', Buffer.from('x'), { 'content-length': String(MAX_UPLOAD_BYTES + 1) }).catch(() => null);
    if (big) expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('an upload larger than the limit is cut off as it streams, and leaves no file', async () => {
    const small = await startLoopbackServer({ dispatcher: b.dispatcher, maxUploadBytes: 64 * 1024 });
    try {
      const u = new URL(small.url);
      const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('ledger-tmp-upload-'));
      let answered = false;
      const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: u.port,
            path: '/api/upload',
            method: 'POST',
            agent: false,
            headers: { 'x-ledger-token': small.token, host: u.host, 'x-file-name': 'big.xlsx', 'transfer-encoding': 'chunked' },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            // The server closes the connection after refusing: the answer may end in a reset.
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            res.on('close', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', (e) => (answered ? undefined : reject(e)));
        req.on('response', () => (answered = true));
        // No declared length: the limit has to hold while the bytes arrive.
        for (let i = 0; i < 20; i++) req.write(Buffer.alloc(16 * 1024, 1));
        req.end();
      });
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const dirs = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('ledger-tmp-upload-') && !before.includes(n));
      for (const d of dirs) expect(fs.readdirSync(path.join(os.tmpdir(), d)).filter((n) => n.startsWith('f-'))).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('downloads an export from the outbox only', async () => {
    const written = JSON.parse((await api('exports.summary', { programmeId: 1, sessionNumber: 1 })).body).value as {
      path: string;
      fileName: string;
    };
    expect(written.path.startsWith(b.ctx.outboxDir)).toBe(true);
    const dl = (p: string, token = server.token) =>
      request({ path: `/api/download?token=${encodeURIComponent(token)}&path=${encodeURIComponent(p)}`, headers: { host: host() } });
    const ok = await dl(written.path);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(written.fileName)}`);
    expect((await dl(written.path, 'wrong')).status).toBe(401);
    for (const p of [b.dbPath, '/etc/passwd', path.join(b.ctx.outboxDir, '..', path.basename(b.dbPath)), 'relative.xlsx', ''])
      expect(JSON.parse((await dl(p)).body), p).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers odd requests with structured errors, never a bare 500', async () => {
    const bad = await request({ path: '/%', headers: { host: host() } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // A token of the right length in characters but not in bytes.
    const odd = await api('programmes.list', {}, { 'x-ledger-token': '\u00e9'.repeat(server.token.length) });
    expect(odd.status).toBe(401);
    expect(JSON.parse(odd.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const events = await request({ path: `/api/events?token=${'%C3%A9'.repeat(server.token.length)}`, headers: { host: host() } });
    expect(events.status).toBe(401);
  });

  it('a result that cannot be serialised is a structured error, not an empty 200', async () => {
    const odd = await startLoopbackServer({ dispatcher: { dispatch: async () => ({ ok: true, value: 10n }) } });
    try {
      const u = new URL(odd.url);
      const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: u.port,
            path: '/api/app.info',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-ledger-token': odd.token, host: u.host },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end('{"input":{}}');
      });
      expect(r.status).toBe(500);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
    } finally {
      await odd.close();
    }
  });
});
