import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FILE } from '../../main/core/server/admin/load-admin-token';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { answerJson, startFaultyUpstream, waitUntil, type FaultyUpstream } from '../helpers/faulty-upstream';
import { FIXTURES, readJson } from '../helpers/fixtures';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';

// Huge requests arriving together queue for memory instead of running the
// heap out (which would kill every request in flight): with a 3 MB budget,
// a second 2 MB request waits for the first, and is refused with a 503 in
// the client's protocol when the wait runs out. Driven with the Anthropic SDK
// against a spawned `ais serve`; the provider is told by a word in the
// request how to answer (at once, after a pause, or never).

const CHAT_JSON = readJson(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.json'));
const MB = 2 ** 20;
const SLOW_MS = 800;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('large request bodies over the budget', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;
  let client: Anthropic;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(async (seen, response) => {
      if (seen.body.includes('HOLD')) return; // never answers: the client gives up
      if (seen.body.includes('SLOW')) await pause(SLOW_MS);
      answerJson(response, 200, CHAT_JSON);
    });
    ais = await startAis(`
server:
  large_bodies: { budget_mb: 3, wait_s: 2 }
providers:
  deepseek: { base_url: "${upstream.url}", api_key: sk-deepseek-test-key-0123456789, format: chat }
routes:
  ais-test: { provider: deepseek, default_model: deepseek-chat }
`);
    traces = createTraceReader(ais.home);
    client = new Anthropic({ apiKey: 'ais-test', baseURL: ais.url, maxRetries: 0, timeout: 20_000 });
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  const readMetrics = async (): Promise<string> => {
    const token = readFileSync(path.join(ais.home, ADMIN_TOKEN_FILE), 'utf8').trim();
    const response = await fetch(`${ais.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  /** A request of about `mb` MB whose text carries `word` for the provider. */
  const ask = (word: string, mb: number, signal?: AbortSignal) =>
    client.messages.create(
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [{ role: 'user', content: `${word} ${'x'.repeat(mb * MB)}` }],
      },
      signal ? { signal } : {},
    );

  it('runs a second large request after the first instead of beside it, and notes the wait', async () => {
    const first = ask('SLOW', 2).then(() => Date.now());
    await waitUntil(() => upstream.requests.length === 1, 5_000);
    const second = await ask('FAST', 2);
    const secondDone = Date.now();
    expect(second.content[0]).toMatchObject({ type: 'text' });
    // The second reached the provider only once the first had its answer.
    expect(upstream.requests[1]!.receivedAt).toBeGreaterThanOrEqual(await first);
    expect(secondDone).toBeGreaterThanOrEqual(await first);

    const [firstTrace, secondTrace] = await traces.next(2);
    expect(firstTrace!.warnings.map((warning) => warning.code)).not.toContain('large-body-waited');
    expect(secondTrace!.status).toBe(200);
    const waited = secondTrace!.warnings.find((warning) => warning.code === 'large-body-waited');
    expect(waited?.message).toMatch(/waited \d+ ms for room among large request bodies/);
  });

  it('refuses a request that waited too long with an Anthropic overloaded error and Retry-After', async () => {
    const leaving = new AbortController();
    const holding = ask('HOLD', 2, leaving.signal).catch((error: unknown) => error);
    await waitUntil(() => upstream.requests.length === 3, 5_000);
    const started = Date.now();
    const refusing = ask('FAST', 2).catch((error: unknown) => error);
    // While it waits, the metrics show it and the bytes held.
    await pause(500);
    const metrics = await readMetrics();
    expect(metrics).toMatch(/^ais_large_bodies_waiting 1$/m);
    const held = Number(/^ais_request_body_bytes_in_flight (\d+)$/m.exec(metrics)?.[1]);
    expect(held).toBeGreaterThan(2 * MB);
    expect(held).toBeLessThan(3 * MB);
    const refused = await refusing;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(refused).toBeInstanceOf(Anthropic.APIError);
    const error = refused as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(503);
    expect(error.headers?.get('retry-after')).toBe('5');
    expect((error.error as { error: { type: string } }).error.type).toBe('overloaded_error');
    expect(error.message).toMatch(/busy with 2\.0 MB of large request bodies \(budget 3\.0 MB/);
    // The refused request never reached the provider.
    expect(upstream.requests).toHaveLength(3);

    // The held request's client gives up: its room is given back at once.
    leaving.abort();
    await holding;
    const afterwards = Date.now();
    await ask('FAST', 2);
    expect(Date.now() - afterwards).toBeLessThan(1_500);
    const recorded = await traces.next(3);
    expect(recorded.map((trace) => trace.status)).toEqual(expect.arrayContaining([503, 200]));
    expect(recorded.at(-1)!.warnings.map((warning) => warning.code)).not.toContain('large-body-waited');
  });

  it('a client that gave up while waiting is dropped, and its room given back', async () => {
    const before = upstream.requests.length;
    const leavingFirst = new AbortController();
    const holding = ask('HOLD', 2, leavingFirst.signal).catch((error: unknown) => error);
    await waitUntil(() => upstream.requests.length === before + 1, 5_000);
    const leavingSecond = new AbortController();
    const waiting = ask('FAST', 2, leavingSecond.signal).catch((error: unknown) => error);
    await pause(300);
    expect(await readMetrics()).toMatch(/^ais_large_bodies_waiting 1$/m);
    leavingSecond.abort();
    expect(await waiting).toBeInstanceOf(Anthropic.APIUserAbortError);
    // The first one's client leaves too: the second's turn comes, and it is found gone.
    leavingFirst.abort();
    await holding;
    const finished = await traces.next(2);
    expect(finished.map((trace) => trace.status)).toEqual([499, 499]);
    const metrics = await readMetrics();
    expect(metrics).toMatch(/^ais_large_bodies_waiting 0$/m);
    expect(metrics).toMatch(/^ais_request_body_bytes_in_flight 0$/m);
  });

  it('lets a lone body larger than the whole budget through', async () => {
    const answer = await ask('FAST', 5);
    expect(answer.content[0]).toMatchObject({ type: 'text' });
  });
});
