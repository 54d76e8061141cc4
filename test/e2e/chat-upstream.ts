import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

const chunk = (model: string, delta: object, finish: string | null, usage?: object): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-e2e',
    object: 'chat.completion.chunk',
    created: 1,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(usage && { usage }),
  })}\n\n`;

const USAGE = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 };

/**
 * An OpenAI Chat provider that answers like a small real one: its model list,
 * "ok" as JSON or as a stream, and a get_weather tool call when a tool is
 * offered (what the provider test asks for).
 */
export function answerLikeChatProvider(request: RecordedRequest): UpstreamReply {
  if (request.method === 'GET' && request.url.endsWith('/models'))
    return {
      kind: 'json',
      body: { object: 'list', data: [{ id: 'deepseek-v4-pro' }, { id: 'deepseek-v4-flash' }] },
    };
  const body = request.json as { model?: string; stream?: boolean; tools?: unknown[] };
  const model = body.model ?? 'unknown';
  const wantsTool = Array.isArray(body.tools) && body.tools.length > 0;
  if (!body.stream) {
    const message = wantsTool
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        }
      : { role: 'assistant', content: 'ok' };
    return {
      kind: 'json',
      body: {
        id: 'chatcmpl-e2e',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message, finish_reason: wantsTool ? 'tool_calls' : 'stop' }],
        usage: USAGE,
      },
    };
  }
  const frames = wantsTool
    ? [
        chunk(
          model,
          {
            role: 'assistant',
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
            ],
          },
          null,
        ),
        chunk(model, { tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }, null),
        chunk(model, {}, 'tool_calls', USAGE),
      ]
    : [chunk(model, { role: 'assistant', content: 'ok' }, null), chunk(model, {}, 'stop', USAGE)];
  return { kind: 'sse', frames: [...frames, 'data: [DONE]\n\n'] };
}

export function startChatUpstream(): Promise<ScriptedUpstream> {
  return startScriptedUpstream(answerLikeChatProvider);
}
