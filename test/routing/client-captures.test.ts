import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../main/core/config/schema';
import type { CanonicalRequest } from '../../main/core/protocols/canonical/types';
import {
  countRequestTokens,
  createTokenCounter,
  estimateRequestTokens,
} from '../../main/core/routing/create-token-counter';
import { detectScene } from '../../main/core/routing/detect-scene';
import { extractSessionId } from '../../main/core/routing/extract-session-id';
import { routeRequest } from '../../main/core/routing/route-request';
import { loadClientCaptures } from '../helpers/fixtures';
import { buildConfig, PNG_IMAGE } from './build-fixtures';
import { decodeCapture } from './decode-capture';

const claude = loadClientCaptures(/^claude-/);
const all = loadClientCaptures(/\.json$/);
const byName = (prefix: string) => {
  const found = claude.find((capture) => capture.file.startsWith(prefix));
  if (found === undefined) throw new Error(`missing capture ${prefix}`);
  return found;
};

const counter = createTokenCounter();
const sceneOf = (request: CanonicalRequest, route: Pick<RouteConfig, 'long_context_threshold'> = {}) =>
  detectScene({ request, route, countTokens: counter.measure });

describe('scenes of real Claude Code requests', () => {
  it('the main model with adaptive thinking is think; with thinking disabled, default', () => {
    for (const capture of claude.filter((item) => !item.file.startsWith('claude-haiku'))) {
      const { request } = decodeCapture(capture);
      const expected = (capture.body.thinking as { type: string }).type === 'disabled' ? 'default' : 'think';
      expect(sceneOf(request).scene, capture.file).toBe(expected);
    }
  });

  it('a haiku request is background even though it asks for thinking', () => {
    const { request } = decodeCapture(byName('claude-haiku'));
    expect(request.reasoning?.enabled).toBe(true);
    expect(sceneOf(request).scene).toBe('background');
  });

  it('an image in the tool result of the latest turn is image (thinking turned off)', () => {
    const { request } = decodeCapture(byName('claude-tool-read__claude-code__POST-v1-messages__02'));
    const last = request.messages.at(-1);
    const result = last?.content.find((part) => part.type === 'tool-result');
    if (result?.type !== 'tool-result') throw new Error('capture has no tool result in its last turn');
    result.content.push(PNG_IMAGE);
    expect(sceneOf({ ...request, reasoning: { enabled: false } }).scene).toBe('image');
    // Precedence: with Claude Code's adaptive thinking still on, think wins over image.
    expect(sceneOf(request).scene).toBe('think');
  });

  it('a long transcript (messages repeated past the threshold) is longContext, counted exactly', () => {
    const { request } = decodeCapture(byName('claude-tool-bash__claude-code__POST-v1-messages__02'));
    const base = countRequestTokens(request);
    const long = { ...request, messages: Array.from({ length: 6 }, () => request.messages).flat() };
    const total = countRequestTokens(long);
    const threshold = Math.floor((base + total) / 2);
    expect(sceneOf(request, { long_context_threshold: threshold })).toMatchObject({ scene: 'think' });
    expect(sceneOf(long, { long_context_threshold: threshold })).toEqual({
      scene: 'longContext',
      tokens: { count: total, exact: true },
    });
  });

  it('routes a Claude Code request end to end, with its session id in the decision', () => {
    const capture = byName('claude-tool-read__claude-code__POST-v1-messages__01');
    const { request, protocol } = decodeCapture(capture);
    const config = buildConfig({
      providers: { deepseek: { base_url: 'https://api.deepseek.com' } },
      routes: {
        'ais-claude-route-key-00001': {
          provider: 'deepseek',
          label: 'claude',
          scene_map: { think: 'deepseek-reasoner' },
        },
      },
      default_anthropic_route: 'ais-claude-route-key-00001',
    });
    const routed = routeRequest({ config, protocol, headers: capture.headers, request, counter });
    expect(routed).toMatchObject({
      ok: true,
      decision: {
        route: 'claude',
        matchedBy: 'protocol-default',
        requestedModel: 'claude-opus-4-8',
        scene: 'think',
        rule: 'scene_map.think',
        providerId: 'deepseek',
        model: 'deepseek-reasoner',
        sessionId: capture.headers['x-claude-code-session-id'],
      },
    });
  });
});

describe('every client capture', () => {
  it.each(all.map((capture) => [capture.file, capture] as const))(
    '%s: session id, scene and token bounds',
    (_file, capture) => {
      const { request } = decodeCapture(capture);
      const exact = countRequestTokens(request);
      const { lower, upper } = estimateRequestTokens(request);
      expect(lower).toBeLessThanOrEqual(exact);
      expect(upper).toBeGreaterThanOrEqual(exact);

      const sessionId = extractSessionId({ headers: capture.headers, request });
      const expectedSession = capture.headers['x-claude-code-session-id'] ?? capture.headers['session-id'];
      expect(sessionId).toBe(expectedSession);

      const scene = sceneOf(request).scene;
      const model = request.model.toLowerCase();
      // Codex with gpt-5-codex always offers its builtin web_search tool.
      const webSearch = request.tools.some((tool) => tool.type === 'builtin' && tool.name === 'web_search');
      if (model.includes('haiku')) expect(scene).toBe('background');
      else if (webSearch) expect(scene).toBe('websearch');
      else if (request.reasoning?.enabled === true && request.reasoning.effort !== 'none')
        expect(scene).toBe('think');
      else expect(scene).toBe('default');
    },
  );
});
