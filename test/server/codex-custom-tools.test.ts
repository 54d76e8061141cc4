import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { loadClientCaptures } from '../helpers/fixtures';
import {
  startScriptedUpstream,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

// Codex runs shell commands through a freeform (custom, grammar) tool `exec`.
// A Chat provider only knows function tools: the call must come back to Codex
// as a custom tool call with the raw command, or Codex cannot run it.

const [codexTurn] = loadClientCaptures(/^codex-tool-shell__codex__POST-v1-responses__01/);

interface ChatTool {
  type: string;
  function: { name: string; parameters: { properties?: Record<string, unknown> } };
}

function toolCallAnswer(name: string, args: string): UpstreamReply {
  return {
    kind: 'json',
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'deepseek-chat',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_exec_1', type: 'function', function: { name, arguments: args } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    },
  };
}

describe('Codex custom tools through a Chat provider', () => {
  let upstream: ScriptedUpstream;
  let ais: AisProcess;
  let client: OpenAI;
  let reply: (body: Record<string, unknown>) => UpstreamReply;

  beforeAll(async () => {
    upstream = await startScriptedUpstream((request) => reply(request.json));
    ais = await startAis(`
providers:
  deepseek:
    base_url: ${upstream.url}
    api_key: sk-codex-custom-tools-0123456789
routes:
  ais-codex:
    provider: deepseek
    default_model: deepseek-chat
`);
    client = new OpenAI({ apiKey: 'ais-codex', baseURL: `${ais.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  it('sends exec as a one-string function and returns the call as a custom_tool_call with the raw input', async () => {
    // Answer with a call to whatever function the exec tool became upstream.
    reply = (body) => {
      const tools = (body.tools ?? []) as ChatTool[];
      const exec = tools.find((tool) => tool.function.name.endsWith('exec'));
      if (!exec) return { kind: 'json', status: 400, body: { error: { message: 'no exec tool was sent' } } };
      expect(Object.keys(exec.function.parameters.properties ?? {})).toEqual(['input']);
      return toolCallAnswer(exec.function.name, JSON.stringify({ input: 'cat /tmp/marker.txt' }));
    };
    const response = await client.responses.create({
      ...(codexTurn!.body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming),
      stream: false,
    });
    const call = response.output.find((item) => item.type === 'custom_tool_call');
    expect(call).toMatchObject({ type: 'custom_tool_call', name: 'exec', input: 'cat /tmp/marker.txt' });
  });

  it('streams the same call as custom tool input events', async () => {
    reply = (body) => {
      const exec = ((body.tools ?? []) as ChatTool[]).find((tool) => tool.function.name.endsWith('exec'))!;
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      return {
        kind: 'sse',
        frames: [
          chunk({ role: 'assistant', content: null }),
          chunk({
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: exec.function.name, arguments: '' },
              },
            ],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"input":"ls ' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '-la"}' } }] }),
          chunk({}, 'tool_calls'),
          'data: [DONE]\n\n',
        ],
      };
    };
    const stream = client.responses.stream({
      ...(codexTurn!.body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming),
    });
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'custom_tool_call');
    expect(call).toMatchObject({ type: 'custom_tool_call', name: 'exec', input: 'ls -la' });
  });

  it('refuses previous_response_id for a Chat provider with a clear 400', async () => {
    const failure = await client.responses
      .create({ model: 'gpt-5', input: 'continue', previous_response_id: 'resp_123' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as Error).message).toMatch(/previous_response_id/);
    expect((failure as Error).message).toMatch(/store: false/);
  });
});
