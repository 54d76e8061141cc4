import type { ProviderConfig, ProviderFormatName } from '../config/schema';

/*
 * Where a request for a provider goes. The rule, in order:
 *
 * 1. `provider.path` set: it is appended to `base_url` as written, with the
 *    placeholders `{model}` (URL-encoded upstream model) and `{action}`
 *    (Gemini: `generateContent` / `streamGenerateContent`) filled in.
 * 2. Otherwise the default path for the format is appended to `base_url`:
 *      chat       /chat/completions
 *      responses  /responses
 *      anthropic  /v1/messages                (just /messages when base_url already ends in /v1)
 *      gemini     /v1beta/models/{model}:{action}  (just /models/… when base_url ends in /v1 or /v1beta)
 *    OpenAI-compatible base URLs carry their version segment themselves
 *    (https://api.openai.com/v1, https://open.bigmodel.cn/api/paas/v4,
 *    http://localhost:11434/v1, https://api.deepseek.com), so chat and
 *    responses paths are appended unchanged; Anthropic and Gemini base URLs
 *    are usually the bare host, sometimes written with the version.
 * 3. Query strings from base_url (Azure `?api-version=`) and from `path` are
 *    merged; Gemini streaming always gets `alt=sse` (SSE framing rather than
 *    one JSON array) unless the path already chose an `alt`.
 */

export interface ResolveUpstreamUrlOptions {
  provider: Pick<ProviderConfig, 'base_url' | 'path'>;
  format: ProviderFormatName;
  /** Upstream model name (Gemini puts it in the path). */
  model: string;
  stream: boolean;
}

/*
 * Two URL parses and a query merge per attempt showed up in profiles; the
 * answer depends only on these five strings, and a process sees a handful of
 * combinations. Bounded so a client cycling model names cannot grow it.
 */
const RESOLVED_LIMIT = 512;
const resolved = new Map<string, string>();

export function resolveUpstreamUrl(options: ResolveUpstreamUrlOptions): string {
  const { provider, format, model, stream } = options;
  const key = `${provider.base_url}\u0000${provider.path ?? '\u0001'}\u0000${format}\u0000${model}\u0000${stream ? 1 : 0}`;
  let url = resolved.get(key);
  if (url === undefined) {
    url = buildUpstreamUrl(options);
    if (resolved.size >= RESOLVED_LIMIT) resolved.clear();
    resolved.set(key, url);
  }
  return url;
}

function buildUpstreamUrl({ provider, format, model, stream }: ResolveUpstreamUrlOptions): string {
  const base = new URL(provider.base_url);
  const basePath = base.pathname.replace(/\/+$/, '');
  const geminiAction = stream ? 'streamGenerateContent' : 'generateContent';
  const template = provider.path ?? defaultPath(format, basePath);
  const filled = template
    .replaceAll('{model}', encodeURIComponent(stripModelsPrefix(model)))
    .replaceAll('{action}', geminiAction);

  const queryStart = filled.indexOf('?');
  const pathPart = queryStart === -1 ? filled : filled.slice(0, queryStart);
  const pathQuery = queryStart === -1 ? '' : filled.slice(queryStart + 1);

  const url = new URL(base.href);
  url.pathname = joinPaths(basePath, pathPart);
  for (const [name, value] of new URLSearchParams(pathQuery)) url.searchParams.set(name, value);
  if (format === 'gemini' && stream && !url.searchParams.has('alt')) url.searchParams.set('alt', 'sse');
  url.hash = '';
  return url.href;
}

function defaultPath(format: ProviderFormatName, basePath: string): string {
  switch (format) {
    case 'chat':
      return '/chat/completions';
    case 'responses':
      return '/responses';
    case 'anthropic':
      return /\/v1$/.test(basePath) ? '/messages' : '/v1/messages';
    case 'gemini':
      return /\/v1(beta\d*|alpha\d*)?$/.test(basePath)
        ? '/models/{model}:{action}'
        : '/v1beta/models/{model}:{action}';
    default: {
      const _exhaustive: never = format;
      throw new Error(`unknown provider format ${String(_exhaustive)}`);
    }
  }
}

/** Gemini clients sometimes name models `models/gemini-2.5-flash`; the path already has `/models/`. */
function stripModelsPrefix(model: string): string {
  return model.startsWith('models/') ? model.slice('models/'.length) : model;
}

function joinPaths(basePath: string, path: string): string {
  if (path === '') return basePath === '' ? '/' : basePath;
  return `${basePath}/${path.replace(/^\/+/, '')}`;
}
