import type { AppConfig } from '../../../../../main/core/config/schema';
import { describeRoute } from '../../../../../main/core/routing/describe-route';

type HeaderMap = Record<string, string | string[]>;

/** Headers a replay must not copy: secrets (the route key is added back on purpose), and what curl sets itself. */
const DROPPED_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'cookie',
  'host',
  'content-length',
  'connection',
  'accept-encoding',
  'transfer-encoding',
  'user-agent',
]);

/** How each inbound protocol carries its API key. */
const KEY_HEADERS: Record<string, (key: string) => string> = {
  anthropic: (key) => `x-api-key: ${key}`,
  'openai-chat': (key) => `Authorization: Bearer ${key}`,
  'openai-responses': (key) => `Authorization: Bearer ${key}`,
  gemini: (key) => `x-goog-api-key: ${key}`,
};

/** POSIX shell single quoting. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The route key whose label the trace shows. Traces keep the label, never the
 * key; the config (read by the dashboard, which may see route keys) maps it back.
 */
export function findRouteKey(config: AppConfig | undefined, routeLabel: string): string | undefined {
  if (!config) return undefined;
  const matches = Object.entries(config.routes).filter(
    ([key, route]) => describeRoute(key, route) === routeLabel,
  );
  return matches.length === 1 ? matches[0]?.[0] : undefined;
}

/**
 * `curl` replaying the client's request against this proxy, with the route's
 * key (or a `$AIS_ROUTE_KEY` placeholder) — never a provider key, which the
 * proxy adds itself upstream.
 */
export function buildCurlCommand(input: {
  baseUrl: string;
  path: string;
  protocol: string;
  body: string;
  headers?: HeaderMap;
  routeKey?: string;
}): string {
  const lines = [`curl ${shellQuote(`${input.baseUrl.replace(/\/$/, '')}${input.path}`)}`];
  const key = input.routeKey ?? '$AIS_ROUTE_KEY';
  const keyHeader = (KEY_HEADERS[input.protocol] ?? KEY_HEADERS['openai-chat'])?.(key) ?? '';
  // The placeholder must expand, so that header goes in double quotes.
  lines.push(input.routeKey ? `-H ${shellQuote(keyHeader)}` : `-H "${keyHeader}"`);
  let hasContentType = false;
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower) || lower.startsWith('x-stainless') || lower.startsWith(':')) continue;
    if (lower === 'content-type') hasContentType = true;
    for (const single of Array.isArray(value) ? value : [value])
      lines.push(`-H ${shellQuote(`${name}: ${single}`)}`);
  }
  if (!hasContentType) lines.push(`-H ${shellQuote('content-type: application/json')}`);
  lines.push(`--data-raw ${shellQuote(input.body)}`);
  return lines.join(' \\\n  ');
}
