import type http from 'node:http';
import zlib from 'node:zlib';
import type { FakeUpstream, SeenRequest } from './fake-upstream';
import { startFakeUpstream } from './fake-upstream';

/** How a scripted upstream answers one request. */
export type Behaviour =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; events: string[]; gzip?: boolean }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** 200 headers, then nothing. */
  | { kind: 'silent-after-headers' }
  /** 200, the first events, then nothing. */
  | { kind: 'stall-mid-stream'; events: string[] }
  /** 200, the first events, then the socket is destroyed. */
  | { kind: 'reset-mid-stream'; events: string[] };

export interface ScriptedUpstream extends FakeUpstream {
  /** Decides each answer; the test swaps it freely. */
  script: (seen: SeenRequest) => Behaviour;
}

export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const holder: { scripted?: ScriptedUpstream } = {};
  const fake = await startFakeUpstream((_request, response, seen) => {
    if (holder.scripted !== undefined) respond(response, holder.scripted.script(seen));
  });
  holder.scripted = Object.assign(fake, {
    script: (): Behaviour => ({ kind: 'json', status: 200, body: { ok: true } }),
  });
  return holder.scripted;
}

/** The bearer or vendor key the request carried. */
export function keyOf(seen: SeenRequest): string {
  const authorization = seen.headers['authorization'];
  if (typeof authorization === 'string') return authorization.replace(/^Bearer /, '');
  const key = seen.headers['x-api-key'] ?? seen.headers['x-goog-api-key'];
  return typeof key === 'string' ? key : '';
}

export function sseFrames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `data: {"index":${index}}\n\n`);
}

function respond(response: http.ServerResponse, behaviour: Behaviour): void {
  switch (behaviour.kind) {
    case 'json':
      response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(JSON.stringify(behaviour.body));
      return;
    case 'sse':
      if (behaviour.gzip === true) {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        response.end(zlib.gzipSync(behaviour.events.join('')));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of behaviour.events) response.write(event);
      response.end();
      return;
    case 'hang':
      return;
    case 'silent-after-headers':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      return;
    case 'stall-mid-stream':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(behaviour.events.join(''));
      return;
    case 'reset-mid-stream':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(behaviour.events.join(''), () => setTimeout(() => response.socket?.destroy(), 30));
      return;
    default: {
      const _exhaustive: never = behaviour;
      throw new Error(`unknown behaviour ${String(_exhaustive)}`);
    }
  }
}
