import { readHeader, readQuery, type HeaderRecord, type QueryRecord } from './read-header';

const BEARER_PATTERN = /^bearer\s+(.+)$/i;

/**
 * The client's API key, which AI Switch reads as the route key. Each client
 * family puts it somewhere else: Anthropic `x-api-key` (the Anthropic SDK
 * itself sends `Authorization: Bearer`), OpenAI `Authorization: Bearer`,
 * Gemini `x-goog-api-key` or `?key=`. First non-blank wins, in that order.
 */
export function extractRouteKey(input: { headers: HeaderRecord; query?: QueryRecord }): string | undefined {
  const apiKey = readHeader(input.headers, 'x-api-key');
  if (apiKey !== undefined) return apiKey;

  const authorization = readHeader(input.headers, 'authorization');
  const bearer = authorization === undefined ? undefined : BEARER_PATTERN.exec(authorization)?.[1]?.trim();
  if (bearer !== undefined && bearer !== '') return bearer;

  return readHeader(input.headers, 'x-goog-api-key') ?? readQuery(input.query, 'key');
}
