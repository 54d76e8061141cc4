import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../main/core/protocols/canonical/types';
import { geminiCodec } from '../../../main/core/protocols/gemini';
import { listUpstreamFixtures, readChunks } from '../../helpers/fixtures';
import { startCannedServer, streamThroughSdk, summarize, type CannedServer } from './genai-harness';

const target = {
  providerId: 'google',
  baseUrl: 'https://generativelanguage.googleapis.com',
  model: 'gemini-3-pro-preview',
};

/** Arguments the streamed-argument recordings assemble to (read off the recordings by hand). */
const STREAMED_ARGUMENTS: Record<string, { name: string; args: unknown }[]> = {
  'google-stream-tool-call-arguments.chunks.txt': [
    { name: 'getWeather', args: { location: 'Boston' } },
    { name: 'getWeather', args: { location: 'San Francisco' } },
  ],
  'google-stream-no-args-tool-call.chunks.txt': [
    { name: 'read_theme', args: {} },
    { name: 'read_screen', args: { id: 'A' } },
    { name: 'read_screen', args: { id: 'B' } },
    { name: 'read_screen', args: { id: 'C' } },
  ],
  'google-stream-tool-call-array-arguments-missing-terminal-function-call.chunks.txt': [
    {
      name: 'writeItems',
      args: {
        operations: [
          { action: 'add', description: 'Fresh red apple', itemid: 'apple_001', price: 0.5 },
          { action: 'add', description: 'Ripe yellow banana', itemid: 'banana_001', price: 0.3 },
        ],
      },
    },
  ],
};

function sse(payloads: string[]): string {
  return payloads.map((payload) => `data: ${payload}\r\n\r\n`).join('');
}

function replay(
  chunks: string[],
  framing: 'sse' | 'json-array' = 'sse',
): { wire: string; events: StreamEvent[] } {
  const decoder = geminiCodec.createStreamDecoder({ target });
  const encoder = geminiCodec.createStreamEncoder({
    client: { requestModel: 'gemini-client-model', responseId: 'resp_fallback', geminiFraming: framing },
  });
  const events: StreamEvent[] = [];
  let wire = '';
  for (const data of chunks) {
    for (const event of decoder.push({ data })) {
      events.push(event);
      wire += encoder.push(event);
    }
  }
  for (const event of decoder.end()) {
    events.push(event);
    wire += encoder.push(event);
  }
  return { wire: wire + encoder.end(), events };
}

describe('Gemini stream replay judged by @google/genai', () => {
  let server: CannedServer;
  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const file of listUpstreamFixtures('google', /\.chunks\.txt$/)) {
    const name = path.basename(file);
    it(`${name}: decoder → encoder keeps text, thoughts, calls, signatures and usage`, async () => {
      const chunks = readChunks(file);
      const original = summarize(await streamThroughSdk(server, sse(chunks)));
      const { wire, events } = replay(chunks);
      const ours = summarize(await streamThroughSdk(server, wire));

      expect(events.filter((event) => event.type === 'response-finish')).toHaveLength(1);
      expect(events.some((event) => event.type === 'response-error')).toBe(false);
      expect(ours.text).toBe(original.text);
      expect(ours.thoughts).toBe(original.thoughts);
      expect(ours.signatures).toEqual(original.signatures);
      expect(ours.usage).toEqual(original.usage);
      expect(ours.finishReason).toBe(original.finishReason);
      const expectedCalls = STREAMED_ARGUMENTS[name] ?? original.functionCalls;
      if (name.startsWith('google-vertex-stream-tool-call-arguments-nested')) {
        expect(ours.functionCalls).toHaveLength(1);
        const call = ours.functionCalls[0] as {
          name: string;
          args: { recipe: { name: string; ingredients: unknown[]; steps: string[] } };
        };
        expect(call.name).toBe('cookRecipe');
        expect(call.args.recipe.name).toBe('Lasagna');
        expect(call.args.recipe.ingredients).toHaveLength(10);
        expect(call.args.recipe.ingredients[0]).toEqual({ amount: '16 oz', name: 'Lasagna noodles' });
        expect(call.args.recipe.ingredients[9]).toEqual({ amount: '1/2 tsp', name: 'Pepper' });
        expect(call.args.recipe.steps).toHaveLength(10);
        expect(call.args.recipe.steps[1]).toBe(
          'Cook lasagna noodles according to package directions, drain and set aside.',
        );
        expect(call.args.recipe.steps[4]).toBe('In a 9x13 baking dish, spread a thin layer of meat sauce.');
      } else {
        expect(ours.functionCalls).toEqual(expectedCalls);
      }
      // Every tool input the decoder emits is complete JSON.
      const inputs = new Map<string, string>();
      for (const event of events) {
        if (event.type === 'tool-input-start') inputs.set(event.id, '');
        if (event.type === 'tool-input-delta')
          inputs.set(event.id, (inputs.get(event.id) ?? '') + event.delta);
      }
      for (const input of inputs.values()) expect(() => JSON.parse(input) as unknown).not.toThrow();
    });
  }

  it('json-array framing is one JSON array the decoder reads back', () => {
    const chunks = readChunks(
      path.join(
        path.dirname(listUpstreamFixtures('google', /google-tool-call\.chunks/)[0] as string),
        'google-text.chunks.txt',
      ),
    );
    const { wire } = replay(chunks, 'json-array');
    expect(wire.startsWith('[{')).toBe(true);
    expect(wire.endsWith('}]')).toBe(true);
    const array = JSON.parse(wire) as unknown[];
    expect(array.length).toBeGreaterThan(1);
    // The whole array as one payload, as a non-SSE upstream body would be read.
    const again = replay([wire]);
    expect(again.events.some((event) => event.type === 'response-finish')).toBe(true);
    const text = again.events.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');
    expect(text).toBe(
      chunks
        .map((chunk) =>
          (
            JSON.parse(chunk) as { candidates: { content: { parts: { text?: string }[] } }[] }
          ).candidates[0]?.content.parts
            .map((part) => part.text ?? '')
            .join(''),
        )
        .join(''),
    );
  });

  it('a stream cut before finishReason ends with a Gemini error the SDK raises', async () => {
    const chunks = readChunks(
      listUpstreamFixtures('google', /^google-text\.chunks\.txt$/)[0] as string,
    ).slice(0, 2);
    const { wire, events } = replay(chunks);
    expect(events.at(-1)?.type).toBe('response-error');
    expect(wire).toContain('"status":"INTERNAL"');
    await expect(streamThroughSdk(server, wire)).rejects.toThrow(/INTERNAL/);
  });

  it('an upstream error chunk becomes response-error and is re-sent in Gemini shape', async () => {
    const error = JSON.stringify({
      error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
    });
    const { wire, events } = replay([error]);
    const last = events.at(-1);
    expect(last?.type === 'response-error' && last.error.kind).toBe('overloaded');
    await expect(streamThroughSdk(server, wire)).rejects.toThrow(/overloaded/);
  });
});
