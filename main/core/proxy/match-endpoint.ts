import type { ProtocolName } from '../protocols/canonical';

export type EndpointKind = 'generate' | 'count-tokens' | 'compact' | 'models';

export interface ProxyEndpoint {
  protocol: ProtocolName;
  kind: EndpointKind;
  /** Gemini puts model and streaming in the URL. */
  model?: string;
  stream?: boolean;
  /** Gemini `:streamGenerateContent` without `alt=sse` answers a JSON array. */
  geminiFraming?: 'sse' | 'json-array';
  /** Why the model in a Gemini path is unusable (a malformed %-escape); the request is refused, traced. */
  invalidModel?: string;
}

const GEMINI_MODEL_ACTION =
  /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/**
 * Which protocol endpoint a request is for. Paths are accepted with or without
 * the `/v1` prefix, since clients differ in whether their base URL carries it.
 */
export function matchProxyEndpoint(
  method: string,
  path: string,
  query: Record<string, unknown>,
  headers: Record<string, string | string[] | undefined>,
): ProxyEndpoint | undefined {
  if (method === 'POST') {
    const unversioned = path.startsWith('/v1/') ? path.slice(3) : path;
    switch (unversioned) {
      case '/messages':
        return { protocol: 'anthropic', kind: 'generate' };
      case '/messages/count_tokens':
        return { protocol: 'anthropic', kind: 'count-tokens' };
      case '/chat/completions':
        return { protocol: 'openai-chat', kind: 'generate' };
      case '/responses':
        return { protocol: 'openai-responses', kind: 'generate' };
      case '/responses/compact':
        return { protocol: 'openai-responses', kind: 'compact' };
    }
    const gemini = GEMINI_MODEL_ACTION.exec(path);
    if (gemini) {
      const { model, invalidModel } = decodeModelSegment(gemini[1] as string);
      const action = gemini[2];
      const checked = invalidModel === undefined ? {} : { invalidModel };
      if (action === 'countTokens') return { protocol: 'gemini', kind: 'count-tokens', model, ...checked };
      const stream = action === 'streamGenerateContent';
      return {
        protocol: 'gemini',
        kind: 'generate',
        model,
        stream,
        geminiFraming: stream && query.alt !== 'sse' ? 'json-array' : 'sse',
        ...checked,
      };
    }
    return undefined;
  }
  if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
    // One path, three shapes: Anthropic clients send anthropic-version, Gemini uses /v1beta.
    return { protocol: headers['anthropic-version'] ? 'anthropic' : 'openai-chat', kind: 'models' };
  }
  if (method === 'GET' && (path === '/v1beta/models' || path === '/v1alpha/models')) {
    return { protocol: 'gemini', kind: 'models' };
  }
  return undefined;
}

function decodeModelSegment(segment: string): { model: string; invalidModel?: string } {
  try {
    return { model: decodeURIComponent(segment) };
  } catch {
    return {
      model: segment,
      invalidModel: `the model name in the path, "${segment}", is not valid URL encoding (a % must be followed by two hex digits of UTF-8)`,
    };
  }
}
