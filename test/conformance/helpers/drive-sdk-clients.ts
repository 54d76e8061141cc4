// One driver per client protocol: the official SDK asks ais a question (text,
// image, thinking, tools), and can answer the tool call it got back.
import Anthropic from '@anthropic-ai/sdk';
import {
  GoogleGenAI,
  type Content,
  type GenerateContentParameters,
  type GenerateContentResponse,
} from '@google/genai';
import OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ResponseCreateParamsBase, ResponseInputItem } from 'openai/resources/responses/responses';
import {
  viewAnthropicMessage,
  viewChatCompletion,
  viewGeminiResponses,
  viewResponsesObject,
  type ClientView,
} from './read-client-view';

export type ClientProtocol = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';
export const CLIENT_PROTOCOLS: ClientProtocol[] = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'];

/** 1×1 PNG. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
export const TOOL_RESULT_TEXT = 'tool says: 18°C and foggy';

export interface Question {
  baseUrl: string;
  routeKey: string;
  stream: boolean;
  prompt: string;
  image?: boolean;
  thinking?: boolean;
  toolName?: string;
}

export interface Answer {
  view: ClientView;
  /** Asks the follow-up turn carrying the result of the first tool call. */
  answerTool(prompt: string): Promise<ClientView>;
}

const TOOL_SCHEMA = {
  type: 'object',
  properties: { location: { type: 'string' } },
  additionalProperties: true,
} as const;

async function askAnthropic(question: Question): Promise<Answer> {
  const client = new Anthropic({ apiKey: question.routeKey, baseURL: question.baseUrl, maxRetries: 0 });
  const user: Anthropic.MessageParam = {
    role: 'user',
    content: question.image
      ? [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
          { type: 'text', text: question.prompt },
        ]
      : question.prompt,
  };
  const base = {
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    ...(question.toolName
      ? { tools: [{ name: question.toolName, description: 'A tool', input_schema: TOOL_SCHEMA }] }
      : {}),
    ...(question.thinking ? { thinking: { type: 'enabled' as const, budget_tokens: 2048 } } : {}),
  };
  const send = (messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> =>
    question.stream
      ? client.messages.stream({ ...base, messages }).finalMessage()
      : client.messages.create({ ...base, messages });
  const first = await send([user]);
  return {
    view: viewAnthropicMessage(first),
    async answerTool(prompt) {
      const call = first.content.find((block) => block.type === 'tool_use');
      if (call?.type !== 'tool_use') throw new Error('no tool_use to answer');
      const next = await send([
        user,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: call.id, content: TOOL_RESULT_TEXT },
            { type: 'text', text: prompt },
          ],
        },
      ]);
      return viewAnthropicMessage(next);
    },
  };
}

async function askChat(question: Question): Promise<Answer> {
  const client = new OpenAI({ apiKey: question.routeKey, baseURL: `${question.baseUrl}/v1`, maxRetries: 0 });
  const user: ChatCompletionMessageParam = {
    role: 'user',
    content: question.image
      ? [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
          { type: 'text', text: question.prompt },
        ]
      : question.prompt,
  };
  const base: Omit<ChatCompletionCreateParamsBase, 'messages' | 'stream'> = {
    model: 'gpt-4.1',
    ...(question.toolName
      ? {
          tools: [
            {
              type: 'function',
              function: { name: question.toolName, description: 'A tool', parameters: TOOL_SCHEMA },
            },
          ],
        }
      : {}),
    ...(question.thinking ? { reasoning_effort: 'high' } : {}),
  };
  const send = async (
    messages: ChatCompletionMessageParam[],
  ): Promise<{ view: ClientView; message: ChatCompletionMessageParam }> => {
    if (!question.stream) {
      const completion = await client.chat.completions.create({ ...base, messages, stream: false });
      return {
        view: viewChatCompletion(completion),
        message: completion.choices[0]!.message as ChatCompletionMessageParam,
      };
    }
    // The stream helper overwrites reasoning_content chunk by chunk; collect it from the chunks.
    const stream = client.chat.completions.stream({
      ...base,
      messages,
      stream_options: { include_usage: true },
    });
    let reasoning = '';
    stream.on('chunk', (chunk) => {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string; reasoning?: string } | undefined;
      reasoning += delta?.reasoning_content ?? delta?.reasoning ?? '';
    });
    const completion = await stream.finalChatCompletion();
    return {
      view: viewChatCompletion(completion, reasoning),
      message: completion.choices[0]!.message as ChatCompletionMessageParam,
    };
  };
  const first = await send([user]);
  return {
    view: first.view,
    async answerTool(prompt) {
      const call = first.message.role === 'assistant' ? first.message.tool_calls?.[0] : undefined;
      if (!call) throw new Error('no tool call to answer');
      const next = await send([
        user,
        first.message,
        { role: 'tool', tool_call_id: call.id, content: TOOL_RESULT_TEXT },
        { role: 'user', content: prompt },
      ]);
      return next.view;
    },
  };
}

async function askResponses(question: Question): Promise<Answer> {
  const client = new OpenAI({ apiKey: question.routeKey, baseURL: `${question.baseUrl}/v1`, maxRetries: 0 });
  const user: ResponseInputItem = {
    role: 'user',
    content: question.image
      ? [
          { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}`, detail: 'auto' },
          { type: 'input_text', text: question.prompt },
        ]
      : question.prompt,
  };
  const base: Omit<ResponseCreateParamsBase, 'input' | 'stream'> = {
    model: 'gpt-5',
    store: false,
    ...(question.toolName
      ? {
          tools: [
            {
              type: 'function',
              name: question.toolName,
              description: 'A tool',
              parameters: TOOL_SCHEMA,
              strict: false,
            },
          ],
        }
      : {}),
    ...(question.thinking ? { reasoning: { effort: 'high', summary: 'auto' } } : {}),
  };
  const send = async (input: ResponseInputItem[]) =>
    question.stream
      ? client.responses.stream({ ...base, input }).finalResponse()
      : client.responses.create({ ...base, input, stream: false });
  const first = await send([user]);
  return {
    view: viewResponsesObject(first),
    async answerTool(prompt) {
      const call = first.output.find((item) => item.type === 'function_call');
      if (call?.type !== 'function_call') throw new Error('no function_call to answer');
      const replayed = first.output as unknown as ResponseInputItem[];
      const next = await send([
        user,
        ...replayed,
        { type: 'function_call_output', call_id: call.call_id, output: TOOL_RESULT_TEXT },
        { role: 'user', content: prompt },
      ]);
      return viewResponsesObject(next);
    },
  };
}

async function askGemini(question: Question): Promise<Answer> {
  const ai = new GoogleGenAI({ apiKey: question.routeKey, httpOptions: { baseUrl: question.baseUrl } });
  const user: Content = {
    role: 'user',
    parts: question.image
      ? [{ inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }, { text: question.prompt }]
      : [{ text: question.prompt }],
  };
  const config: GenerateContentParameters['config'] = {
    ...(question.toolName
      ? {
          tools: [
            {
              functionDeclarations: [
                { name: question.toolName, description: 'A tool', parametersJsonSchema: TOOL_SCHEMA },
              ],
            },
          ],
        }
      : {}),
    ...(question.thinking ? { thinkingConfig: { includeThoughts: true } } : {}),
  };
  const send = async (contents: Content[]): Promise<GenerateContentResponse[]> => {
    const request = { model: 'gemini-2.5-pro', contents, config };
    if (!question.stream) return [await ai.models.generateContent(request)];
    const responses: GenerateContentResponse[] = [];
    for await (const response of await ai.models.generateContentStream(request)) responses.push(response);
    return responses;
  };
  const first = await send([user]);
  return {
    view: viewGeminiResponses(first),
    async answerTool(prompt) {
      // Like Gemini CLI: the model turn is every part of every chunk, in order.
      const modelTurn: Content = {
        role: 'model',
        parts: first.flatMap((response) => response.candidates?.[0]?.content?.parts ?? []),
      };
      const call = modelTurn.parts?.find((part) => part.functionCall)?.functionCall;
      if (!call?.name) throw new Error('no functionCall to answer');
      const next = await send([
        user,
        modelTurn,
        {
          role: 'user',
          parts: [
            {
              functionResponse: {
                name: call.name,
                ...(call.id ? { id: call.id } : {}),
                response: { output: TOOL_RESULT_TEXT },
              },
            },
            { text: prompt },
          ],
        },
      ]);
      return viewGeminiResponses(next);
    },
  };
}

export const ASK: Record<ClientProtocol, (question: Question) => Promise<Answer>> = {
  anthropic: askAnthropic,
  'openai-chat': askChat,
  'openai-responses': askResponses,
  gemini: askGemini,
};
