import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, readChunks } from '../helpers/fixtures';
import { sseFramesOf, startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// `:streamGenerateContent` without `alt=sse` answers one streamed JSON array
// (what REST clients without an SSE parser read), from a Gemini provider and
// from a Chat provider alike.

const GOOGLE_TEXT = path.join(FIXTURES, 'upstream', 'google', 'google-text.chunks.txt');
const DEEPSEEK_TEXT = path.join(FIXTURES, 'upstream', 'deepseek', 'deepseek-text.chunks.txt');

interface GeminiChunk {
  candidates?: { content?: { parts?: { text?: string; thought?: boolean }[] }; finishReason?: string }[];
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number };
}

function visibleText(chunks: GeminiChunk[]): string {
  return chunks
    .flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? [])
    .filter((part) => !part.thought)
    .map((part) => part.text ?? '')
    .join('');
}

describe('Gemini streamGenerateContent without alt=sse', () => {
  let gemini: ScriptedUpstream;
  let chat: ScriptedUpstream;
  let ais: AisProcess;

  beforeAll(async () => {
    gemini = await startScriptedUpstream(() => ({ kind: 'sse', frames: sseFramesOf(GOOGLE_TEXT, 'gemini') }));
    chat = await startScriptedUpstream(() => ({ kind: 'sse', frames: sseFramesOf(DEEPSEEK_TEXT, 'chat') }));
    ais = await startAis(`
providers:
  google:
    base_url: ${gemini.url}
    api_key: gemini-provider-key-0123456789
    format: gemini
  deepseek:
    base_url: ${chat.url}
    api_key: sk-chat-provider-key-0123456789
routes:
  to-gemini: { provider: google, default_model: gemini-3-pro-preview }
  to-chat: { provider: deepseek, default_model: deepseek-chat }
`);
  });

  afterAll(async () => {
    await ais?.stop();
    await gemini?.close();
    await chat?.close();
  });

  async function streamArray(routeKey: string): Promise<{ contentType: string; chunks: GeminiChunk[] }> {
    const response = await fetch(
      `${ais.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?key=${routeKey}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }],
        }),
      },
    );
    expect(response.status).toBe(200);
    const body = await response.text();
    return {
      contentType: response.headers.get('content-type') ?? '',
      chunks: JSON.parse(body) as GeminiChunk[],
    };
  }

  it('from a Gemini provider: one JSON array with the same text and usage', async () => {
    const { contentType, chunks } = await streamArray('to-gemini');
    expect(contentType).toMatch(/application\/json/);
    const recorded = readChunks(GOOGLE_TEXT).map((line) => JSON.parse(line) as GeminiChunk);
    expect(visibleText(chunks)).toBe(visibleText(recorded));
    expect(chunks.at(-1)?.usageMetadata?.promptTokenCount).toBe(
      recorded.at(-1)?.usageMetadata?.promptTokenCount,
    );
    // The upstream was asked for SSE, which AI Switch re-framed.
    expect(gemini.requests.at(-1)?.url).toContain('alt=sse');
  });

  it('from a Chat provider: converted, framed as a JSON array', async () => {
    const { chunks } = await streamArray('to-chat');
    const expected = readChunks(DEEPSEEK_TEXT)
      .map(
        (line) =>
          (JSON.parse(line) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta?.content ??
          '',
      )
      .join('');
    expect(visibleText(chunks)).toBe(expected);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBeDefined();
  });
});
