import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../main/core/config/schema';
import type { ProtocolName } from '../../main/core/protocols/canonical/types';
import { listModels } from '../../main/core/routing/list-models';
import { buildConfig } from './build-fixtures';

const config = buildConfig({
  providers: {
    deepseek: { base_url: 'https://api.deepseek.com', models: ['deepseek-chat', 'deepseek-reasoner'] },
  },
  routes: {
    'ais-models-route-key-000001': {
      provider: 'deepseek',
      model_map: {
        'claude-opus-4-8': 'deepseek-reasoner',
        'DeepSeek-Chat': 'deepseek-chat',
        'gpt-5': 'deepseek-chat',
      },
    },
  },
});
const route = config.routes['ais-models-route-key-000001'] as RouteConfig;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const EXPECTED_IDS = ['deepseek-chat', 'deepseek-reasoner', 'claude-opus-4-8', 'gpt-5'];

const bodyFor = (protocol: ProtocolName) => JSON.stringify(listModels({ config, route, protocol, now: NOW }));
const jsonFetch = (body: string) => async () =>
  new Response(body, { headers: { 'content-type': 'application/json' } });

describe('listModels', () => {
  it('lists provider models then model_map keys, without case-insensitive duplicates', () => {
    const list = listModels({ config, route, protocol: 'openai-chat', now: NOW });
    expect(list).toEqual({
      object: 'list',
      data: EXPECTED_IDS.map((id) => ({
        id,
        object: 'model',
        created: Math.floor(NOW / 1000),
        owned_by: 'deepseek',
      })),
    });
  });

  it('the OpenAI SDK reads the list', async () => {
    const client = new OpenAI({
      apiKey: 'x',
      baseURL: 'http://x/v1',
      fetch: jsonFetch(bodyFor('openai-responses')),
    });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(EXPECTED_IDS);
  });

  it('the Anthropic SDK reads the list (one page, first/last ids)', async () => {
    const client = new Anthropic({
      apiKey: 'x',
      baseURL: 'http://x',
      fetch: jsonFetch(bodyFor('anthropic')),
    });
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(EXPECTED_IDS);
    expect(page.has_more).toBe(false);
    expect(page.first_id).toBe('deepseek-chat');
    expect(page.last_id).toBe('gpt-5');
    expect(page.data[0]).toMatchObject({
      type: 'model',
      display_name: 'deepseek-chat',
      created_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('an empty Anthropic list has null first/last ids', () => {
    const empty = buildConfig({
      providers: { p: { base_url: 'https://x.example' } },
      routes: { k: { provider: 'p' } },
    });
    expect(
      listModels({ config: empty, route: empty.routes.k as RouteConfig, protocol: 'anthropic' }),
    ).toMatchObject({
      data: [],
      first_id: null,
      last_id: null,
    });
  });

  describe('Gemini', () => {
    let server: Server;
    let baseUrl = '';
    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(bodyFor('gemini'));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('the @google/genai SDK reads the list', async () => {
      const client = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl } });
      const pager = await client.models.list();
      const models = [];
      for await (const model of pager) models.push(model);
      expect(models.map((model) => model.name)).toEqual(EXPECTED_IDS.map((id) => `models/${id}`));
      expect(models[0]?.supportedActions).toContain('generateContent');
    });
  });
});
