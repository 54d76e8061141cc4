import type {
  CanonicalError,
  ClientContext,
  ContentPart,
  StreamEncoder,
  StreamEvent,
  TextPart,
  Usage,
  Warning,
} from '../canonical';
import { emptyUsage, formatSseFrame, mergeUsage } from '../canonical';
import { encodeChatError } from './convert-chat-error';
import { encodeChatUsage } from './convert-chat-usage';
import { chatCompletionId } from './encode-chat-response';
import { encodeChatFinishReason } from './map-chat-finish-reason';
import type { JsonRecord } from './read-wire-fields';

interface EncoderState {
  id: string;
  created: number;
  roleSent: boolean;
  done: boolean;
  usage: Usage;
  /** Canonical tool block id → Chat tool call index, in start order. */
  toolIndexes: Map<string, number>;
  /** Custom (freeform) tool calls are sent whole at their end: Chat deltas only stream function arguments. */
  customTools: Map<string, { index: number; toolCallId: string; name: string; input: string }>;
}

/**
 * Canonical stream events → `chat.completion.chunk` SSE for a Chat client:
 * a role chunk, content / reasoning_content / tool_calls deltas, a chunk with
 * finish_reason, a usage chunk (`choices: []`) and `data: [DONE]`.
 */
export function createChatStreamEncoder(input: { client: ClientContext }): StreamEncoder {
  const { client } = input;
  const warnings: Warning[] = [];
  const state: EncoderState = {
    id: chatCompletionId(client.responseId),
    created: Math.floor(Date.now() / 1000),
    roleSent: false,
    done: false,
    usage: emptyUsage(),
    toolIndexes: new Map(),
    customTools: new Map(),
  };

  function chunk(choices: JsonRecord[], extra?: JsonRecord): string {
    return formatSseFrame(
      JSON.stringify({
        id: state.id,
        object: 'chat.completion.chunk',
        created: state.created,
        model: client.requestModel,
        choices,
        ...extra,
      }),
    );
  }

  function deltaChunk(delta: JsonRecord): string {
    return roleChunk() + chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]);
  }

  function roleChunk(): string {
    if (state.roleSent) return '';
    state.roleSent = true;
    return chunk([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
    ]);
  }

  function startTool(blockId: string, toolCallId: string, name: string, custom: boolean): string {
    const index = state.toolIndexes.size;
    state.toolIndexes.set(blockId, index);
    if (custom) {
      state.customTools.set(blockId, { index, toolCallId, name, input: '' });
      return roleChunk();
    }
    return deltaChunk({
      tool_calls: [{ index, id: toolCallId, type: 'function', function: { name, arguments: '' } }],
    });
  }

  function toolDelta(blockId: string, delta: string): string {
    const custom = state.customTools.get(blockId);
    if (custom) {
      custom.input += delta;
      return '';
    }
    const index = state.toolIndexes.get(blockId);
    if (index === undefined || delta === '') return '';
    return deltaChunk({ tool_calls: [{ index, function: { arguments: delta } }] });
  }

  function endTool(blockId: string): string {
    const custom = state.customTools.get(blockId);
    if (!custom) return '';
    state.customTools.delete(blockId);
    return deltaChunk({
      tool_calls: [
        {
          index: custom.index,
          id: custom.toolCallId,
          type: 'custom',
          custom: { name: custom.name, input: custom.input },
        },
      ],
    });
  }

  /** Chat has no slot for citations: say so once, as the JSON encoder does. */
  function noteDroppedCitations(citations: TextPart['citations']): void {
    if (
      citations &&
      citations.value.length > 0 &&
      !warnings.some((warning) => warning.code === 'citations-dropped')
    ) {
      warnings.push({
        code: 'citations-dropped',
        message: 'citations on the answer text cannot be streamed to a Chat client and were dropped',
      });
    }
  }

  function addPart(blockId: string, part: ContentPart): string {
    switch (part.type) {
      case 'text':
        noteDroppedCitations(part.citations);
        return part.text === '' ? '' : deltaChunk({ content: part.text });
      case 'reasoning':
        return part.text === '' ? '' : deltaChunk({ reasoning_content: part.text });
      case 'tool-call':
        return (
          startTool(blockId, part.id, part.name, part.kind === 'custom') +
          toolDelta(blockId, part.arguments) +
          endTool(blockId)
        );
      case 'image':
      case 'file':
      case 'tool-result':
      case 'server-tool-call':
      case 'server-tool-result':
      case 'opaque':
        warnings.push({
          code: 'stream-part-dropped',
          message: `a ${part.type} block cannot be streamed to a Chat client and was dropped`,
        });
        return '';
      default: {
        const _exhaustive: never = part;
        throw new Error(`unhandled part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  function error(canonicalError: CanonicalError): string {
    state.done = true;
    return formatSseFrame(JSON.stringify(encodeChatError(canonicalError)));
  }

  return {
    warnings,
    push(event: StreamEvent): string {
      if (state.done) return '';
      switch (event.type) {
        case 'response-start':
          if (!state.roleSent && event.id !== '') state.id = chatCompletionId(event.id);
          if (event.usage) state.usage = mergeUsage(state.usage, event.usage);
          return roleChunk();
        case 'text-end':
          noteDroppedCitations(event.citations);
          return '';
        case 'text-start':
        case 'reasoning-start':
        case 'reasoning-end':
          // Chat has no block boundaries, and no slot for signatures or encrypted reasoning
          // (a Chat client never replays them, so nothing is lost for this client).
          return '';
        case 'text-delta':
          return event.delta === '' ? '' : deltaChunk({ content: event.delta });
        case 'reasoning-delta':
          return event.delta === '' ? '' : deltaChunk({ reasoning_content: event.delta });
        case 'tool-input-start':
          return startTool(event.id, event.toolCallId, event.name, event.kind === 'custom');
        case 'tool-input-delta':
          return toolDelta(event.id, event.delta);
        case 'tool-input-end':
          return endTool(event.id);
        case 'part-add':
          return addPart(event.id, event.part);
        case 'usage-update':
          state.usage = mergeUsage(state.usage, event.usage);
          return '';
        case 'response-finish': {
          state.usage = mergeUsage(state.usage, event.usage);
          let text = roleChunk();
          for (const blockId of [...state.customTools.keys()]) text += endTool(blockId);
          const finishReason = encodeChatFinishReason({
            stopReason: event.stopReason,
            rawStopReason: event.rawStopReason,
            hasToolCalls: state.toolIndexes.size > 0,
          });
          text += chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
          text += chunk([], { usage: encodeChatUsage(state.usage) });
          state.done = true;
          return text + formatSseFrame('[DONE]');
        }
        case 'response-error':
          return error(event.error);
        default: {
          const _exhaustive: never = event;
          throw new Error(`unhandled event ${JSON.stringify(_exhaustive)}`);
        }
      }
    },
    end(): string {
      if (state.done) return '';
      return error({
        kind: 'api_error',
        status: 502,
        message: 'The upstream response ended before it finished',
      });
    },
  };
}
