import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a faulty upstream received, and what became of its connection. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  receivedAt: number;
  /** When the response closed: written in full, or its socket went away (abort, reset, timeout). */
  closedAt?: number;
  /** The response was written in full before the close. */
  completed: boolean;
}

/** Answers one request however the test needs: in full, never, half-way, or by cutting the socket. */
export type FaultHandler = (seen: SeenRequest, response: http.ServerResponse) => void | Promise<void>;

export interface FaultyUpstream {
  url: string;
  requests: SeenRequest[];
  /** Requests whose URL starts with `prefix` (one server plays several providers by base-URL path). */
  requestsTo(prefix: string): SeenRequest[];
  /** TCP connections open right now. */
  openConnectionCount(): number;
  close(): Promise<void>;
}

/**
 * A fake provider on 127.0.0.1 that hands each request (body read) to
 * `handle` with the raw response, and records when each response closed, so
 * a test can tell a hung or leaked upstream exchange from a finished one.
 */
export async function startFaultyUpstream(handle: FaultHandler): Promise<FaultyUpstream> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const seen: SeenRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        json: parseObject(body),
        receivedAt: Date.now(),
        completed: false,
      };
      requests.push(seen);
      response.on('finish', () => (seen.completed = true));
      response.on('close', () => (seen.closedAt ??= Date.now()));
      void Promise.resolve(handle(seen, response)).catch(() => response.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (prefix) => requests.filter((seen) => seen.url.startsWith(prefix)),
    openConnectionCount: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes SSE frames (pausing `delayMs` between them); stops when the reader went away. Resolves false then. */
export async function writeFrames(
  response: http.ServerResponse,
  frames: readonly string[],
  delayMs = 0,
): Promise<boolean> {
  if (!response.headersSent) response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const frame of frames) {
    if (response.destroyed) return false;
    response.write(frame);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return !response.destroyed;
}

/** An SSE answer: every frame (see `writeFrames`), then the end of the response. */
export async function answerSse(
  response: http.ServerResponse,
  frames: readonly string[],
  delayMs = 0,
): Promise<void> {
  await writeFrames(response, frames, delayMs);
  response.end();
}

/** A JSON answer (error bodies, non-streaming replies). */
export function answerJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Waits (bounded) until `predicate` holds; false when the budget ran out. */
export async function waitUntil(predicate: () => boolean, budgetMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + budgetMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** One SSE frame with an event name, as Anthropic writes them. */
const sseFrame = (event: string, data: unknown): string =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** An Anthropic Messages stream of one text block (`msg_up`, model `claude-up`, 30 input tokens). */
export function anthropicTextFrames(text: string, outputTokens: number): string[] {
  return [
    sseFrame('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_up',
        type: 'message',
        role: 'assistant',
        model: 'claude-up',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 30, output_tokens: 1 },
      },
    }),
    sseFrame('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    sseFrame('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text },
    }),
    sseFrame('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sseFrame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    sseFrame('message_stop', { type: 'message_stop' }),
  ];
}
