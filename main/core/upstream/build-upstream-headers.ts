import type { ProviderConfig, ProviderFormatName } from '../config/schema';

/** Headers as Node and undici hand them over: lower-case names, repeated headers as arrays. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

export interface BuildUpstreamHeadersOptions {
  provider: Pick<ProviderConfig, 'custom_headers'>;
  format: ProviderFormatName;
  /** The key chosen for this attempt; empty for keyless providers (Ollama, a local vLLM). */
  apiKey: string;
  /** The client's request headers (Node lower-cases the names). */
  clientHeaders?: IncomingHeaders;
  /**
   * Same protocol in and out: every client header that is not hop-by-hop,
   * auth, or recomputed here is forwarded, so vendor headers (Codex
   * `session-id`, `x-stainless-*`, Gemini `x-goog-api-client`) reach the vendor.
   * When converting, only the headers listed in FORWARDED_WHEN_CONVERTING go.
   */
  passthrough: boolean;
  /** Byte length of the body about to be sent. */
  bodyLength?: number;
}

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';
export const DEFAULT_USER_AGENT = 'ai-switch';
/** We decode these ourselves (createUpstreamClient); zstd needs Node ≥ 22.15, so it is not offered. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** RFC 9110 §7.6.1 connection-specific headers, plus the ones proxies consume. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** The client authenticates to us, never to the provider. */
const CLIENT_CREDENTIALS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'cookie']);

/*
 * Recomputed or owned by this hop: host and length follow the new URL and
 * body, the body we send is never content-encoded, we pick the encodings we
 * decode, `expect` would stall undici, and the forwarding/browser headers
 * describe the client's LAN, not a request the provider should see (an
 * `origin` makes Anthropic apply its browser CORS rules).
 */
const RECOMPUTED = new Set([
  'host',
  'content-length',
  'content-encoding',
  'accept-encoding',
  'expect',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'origin',
  'referer',
]);

/** Client headers that still make sense when the request was re-encoded for another protocol. */
const FORWARDED_WHEN_CONVERTING = new Set(['user-agent', 'accept-language']);

/** Anthropic's own version and beta flags: meaningful whenever the provider speaks Anthropic. */
const ANTHROPIC_CLIENT_HEADERS = new Set(['anthropic-version', 'anthropic-beta']);

/** Headers for one upstream attempt. Names are lower-case; `custom_headers` are applied last and win. */
export function buildUpstreamHeaders(options: BuildUpstreamHeadersOptions): Record<string, string> {
  const { provider, format, apiKey, clientHeaders = {}, passthrough, bodyLength } = options;
  const headers: Record<string, string> = {};

  for (const [rawName, rawValue] of Object.entries(clientHeaders)) {
    const name = rawName.toLowerCase();
    const value = joinHeaderValue(rawValue);
    if (value === undefined || !isForwardable(name, format, passthrough)) continue;
    headers[name] = value;
  }

  headers['content-type'] = 'application/json';
  headers['accept'] ??= 'application/json, text/event-stream';
  headers['accept-encoding'] = ACCEPT_ENCODING;
  headers['user-agent'] ??= DEFAULT_USER_AGENT;
  if (bodyLength !== undefined) headers['content-length'] = String(bodyLength);
  applyAuth(headers, format, apiKey);

  for (const [rawName, value] of Object.entries(provider.custom_headers ?? {})) {
    const name = rawName.toLowerCase();
    // An empty value removes a header (e.g. a provider that rejects a client's user-agent).
    if (value === '') delete headers[name];
    else headers[name] = value;
  }
  return headers;
}

function isForwardable(name: string, format: ProviderFormatName, passthrough: boolean): boolean {
  if (HOP_BY_HOP_HEADERS.has(name) || CLIENT_CREDENTIALS.has(name) || RECOMPUTED.has(name)) return false;
  if (name.startsWith('proxy-') || name.startsWith('sec-fetch-') || name.startsWith(':')) return false;
  if (ANTHROPIC_CLIENT_HEADERS.has(name)) return format === 'anthropic';
  return passthrough || FORWARDED_WHEN_CONVERTING.has(name);
}

function applyAuth(headers: Record<string, string>, format: ProviderFormatName, apiKey: string): void {
  switch (format) {
    case 'chat':
    case 'responses':
      if (apiKey !== '') headers['authorization'] = `Bearer ${apiKey}`;
      return;
    case 'anthropic':
      if (apiKey !== '') headers['x-api-key'] = apiKey;
      headers['anthropic-version'] ??= DEFAULT_ANTHROPIC_VERSION;
      return;
    case 'gemini':
      if (apiKey !== '') headers['x-goog-api-key'] = apiKey;
      return;
    default: {
      const _exhaustive: never = format;
      throw new Error(`unknown provider format ${String(_exhaustive)}`);
    }
  }
}

/** Repeated headers join with ", " (RFC 9110 §5.3); set-cookie never reaches here (cookie-like auth is dropped). */
function joinHeaderValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}
