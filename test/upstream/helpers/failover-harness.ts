import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createUpstreamClient } from '../../../main/core/upstream/create-upstream-client';
import { countOpenHandles, settleOpenHandles, waitFor } from './fake-upstream';
import { startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream';
import type { ProviderConfig, ProviderFormatName } from '../../../main/core/config/schema';
import { buildUpstreamHeaders } from '../../../main/core/upstream/build-upstream-headers';
import { createKeyPool } from '../../../main/core/upstream/create-key-pool';
import type { KeyPool } from '../../../main/core/upstream/create-key-pool';
import { createSessionAffinity } from '../../../main/core/upstream/create-session-affinity';
import type { SessionAffinity } from '../../../main/core/upstream/create-session-affinity';
import type { UpstreamClient } from '../../../main/core/upstream/create-upstream-client';
import { resolveUpstreamUrl } from '../../../main/core/upstream/resolve-upstream-url';
import { sendWithFailover } from '../../../main/core/upstream/send-with-failover';
import type {
  AttemptRecord,
  FailoverResult,
  UpstreamCandidate,
} from '../../../main/core/upstream/send-with-failover';

export function providerConfig(
  baseUrl: string,
  keys: string[],
  overrides: Partial<ProviderConfig> = {},
): ProviderConfig {
  return {
    base_url: baseUrl,
    api_key: keys[0],
    fallback_keys: keys.slice(1),
    format: 'chat',
    models: [],
    enable_proxy: false,
    custom_headers: {},
    // Short, so timeout tests stay quick; undici checks timeouts every ~0.5 s.
    first_byte_timeout_ms: 200,
    idle_timeout_ms: 200,
    ...overrides,
  };
}

export interface Harness {
  keyPool: KeyPool;
  affinity: SessionAffinity;
  /** Advances the key pool's clock (cooldowns) without waiting. */
  advance(ms: number): void;
  candidates(...providerIds: string[]): UpstreamCandidate[];
  send(
    providerIds: string[],
    extra?: { sessionId?: string; signal?: AbortSignal },
  ): Promise<FailoverResult & { seen: AttemptRecord[] }>;
}

export function createHarness(client: UpstreamClient, providers: Record<string, ProviderConfig>): Harness {
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;
  const keyPool = createKeyPool({ providers }, { now });
  const affinity = createSessionAffinity({ ttlMs: 60_000, max: 100, now });

  const candidates = (...providerIds: string[]): UpstreamCandidate[] =>
    providerIds.map((providerId) => {
      const provider = providers[providerId] ?? providerConfig('http://127.0.0.1:9', []);
      return { providerId, provider, model: `${providerId}-model` };
    });

  async function send(providerIds: string[], extra: { sessionId?: string; signal?: AbortSignal } = {}) {
    const seen: AttemptRecord[] = [];
    const result = await sendWithFailover({
      client,
      keyPool,
      affinity,
      candidates: candidates(...providerIds),
      sessionId: extra.sessionId,
      signal: extra.signal,
      onAttempt: (record) => seen.push({ ...record }),
      prepare: (candidate, apiKey) => {
        const format: ProviderFormatName = candidate.provider.format;
        const body = JSON.stringify({
          model: candidate.model,
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        });
        return {
          url: resolveUpstreamUrl({
            provider: candidate.provider,
            format,
            model: candidate.model,
            stream: true,
          }),
          headers: buildUpstreamHeaders({
            provider: candidate.provider,
            format,
            apiKey,
            passthrough: false,
            bodyLength: Buffer.byteLength(body),
          }),
          body,
        };
      },
    });
    return Object.assign(result, { seen });
  }

  return { keyPool, affinity, advance: (ms) => (clockOffset += ms), candidates, send };
}

/** `providerId/keyIndex→status-or-failure` per attempt, for compact assertions. */
export function summarize(attempts: AttemptRecord[]): string[] {
  return attempts.map((attempt) => {
    const outcome = [attempt.status, attempt.failure].filter((part) => part !== undefined).join(' ');
    return `${attempt.providerId}/${attempt.keyIndex}→${outcome}`;
  });
}

/**
 * Two scripted providers and one upstream client for a test file, with the
 * leak checks every failover test needs: after each test nothing is left
 * hanging; after the file, every connection and handle is gone.
 */
export function useTwoUpstreams(): {
  upstreamA: ScriptedUpstream;
  upstreamB: ScriptedUpstream;
  client: UpstreamClient;
} {
  const env = {} as { upstreamA: ScriptedUpstream; upstreamB: ScriptedUpstream; client: UpstreamClient };
  let baseline = 0;
  beforeAll(async () => {
    baseline = countOpenHandles();
    [env.upstreamA, env.upstreamB] = await Promise.all([startScriptedUpstream(), startScriptedUpstream()]);
    env.client = createUpstreamClient();
  });
  afterEach(async () => {
    // Nothing hangs: every upstream request was answered or closed by us.
    expect(await waitFor(() => env.upstreamA.allSettled() && env.upstreamB.allSettled())).toBe(true);
  });
  afterAll(async () => {
    await env.client.close();
    // Closing the client closes every connection it held, kept-alive or not.
    expect(
      await waitFor(() => env.upstreamA.openConnectionCount() + env.upstreamB.openConnectionCount() === 0),
    ).toBe(true);
    await Promise.all([env.upstreamA.close(), env.upstreamB.close()]);
    expect(await settleOpenHandles(baseline)).toBeLessThanOrEqual(baseline);
  });
  return env;
}
