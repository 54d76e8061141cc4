import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, readJson } from '../helpers/fixtures';
import { answerJson, startFaultyUpstream, waitUntil, type FaultyUpstream } from '../helpers/faulty-upstream';
import { reloadWithSighup } from '../helpers/reload-ais';

// Who gets in and which route they get: route keys from every header style,
// the default-route chain, 401s in the client's protocol, and allowed_ips /
// trusted_proxies when `ais` listens beyond loopback.

const CHAT_JSON = readJson(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.json'));
const CHAT_BODY = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });

/** A non-loopback address of this machine (and its subnet), to call `ais` from somewhere that is not 127.0.0.1. */
function localAddress(family: 'IPv4' | 'IPv6'): { address: string; cidr: string } | undefined {
  const found = Object.values(networkInterfaces())
    .flat()
    .find(
      (entry) =>
        entry &&
        !entry.internal &&
        entry.family === family &&
        !entry.address.startsWith('fe80') &&
        entry.cidr,
    );
  return found ? { address: found.address, cidr: found.cidr! } : undefined;
}
const LAN_V4 = localAddress('IPv4');
const LAN_V6 = localAddress('IPv6');

/** POST a chat request to `host:port` from the local address `from`. */
function chatFrom(
  from: string,
  host: string,
  port: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host,
        port,
        localAddress: from,
        method: 'POST',
        path: '/v1/chat/completions',
        timeout: 5_000,
        headers: { 'content-type': 'application/json', authorization: 'Bearer r-main', ...headers },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.end(CHAT_BODY);
  });
}

describe('route keys: where they are read and how they resolve', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let bare: AisProcess;

  beforeAll(async () => {
    upstream = await startFaultyUpstream((_seen, response) => answerJson(response, 200, CHAT_JSON));
    const providers = `
providers:
  p:
    base_url: ${upstream.url}
    api_key: sk-provider`;
    ais = await startAis(`
default_anthropic_route: r-anthropic-default
default_gemini_route: r-disabled
default_route: r-default
${providers}
routes:
  r-exact: { provider: p, default_model: m-exact }
  r-anthropic-default: { provider: p, default_model: m-anthropic-default }
  r-default: { provider: p, default_model: m-default }
  r-disabled: { provider: p, default_model: m-disabled, disabled: true }
`);
    bare = await startAis(`${providers}
routes:
  r-exact: { provider: p, default_model: m-exact }
`);
  });

  afterAll(async () => {
    await ais?.stop();
    await bare?.stop();
    await upstream?.close();
  });

  /** The model the provider was asked for names the route that served the request. */
  async function routedModel(
    pathAndQuery: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<string> {
    const before = upstream.requests.length;
    const response = await fetch(`${ais.url}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBe(200);
    expect(upstream.requests).toHaveLength(before + 1);
    return String(upstream.requests.at(-1)!.json.model);
  }
  const anthropicBody = {
    model: 'claude-sonnet-4-6',
    max_tokens: 10,
    messages: [{ role: 'user', content: 'hi' }],
  };
  const chatBody = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] };
  const responsesBody = { model: 'gpt-5', input: 'hi' };
  const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
  const geminiPath = '/v1beta/models/gemini-2.5-flash:generateContent';

  it('reads the key from x-api-key, Authorization: Bearer, x-goog-api-key and ?key=', async () => {
    expect(await routedModel('/v1/messages', { 'x-api-key': 'r-exact' }, anthropicBody)).toBe('m-exact');
    expect(await routedModel('/v1/messages', { authorization: 'Bearer r-exact' }, anthropicBody)).toBe(
      'm-exact',
    );
    expect(await routedModel('/v1/chat/completions', { authorization: 'Bearer r-exact' }, chatBody)).toBe(
      'm-exact',
    );
    expect(await routedModel(geminiPath, { 'x-goog-api-key': 'r-exact' }, geminiBody)).toBe('m-exact');
    expect(await routedModel(`${geminiPath}?key=r-exact`, {}, geminiBody)).toBe('m-exact');
    // The route key is ours: it never travels on to the provider, in a header or the URL.
    for (const seen of upstream.requests) {
      expect(seen.url).not.toContain('r-exact');
      expect(JSON.stringify(seen.headers)).not.toContain('r-exact');
      expect(seen.headers.authorization).toBe('Bearer sk-provider');
    }
  });

  it('an unknown key falls to the protocol default, then default_route; a disabled route is skipped', async () => {
    expect(await routedModel('/v1/messages', { 'x-api-key': 'unknown' }, anthropicBody)).toBe(
      'm-anthropic-default',
    );
    expect(await routedModel('/v1/chat/completions', { authorization: 'Bearer unknown' }, chatBody)).toBe(
      'm-default',
    );
    expect(await routedModel('/v1/responses', {}, responsesBody)).toBe('m-default');
    // default_gemini_route names a disabled route: skipped, default_route serves.
    expect(await routedModel(geminiPath, { 'x-goog-api-key': 'unknown' }, geminiBody)).toBe('m-default');
    // A disabled route's own key is no key at all.
    expect(await routedModel('/v1/chat/completions', { authorization: 'Bearer r-disabled' }, chatBody)).toBe(
      'm-default',
    );
  });

  it('with no default, an unknown key gets a 401 in the client’s own protocol, and the provider is not called', async () => {
    const before = upstream.requests.length;
    const anthropic = new Anthropic({ apiKey: 'wrong', baseURL: bare.url, maxRetries: 0 });
    const anthropicFailure = await anthropic.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(anthropicFailure).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((anthropicFailure as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
    expect((anthropicFailure as Error).message).toMatch(/route key/);

    const openai = new OpenAI({ apiKey: 'wrong', baseURL: `${bare.url}/v1`, maxRetries: 0 });
    await expect(
      openai.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(openai.responses.create({ model: 'gpt-5', input: 'hi' })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );

    const genai = new GoogleGenAI({
      apiKey: 'wrong',
      httpOptions: { baseUrl: bare.url, retryOptions: { attempts: 1 } },
    });
    const geminiFailure = await genai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((error: unknown) => error);
    expect(geminiFailure).toBeInstanceOf(ApiError);
    expect((geminiFailure as ApiError).status).toBe(401);
    expect((geminiFailure as ApiError).message).toMatch(/UNAUTHENTICATED/);

    // No key at all is the same 401.
    const keyless = await fetch(`${bare.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: CHAT_BODY,
    });
    expect(keyless.status).toBe(401);
    expect(((await keyless.json()) as { error: { message: string } }).error.message).toMatch(/no API key/);
    expect(upstream.requests).toHaveLength(before);
  });
});

describe.skipIf(LAN_V4 === undefined)(
  `allowed_ips beyond loopback (calling from ${LAN_V4?.address ?? 'no LAN address'})`,
  () => {
    let upstream: FaultyUpstream;
    let ais: AisProcess;
    let port: number;
    const lan = LAN_V4?.address ?? '';
    const config = (server: string): string => `
server:
${server}
providers:
  p:
    base_url: ${upstream.url}
    api_key: sk-provider
routes:
  r-main: { provider: p, default_model: m }
`;

    beforeAll(async () => {
      upstream = await startFaultyUpstream((_seen, response) => answerJson(response, 200, CHAT_JSON));
      ais = await startAis(config('  allowed_ips: [10.0.0.0/8]'), {
        args: ['--host', '0.0.0.0'],
        env: { AIS_LOG_LEVEL: 'info' },
      });
      port = Number(new URL(ais.url).port);
    });

    afterAll(async () => {
      await ais?.stop();
      await upstream?.close();
    });

    it('lets loopback in and refuses a LAN caller outside allowed_ips, before any provider is called', async () => {
      expect((await chatFrom('127.0.0.1', '127.0.0.1', port)).status).toBe(200);
      const before = upstream.requests.length;
      const refused = await chatFrom(lan, lan, port);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain(`address ${lan} is not in server.allowed_ips`);
      expect(upstream.requests).toHaveLength(before);
      // pino writes asynchronously: the log line may trail the response.
      expect(
        await waitUntil(() => ais.output().includes('refused a caller outside server.allowed_ips'), 2_000),
      ).toBe(true);
    });

    it('ignores X-Forwarded-For from a sender that is not a trusted proxy', async () => {
      expect((await chatFrom(lan, lan, port, { 'x-forwarded-for': '10.1.2.3' })).status).toBe(403);
    });

    it('admits the caller once a reload puts its CIDR in allowed_ips', async () => {
      expect(await reloadWithSighup(ais, config(`  allowed_ips: ['${LAN_V4!.cidr}']`))).toBe('reloaded');
      const admitted = await chatFrom(lan, lan, port);
      expect(admitted.status).toBe(200);
      expect(JSON.parse(admitted.body)).toMatchObject({ object: 'chat.completion' });
    });

    it('believes X-Forwarded-For from a trusted proxy, reading the right-most hop it did not add', async () => {
      expect(
        await reloadWithSighup(ais, config(`  allowed_ips: [10.0.0.0/8]\n  trusted_proxies: ['${lan}']`)),
      ).toBe('reloaded');
      expect((await chatFrom(lan, lan, port, { 'x-forwarded-for': '10.1.2.3' })).status).toBe(200);
      expect((await chatFrom(lan, lan, port, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
      // A client can write anything on the left; the proxy appended the real peer on the right.
      expect((await chatFrom(lan, lan, port, { 'x-forwarded-for': '10.1.2.3, 203.0.113.9' })).status).toBe(
        403,
      );
      expect((await chatFrom(lan, lan, port, { 'x-forwarded-for': '203.0.113.9, 10.1.2.3' })).status).toBe(
        200,
      );
      // The proxy itself is not in allowed_ips.
      expect((await chatFrom(lan, lan, port)).status).toBe(403);
    });
  },
);

describe.skipIf(LAN_V4 === undefined || LAN_V6 === undefined)(
  'allowed_ips on a dual-stack listener (--host ::)',
  () => {
    let upstream: FaultyUpstream;
    let ais: AisProcess;
    let port: number;

    beforeAll(async () => {
      upstream = await startFaultyUpstream((_seen, response) => answerJson(response, 200, CHAT_JSON));
      ais = await startAis(
        `
server:
  allowed_ips: ['${LAN_V6!.cidr}']
providers:
  p: { base_url: '${upstream.url}', api_key: sk-provider }
routes:
  r-main: { provider: p, default_model: m }
`,
        { args: ['--host', '::'] },
      );
      port = Number(new URL(ais.url).port);
    });

    afterAll(async () => {
      await ais?.stop();
      await upstream?.close();
    });

    it('matches IPv6 CIDRs, IPv4-mapped peers and mapped loopback', async () => {
      const [v6, v4] = [LAN_V6!.address, LAN_V4!.address];
      expect((await chatFrom(v6, v6, port)).status).toBe(200);
      // Over IPv4 the peer shows up as ::ffff:a.b.c.d: outside the IPv6 range.
      expect((await chatFrom(v4, v4, port)).status).toBe(403);
      expect((await chatFrom('127.0.0.1', '127.0.0.1', port)).status).toBe(200);
    });
  },
);
