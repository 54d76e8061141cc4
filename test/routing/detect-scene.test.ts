import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { Scene } from '../../main/core/config/schema';
import type { CanonicalRequest, ToolDefinition } from '../../main/core/protocols/canonical/types';
import { createTokenCounter, type TokenMeasure } from '../../main/core/routing/create-token-counter';
import { detectScene } from '../../main/core/routing/detect-scene';
import { buildRequest, message, PNG_IMAGE, READ_TOOL, userText, WEB_SEARCH_TOOL } from './build-fixtures';

type Feature = Exclude<Scene, 'default'>;
const PRECEDENCE: Feature[] = ['longContext', 'background', 'websearch', 'think', 'image'];

const THRESHOLD = 100;
const countStub = (request: CanonicalRequest): TokenMeasure => ({
  count: request.metadata?.userId === 'long' ? THRESHOLD + 1 : THRESHOLD,
  exact: true,
});

function requestWith(features: Feature[]): CanonicalRequest {
  const request = buildRequest({ model: 'claude-opus-4-8', tools: [READ_TOOL] });
  for (const feature of features) {
    switch (feature) {
      case 'longContext':
        request.metadata = { userId: 'long' };
        break;
      case 'background':
        request.model = 'claude-haiku-4-5-20251001';
        break;
      case 'websearch':
        request.tools = [...request.tools, WEB_SEARCH_TOOL];
        break;
      case 'think':
        request.reasoning = { enabled: true, adaptive: true };
        break;
      case 'image':
        request.messages = [message('user', { type: 'text', text: 'what is this?' }, PNG_IMAGE)];
        break;
      default: {
        const _exhaustive: never = feature;
        throw new Error(`unknown feature ${String(_exhaustive)}`);
      }
    }
  }
  return request;
}

const scene = (request: CanonicalRequest) =>
  detectScene({ request, route: { long_context_threshold: THRESHOLD }, countTokens: countStub }).scene;

describe('detectScene precedence', () => {
  it('detects each scene alone, and default with none', () => {
    for (const feature of PRECEDENCE) expect(scene(requestWith([feature]))).toBe(feature);
    expect(scene(requestWith([]))).toBe('default');
  });

  const pairs = PRECEDENCE.flatMap((higher, index) =>
    PRECEDENCE.slice(index + 1).map((lower) => [higher, lower] as const),
  );
  it.each(pairs)('%s wins over %s', (higher, lower) => {
    expect(scene(requestWith([lower, higher]))).toBe(higher);
  });

  it('longContext wins with every feature present', () => {
    expect(scene(requestWith([...PRECEDENCE]))).toBe('longContext');
  });
});

describe('detectScene details', () => {
  const noThreshold = (request: CanonicalRequest) =>
    detectScene({
      request,
      route: {},
      countTokens: () => {
        throw new Error('must not count without a threshold');
      },
    });

  it('never counts tokens when the route has no threshold', () => {
    expect(noThreshold(requestWith(['think']))).toEqual({ scene: 'think' });
  });

  it('counts exactly at the threshold as not long (strictly over is long)', () => {
    const request = buildRequest();
    const at = detectScene({
      request,
      route: { long_context_threshold: 7 },
      countTokens: () => ({ count: 7, exact: true }),
    });
    const over = detectScene({
      request,
      route: { long_context_threshold: 7 },
      countTokens: () => ({ count: 8, exact: true }),
    });
    expect(at.scene).toBe('default');
    expect(over).toEqual({ scene: 'longContext', tokens: { count: 8, exact: true } });
  });

  it('web search builtins from every protocol count; function tools named WebSearch do not', () => {
    const builtin = (
      name: string,
      protocol: ToolDefinition extends infer T ? (T extends { protocol: infer P } ? P : never) : never,
    ): ToolDefinition => ({
      type: 'builtin',
      name,
      protocol,
      value: {},
    });
    expect(noThreshold(buildRequest({ tools: [builtin('web_search', 'openai-responses')] })).scene).toBe(
      'websearch',
    );
    expect(
      noThreshold(buildRequest({ tools: [builtin('web_search_preview', 'openai-responses')] })).scene,
    ).toBe('websearch');
    expect(noThreshold(buildRequest({ tools: [builtin('googleSearch', 'gemini')] })).scene).toBe('websearch');
    expect(noThreshold(buildRequest({ tools: [builtin('code_execution', 'anthropic')] })).scene).toBe(
      'default',
    );
    const claudeCodeWebSearch: ToolDefinition = {
      type: 'function',
      name: 'WebSearch',
      inputSchema: { type: 'object' },
    };
    expect(noThreshold(buildRequest({ tools: [claudeCodeWebSearch] })).scene).toBe('default');
  });

  it('think needs reasoning enabled, and not effort none or a zero budget', () => {
    expect(noThreshold(buildRequest({ reasoning: { enabled: true, effort: 'low' } })).scene).toBe('think');
    expect(noThreshold(buildRequest({ reasoning: { enabled: true, budgetTokens: 1024 } })).scene).toBe(
      'think',
    );
    expect(noThreshold(buildRequest({ reasoning: { enabled: false } })).scene).toBe('default');
    expect(noThreshold(buildRequest({ reasoning: { enabled: true, effort: 'none' } })).scene).toBe('default');
    expect(noThreshold(buildRequest({ reasoning: { enabled: true, budgetTokens: 0 } })).scene).toBe(
      'default',
    );
  });

  it('image looks at the latest user turn only, including images inside its tool results', () => {
    const toolResultImage = message('user', {
      type: 'tool-result',
      toolCallId: 'toolu_1',
      content: [{ type: 'text', text: 'screenshot:' }, PNG_IMAGE],
    });
    const call = message('assistant', {
      type: 'tool-call',
      id: 'toolu_1',
      name: 'Read',
      arguments: '{}',
      kind: 'function',
    });
    expect(noThreshold(buildRequest({ messages: [userText('look'), call, toolResultImage] })).scene).toBe(
      'image',
    );
    // An assistant message after the user turn does not hide it.
    expect(
      noThreshold(
        buildRequest({
          messages: [message('user', PNG_IMAGE), message('assistant', { type: 'text', text: 'Sure' })],
        }),
      ).scene,
    ).toBe('image');
    // An image from an earlier turn does not make the next turn an image request.
    expect(
      noThreshold(
        buildRequest({
          messages: [
            message('user', PNG_IMAGE),
            message('assistant', { type: 'text', text: 'A cat.' }),
            userText('thanks'),
          ],
        }),
      ).scene,
    ).toBe('default');
    // Images the assistant produced are not the user's.
    expect(
      noThreshold(buildRequest({ messages: [userText('draw'), message('assistant', PNG_IMAGE)] })).scene,
    ).toBe('default');
  });

  it('with a real counter: small requests stay default on the estimate, large ones go longContext', () => {
    const counter = createTokenCounter();
    // A 300-byte message is clearly under 1,000 (bytes/1.25 = 240): no tokenizer, no cache entry.
    const smallRequest = buildRequest({ messages: [userText('small '.repeat(50))] });
    const small = detectScene({
      request: smallRequest,
      route: { long_context_threshold: 1000 },
      countTokens: counter.measure,
    });
    expect(small).toMatchObject({ scene: 'default', tokens: { exact: false } });
    expect(counter.stats().misses).toBe(0);
    const text = 'token '.repeat(2000);
    const expected = countTokens(text);
    const big = buildRequest({ messages: [userText(text)] });
    // 12,000 bytes: between bytes/8 and bytes/1.25 of 1,800, so the tokenizer decides.
    const near = detectScene({
      request: big,
      route: { long_context_threshold: expected - 200 },
      countTokens: counter.measure,
    });
    expect(near).toEqual({ scene: 'longContext', tokens: { count: expected, exact: true } });
    const under = detectScene({
      request: big,
      route: { long_context_threshold: expected },
      countTokens: counter.measure,
    });
    expect(under).toEqual({ scene: 'default', tokens: { count: expected, exact: true } });
    // Clearly above (bytes/8 = 1,500 > 1,000): the estimate decides without the tokenizer.
    const fresh = createTokenCounter();
    const clearly = detectScene({
      request: big,
      route: { long_context_threshold: 1000 },
      countTokens: fresh.measure,
    });
    expect(clearly).toMatchObject({ scene: 'longContext', tokens: { exact: false } });
  });
});
