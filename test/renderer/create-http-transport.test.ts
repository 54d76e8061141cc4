import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, eventNames } from '../../renderer/src/client/calls';
import { CallError } from '../../renderer/src/client/call-error';
import { createHttpTransport, type EventSourceLike } from '../../renderer/src/client/create-http-transport';

/** An EventSource the test drives: open, deliver events, fail. */
class FakeEventSource implements EventSourceLike {
  static created: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.created.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, data: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data } as MessageEvent<string>);
  }
  fail(readyState: 0 | 2): void {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => {
  FakeEventSource.created = [];
  vi.useRealTimers();
});

function transportWith(fetchImpl: typeof fetch) {
  return createHttpTransport({
    calls,
    eventNames,
    fetch: fetchImpl,
    createEventSource: (url) => new FakeEventSource(url),
    retryDelaysMs: [100, 1000],
  });
}

describe('the HTTP transport', () => {
  it('calls the contract path with the method, a JSON body and same-origin credentials', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { config: {}, problems: [] }));
    const transport = transportWith(fetchMock);
    const output = await transport.invoke('routeUpdate', { id: 'k1', route: { provider: 'p' } });
    expect(output).toEqual({ config: {}, problems: [] });
    expect(fetchMock).toHaveBeenCalledWith('/api/routes/k1', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ route: { provider: 'p' } }),
    });
  });

  it("turns the contract's error body into a CallError with the status and field errors", async () => {
    const transport = transportWith(async () =>
      jsonResponse(400, {
        error: {
          message: 'invalid input for providerCreate',
          fields: [{ path: 'provider.base_url', message: 'must be a URL' }],
        },
      }),
    );
    const error = await transport
      .invoke('providerCreate', { id: 'x', provider: {} })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({
      status: 400,
      message: 'invalid input for providerCreate',
      fields: [{ path: 'provider.base_url', message: 'must be a URL' }],
    });
  });

  it('says so when the answer is not the contract error shape (a proxy in between, an HTML page)', async () => {
    const transport = transportWith(async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(transport.invoke('status', {})).rejects.toMatchObject({
      status: 502,
      message: 'GET /api/status answered 502',
    });
  });

  it('reports an unreachable engine as status 0', async () => {
    const transport = transportWith(async () => {
      throw new TypeError('fetch failed');
    });
    const error = (await transport.invoke('status', {}).catch((caught) => caught)) as CallError;
    expect(error.unreachable).toBe(true);
    expect(error.message).toContain('fetch failed');
  });

  it('opens one event stream on first subscribe and hands each listener its parsed events', () => {
    const transport = transportWith(vi.fn());
    const seen: unknown[] = [];
    transport.subscribe('configChanged', (payload) => seen.push(payload));
    transport.subscribe('serverStatus', (payload) => seen.push(payload));
    expect(FakeEventSource.created).toHaveLength(1);
    const source = FakeEventSource.created[0] as FakeEventSource;
    expect(source.url).toBe('/api/events');
    source.emit('configChanged', '{"reason":"file","ok":true,"problems":[]}');
    source.emit('serverStatus', 'not json');
    expect(seen).toEqual([{ reason: 'file', ok: true, problems: [] }]);
  });

  it('goes lost while the browser retries, and back to open when the stream returns', () => {
    const transport = transportWith(vi.fn());
    const states: string[] = [];
    transport.onConnectionChange((state) => states.push(state));
    const source = FakeEventSource.created[0] as FakeEventSource;
    source.open();
    source.fail(0);
    source.open();
    expect(states).toEqual(['open', 'lost', 'open']);
    expect(FakeEventSource.created).toHaveLength(1);
  });

  it('opens a new stream itself, backing off, when the browser gives up on one', () => {
    vi.useFakeTimers();
    const transport = transportWith(vi.fn());
    const seen: unknown[] = [];
    transport.subscribe('traceFinished', (payload) => seen.push(payload));
    const first = FakeEventSource.created[0] as FakeEventSource;
    first.fail(2);
    expect(first.closed).toBe(true);
    expect(transport.connectionState()).toBe('lost');
    vi.advanceTimersByTime(99);
    expect(FakeEventSource.created).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = FakeEventSource.created[1] as FakeEventSource;
    second.fail(2);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.created).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const third = FakeEventSource.created[2] as FakeEventSource;
    third.open();
    third.emit('traceFinished', '{"id":"t1"}');
    expect(transport.connectionState()).toBe('open');
    expect(seen).toEqual([{ id: 't1' }]);
  });
});
