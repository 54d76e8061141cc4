import type http from 'node:http';
import { answerJson, answerSse, startFaultyUpstream } from './faulty-upstream';
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
 * A fake provider on 127.0.0.1 (a faulty upstream that only does as told):
 * records every request and answers with what `reply` returns for it
 * (recorded fixture streams, JSON bodies, errors).
 */
export function startScriptedUpstream(
  reply: (request: RecordedRequest) => UpstreamReply,
): Promise<ScriptedUpstream> {
  return startFaultyUpstream((seen, response) => {
    const answer = reply(seen);
    switch (answer.kind) {
      case 'json':
        return answerJson(response, answer.status ?? 200, answer.body, answer.headers);
      case 'raw':
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body);
        return;
      case 'hang':
        return;
      case 'sse':
        response.writeHead(answer.status ?? 200, { 'content-type': 'text/event-stream' });
        return answerSse(response, answer.frames, answer.delayMs);
    }
  });
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
