import { createParser } from 'eventsource-parser';
import { request } from 'undici';
import { ApiError } from '../../core/api/api-error';
import { DESKTOP_USER_AGENT } from '../../core/api/caller';
import {
  contract,
  type ContractCall,
  type ContractEvent,
  type EventPayload,
  type FieldProblem,
} from '../../core/contract';
import type { EngineClient } from './engine-client';

/** Reconnect after 1 s, then slower, never more often than once a minute once it keeps failing. */
const RECONNECT_DELAYS_MS = [1000, 5000, 15_000, 60_000];

export interface RemoteEngineClient extends EngineClient {
  close(): void;
}

/**
 * The contract over HTTP, for when the app attaches to an `ais serve` that
 * already runs on the same home: calls at their method and path with the
 * admin token, events from `GET /api/events` (SSE). Errors come back as the
 * same ApiError the in-process engine throws. When the stream drops, the
 * client says so with a `serverStatus` error and reconnects.
 */
export function createRemoteEngineClient(options: { url: string; token: string }): RemoteEngineClient {
  const base = new URL(options.url);
  // The User-Agent names the app in the engine's audit log.
  const headers = { authorization: `Bearer ${options.token}`, 'user-agent': DESKTOP_USER_AGENT };
  const listeners = new Map<ContractEvent, Set<(payload: unknown) => void>>();
  let stream: AbortController | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  const emit = (name: ContractEvent, payload: unknown): void => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };

  const openStream = async (): Promise<void> => {
    stream = new AbortController();
    const parser = createParser({
      onEvent(message) {
        const name = message.event as ContractEvent | undefined;
        if (name === undefined || !(name in contract.events)) return;
        emit(name, JSON.parse(message.data) as unknown);
      },
    });
    const response = await request(new URL('/api/events', base), {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: stream.signal,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`GET /api/events answered ${response.statusCode}`);
    }
    if (failures > 0) {
      // Back after a drop: what changed meanwhile is unknown, so the status is read afresh.
      failures = 0;
      emit('serverStatus', await client.invoke('status'));
    }
    // Streaming decode: a character split across two chunks stays whole.
    const decoder = new TextDecoder();
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
    throw new Error('the event stream ended');
  };

  const connect = (): void => {
    if (closed || listeners.size === 0 || stream) return;
    openStream().catch((error: Error) => {
      stream = undefined;
      if (closed) return;
      emit('serverStatus', {
        state: 'error',
        error: `lost the connection to ais serve at ${base.origin} (${error.message}); retrying`,
      });
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
      failures += 1;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        connect();
      }, delay);
    });
  };

  const client: RemoteEngineClient = {
    async invoke(name, input) {
      const call = contract.calls[name as ContractCall];
      const target = buildTarget(base, call.method, call.path, (input ?? {}) as Record<string, unknown>);
      const response = await request(target.url, {
        method: call.method,
        headers: { ...headers, ...(target.body !== undefined && { 'content-type': 'application/json' }) },
        ...(target.body !== undefined && { body: target.body }),
      });
      const text = await response.body.text();
      if (response.statusCode >= 400) throw readApiError(response.statusCode, text);
      return JSON.parse(text) as never;
    },
    on<Name extends ContractEvent>(name: Name, listener: (payload: EventPayload<Name>) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      connect();
      return () => {
        set.delete(untyped);
        if (set.size === 0) listeners.delete(name);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      stream?.abort();
    },
  };
  return client;
}

/** Path parameters (`:id`) from the input; the rest in the query string (GET) or a JSON body. */
export function buildTarget(
  base: URL,
  method: string,
  pathTemplate: string,
  input: Record<string, unknown>,
): { url: URL; body?: string } {
  const rest = { ...input };
  const pathname = pathTemplate.replace(/:([A-Za-z]+)/g, (_match, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value ?? ''));
  });
  const url = new URL(pathname, base);
  if (method === 'GET') {
    for (const [key, value] of Object.entries(rest))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return { url };
  }
  return { url, body: JSON.stringify(rest) };
}

function readApiError(status: number, text: string): ApiError {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string; fields?: FieldProblem[] } };
    return new ApiError(status, parsed.error?.message ?? `HTTP ${status}`, parsed.error?.fields ?? []);
  } catch {
    return new ApiError(status, text.slice(0, 500) || `HTTP ${status}`);
  }
}
