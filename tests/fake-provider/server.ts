/**
 * One local HTTP server that speaks the OpenAI (Chat Completions and Responses), Anthropic
 * Messages and Google generateContent wire formats well enough for the official SDKs, driven by a
 * script of replies or a policy, with injectable faults, recording every request it receives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, FakeReply, FakeRequest, FakeScript, RecordedRequest, WireCodec, WireFormat } from './types.js';
import { anthropicMessages } from './wire-anthropic.js';
import { googleGenerateContent } from './wire-google.js';
import { argumentsText, openAiChat, openAiResponses } from './wire-openai.js';

export interface FakeProvider {
  /** e.g. http://127.0.0.1:43123 (append /v1 for the OpenAI SDK). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The script can be swapped between phases of a test. */
  script: FakeScript;
  close(): Promise<void>;
}

const CODECS: Record<WireFormat, WireCodec> = {
  'openai-chat': openAiChat,
  'openai-responses': openAiResponses,
  anthropic: anthropicMessages,
  google: googleGenerateContent,
};

function route(pathname: string): { format: WireFormat; model?: string } | undefined {
  if (pathname.endsWith('/chat/completions')) return { format: 'openai-chat' };
  if (pathname.endsWith('/responses')) return { format: 'openai-responses' };
  if (pathname.endsWith('/messages')) return { format: 'anthropic' };
  const google = /\/models\/([^/:]+):generateContent$/.exec(pathname);
  return google ? { format: 'google', model: decodeURIComponent(google[1]!) } : undefined;
}

function authorized(format: WireFormat, headers: Record<string, string>, url: URL, key: string): boolean {
  const bearer = headers['authorization'] === `Bearer ${key}`;
  if (format === 'anthropic') return bearer || headers['x-api-key'] === key;
  if (format === 'google') return headers['x-goog-api-key'] === key || url.searchParams.get('key') === key;
  return bearer;
}

/** A small seeded PRNG (mulberry32), so random faults are reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BROKEN_JSON = '{"code": "import pandas as pd\\nprint(pd.read_csv(\'/data/train.csv\').shape)';

/** Faults that change the reply rather than the HTTP exchange. */
function applyReplyFault(reply: FakeReply, fault: Fault | undefined, maxTokens: number | undefined): FakeReply {
  if (fault?.kind === 'malformed_arguments') {
    const [first, ...rest] = reply.toolCalls ?? [];
    return { ...reply, toolCalls: [{ name: first?.name ?? 'execute_code', arguments: undefined, rawArguments: BROKEN_JSON }, ...rest] };
  }
  if (fault?.kind === 'unknown_tool') return { text: reply.text, toolCalls: [{ name: fault.name ?? 'run_shell', arguments: { command: 'ls /data' } }] };
  if (fault?.kind === 'overlong') {
    const chars = fault.chars ?? Math.max(4 * (maxTokens ?? 0), 100_000);
    return { text: 'Let me think about the features step by step. '.repeat(Math.ceil(chars / 47)).slice(0, chars), stop: 'length' };
  }
  return reply;
}

function replyChars(reply: FakeReply): number {
  return (reply.text ?? '').length + (reply.toolCalls ?? []).reduce((n, c) => n + c.name.length + argumentsText(c).length, 0);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeProvider(initial: FakeScript): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let repliesServed = 0;
  const random = seededRandom(initial.randomFault?.seed ?? 1);

  const provider = {
    url: '',
    requests,
    script: initial,
    close: async () => {},
  } satisfies FakeProvider;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake${requests.length}`, ...headers });
    res.end(text);
  };

  const chooseFault = (request: FakeRequest): Fault | undefined => {
    const { faults, randomFault } = provider.script;
    const scripted = typeof faults === 'function' ? faults(request) : faults?.[request.index];
    if (scripted) return scripted;
    return randomFault && random() < randomFault.probability ? randomFault.fault : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    const target = req.method === 'POST' ? route(url.pathname) : undefined;
    if (!target) return send(res, 404, { error: { message: `no route for ${req.method} ${url.pathname}` } });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      return send(res, 400, { error: { message: 'request body is not JSON' } });
    }
    const codec = CODECS[target.format];
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const request: FakeRequest = { index: requests.length, format: target.format, ...codec.parse(body, target.model ?? String(body.model)) };
    const record: RecordedRequest = { index: request.index, method: req.method!, path: url.pathname, headers, rawBody, body, request, status: 0 };
    requests.push(record);

    const { apiKey } = provider.script;
    const fault: Fault | undefined = apiKey !== undefined && !authorized(target.format, headers, url, apiKey) ? { kind: 'unauthorized' } : chooseFault(request);
    record.fault = fault;
    const fail = (status: number, message: string, extraHeaders: Record<string, string> = {}, retryAfterSec?: number) => {
      record.status = status;
      send(res, status, codec.error(status, message, retryAfterSec), extraHeaders);
    };
    switch (fault?.kind) {
      case 'unauthorized':
        return fail(401, 'Incorrect API key provided.');
      case 'rate_limit': {
        const wait = fault.retryAfterSec;
        return fail(429, 'Rate limit reached. Please try again later.', wait === undefined ? {} : { 'retry-after': String(wait) }, wait);
      }
      case 'server_error':
        return fail(fault.status ?? 500, fault.message ?? 'The server had an error while processing your request.');
      case 'malformed_body':
        record.status = 200;
        return send(res, 200, '{"id": "garbled", "choices": [');
    }

    const script = provider.script;
    const scripted = script.replies ? script.replies[Math.min(repliesServed, script.replies.length - 1)] : script.policy?.(request);
    if (!scripted) return fail(500, 'fake provider: the script has no reply for this request');
    repliesServed++;
    const reply = applyReplyFault(scripted, fault, request.maxTokens);
    const usage = {
      inputTokens: Math.ceil(rawBody.length / 4),
      outputTokens: reply.stop === 'length' && request.maxTokens ? request.maxTokens : Math.ceil(replyChars(reply) / 4),
    };
    const respond = () => {
      record.status = 200;
      record.usage = usage;
      send(res, 200, codec.reply(reply, { index: request.index, model: request.model, usage }));
    };
    if (fault?.kind === 'hang') {
      // Replies late (if ever): by then a client with a shorter timeout has given up.
      if (fault.ms !== undefined) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond();
        }, fault.ms);
        timers.add(timer);
      }
      return;
    }
    respond();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, { error: { message: `fake provider crashed: ${err.message}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(provider, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
