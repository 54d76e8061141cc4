import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../../main/core/engine';
import { loadAdminToken } from '../../main/core/server/admin/load-admin-token';

export interface AdminAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface RunningEngine {
  engine: Engine;
  url: string;
  home: string;
  token: string;
  close(): Promise<void>;
}

/** A real engine in this process, in a fresh home, listening on 127.0.0.1 with a free port. */
export async function startEngine(configText: string, env: NodeJS.ProcessEnv = {}): Promise<RunningEngine> {
  const home = mkdtempSync(path.join(tmpdir(), 'ais-admin-'));
  writeFileSync(path.join(home, 'config.yaml'), configText);
  const engine = await createEngine({
    home,
    host: '127.0.0.1',
    port: 0,
    env,
    logToStdout: false,
    watchConfig: false,
  });
  const { url } = await engine.start();
  return { engine, url, home, token: loadAdminToken(home), close: () => engine.stop({ graceMs: 1_000 }) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** One HTTP request with full control of Host/Origin (fetch forbids setting Host). */
export function send(
  baseUrl: string,
  options: {
    method?: string;
    path: string;
    token?: string;
    headers?: Record<string, string>;
    body?: unknown;
  },
): Promise<AdminAnswer> {
  const url = new URL(options.path, baseUrl);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
      : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text) as unknown;
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Collects the SSE events of GET /api/events until `close()`. */
export function openEvents(
  baseUrl: string,
  token: string,
): Promise<{ events: { event: string; data: unknown }[]; close(): void; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const request = http.get(
      new URL('/api/events', baseUrl),
      { headers: { authorization: `Bearer ${token}` } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`events answered ${response.statusCode}`));
        let buffer = '';
        const ended = new Promise<void>((done) => response.once('close', () => done()));
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(frame)?.[1];
            const data = /^data: (.+)$/m.exec(frame)?.[1];
            if (name && data) events.push({ event: name, data: JSON.parse(data) as unknown });
          }
        });
        response.on('error', () => undefined);
        resolve({ events, close: () => request.destroy(), ended });
      },
    );
    request.on('error', reject);
  });
}

/** Polls `check` every 20 ms for up to `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A Chat Completions answer with the given usage, as an OpenAI-compatible provider sends it. */
export function chatCompletion(
  promptTokens: number,
  completionTokens: number,
  content = 'ok',
): Record<string, unknown> {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** The same answer as a Chat Completions stream with a final usage chunk. */
export function chatStreamFrames(promptTokens: number, completionTokens: number): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: Record<string, number>) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'test-model',
      choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
      ...(usage && { usage }),
    })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }, null),
    chunk({ content: 'ok' }, null),
    chunk({}, 'stop'),
    chunk({}, null, {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    }),
    'data: [DONE]\n\n',
  ];
}
