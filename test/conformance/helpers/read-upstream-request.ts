// Reads what ais sent a provider, in that provider's wire format: the image
// a client attached, and the tool call + tool result of a second turn.
import type { ProviderFormat } from './matrix-recordings';
import { parseArguments } from './read-recording-truth';

type Json = Record<string, unknown>;

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export interface UpstreamImage {
  mediaType: string;
  data: string;
}

function fromDataUrl(url: unknown): UpstreamImage | undefined {
  const match = typeof url === 'string' ? /^data:([^;]+);base64,(.*)$/.exec(url) : null;
  return match ? { mediaType: match[1] as string, data: match[2] as string } : undefined;
}

/** Images of the last user turn, in the provider's own image shape. */
export function upstreamImages(format: ProviderFormat, body: Json): UpstreamImage[] {
  switch (format) {
    case 'anthropic':
      return list(list(body.messages).at(-1)?.content).flatMap((block) => {
        const source = block.source as Json | undefined;
        return block.type === 'image' && source?.type === 'base64'
          ? [{ mediaType: String(source.media_type), data: String(source.data) }]
          : [];
      });
    case 'chat':
      return list(list(body.messages).at(-1)?.content).flatMap((part) => {
        const image = part.type === 'image_url' ? fromDataUrl((part.image_url as Json).url) : undefined;
        return image ? [image] : [];
      });
    case 'responses': {
      const input = typeof body.input === 'string' ? [] : list(body.input);
      return list(input.at(-1)?.content).flatMap((part) => {
        const image = part.type === 'input_image' ? fromDataUrl(part.image_url) : undefined;
        return image ? [image] : [];
      });
    }
    case 'gemini':
      return list(list(body.contents).at(-1)?.parts).flatMap((part) => {
        const inline = part.inlineData as Json | undefined;
        return inline ? [{ mediaType: String(inline.mimeType), data: String(inline.data) }] : [];
      });
  }
}

export interface ToolExchange {
  call: { id: string; name: string; args: unknown };
  /** The id (or, for Gemini, the name) the result is linked by. */
  result: { link: string; text: string };
  /** The result comes right after the call, as the provider requires. */
  adjacent: boolean;
}

/** The tool call of the previous assistant turn and the result answering it. */
export function upstreamToolExchange(format: ProviderFormat, body: Json): ToolExchange | undefined {
  switch (format) {
    case 'anthropic': {
      const messages = list(body.messages);
      const index = messages.findIndex((message) =>
        list(message.content).some((block) => block.type === 'tool_use'),
      );
      const call = list(messages[index]?.content).find((block) => block.type === 'tool_use');
      const result = list(messages[index + 1]?.content).find((block) => block.type === 'tool_result');
      if (!call || !result) return undefined;
      return {
        call: { id: String(call.id), name: String(call.name), args: call.input },
        result: { link: String(result.tool_use_id), text: JSON.stringify(result.content) },
        adjacent:
          messages[index + 1]?.role === 'user' &&
          list(messages[index + 1]?.content)[0]?.type === 'tool_result',
      };
    }
    case 'chat': {
      const messages = list(body.messages);
      const index = messages.findIndex((message) => list(message.tool_calls).length > 0);
      const call = list(messages[index]?.tool_calls)[0];
      const result = messages[index + 1];
      if (!call || result?.role !== 'tool') return undefined;
      const fn = call.function as Json;
      return {
        call: { id: String(call.id), name: String(fn.name), args: parseArguments(String(fn.arguments)) },
        result: { link: String(result.tool_call_id), text: JSON.stringify(result.content) },
        adjacent: true,
      };
    }
    case 'responses': {
      const input = list(body.input);
      const index = input.findIndex((item) => item.type === 'function_call');
      const call = input[index];
      const result = input.find((item) => item.type === 'function_call_output');
      if (!call || !result) return undefined;
      return {
        call: {
          id: String(call.call_id),
          name: String(call.name),
          args: parseArguments(String(call.arguments)),
        },
        result: { link: String(result.call_id), text: JSON.stringify(result.output) },
        adjacent: input[index + 1] === result,
      };
    }
    case 'gemini': {
      const contents = list(body.contents);
      const index = contents.findIndex((content) => list(content.parts).some((part) => part.functionCall));
      const call = list(contents[index]?.parts).find((part) => part.functionCall)?.functionCall as
        Json | undefined;
      const result = list(contents[index + 1]?.parts).find((part) => part.functionResponse)
        ?.functionResponse as Json | undefined;
      if (!call || !result) return undefined;
      return {
        call: { id: String(call.name), name: String(call.name), args: call.args ?? {} },
        result: { link: String(result.name), text: JSON.stringify(result.response) },
        adjacent: contents[index]?.role === 'model' && contents[index + 1]?.role === 'user',
      };
    }
  }
}
