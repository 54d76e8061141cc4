import type { Readable } from 'node:stream';
import { Agent, buildConnector, ProxyAgent, Socks5ProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';
import type { ProviderConfig } from '../config/schema';
import type { IncomingHeaders } from './build-upstream-headers';
import {
  classifyUpstreamError,
  describeUpstreamError,
  errorCode,
  UpstreamRequestError,
} from './classify-upstream-error';
import { decodeContentEncoding } from './decode-content-encoding';
import { dispatchRequest, type DispatchedResponse } from './dispatch-request';

/** undici checks these on a ~0.5 s tick, so a sub-second value can fire up to about a second late. */
export interface UpstreamTimeouts {
  /** TCP + TLS (+ proxy) connect. */
  connectMs: number;
  /** From the request being written to the response headers. */
  firstByteMs: number;
  /** Longest silence between two body chunks (and between headers and the first chunk). */
  idleMs: number;
}

/*
 * Total time is unbounded: a healthy stream may run for many minutes. First
 * byte is generous because a non-streaming request to a reasoning model
 * (o3, R1, Opus with a large thinking budget) answers headers only when the
 * whole answer is done, which routinely takes minutes.
 */
export const DEFAULT_UPSTREAM_TIMEOUTS: UpstreamTimeouts = {
  connectMs: 10_000,
  firstByteMs: 300_000,
  idleMs: 120_000,
};

/** Idle keep-alive sockets live this long unless the server's Keep-Alive hint says less; below nginx's 75 s and ALB's 60 s so we rarely reuse a socket the server already closed. */
const KEEP_ALIVE_MS = 20_000;

/** The provider's own timeout settings; the client fills the rest from its defaults. */
export function providerTimeoutOverrides(
  provider: Pick<ProviderConfig, 'connect_timeout_ms' | 'first_byte_timeout_ms' | 'idle_timeout_ms'>,
): Partial<UpstreamTimeouts> {
  const timeouts: Partial<UpstreamTimeouts> = {};
  if (provider.connect_timeout_ms !== undefined) timeouts.connectMs = provider.connect_timeout_ms;
  if (provider.first_byte_timeout_ms !== undefined) timeouts.firstByteMs = provider.first_byte_timeout_ms;
  if (provider.idle_timeout_ms !== undefined) timeouts.idleMs = provider.idle_timeout_ms;
  return timeouts;
}

export interface UpstreamRequest {
  url: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Fires when the client goes away: the upstream socket is destroyed at once. */
  signal?: AbortSignal;
  timeouts?: Partial<UpstreamTimeouts>;
  /** The provider's `enable_proxy`: route through `server.proxy_url`. */
  useProxy?: boolean;
}

export interface UpstreamResponse {
  status: number;
  /**
   * Response headers, lower-case. When the body was decoded, `content-encoding`
   * and `content-length` are removed (they described the encoded bytes).
   */
  headers: IncomingHeaders;
  /** Decoded body. Consume it or destroy it: an unread body holds its socket. */
  body: Readable;
}

export interface UpstreamClient {
  /** Resolves at response headers; rejects with `UpstreamRequestError` when none arrived. */
  send(upstreamRequest: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes every pool; in-flight requests are destroyed. */
  close(): Promise<void>;
}

export interface CreateUpstreamClientOptions {
  /** `server.proxy_url`: http://, https://, socks5:// (socks5h:// is treated as socks5://; undici resolves no names locally). */
  proxyUrl?: string;
  defaults?: Partial<UpstreamTimeouts>;
}

/**
 * One keep-alive Agent (per-origin pools) for direct traffic and one proxy
 * dispatcher for providers with `enable_proxy`. undici fixes the connect
 * timeout per dispatcher, so a provider with its own `connect_timeout_ms`
 * gets its own dispatcher; in practice there are one or two.
 */
export function createUpstreamClient(options: CreateUpstreamClientOptions = {}): UpstreamClient {
  const defaults: UpstreamTimeouts = { ...DEFAULT_UPSTREAM_TIMEOUTS, ...options.defaults };
  const dispatchers = new Map<string, Dispatcher>();
  let closed = false;

  function dispatcherFor(useProxy: boolean, connectMs: number): Dispatcher {
    const cacheKey = `${useProxy ? 'proxy' : 'direct'}:${connectMs}`;
    let dispatcher = dispatchers.get(cacheKey);
    if (dispatcher === undefined) {
      dispatcher = useProxy
        ? createProxyDispatcher(options.proxyUrl ?? '', connectMs)
        : createDirectAgent(connectMs);
      dispatchers.set(cacheKey, dispatcher);
    }
    return dispatcher;
  }

  async function send(upstreamRequest: UpstreamRequest): Promise<UpstreamResponse> {
    const { url, method = 'POST', headers, body, signal, useProxy = false } = upstreamRequest;
    const timeouts = { ...defaults, ...upstreamRequest.timeouts };
    if (closed) throw new UpstreamRequestError('connection', 'upstream client is closed');
    if (useProxy && !options.proxyUrl) {
      // Never fall back to a direct connection: the user asked for this provider to go through the proxy.
      throw new UpstreamRequestError(
        'connection',
        'provider has enable_proxy but server.proxy_url is not set',
      );
    }
    let response: DispatchedResponse;
    try {
      response = await dispatchRequest(dispatcherFor(useProxy, timeouts.connectMs), {
        url,
        method,
        headers,
        body,
        signal,
        headersTimeout: timeouts.firstByteMs,
        bodyTimeout: timeouts.idleMs,
      });
    } catch (error) {
      const kind = classifyUpstreamError(error, signal);
      throw new UpstreamRequestError(kind, describeUpstreamError(error), {
        cause: error,
        code: errorCode(error),
      });
    }
    const { body: decodedBody, decoded } = decodeContentEncoding(
      response.body,
      response.headers['content-encoding'],
    );
    const responseHeaders: IncomingHeaders = { ...response.headers };
    if (decoded && responseHeaders['content-encoding'] !== undefined) {
      delete responseHeaders['content-encoding'];
      delete responseHeaders['content-length'];
    }
    return { status: response.statusCode, headers: responseHeaders, body: decodedBody };
  }

  async function close(): Promise<void> {
    closed = true;
    const all = [...dispatchers.values()];
    dispatchers.clear();
    // destroy(), not close(): close() waits for in-flight streams that may never end.
    await Promise.all(all.map((dispatcher) => dispatcher.destroy()));
  }

  return { send, close };
}

function createDirectAgent(connectMs: number): Agent {
  return new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: 10 * KEEP_ALIVE_MS,
    connect: { timeout: connectMs },
  });
}

function createProxyDispatcher(proxyUrl: string, connectMs: number): Dispatcher {
  const url = new URL(proxyUrl);
  const protocol = url.protocol.toLowerCase();
  if (protocol === 'socks5:' || protocol === 'socks5h:' || protocol === 'socks:') {
    // undici's SOCKS5 agent accepts only socks5:/socks:; it always sends the host name to the proxy (socks5h behaviour).
    url.protocol = 'socks5:';
    return new Socks5ProxyAgent(url.href, { connect: buildConnector({ timeout: connectMs }) });
  }
  if (protocol === 'http:' || protocol === 'https:') {
    return new ProxyAgent({
      uri: url.href,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: 10 * KEEP_ALIVE_MS,
      proxyTls: { timeout: connectMs },
      requestTls: { timeout: connectMs },
    });
  }
  throw new UpstreamRequestError('connection', `unsupported proxy URL scheme ${protocol}`);
}
