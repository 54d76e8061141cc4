import { writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, readJson } from '../helpers/fixtures';
import {
  answerJson,
  answerSse,
  startFaultyUpstream,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import { reloadLines, reloadWithSighup, waitForReload } from '../helpers/reload-ais';
import { sseFramesOf } from '../helpers/scripted-upstream';

// Hot reload while requests keep coming: SIGHUP and the file watcher, a valid
// change and an invalid one. No request may fail, requests after a reload use
// the new config, and a request in flight finishes on the config it started with.

const CHAT_JSON = readJson(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.json')) as Record<
  string,
  unknown
>;
const ALL_FRAMES = sseFramesOf(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.chunks.txt'), 'chat');
/** A short stream: the first text chunks, the final chunk with usage, [DONE]. */
const SHORT_FRAMES = [...ALL_FRAMES.slice(0, 5), ...ALL_FRAMES.slice(-2)];

/** The provider labels its answer `<base path>:<model asked for>`, so the client can tell which config served it. */
function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const label = `${seen.url.split('/')[1]}:${String(seen.json.model)}`;
  if (seen.json.stream !== true) return answerJson(response, 200, { ...CHAT_JSON, model: label });
  const slow = seen.url.startsWith('/slow');
  const frames = (slow ? ALL_FRAMES.slice(0, 60).concat(ALL_FRAMES.slice(-2)) : SHORT_FRAMES).map((frame) =>
    frame.replace('"model":"deepseek-chat"', `"model":"${label}"`),
  );
  return answerSse(response, frames, slow ? 20 : 0);
}

function configText(
  upstreamUrl: string,
  version: { provider: string; model: string; proxyUrl?: string; slowProvider?: string },
): string {
  return `
server:
${version.proxyUrl ? `  proxy_url: ${version.proxyUrl}` : '  allowed_ips: []'}
providers:
  a: { base_url: '${upstreamUrl}/a', api_key: sk-a }
  b: { base_url: '${upstreamUrl}/b', api_key: sk-b }
  slow-a: { base_url: '${upstreamUrl}/slow-a', api_key: sk-slow-a }
  slow-b: { base_url: '${upstreamUrl}/slow-b', api_key: sk-slow-b }
routes:
  r-main: { provider: ${version.provider}, default_model: ${version.model} }
  r-slow: { provider: ${version.slowProvider ?? 'slow-a'}, default_model: ${version.model} }
`;
}

const INVALID = `
server:
  allowed_ips: [office-lan]
providers:
  a: { base_url: 'not a url', api_key: sk-a }
routes:
  r-main: { provider: a, default_model: m-broken }
`;

interface Outcome {
  startedAt: number;
  label?: string;
  error?: string;
}

describe('hot reload under load', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let client: OpenAI;
  const configPath = (): string => path.join(ais.home, 'config.yaml');

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    ais = await startAis(configText(upstream.url, { provider: 'a', model: 'm-v1' }), {
      env: { AIS_LOG_LEVEL: 'info' },
    });
    client = new OpenAI({ apiKey: 'r-main', baseURL: `${ais.url}/v1`, maxRetries: 0, timeout: 10_000 });
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  /** One request, streamed or not; the label of whoever answered, or the error. */
  async function request(stream: boolean): Promise<Outcome> {
    const startedAt = Date.now();
    try {
      if (!stream) {
        const completion = await client.chat.completions.create({
          model: 'gpt-4.1',
          messages: [{ role: 'user', content: 'hi' }],
        });
        return { startedAt, label: completion.model };
      }
      const chunks = await client.chat.completions.create({
        model: 'gpt-4.1',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      });
      let label: string | undefined;
      let finished = false;
      for await (const chunk of chunks) {
        label ??= chunk.model;
        if (chunk.choices[0]?.finish_reason) finished = true;
      }
      return finished
        ? { startedAt, label }
        : { startedAt, label, error: 'stream ended without a finish_reason' };
    } catch (error) {
      return { startedAt, error: (error as Error).message };
    }
  }

  it('loses no request across SIGHUP and watcher reloads, valid and invalid; new requests use the new config', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    const workers = Array.from({ length: 4 }, async (_, worker) => {
      for (let index = 0; running && outcomes.length < 2_000; index += 1)
        outcomes.push(await request((index + worker) % 2 === 0));
    });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Each write is seen once more by the debounced watcher; wait for that too, so reloads do not overlap.
    let fileChanges = reloadLines(ais, 'file changed').length;
    const settleWatcher = async (): Promise<void> => {
      expect(await waitForReload(ais, 'file changed', fileChanges, 3_000)).toBeDefined();
      fileChanges += 1;
    };

    await pause(250);
    const v2 = configText(upstream.url, { provider: 'b', model: 'm-v2', proxyUrl: 'http://127.0.0.1:9' });
    expect(await reloadWithSighup(ais, v2)).toBe('reloaded');
    const v2At = Date.now();
    await settleWatcher();
    await pause(250);

    expect(await reloadWithSighup(ais, INVALID)).toBe('refused');
    const invalidAt = Date.now();
    await settleWatcher();
    await pause(250);

    // The watcher alone (no signal): a plain save in an editor.
    writeFileSync(configPath(), configText(upstream.url, { provider: 'a', model: 'm-v3' }));
    await settleWatcher();
    const v3At = Date.now();
    await pause(250);
    running = false;
    await Promise.all(workers);

    const failures = outcomes.filter((outcome) => outcome.error !== undefined);
    expect(failures).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(40);
    const labelsBetween = (from: number, to: number) =>
      new Set(
        outcomes
          .filter((outcome) => outcome.startedAt > from && outcome.startedAt < to)
          .map((outcome) => outcome.label),
      );
    expect(outcomes[0]!.label).toBe('a:m-v1');
    expect(labelsBetween(v2At, invalidAt - 300)).toEqual(new Set(['b:m-v2']));
    // The invalid file changed nothing: still v2.
    expect(labelsBetween(invalidAt, v3At - 400)).toEqual(new Set(['b:m-v2']));
    expect(labelsBetween(v3At, Infinity)).toEqual(new Set(['a:m-v3']));

    // Each problem of the invalid file is logged, and the process is still serving.
    const refusals = ais
      .output()
      .split('\n')
      .filter((line) => line.includes('config reload refused'));
    expect(refusals.some((line) => line.includes('server.allowed_ips'))).toBe(true);
    expect(refusals.some((line) => line.includes('providers.a.base_url'))).toBe(true);
    expect(ais.child.exitCode).toBeNull();
  });

  it('a stream in flight finishes on the config it started with, even when the reload swaps the upstream client', async () => {
    writeFileSync(
      configPath(),
      configText(upstream.url, { provider: 'a', model: 'm-v4', slowProvider: 'slow-a' }),
    );
    expect(await reloadWithSighup(ais)).toBe('reloaded');
    const before = upstream.requestsTo('/slow-a').length;
    const stream = await new OpenAI({
      apiKey: 'r-slow',
      baseURL: `${ais.url}/v1`,
      maxRetries: 0,
      timeout: 10_000,
    }).chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let chunks = 0;
    let reloaded: Promise<string> | undefined;
    let label: string | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      label ??= chunk.model;
      finish ??= chunk.choices[0]?.finish_reason;
      // Mid-stream: move the route to another provider and change proxy_url (a new upstream client).
      if (chunks === 5)
        reloaded = reloadWithSighup(
          ais,
          configText(upstream.url, {
            provider: 'b',
            model: 'm-v5',
            slowProvider: 'slow-b',
            proxyUrl: 'http://127.0.0.1:9',
          }),
        );
    }
    expect(await reloaded).toBe('reloaded');
    expect(label).toBe('slow-a:m-v4');
    expect(finish).toBe('length');
    expect(chunks).toBe(61);
    expect(upstream.requestsTo('/slow-a')).toHaveLength(before + 1);
    expect(upstream.requestsTo('/slow-a').at(-1)!.completed).toBe(true);
    // The next request is on the new config.
    const next = await request(false);
    expect(next.label).toBe('b:m-v5');
  });
});
