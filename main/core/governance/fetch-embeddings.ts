import type { ProviderConfig } from '../config/schema';
import { buildUpstreamHeaders, type UpstreamClient } from '../upstream';

/** Why an embedding call gave no vectors: the label of `ais_cache_semantic_errors_total`. */
export type EmbeddingFailure = 'timeout' | 'http' | 'network' | 'invalid';

export class EmbeddingError extends Error {
  constructor(
    readonly reason: EmbeddingFailure,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

/** Where a provider embeds text, or why it can't: OpenAI-compatible `/embeddings`, or Gemini's batch call. */
export function embeddingUrlOf(provider: Pick<ProviderConfig, 'base_url' | 'format'>, model: string): string {
  const base = new URL(provider.base_url);
  const basePath = base.pathname.replace(/\/+$/, '');
  switch (provider.format) {
    case 'chat':
    case 'responses':
      // OpenAI-compatible base URLs carry their version (…/v1, Ollama's http://localhost:11434/v1).
      base.pathname = `${basePath}/embeddings`;
      return base.href;
    case 'gemini': {
      const versioned = /\/v1(beta\d*|alpha\d*)?$/.test(basePath) ? basePath : `${basePath}/v1beta`;
      base.pathname = `${versioned}/models/${encodeURIComponent(model.replace(/^models\//, ''))}:batchEmbedContents`;
      return base.href;
    }
    case 'anthropic':
      throw new EmbeddingError(
        'invalid',
        'an anthropic-format provider has no embeddings endpoint: name an OpenAI-compatible (chat) or gemini provider',
      );
  }
}

function requestBody(format: ProviderConfig['format'], model: string, texts: readonly string[]): string {
  if (format === 'gemini') {
    const name = `models/${model.replace(/^models\//, '')}`;
    return JSON.stringify({
      requests: texts.map((text) => ({ model: name, content: { parts: [{ text }] } })),
    });
  }
  return JSON.stringify({ model, input: texts, encoding_format: 'float' });
}

/** `data[].embedding` in `index` order (OpenAI), or `embeddings[].values` in request order (Gemini). */
function readVectors(format: ProviderConfig['format'], parsed: unknown, count: number): number[][] {
  const isVector = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number');
  let vectors: unknown[] = [];
  if (format === 'gemini') {
    const embeddings = (parsed as { embeddings?: { values?: unknown }[] } | null)?.embeddings;
    vectors = Array.isArray(embeddings) ? embeddings.map((item) => item?.values) : [];
  } else {
    const data = (parsed as { data?: { index?: unknown; embedding?: unknown }[] } | null)?.data;
    if (Array.isArray(data)) {
      vectors = [...data]
        .sort((left, right) => Number(left?.index ?? 0) - Number(right?.index ?? 0))
        .map((item) => item?.embedding);
    }
  }
  if (vectors.length !== count || !vectors.every(isVector)) {
    throw new EmbeddingError(
      'invalid',
      `the embeddings answer had ${vectors.length} vectors of numbers where ${count} were expected`,
    );
  }
  return vectors;
}

/**
 * Embeds `texts` with one call to the provider's embeddings endpoint, using
 * the provider's first key and its proxy setting. Everything, reading the
 * body included, ends within `timeoutMs`.
 */
export async function fetchEmbeddings(input: {
  provider: ProviderConfig;
  model: string;
  texts: readonly string[];
  upstream: UpstreamClient;
  timeoutMs: number;
}): Promise<number[][]> {
  const { provider, model, texts, upstream, timeoutMs } = input;
  const url = embeddingUrlOf(provider, model);
  const body = requestBody(provider.format, model, texts);
  const headers = buildUpstreamHeaders({
    provider,
    format: provider.format,
    apiKey: provider.api_key || provider.fallback_keys[0] || '',
    passthrough: false,
    bodyLength: Buffer.byteLength(body),
  });
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  let status: number;
  try {
    const response = await upstream.send({
      url,
      method: 'POST',
      headers,
      body,
      signal,
      timeouts: { connectMs: timeoutMs, firstByteMs: timeoutMs, idleMs: timeoutMs },
      useProxy: provider.enable_proxy,
    });
    status = response.status;
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (signal.aborted) throw new EmbeddingError('timeout', `no embeddings within ${timeoutMs} ms`);
    throw new EmbeddingError('network', `the embeddings request failed: ${(error as Error).message}`);
  }
  if (status >= 400)
    throw new EmbeddingError('http', `the embeddings endpoint answered ${status}: ${text.slice(0, 200)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EmbeddingError('invalid', `the embeddings endpoint answered no JSON: ${text.slice(0, 200)}`);
  }
  return readVectors(provider.format, parsed, texts.length);
}
