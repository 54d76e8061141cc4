import { buildCallRequest } from './build-call-request';
import { CallError, callErrorFrom } from './call-error';
import type { ConnectionState, Transport } from './transport';

/** The subset of EventSource this transport uses (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface HttpTransportOptions {
  calls: Record<string, { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string }>;
  eventNames: readonly string[];
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  /** Waits before reopening a stream the browser gave up on, growing to the last value. */
  retryDelaysMs?: readonly number[];
  /** Where the engine is; same origin by default. */
  baseUrl?: string;
}

const CLOSED = 2;
const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000];

/**
 * The contract over HTTP (same origin, the admin cookie rides along) and its
 * events over SSE from GET /api/events. The browser's EventSource retries a
 * dropped stream by itself; when it gives up (an error status, the engine
 * down at reconnect) this transport opens a new one, backing off.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const createEventSource =
    options.createEventSource ??
    ((url: string) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike);
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const baseUrl = options.baseUrl ?? '';

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let source: EventSourceLike | undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const dispatch = (name: string, data: string): void => {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };

  const open = (): void => {
    retryTimer = undefined;
    const opened = createEventSource(`${baseUrl}/api/events`);
    source = opened;
    opened.onopen = () => {
      failures = 0;
      setState('open');
    };
    opened.onerror = () => {
      setState('lost');
      if (opened.readyState !== CLOSED) return; // the browser is retrying on its own
      opened.close();
      if (source !== opened) return;
      source = undefined;
      const delay = retryDelays[Math.min(failures, retryDelays.length - 1)] ?? 5000;
      failures += 1;
      retryTimer = setTimeout(open, delay);
    };
    for (const name of options.eventNames)
      opened.addEventListener(name, (event: MessageEvent<string>) => dispatch(name, event.data));
  };

  const ensureOpen = (): void => {
    if (!source && !retryTimer) open();
  };

  return {
    kind: 'http',
    async invoke(name, input) {
      const call = options.calls[name];
      if (!call) throw new CallError(400, `the contract has no call "${name}"`);
      const request = buildCallRequest(call, input);
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}${request.url}`, {
          method: request.method,
          credentials: 'same-origin',
          headers: {
            accept: 'application/json',
            ...(request.body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(request.body !== undefined && { body: request.body }),
        });
      } catch (error) {
        throw new CallError(0, `cannot reach AI Switch: ${(error as Error).message}`);
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!response.ok)
        throw callErrorFrom(
          response.status,
          body,
          `${request.method} ${request.url} answered ${response.status}`,
        );
      return body;
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      ensureOpen();
      return () => set.delete(listener);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      ensureOpen();
      return () => connectionListeners.delete(listener);
    },
    connectionState: () => state,
  };
}
