import Anthropic from '@anthropic-ai/sdk';
import { execFile } from 'node:child_process';
import OpenAI from 'openai';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { REPO_ROOT } from '../helpers/fixtures';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// A seed config in the original ai-switch's style, run in a shell where only
// some of its variables are set: it must start with warnings, skip what is
// empty, and a provider left with no usable key (or no base_url) must answer
// with an error that names the variable to set.

const CHAT_ANSWER = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'deepseek-chat',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

function seedConfig(upstreamUrl: string): string {
  return `
server:
  host: 127.0.0.1
  port: 12345
  proxy_url: \${AIS_TEST_PROXY_URL}
default_route: \${AIS_TEST_DEFAULT_ROUTE}
providers:
  deepseek:
    name: DeepSeek
    base_url: ${upstreamUrl}/deepseek
    api_key: \${AIS_TEST_DEEPSEEK_API_KEY}
    fallback_keys: ["\${AIS_TEST_DEEPSEEK_API_KEY_2}"]
    format: chat
    models: [deepseek-chat, "\${AIS_TEST_EXTRA_MODEL}"]
  kimi:
    base_url: ${upstreamUrl}/kimi
    api_key: \${AIS_TEST_KIMI_API_KEY}
    fallback_keys: ["\${AIS_TEST_KIMI_API_KEY_2}"]
    custom_headers:
      X-Team: \${AIS_TEST_TEAM}
  local:
    base_url: \${AIS_TEST_LOCAL_URL}
    format: chat
routes:
  ais-claude:
    provider: deepseek
    default_model: deepseek-chat
    scene_map:
      think: \${AIS_TEST_THINK_MODEL}
  ais-kimi:
    provider: kimi
    default_model: kimi-k2
  ais-local:
    provider: local
    default_model: qwen3
  ais-ghost:
    provider: \${AIS_TEST_GHOST_PROVIDER}
`;
}

function runCheck(configPath: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/ais.js'), 'check', '-c', configPath],
      { env: { PATH: process.env.PATH ?? '', AIS_TEST_KIMI_API_KEY_2: 'sk-kimi-second' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

describe('a seed config with unset ${VAR}s starts, skips them and names them', () => {
  let upstream: ScriptedUpstream;
  let ais: AisProcess;

  beforeAll(async () => {
    upstream = await startScriptedUpstream(() => ({ kind: 'json', body: CHAT_ANSWER }));
    ais = await startAis(seedConfig(upstream.url), {
      // Only the Kimi fallback key is set in this shell.
      env: { AIS_TEST_KIMI_API_KEY_2: 'sk-kimi-second', AIS_LOG_LEVEL: 'info' },
    });
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  it('starts, warning about each unset variable with its path and what was done', () => {
    const output = ais.output();
    expect(output).toContain('providers.deepseek.fallback_keys[0]');
    expect(output).toContain(
      'environment variable ${AIS_TEST_DEEPSEEK_API_KEY_2} is not set: this entry is skipped',
    );
    expect(output).toContain('providers.local.base_url');
    expect(output).toContain('route ais-ghost is skipped');
    expect(output).not.toMatch(/must not be empty/);
  });

  it('ais check reports warnings only (exit 2)', async () => {
    const check = await runCheck(path.join(ais.home, 'config.yaml'));
    expect(check.output).toContain('AIS_TEST_DEEPSEEK_API_KEY_2');
    expect(check.code).toBe(2);
  });

  it('a provider with no usable key answers with an error naming the variable, sending nothing', async () => {
    const client = new Anthropic({ apiKey: 'ais-claude', baseURL: ais.url, maxRetries: 0 });
    const before = upstream.requests.length;
    const failure = await client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const apiError = failure as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(503);
    expect(apiError.message).toContain('${AIS_TEST_DEEPSEEK_API_KEY}');
    expect(apiError.message).toContain('providers.deepseek.api_key');
    expect(upstream.requests.length).toBe(before);
  });

  it('a provider whose base_url is unset says so', async () => {
    const client = new OpenAI({ apiKey: 'ais-local', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const failure = await client.chat.completions
      .create({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).toContain('${AIS_TEST_LOCAL_URL}');
  });

  it('a provider whose api_key is unset but a fallback key is set works with the fallback key', async () => {
    const client = new OpenAI({ apiKey: 'ais-kimi', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]!.message.content).toBe('hello');
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe('/kimi/chat/completions');
    expect(seen.headers.authorization).toBe('Bearer sk-kimi-second');
    // An unset custom header value removes the header rather than sending an empty one.
    expect(seen.headers['x-team']).toBeUndefined();
  });
});
