/**
 * The loopback transport: the built renderer and the same dispatcher over HTTP on 127.0.0.1, for
 * `npm run dev:web` and the Chromium tests. A random token per start, checked on every call;
 * Host and Origin must be this server's own, so no other page or rebinding DNS name can call it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ProgressEvent } from '../../shared/result';
import type { Dispatcher } from './dispatcher';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const MAX_BODY_BYTES = 80 * 1024 * 1024;

export interface LoopbackServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  dispatcher: Dispatcher;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  port?: number;
}

export async function startLoopbackServer(opts: LoopbackOptions): Promise<LoopbackServer> {
  const token = crypto.randomBytes(24).toString('hex');
  const streams = new Set<http.ServerResponse>();
  let origin = '';
  let hosts: string[] = [];

  const broadcast = (e: ProgressEvent) => {
    const data = `data: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(data);
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: http.ServerResponse, status: number, message: string) =>
    send(res, status, { ok: false, error: { code: 'FORBIDDEN', message } });

  const tokenMatches = (given: string | null | undefined) =>
    typeof given === 'string' && given.length === token.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(token));

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new Error('too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function serveStatic(res: http.ServerResponse, urlPath: string) {
    if (!opts.staticDir) return refuse(res, 404, '未提供界面文件。');
    const root = path.resolve(opts.staticDir);
    const rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('未找到');
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (path.basename(file) === 'index.html') {
      // The page learns the token from a meta tag: no script runs inline, and other origins cannot read it.
      const html = fs.readFileSync(file, 'utf8').replace('<head>', `<head>\n    <meta name="ledger-token" content="${token}" />`);
      res.writeHead(200, headers);
      return res.end(html);
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', origin);
      if (!hosts.includes(req.headers.host ?? '')) return refuse(res, 403, '拒绝访问：主机名不符。');
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && reqOrigin !== origin && !hosts.some((h) => reqOrigin === `http://${h}`))
        return refuse(res, 403, '拒绝访问：来源不符。');

      if (url.pathname === '/api/events' && req.method === 'GET') {
        if (!tokenMatches(url.searchParams.get('token'))) return refuse(res, 401, '拒绝访问：令牌无效。');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, '只接受 POST 请求。');
        if (!tokenMatches(req.headers['x-ledger-token'] as string | undefined)) return refuse(res, 401, '拒绝访问：令牌无效。');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, '请求格式应为 JSON。');
        let body: { input?: unknown; jobId?: unknown };
        try {
          body = JSON.parse(await readBody(req)) as typeof body;
        } catch {
          return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON，或超过大小上限。' } });
        }
        const method = url.pathname.slice('/api/'.length);
        const jobId = typeof body?.jobId === 'string' && body.jobId.length <= 100 ? body.jobId : undefined;
        const result = await opts.dispatcher.dispatch(method, body?.input, { jobId, onProgress: broadcast });
        return send(res, 200, result);
      }
      if (req.method !== 'GET') return refuse(res, 405, '不支持的请求。');
      return serveStatic(res, url.pathname);
    } catch (e) {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'TRANSPORT', message: `本地服务出错：${(e as Error).message}` } });
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    url: origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
