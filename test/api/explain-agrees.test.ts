import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatCompletion,
  chatStreamFrames,
  startEngine,
  waitFor,
  type RunningEngine,
} from '../admin/admin-harness';
import { loadClientCaptures, type ClientCapture } from '../helpers/fixtures';
import { replayCapture } from '../helpers/replay-capture';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';
import { captureProtocol } from '../routing/decode-capture';

const ROUTE_KEY = 'ais-explain';

function config(upstreamUrl: string): string {
  return `providers:
  chat:
    base_url: ${upstreamUrl}
    api_key: sk-explain-0123456789
  other:
    base_url: ${upstreamUrl}
    api_key: sk-explain-other-0123456789
routes:
  ${ROUTE_KEY}:
    provider: chat
    default_model: m-default
    long_context_threshold: 20000
    scene_map:
      think: m-think
      background: other|m-background
      longContext: m-long
      image: m-image
    model_map:
      gpt-5-codex: other|m-codex
    fallback: ['other|m-fallback']
default_route: ${ROUTE_KEY}
`;
}

// Requests the router decides on: count_tokens and compaction take other paths.
const captures = loadClientCaptures(/\.json$/).filter(
  (capture) => !/count[_-]?tokens|countTokens|compact/i.test(capture.file + capture.path),
);

/** routeExplain must say what the proxy then does, for every real client request we hold. */
describe('routeExplain agrees with the proxy on real client captures', () => {
  let upstream: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    upstream = await startScriptedUpstream((request) =>
      request.json.stream
        ? { kind: 'sse', frames: chatStreamFrames(5, 1) }
        : { kind: 'json', body: chatCompletion(5, 1) },
    );
    running = await startEngine(config(upstream.url));
  });
  afterAll(async () => {
    await running?.close();
    await upstream?.close();
  });

  /** What routeExplain says of a capture: its body and protocol, Gemini's model from the path. */
  const explain = (capture: ClientCapture) => {
    const model = /^\/v1beta\/models\/([^:]+):/.exec(capture.path)?.[1] ?? '';
    return running.engine.api.invoke('routeExplain', {
      routeKey: ROUTE_KEY,
      protocol: captureProtocol(capture),
      request: capture.body,
      ...(model ? { model } : {}),
    });
  };

  it.each(captures.map((capture) => [capture.file, capture] as const))('%s', async (_file, capture) => {
    const explained = await explain(capture);
    const response = await replayCapture(running.url, capture, { routeKey: ROUTE_KEY });
    await response.text();
    expect(response.status, capture.file).toBe(200);
    const id = response.headers.get('x-request-id')!;
    await waitFor(() => running.engine.store().queries.getTrace(id) !== undefined);
    const decision = running.engine.store().queries.getTrace(id)!.decision as Record<string, unknown>;
    expect(explained.ok).toBe(true);
    if (!explained.ok) return;
    expect({
      scene: explained.scene,
      rule: explained.rule,
      providerId: explained.providerId,
      model: explained.model,
      fallback: explained.fallback,
    }).toEqual({
      scene: decision.scene,
      rule: decision.rule,
      providerId: decision.providerId,
      model: decision.model,
      fallback: decision.fallbacks,
    });
  });

  it('covers the scenes the captures hold', async () => {
    const scenes = new Set<string>();
    for (const capture of captures) {
      const explained = await explain(capture);
      if (explained.ok) scenes.add(explained.scene);
    }
    expect([...scenes].sort()).toEqual(expect.arrayContaining(['background', 'default', 'think']));
  });
});
