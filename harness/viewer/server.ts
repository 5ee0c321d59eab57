import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { VIEWER_CSS, VIEWER_JS } from './assets.js';
import { callPage, episodePage } from './episode-page.js';
import { parseQuery, QueryError, type Selection } from './episode-query.js';
import { page } from './layout.js';
import { listPage } from './list-page.js';
import { overviewPage } from './overview-page.js';
import { RunReader } from './run-reader.js';
import { html } from '../report/html-template.js';

/**
 * `arena view`: a web application on 127.0.0.1 over run stores, read on demand. Only this
 * machine can connect, and only with the token of the URL it prints (kept in a cookie after the
 * first visit, so links stay plain and shareable in that browser); a Host check keeps other sites
 * from reaching it through DNS rebinding. Pages use no outside assets.
 */

export interface ViewerOptions {
  runDirs: string[];
  /** 0 = any free port. */
  port?: number;
  selection?: Selection;
  /** A report directory (arena report --out) to serve at /report/. */
  reportDir?: string;
  /** Default: random. */
  token?: string;
}

export interface Viewer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv; charset=utf-8', '.json': 'application/json', '.md': 'text/markdown; charset=utf-8' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function cookieToken(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name) return v;
  }
  return undefined;
}

export async function startViewer(options: ViewerOptions): Promise<Viewer> {
  const reader = new RunReader(options.runDirs, options.selection);
  const token = options.token ?? randomBytes(18).toString('base64url');
  let port = 0;
  const cookie = () => `arena_view_${port}`;

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const sendHtml = (res: ServerResponse, body: string) => send(res, 200, 'text/html; charset=utf-8', body);
  const sendJson = (res: ServerResponse, value: unknown) => send(res, 200, 'application/json', JSON.stringify(value));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, `unexpected Host "${host}"`);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = url.searchParams.get('token') ?? undefined;
    if (sameToken(given, token)) {
      url.searchParams.delete('token');
      const rest = url.searchParams.size ? `?${url.searchParams}` : '';
      return send(res, 302, 'text/plain', '', { location: `${url.pathname}${rest}`, 'set-cookie': `${cookie()}=${token}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (!sameToken(cookieToken(req, cookie()), token)) throw new HttpError(403, 'open the URL that arena view printed (it carries the access token)');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'the viewer only reads');
    const p = url.pathname;
    const liveStatus = () => JSON.stringify(reader.status());
    if (p === '/assets/viewer.css') return send(res, 200, 'text/css; charset=utf-8', VIEWER_CSS);
    if (p === '/assets/viewer.js') return send(res, 200, 'text/javascript; charset=utf-8', VIEWER_JS);
    if (p === '/api/status') return send(res, 200, 'text/plain; charset=utf-8', liveStatus());
    if (p === '/') return sendHtml(res, overviewPage(reader.runDirs, reader.status(), reader.leaderboard(), options.reportDir !== undefined, liveStatus()));
    if (p === '/episodes' || p === '/api/episodes') {
      const query = parseQuery(url.searchParams);
      const result = reader.page(query);
      if (p === '/api/episodes') return sendJson(res, result);
      return sendHtml(res, listPage(query, result, { errorKinds: reader.errorKinds(), runs: reader.runDirs.length, liveStatus: liveStatus() }));
    }
    const episode = /^\/(api\/)?episode\/(.+)$/.exec(p);
    if (episode) {
      const id = decodeURIComponent(episode[2]!);
      const run = url.searchParams.get('run');
      const view = await reader.episode(id, run === null ? undefined : Number(run));
      if (!view) throw new HttpError(404, `no episode "${id}" in the runs shown`);
      if (episode[1]) return sendJson(res, view);
      const call = url.searchParams.get('call');
      if (call === null) return sendHtml(res, episodePage(view));
      const shown = callPage(view, Number(call));
      if (!shown) throw new HttpError(404, `episode "${id}" has no recorded model call ${call}`);
      return sendHtml(res, shown);
    }
    if (p.startsWith('/report/') && options.reportDir) {
      const root = path.resolve(options.reportDir);
      const file = path.resolve(root, decodeURIComponent(p.slice('/report/'.length)));
      if (!file.startsWith(root + path.sep) || !(await stat(file).catch(() => undefined))?.isFile()) throw new HttpError(404, `no file ${p}`);
      // The report is self-contained and carries its own policy (inline scripts with a nonce).
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      return res.end(await readFile(file));
    }
    throw new HttpError(404, `no page ${p}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      const status = err instanceof HttpError ? err.status : err instanceof QueryError ? 400 : 500;
      if (res.headersSent) return res.destroy();
      send(res, status, 'text/html; charset=utf-8', page(`error ${status}`, html`<h1>${status}</h1><p>${err.message}</p>`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      reader.close();
    },
  };
}
