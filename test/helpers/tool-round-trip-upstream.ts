import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A provider that plays one tool round trip in its own protocol: a request
 * offering the tool gets a call to it; a request carrying the tool's result
 * gets a final answer quoting that result; anything else (titles, checks)
 * gets a short text. Streams or JSON, as the request asks.
 */
export type UpstreamFormat = 'chat' | 'anthropic' | 'responses';

export interface ToolPlan {
  /**
   * Picks the tool and its arguments from the tools the agent offered (name → JSON schema), or a
   * text answer, or undefined (a short text); the request's body is there for plans that read the
   * conversation.
   */
  chooseCall(
    tools: Map<string, unknown>,
    body: Record<string, unknown>,
  ): { name: string; input: Record<string, unknown> } | { text: string } | undefined;
  /** The final answer, given the tool result's text. */
  answer(toolResult: string): string;
}

export interface ToolRoundTripUpstream {
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

type Turn =
  { kind: 'call'; id: string; name: string; input: Record<string, unknown> } | { kind: 'text'; text: string };

export async function startToolRoundTripUpstream(
  format: UpstreamFormat,
  plan: ToolPlan,
): Promise<ToolRoundTripUpstream> {
  const requests: ToolRoundTripUpstream['requests'] = [];
  let calls = 0;
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      requests.push({ path: request.url ?? '', body });
      const result = findToolResult(format, body);
      const schema = askedSchema(format, body);
      let turn: Turn;
      // Side requests that want JSON (Gemini CLI's model router and next-speaker check) get some.
      if (schema !== undefined) turn = { kind: 'text', text: JSON.stringify(sampleOf(schema)) };
      else if (result !== undefined) turn = { kind: 'text', text: plan.answer(result) };
      else {
        const call = plan.chooseCall(offeredTools(format, body), body);
        if (call === undefined) turn = { kind: 'text', text: 'ok' };
        else if ('text' in call) turn = { kind: 'text', text: call.text };
        else turn = { kind: 'call', id: `call_${++calls}`, ...call };
      }
      const stream = body.stream === true;
      const model = typeof body.model === 'string' ? body.model : 'upstream-model';
      if (!stream) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(jsonAnswer(format, turn, model)));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const frame of streamAnswer(format, turn, model)) response.write(frame);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Json = Record<string, unknown>;
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const textOf = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : asArray(value)
        .map((part) => (typeof part.text === 'string' ? part.text : textOf(part.content)))
        .join('');

/** The latest tool result in the conversation, when the last turn is one. */
function findToolResult(format: UpstreamFormat, body: Json): string | undefined {
  if (format === 'chat') {
    const last = asArray(body.messages).at(-1);
    return last?.role === 'tool' ? textOf(last.content) : undefined;
  }
  if (format === 'anthropic') {
    // Claude Code may put a `system` role message after the user's turn.
    const last = asArray(body.messages)
      .filter((message) => message.role === 'user')
      .at(-1);
    const result = asArray(last?.content).find((part) => part.type === 'tool_result');
    return result ? textOf(result.content) : undefined;
  }
  const last = asArray(body.input).at(-1);
  return last?.type === 'function_call_output' ? textOf(last.output) : undefined;
}

function askedSchema(format: UpstreamFormat, body: Json): unknown {
  if (format === 'responses') {
    const textFormat = (body.text as Json | undefined)?.format as Json | undefined;
    if (textFormat?.type === 'json_schema') return textFormat.schema ?? {};
    return textFormat?.type === 'json_object' ? {} : undefined;
  }
  if (format === 'chat') {
    const responseFormat = body.response_format as Json | undefined;
    if (responseFormat?.type === 'json_schema')
      return (responseFormat.json_schema as Json | undefined)?.schema ?? {};
    return responseFormat?.type === 'json_object' ? {} : undefined;
  }
  return undefined;
}

/** The plainest value a JSON schema accepts: an enum's first value, empty strings and arrays. */
function sampleOf(schema: unknown): unknown {
  const node = (schema ?? {}) as Json;
  if (Array.isArray(node.enum)) return node.enum[0];
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'object' || node.properties) {
    const properties = (node.properties ?? {}) as Json;
    return Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, sampleOf(value)]));
  }
  if (type === 'array') return [];
  if (type === 'number' || type === 'integer') return 0;
  if (type === 'boolean') return false;
  return 'ok';
}

function offeredTools(format: UpstreamFormat, body: Json): Map<string, unknown> {
  const tools = new Map<string, unknown>();
  for (const tool of asArray(body.tools)) {
    if (format === 'chat') {
      const fn = tool.function as Json | undefined;
      if (fn && typeof fn.name === 'string') tools.set(fn.name, fn.parameters);
    } else if (format === 'anthropic') {
      if (typeof tool.name === 'string') tools.set(tool.name, tool.input_schema);
    } else if (tool.type === 'function' && typeof tool.name === 'string')
      tools.set(tool.name, tool.parameters);
  }
  return tools;
}

const usage = { input: 21, output: 7 };

function jsonAnswer(format: UpstreamFormat, turn: Turn, model: string): Json {
  if (format === 'chat') {
    const message =
      turn.kind === 'call'
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: turn.id,
                type: 'function',
                function: { name: turn.name, arguments: JSON.stringify(turn.input) },
              },
            ],
          }
        : { role: 'assistant', content: turn.text };
    return {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model,
      choices: [{ index: 0, message, finish_reason: turn.kind === 'call' ? 'tool_calls' : 'stop' }],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    };
  }
  if (format === 'anthropic') {
    const content =
      turn.kind === 'call'
        ? [{ type: 'tool_use', id: turn.id, name: turn.name, input: turn.input }]
        : [{ type: 'text', text: turn.text }];
    return {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: turn.kind === 'call' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output },
    };
  }
  return responsesObject(turn, model, 'completed');
}

function responsesItem(turn: Turn): Json {
  return turn.kind === 'call'
    ? {
        type: 'function_call',
        id: `fc_${turn.id}`,
        call_id: turn.id,
        name: turn.name,
        arguments: JSON.stringify(turn.input),
        status: 'completed',
      }
    : {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: turn.text, annotations: [] }],
      };
}

function responsesObject(turn: Turn, model: string, status: 'in_progress' | 'completed'): Json {
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1,
    status,
    model,
    output: status === 'completed' ? [responsesItem(turn)] : [],
    ...(status === 'completed'
      ? {
          usage: {
            input_tokens: usage.input,
            output_tokens: usage.output,
            total_tokens: usage.input + usage.output,
          },
        }
      : {}),
  };
}

const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const event = (name: string, value: Json): string =>
  `event: ${name}\ndata: ${JSON.stringify({ type: name, ...value })}\n\n`;

function streamAnswer(format: UpstreamFormat, turn: Turn, model: string): string[] {
  if (format === 'chat') {
    const chunk = (delta: Json, finish: string | null, extra: Json = {}) =>
      data({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model,
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...extra,
      });
    const first =
      turn.kind === 'call'
        ? chunk(
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  index: 0,
                  id: turn.id,
                  type: 'function',
                  function: { name: turn.name, arguments: JSON.stringify(turn.input) },
                },
              ],
            },
            null,
          )
        : chunk({ role: 'assistant', content: turn.text }, null);
    return [
      first,
      chunk({}, turn.kind === 'call' ? 'tool_calls' : 'stop'),
      data({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model,
        choices: [],
        usage: {
          prompt_tokens: usage.input,
          completion_tokens: usage.output,
          total_tokens: usage.input + usage.output,
        },
      }),
      'data: [DONE]\n\n',
    ];
  }
  if (format === 'anthropic') {
    const block =
      turn.kind === 'call'
        ? [
            event('content_block_start', {
              index: 0,
              content_block: { type: 'tool_use', id: turn.id, name: turn.name, input: {} },
            }),
            event('content_block_delta', {
              index: 0,
              delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.input) },
            }),
          ]
        : [
            event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
            event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: turn.text } }),
          ];
    return [
      event('message_start', {
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.input, output_tokens: 1 },
        },
      }),
      ...block,
      event('content_block_stop', { index: 0 }),
      event('message_delta', {
        delta: { stop_reason: turn.kind === 'call' ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output },
      }),
      event('message_stop', {}),
    ];
  }
  const item = responsesItem(turn);
  const added =
    turn.kind === 'call'
      ? { ...item, arguments: '', status: 'in_progress' }
      : { ...item, content: [], status: 'in_progress' };
  const middle =
    turn.kind === 'call'
      ? [
          event('response.function_call_arguments.delta', {
            item_id: item.id,
            output_index: 0,
            delta: item.arguments,
          }),
          event('response.function_call_arguments.done', {
            item_id: item.id,
            output_index: 0,
            arguments: item.arguments,
          }),
        ]
      : [
          event('response.content_part.added', {
            item_id: item.id,
            output_index: 0,
            content_index: 0,
            part: { type: 'output_text', text: '', annotations: [] },
          }),
          event('response.output_text.delta', {
            item_id: item.id,
            output_index: 0,
            content_index: 0,
            delta: turn.text,
          }),
          event('response.output_text.done', {
            item_id: item.id,
            output_index: 0,
            content_index: 0,
            text: turn.text,
          }),
          event('response.content_part.done', {
            item_id: item.id,
            output_index: 0,
            content_index: 0,
            part: { type: 'output_text', text: turn.text, annotations: [] },
          }),
        ];
  return [
    event('response.created', { response: responsesObject(turn, model, 'in_progress') }),
    event('response.output_item.added', { output_index: 0, item: added }),
    ...middle,
    event('response.output_item.done', { output_index: 0, item }),
    event('response.completed', { response: responsesObject(turn, model, 'completed') }),
  ];
}
