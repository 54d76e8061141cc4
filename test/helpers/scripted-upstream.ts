import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readChunks } from './fixtures';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

export type UpstreamReply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; frames: string[]; delayMs?: number; status?: number }
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'hang' };

export interface ScriptedUpstream {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A fake provider on 127.0.0.1: records every request and answers with what
 * `reply` returns for it (recorded fixture streams, JSON bodies, errors).
 */
export async function startScriptedUpstream(
  reply: (request: RecordedRequest, index: number) => UpstreamReply,
): Promise<ScriptedUpstream> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: Record<string, unknown>;
    try {
      json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      json,
    };
    requests.push(recorded);
    const answer = reply(recorded, requests.length - 1);
    switch (answer.kind) {
      case 'json':
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
        return;
      case 'raw':
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body);
        return;
      case 'hang':
        return;
      case 'sse':
        res.writeHead(answer.status ?? 200, { 'content-type': 'text/event-stream' });
        for (const frame of answer.frames) {
          if (res.destroyed) return;
          res.write(frame);
          if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        }
        res.end();
    }
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** SSE frames of a recorded stream, framed as its protocol's server sends them. */
export function sseFramesOf(file: string, framing: 'anthropic' | 'chat' | 'responses' | 'gemini'): string[] {
  const lines = readChunks(file);
  switch (framing) {
    case 'anthropic':
    case 'responses':
      return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`);
    case 'chat':
      return [...lines.map((line) => `data: ${line}\n\n`), 'data: [DONE]\n\n'];
    case 'gemini':
      return lines.map((line) => `data: ${line}\r\n\r\n`);
  }
}
