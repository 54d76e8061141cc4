import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../main/core/contract';
import { chatCompletion, startEngine, type RunningEngine } from '../admin/admin-harness';
import {
  answerJson,
  startFaultyUpstream,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';

// What a budget charges is what the provider bills. `count_tokens` is free at the provider: it
// neither reserves nor counts as a request, and a spent budget does not refuse it. A compaction
// is a paid request: Claude Code's (a plain Messages request) and Codex's (`/responses/compact`,
// summarised by the routed Chat model or forwarded to a Responses provider) are budgeted like any
// other, and never answered from the response cache.

const anthropicMessage = {
  id: 'msg_up',
  type: 'message',
  role: 'assistant',
  model: 'claude-up',
  content: [{ type: 'text', text: 'summary: we fixed the bug' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 300, output_tokens: 40 },
};

function answer(seen: SeenRequest, response: http.ServerResponse): void {
  const [, provider] = seen.url.split('/');
  if (provider === 'claude')
    return seen.url.endsWith('/count_tokens')
      ? answerJson(response, 200, { input_tokens: 42 })
      : answerJson(response, 200, anthropicMessage);
  if (provider === 'native')
    return answerJson(response, 200, {
      id: 'resp_native',
      object: 'response.compaction',
      created_at: 1_771_353_057,
      output: [{ type: 'compaction', id: 'cmp_1', encrypted_content: 'opaque' }],
      usage: { input_tokens: 900, output_tokens: 120, total_tokens: 1020 },
    });
  return answerJson(response, 200, chatCompletion(200, 30, 'Goal: fix the bug. State: fixed.'));
}

describe('budgets: free calls and compactions', () => {
  let upstream: FaultyUpstream;
  let ais: RunningEngine;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    ais = await startEngine(`
providers:
  claude: { base_url: ${upstream.url}/claude, format: anthropic, api_key: sk-up }
  chat: { base_url: ${upstream.url}/chat, format: chat, api_key: sk-up }
  native: { base_url: ${upstream.url}/native, format: responses, api_key: sk-up }
routes:
  r-claude: { provider: claude, default_model: claude-up, label: claude }
  r-codex: { provider: chat, default_model: m, label: codex }
  r-native: { provider: native, default_model: gpt-up, label: native }
guardrails:
  budgets:
    - { route: r-claude, window: day, requests: 1 }
    - { route: r-codex, window: day, requests: 1 }
    - { route: r-native, window: day, tokens: 100000 }
  # Every request without a temperature counts as deterministic: compactions would be cacheable.
  cache: { mode: exact, temperature: zero_or_unset }
`);
  });

  afterAll(async () => {
    await ais?.close();
    await upstream?.close();
  });

  const budgetOf = async (label: string): Promise<CallOutput<'guardrailsStatus'>['budgets'][number]> => {
    const { budgets } = await ais.engine.api.invoke('guardrailsStatus', {});
    return budgets.find((budget) => budget.label.startsWith(label))!;
  };

  it('count_tokens reserves nothing, counts no request, and is answered even when the budget is spent', async () => {
    const claude = new Anthropic({ apiKey: 'r-claude', baseURL: ais.url, maxRetries: 0 });
    const count = () =>
      claude.messages.countTokens({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'hi' }],
      });
    for (let index = 0; index < 3; index += 1) expect((await count()).input_tokens).toBe(42);
    expect(upstream.requestsTo('/claude')).toHaveLength(3);
    expect((await budgetOf('claude')).used).toMatchObject({ requests: 0, inputTokens: 0, outputTokens: 0 });

    // Claude Code compacts with a plain Messages request: a paid one, so it takes the budget's one request.
    const compacted = await claude.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 2000,
      system: 'Your task is to create a detailed summary of the conversation so far.',
      messages: [{ role: 'user', content: 'Summarise: we fixed the bug.' }],
    });
    expect(compacted.content[0]).toMatchObject({ type: 'text', text: 'summary: we fixed the bug' });
    expect((await budgetOf('claude')).used).toMatchObject({
      requests: 1,
      inputTokens: 300,
      outputTokens: 40,
    });

    expect((await count()).input_tokens).toBe(42);
    // Nor does the usage view bill them: no tokens, no cost, and no "unpriced request" for claude-up.
    ais.engine.store().flush();
    const { rows } = await ais.engine.api.invoke('usageStats', {
      from: Date.now() - 3_600_000,
      to: Date.now(),
      groupBy: 'route',
    });
    expect(rows.find((row) => row.key === 'claude')).toMatchObject({
      requests: 5,
      inputTokens: 300,
      outputTokens: 40,
      unpricedRequests: 1,
    });
    await expect(
      claude.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'more' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('a Codex compaction summarised by a Chat provider is charged, and refused once the budget is spent', async () => {
    const codex = new OpenAI({ apiKey: 'r-codex', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const compact = () =>
      codex.responses.compact({ model: 'gpt-5-codex', input: 'We fixed the bug; remember it.' });
    const compacted = await compact();
    expect(compacted.output.at(-1)?.type).toBe('compaction');
    expect((await budgetOf('codex')).used).toMatchObject({ requests: 1, inputTokens: 200, outputTokens: 30 });
    await expect(compact()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(upstream.requestsTo('/chat')).toHaveLength(1);
  });

  it('a compaction forwarded to a Responses provider is charged what it reports, and never cached', async () => {
    const codex = new OpenAI({ apiKey: 'r-native', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const compact = () => codex.responses.compact({ model: 'gpt-5-codex', input: 'Same conversation.' });
    await compact();
    await compact();
    expect(upstream.requestsTo('/native')).toHaveLength(2);
    expect((await budgetOf('native')).used).toMatchObject({
      requests: 2,
      inputTokens: 1800,
      outputTokens: 240,
    });
    ais.engine.store().flush();
    const { items } = await ais.engine.api.invoke('tracesList', { route: 'native', limit: 10 });
    expect(items.map((item) => item.usage.inputTokens)).toEqual([900, 900]);
  });
});
