import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { startFaultyUpstream, type FaultyUpstream } from '../helpers/faulty-upstream';

// `GET /v1/models` answered locally in each protocol's own shape, listed by the
// official SDKs: the route's provider models, then the names its model_map accepts.

describe('GET /v1/models per protocol', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  const expected = ['deepseek-chat', 'deepseek-reasoner', 'claude-opus-4-5', 'gpt-5'];

  beforeAll(async () => {
    upstream = await startFaultyUpstream((_seen, response) => void response.destroy());
    ais = await startAis(`
providers:
  deepseek:
    base_url: ${upstream.url}
    api_key: sk-provider
    models: [deepseek-chat, deepseek-reasoner]
  other:
    base_url: ${upstream.url}
    api_key: sk-other
    models: [other-model]
routes:
  r-main:
    provider: deepseek
    model_map:
      claude-opus-4-5: deepseek-reasoner
      DeepSeek-Chat: deepseek-chat
      gpt-5: other|other-model
  r-other:
    provider: other
`);
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  it('Anthropic SDK: ModelInfo pages with first_id/last_id', async () => {
    const client = new Anthropic({ apiKey: 'r-main', baseURL: ais.url, maxRetries: 0 });
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(expected);
    expect(page.data[0]).toMatchObject({ type: 'model', id: 'deepseek-chat', display_name: 'deepseek-chat' });
    expect(Number.isNaN(Date.parse(page.data[0]!.created_at))).toBe(false);
    expect(page.has_more).toBe(false);
    const all: string[] = [];
    for await (const model of client.models.list()) all.push(model.id);
    expect(all).toEqual(expected);
  });

  it('OpenAI SDK: a list of model objects owned by the route’s provider', async () => {
    const client = new OpenAI({ apiKey: 'r-main', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const all: OpenAI.Model[] = [];
    for await (const model of client.models.list()) all.push(model);
    expect(all.map((model) => model.id)).toEqual(expected);
    expect(all[0]).toMatchObject({ object: 'model', owned_by: 'deepseek' });
    expect(Number.isInteger(all[0]!.created)).toBe(true);
  });

  it('Gemini SDK: models/… names that support generateContent', async () => {
    const genai = new GoogleGenAI({
      apiKey: 'r-main',
      httpOptions: { baseUrl: ais.url, retryOptions: { attempts: 1 } },
    });
    const names: string[] = [];
    const pager = await genai.models.list();
    for await (const model of pager) {
      names.push(model.name ?? '');
      expect(model.supportedActions).toContain('generateContent');
    }
    expect(names).toEqual(expected.map((id) => `models/${id}`));
  });

  it('lists per route key: another key sees its own provider’s models', async () => {
    const client = new OpenAI({ apiKey: 'r-other', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(['other-model']);
  });

  it('an unknown key gets a 401 in the asking protocol', async () => {
    const anthropic = new Anthropic({ apiKey: 'nope', baseURL: ais.url, maxRetries: 0 });
    await expect(anthropic.models.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const openai = new OpenAI({ apiKey: 'nope', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    await expect(openai.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const genai = new GoogleGenAI({
      apiKey: 'nope',
      httpOptions: { baseUrl: ais.url, retryOptions: { attempts: 1 } },
    });
    const failure = await genai.models.list().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
  });

  it('never asks a provider', () => {
    expect(upstream.requests).toHaveLength(0);
  });
});
