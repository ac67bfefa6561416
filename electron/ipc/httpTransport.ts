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
import { pipeline } from 'node:stream/promises';
import type { EngineNotice, ProgressEvent } from '../../shared/result';
import { makePrivateTempDir, removePrivateTempDir } from '../tempFiles';
import type { Dispatcher } from './dispatcher';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Content types of the built renderer's files (also served by the window's app:// protocol). */
export const CONTENT_TYPES: Record<string, string> = {
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

/** A contract call is small JSON (files travel by path); uploads have their own, larger limit. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export interface LoopbackServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  dispatcher: Dispatcher & { onNotice?(listener: (n: EngineNotice) => void): () => void };
  /** Folders whose files the browser may download (the engine's outbox). */
  downloadRoots?: string[];
  /** Tests set a small one; the default is MAX_UPLOAD_BYTES. */
  maxUploadBytes?: number;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  port?: number;
}

export async function startLoopbackServer(opts: LoopbackOptions): Promise<LoopbackServer> {
  const token = crypto.randomBytes(24).toString('hex');
  const tokenBytes = Buffer.from(token);
  const streams = new Set<http.ServerResponse>();
  // Uploaded files are copies of the user's files (personal data): private, and gone on close.
  const uploadDir = makePrivateTempDir('upload');
  const downloadRoots = (opts.downloadRoots ?? []).map((d) => fs.realpathSync(d));
  const maxUpload = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const tooLargeMessage = `文件超过 ${Math.round(maxUpload / 1024 / 1024)} MB，请拆分后再导入。`;
  let origin = '';
  let hosts: string[] = [];

  const sse = (data: string) => {
    for (const s of streams) s.write(data);
  };
  const broadcast = (e: ProgressEvent) => sse(`data: ${JSON.stringify(e)}\n\n`);
  const stopNotices = opts.dispatcher.onNotice?.((n) => sse(`event: notice\ndata: ${JSON.stringify(n)}\n\n`));

  const error = (code: string, message: string) => ({ ok: false, error: { code, message } });
  /** Serialised before the status line: a result too large to serialise still gets a proper answer. */
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    let text: string;
    try {
      text = JSON.stringify(body);
    } catch (e) {
      status = 500;
      text = JSON.stringify(
        error('TRANSPORT', `结果太大，无法通过本地服务传送（${(e as Error).message}）。请缩小范围（期次、地区）后重试。`),
      );
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  };
  const refuse = (res: http.ServerResponse, status: number, message: string) => send(res, status, error('FORBIDDEN', message));

  const tokenMatches = (given: string | null | undefined) => {
    if (typeof given !== 'string') return false;
    const b = Buffer.from(given);
    return b.length === tokenBytes.length && crypto.timingSafeEqual(b, tokenBytes);
  };

  class TooLarge extends Error {}
  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new TooLarge();
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The browser's stand-in for a file path: the upload is streamed to a private file, its path returned. */
  async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse) {
    let name: string;
    try {
      name = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
    } catch {
      name = '';
    }
    name = path
      .basename(name)
      .replace(/[^\p{L}\p{N}._ ()（）-]/gu, '_')
      .slice(0, 200);
    if (!name) return send(res, 400, error('VALIDATION', '上传缺少文件名。'));
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > maxUpload) {
      // The body is not read: the connection cannot carry another request after this answer.
      res.setHeader('connection', 'close');
      return send(res, 413, error('VALIDATION', tooLargeMessage));
    }
    const dir = fs.mkdtempSync(path.join(uploadDir, 'f-'));
    const file = path.join(dir, name);
    let size = 0;
    try {
      await pipeline(
        req,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxUpload) throw new TooLarge();
            yield chunk;
          }
        },
        fs.createWriteStream(file, { mode: 0o600 }),
      );
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (e instanceof TooLarge) {
        res.setHeader('connection', 'close');
        return send(res, 413, error('VALIDATION', tooLargeMessage));
      }
      throw e;
    }
    return send(res, 200, { ok: true, value: { path: file, name, size } });
  }

  function serveDownload(res: http.ServerResponse, wanted: string | null) {
    let real = '';
    try {
      real = wanted ? fs.realpathSync(wanted) : '';
    } catch {
      // Not there: answered below like anything outside the roots.
    }
    if (!real || !downloadRoots.some((root) => real.startsWith(root + path.sep)) || !fs.statSync(real).isFile())
      return send(res, 404, error('NOT_FOUND', '找不到要下载的文件，请重新导出。'));
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(real))}`,
      'content-length': String(fs.statSync(real).size),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    fs.createReadStream(real).pipe(res);
  }

  function serveStatic(res: http.ServerResponse, urlPath: string) {
    if (!opts.staticDir) return refuse(res, 404, '未提供界面文件。');
    const root = path.resolve(opts.staticDir);
    let rel: string;
    try {
      rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
    } catch {
      return send(res, 400, error('VALIDATION', '请求的地址格式不正确。'));
    }
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('未找到');
    }
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
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
      let url: URL;
      try {
        url = new URL(req.url ?? '/', origin);
      } catch {
        return send(res, 400, error('VALIDATION', '请求的地址格式不正确。'));
      }
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
      if (url.pathname === '/api/download' && req.method === 'GET') {
        if (!tokenMatches(url.searchParams.get('token'))) return refuse(res, 401, '拒绝访问：令牌无效。');
        return serveDownload(res, url.searchParams.get('path'));
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, '只接受 POST 请求。');
        if (!tokenMatches(req.headers['x-ledger-token'] as string | undefined)) return refuse(res, 401, '拒绝访问：令牌无效。');
        if (url.pathname === '/api/upload') return await receiveUpload(req, res);
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, '请求格式应为 JSON。');
        let body: { input?: unknown; jobId?: unknown };
        try {
          body = JSON.parse(await readBody(req)) as typeof body;
        } catch (e) {
          return e instanceof TooLarge
            ? send(res, 413, error('VALIDATION', '请求内容超过大小上限。文件请按路径或上传传递。'))
            : send(res, 400, error('VALIDATION', '请求内容不是有效的 JSON。'));
        }
        const method = url.pathname.slice('/api/'.length);
        const jobId = typeof body?.jobId === 'string' && body.jobId.length <= 100 ? body.jobId : undefined;
        const result = await opts.dispatcher.dispatch(method, body?.input, { jobId, onProgress: broadcast });
        return send(res, 200, result);
      }
      if (req.method !== 'GET') return refuse(res, 405, '不支持的请求。');
      return serveStatic(res, url.pathname);
    } catch (e) {
      if (!res.headersSent) send(res, 500, error('TRANSPORT', `本地服务出错：${(e as Error).message}`));
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
        stopNotices?.();
        removePrivateTempDir(uploadDir);
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
