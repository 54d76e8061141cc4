import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { providerSchema } from '../../main/core/config/schema';
import { embeddingUrlOf, fetchEmbeddings } from '../../main/core/governance/fetch-embeddings';
import type { UpstreamClient, UpstreamRequest } from '../../main/core/upstream';

const provider = (fields: Record<string, unknown>) => providerSchema.parse(fields);

/** An upstream client that records the request and answers `status` with `body`. */
function fakeUpstream(status: number, body: unknown): { client: UpstreamClient; seen: UpstreamRequest[] } {
  const seen: UpstreamRequest[] = [];
  return {
    seen,
    client: {
      send: async (request) => {
        seen.push(request);
        return { status, headers: {}, body: Readable.from([Buffer.from(JSON.stringify(body))]) };
      },
      close: async () => undefined,
    },
  };
}

describe('embedding endpoints', () => {
  it('OpenAI-compatible providers embed at <base_url>/embeddings, Gemini at batchEmbedContents; Anthropic has none', () => {
    expect(embeddingUrlOf(provider({ base_url: 'https://api.openai.com/v1' }), 'm')).toBe(
      'https://api.openai.com/v1/embeddings',
    );
    expect(embeddingUrlOf(provider({ base_url: 'http://localhost:11434/v1/' }), 'nomic-embed-text')).toBe(
      'http://localhost:11434/v1/embeddings',
    );
    expect(
      embeddingUrlOf(provider({ base_url: 'https://x.openai.azure.com/openai?api-version=2024-10-21' }), 'm'),
    ).toBe('https://x.openai.azure.com/openai/embeddings?api-version=2024-10-21');
    expect(
      embeddingUrlOf(
        provider({ base_url: 'https://generativelanguage.googleapis.com', format: 'gemini' }),
        'gemini-embedding-001',
      ),
    ).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(
      embeddingUrlOf(
        provider({ base_url: 'https://generativelanguage.googleapis.com/v1beta', format: 'gemini' }),
        'models/text-embedding-004',
      ),
    ).toBe('https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(() =>
      embeddingUrlOf(provider({ base_url: 'https://api.anthropic.com', format: 'anthropic' }), 'm'),
    ).toThrow(/no embeddings endpoint/);
  });

  it('sends the OpenAI body with the provider key and reads data[] in index order', async () => {
    const { client, seen } = fakeUpstream(200, {
      data: [
        { index: 1, embedding: [0, 1] },
        { index: 0, embedding: [1, 0] },
      ],
    });
    const vectors = await fetchEmbeddings({
      provider: provider({ base_url: 'https://api.openai.com/v1', api_key: 'sk-e' }),
      model: 'text-embedding-3-small',
      texts: ['a', 'b'],
      upstream: client,
      timeoutMs: 1_000,
    });
    expect(vectors).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(seen[0]!.headers.authorization).toBe('Bearer sk-e');
    expect(JSON.parse(String(seen[0]!.body))).toEqual({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      encoding_format: 'float',
    });
  });

  it('sends the Gemini batch body with x-goog-api-key and reads embeddings[].values', async () => {
    const { client, seen } = fakeUpstream(200, { embeddings: [{ values: [0.5, 0.5] }] });
    const vectors = await fetchEmbeddings({
      provider: provider({
        base_url: 'https://generativelanguage.googleapis.com',
        format: 'gemini',
        api_key: 'g-k',
      }),
      model: 'gemini-embedding-001',
      texts: ['hello'],
      upstream: client,
      timeoutMs: 1_000,
    });
    expect(vectors).toEqual([[0.5, 0.5]]);
    expect(seen[0]!.headers['x-goog-api-key']).toBe('g-k');
    expect(JSON.parse(String(seen[0]!.body))).toEqual({
      requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] } }],
    });
  });

  it('an error status or a short answer is an EmbeddingError with its reason', async () => {
    const base = { provider: provider({ base_url: 'https://e.example/v1' }), model: 'm', timeoutMs: 1_000 };
    await expect(
      fetchEmbeddings({ ...base, texts: ['a'], upstream: fakeUpstream(429, { error: 'slow down' }).client }),
    ).rejects.toMatchObject({ reason: 'http', message: expect.stringContaining('429') });
    await expect(
      fetchEmbeddings({
        ...base,
        texts: ['a', 'b'],
        upstream: fakeUpstream(200, { data: [{ embedding: [1] }] }).client,
      }),
    ).rejects.toMatchObject({ reason: 'invalid' });
  });
});
