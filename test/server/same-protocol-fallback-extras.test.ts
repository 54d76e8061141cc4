import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// When a request falls back to another provider of the same protocol it is
// decoded and encoded again, not passed through. What the canonical model does
// not model must still arrive: tool definition fields (defer_loading,
// input_examples), a namespace's description, a function call's `caller`, the
// item id of a tool output.

const RESPONSE = {
  id: 'resp_b',
  object: 'response',
  created_at: 1,
  status: 'completed',
  model: 'gpt-backup',
  output: [
    {
      id: 'msg_b',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'ok', annotations: [] }],
    },
  ],
  usage: { input_tokens: 5, output_tokens: 1, total_tokens: 6 },
};
const MESSAGE = {
  id: 'msg_b',
  type: 'message',
  role: 'assistant',
  model: 'claude-backup',
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 5, output_tokens: 1 },
};
const OVERLOADED = {
  kind: 'json' as const,
  status: 500,
  body: { error: { message: 'down', type: 'server_error' } },
};

describe('fallback to a provider of the same protocol keeps the unmodelled fields', () => {
  let primary: ScriptedUpstream;
  let backup: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    primary = await startScriptedUpstream(() => OVERLOADED);
    backup = await startScriptedUpstream((request) => ({
      kind: 'json',
      body: request.url.includes('/messages') ? MESSAGE : RESPONSE,
    }));
    running = await startEngine(`
providers:
  codex-a: { base_url: ${primary.url}, format: responses, api_key: k }
  codex-b: { base_url: ${backup.url}, format: responses, api_key: k }
  claude-a: { base_url: ${primary.url}, format: anthropic, api_key: k }
  claude-b: { base_url: ${backup.url}, format: anthropic, api_key: k }
routes:
  ais-codex: { provider: codex-a, default_model: gpt-a, fallback: ["codex-b|gpt-backup"] }
  ais-claude: { provider: claude-a, default_model: claude-a, fallback: ["claude-b|claude-backup"] }
`);
  });

  afterAll(async () => {
    await running?.close();
    await primary?.close();
    await backup?.close();
  });

  it('Responses (OpenAI SDK): defer_loading, namespace description, caller and output item id arrive', async () => {
    const client = new OpenAI({ apiKey: 'ais-codex', baseURL: `${running.url}/v1`, maxRetries: 0 });
    const caller = { type: 'code_interpreter', container_id: 'cntr_1' };
    const body = {
      model: 'gpt-5-codex',
      tools: [
        {
          type: 'namespace',
          name: 'mcp__files',
          description: 'Tools of the files MCP server',
          tools: [
            {
              type: 'function',
              name: 'read_file',
              description: 'Read a file',
              parameters: { type: 'object', properties: { path: { type: 'string' } } },
              strict: false,
              defer_loading: true,
            },
          ],
        },
      ],
      input: [
        { type: 'message', role: 'user', content: 'read a.txt' },
        {
          type: 'function_call',
          id: 'fc_1',
          call_id: 'call_1',
          name: 'read_file',
          namespace: 'mcp__files',
          arguments: '{"path":"a.txt"}',
          caller,
        },
        { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'A' },
      ],
    };
    const answer = await client.responses.create(
      body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
    );
    expect(answer.output_text).toBe('ok');

    const sent = backup.requests.at(-1)!.json as {
      tools: Record<string, unknown>[];
      input: Record<string, unknown>[];
    };
    expect(sent.tools[0]).toMatchObject({ type: 'namespace', description: 'Tools of the files MCP server' });
    expect((sent.tools[0]!.tools as Record<string, unknown>[])[0]).toMatchObject({
      name: 'read_file',
      defer_loading: true,
    });
    expect(sent.input.find((item) => item.type === 'function_call')).toMatchObject({ caller });
    expect(sent.input.find((item) => item.type === 'function_call_output')).toMatchObject({ id: 'fco_1' });
  });

  it('Anthropic (Anthropic SDK): tool definition fields arrive', async () => {
    const client = new Anthropic({ apiKey: 'ais-claude', baseURL: running.url, maxRetries: 0 });
    const tool = {
      name: 'Read',
      description: 'Read a file',
      input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } },
      defer_loading: true,
      input_examples: [{ path: 'a.txt' }],
    };
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      tools: [tool as unknown as Anthropic.Tool],
      messages: [{ role: 'user', content: 'read a.txt' }],
    });
    const sent = backup.requests.at(-1)!.json as { tools: Record<string, unknown>[] };
    expect(sent.tools[0]).toMatchObject({
      name: 'Read',
      defer_loading: true,
      input_examples: [{ path: 'a.txt' }],
    });
  });
});
