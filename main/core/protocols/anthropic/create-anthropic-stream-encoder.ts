import type {
  ClientContext,
  ContentPart,
  ProtocolExtra,
  StreamEncoder,
  StreamEvent,
  Usage,
  Warning,
} from '../canonical';
import { formatSseFrame, packSignature } from '../canonical';
import type { AnthropicBlock } from './encode-anthropic-content-part';
import { CUSTOM_TOOL_INPUT_PROPERTY } from './encode-anthropic-tool-input';
import type { AnthropicErrorBody } from './map-anthropic-error';
import { encodeAnthropicError } from './map-anthropic-error';
import { encodeAnthropicStopReason } from './map-anthropic-stop-reason';
import { encodeAnthropicUsage } from './map-anthropic-usage';
import { isWireObject } from './read-wire-value';
import { anthropicMessageId, encodeResponseBlock } from './encode-anthropic-response';

type Delta = Record<string, unknown>;

/**
 * One wire block. A block that starts while another is still streaming
 * (parallel tool calls from a Chat upstream) is held back with its deltas
 * until the earlier one stops: Anthropic blocks must be contiguous.
 */
interface WireBlock {
  start: AnthropicBlock;
  pending: Delta[];
  ended: boolean;
  /** Freeform tool: the raw input is streamed inside `{"input":"…"}`. */
  custom?: { opened: boolean };
}

interface EncoderState {
  phase: 'idle' | 'open' | 'done';
  nextIndex: number;
  active?: { block: WireBlock; index: number };
  queue: WireBlock[];
  byId: Map<string, WireBlock>;
  usage: Partial<Usage>;
  hasToolUse: boolean;
}

function frame(payload: { type: string; [key: string]: unknown } | AnthropicErrorBody): string {
  return formatSseFrame(JSON.stringify(payload), payload.type);
}

/** The deltas that rebuild a complete block (from `part-add`) the way Anthropic streams it. */
function splitCompleteBlock(block: AnthropicBlock): { start: AnthropicBlock; deltas: Delta[] } {
  switch (block.type) {
    case 'text': {
      const citations = Array.isArray(block.citations) ? block.citations : [];
      const text = String(block.text ?? '');
      return {
        start: { type: 'text', text: '' },
        deltas: [
          ...(text ? [{ type: 'text_delta', text }] : []),
          ...citations.map((citation: unknown) => ({ type: 'citations_delta', citation })),
        ],
      };
    }
    case 'thinking': {
      const thinking = String(block.thinking ?? '');
      const signature = String(block.signature ?? '');
      return {
        start: { type: 'thinking', thinking: '', signature: '' },
        deltas: [
          ...(thinking ? [{ type: 'thinking_delta', thinking }] : []),
          ...(signature ? [{ type: 'signature_delta', signature }] : []),
        ],
      };
    }
    case 'tool_use':
    case 'server_tool_use':
      return {
        start: { ...block, input: {} },
        deltas: [{ type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) }],
      };
    default:
      return { start: block, deltas: [] };
  }
}

/**
 * Canonical stream events → the Anthropic SSE grammar Claude Code and the SDK
 * expect: message_start, contiguous content blocks indexed 0,1,2… in start
 * order, message_delta (stop reason + usage), message_stop. A response-error
 * becomes an `error` event and nothing follows it.
 */
export function createAnthropicStreamEncoder(input: { client: ClientContext }): StreamEncoder {
  const { client } = input;
  const warnings: Warning[] = [];
  const state: EncoderState = {
    phase: 'idle',
    nextIndex: 0,
    queue: [],
    byId: new Map(),
    usage: {},
    hasToolUse: false,
  };

  function messageStart(id: string | undefined, usage: Partial<Usage>, extra?: ProtocolExtra): string {
    state.phase = 'open';
    // An Anthropic upstream's own message fields (container…) come back; the modelled ones are ours.
    const own = extra?.protocol === 'anthropic' ? extra.fields : {};
    return frame({
      type: 'message_start',
      message: {
        ...own,
        id: anthropicMessageId(id, client),
        type: 'message',
        role: 'assistant',
        model: client.requestModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: encodeAnthropicUsage(usage),
      },
    });
  }

  function deltaFrame(index: number, delta: Delta): string {
    return frame({ type: 'content_block_delta', index, delta });
  }

  function emitStart(block: WireBlock): string {
    const index = state.nextIndex++;
    state.active = { block, index };
    let out = frame({ type: 'content_block_start', index, content_block: block.start });
    for (const delta of block.pending) out += deltaFrame(index, delta);
    block.pending = [];
    if (block.ended) out += emitStop();
    return out;
  }

  function emitStop(): string {
    const active = state.active;
    if (!active) return '';
    state.active = undefined;
    return frame({ type: 'content_block_stop', index: active.index });
  }

  /** After a stop: start held-back blocks in order until one is still streaming. */
  function drain(): string {
    let out = '';
    while (!state.active && state.queue.length > 0) {
      const next = state.queue.shift();
      if (next) out += emitStart(next);
    }
    return out;
  }

  function open(id: string, block: WireBlock): string {
    state.byId.set(id, block);
    if (block.start.type === 'tool_use') state.hasToolUse = true;
    if (state.active || state.queue.length > 0) {
      state.queue.push(block);
      return '';
    }
    return emitStart(block);
  }

  function append(block: WireBlock, delta: Delta): string {
    if (state.active?.block === block) return deltaFrame(state.active.index, delta);
    block.pending.push(delta);
    return '';
  }

  function close(id: string, finalDeltas: Delta[]): string {
    const block = state.byId.get(id);
    if (!block || block.ended) return '';
    let out = '';
    for (const delta of finalDeltas) out += append(block, delta);
    if (block.custom)
      out += append(block, {
        type: 'input_json_delta',
        partial_json: block.custom.opened ? '"}' : JSON.stringify({ [CUSTOM_TOOL_INPUT_PROPERTY]: '' }),
      });
    block.ended = true;
    state.byId.delete(id);
    if (state.active?.block === block) out += emitStop() + drain();
    return out;
  }

  /** Close whatever is still open, in wire order, exactly once. */
  function closeAll(): string {
    let out = '';
    const unended = [...state.byId.keys()];
    if (unended.length > 0)
      warnings.push({
        code: 'block-closed-at-end',
        message: `${unended.length} block(s) had no end event; closed`,
      });
    for (const id of unended) out += close(id, []);
    return out + drain();
  }

  function addPart(id: string, part: ContentPart): string {
    const block = encodeResponseBlock(part, warnings);
    if (!block) return '';
    const { start, deltas } = splitCompleteBlock(block);
    let out = open(id, { start, pending: [], ended: false });
    for (const delta of deltas) out += append(state.byId.get(id) as WireBlock, delta);
    return out + close(id, []);
  }

  function handle(event: StreamEvent): string {
    switch (event.type) {
      case 'response-start':
        if (state.phase !== 'idle') {
          warnings.push({ code: 'duplicate-response-start', message: 'A second response-start was ignored' });
          return '';
        }
        return messageStart(event.id, event.usage ?? {}, event.extra);
      case 'text-start':
        return open(event.id, { start: { type: 'text', text: '' }, pending: [], ended: false });
      case 'text-delta': {
        const block = state.byId.get(event.id);
        return block && event.delta !== '' ? append(block, { type: 'text_delta', text: event.delta }) : '';
      }
      case 'text-end': {
        const citations = event.citations;
        if (citations && citations.protocol !== 'anthropic') {
          warnings.push({
            code: 'citations-dropped',
            message: `Citations from ${citations.protocol} cannot be sent as Anthropic citations; dropped`,
          });
        }
        const deltas =
          citations?.protocol === 'anthropic'
            ? citations.value.map((citation) => ({ type: 'citations_delta', citation }))
            : [];
        return close(event.id, deltas);
      }
      case 'reasoning-start':
        return open(event.id, {
          start: { type: 'thinking', thinking: '', signature: '' },
          pending: [],
          ended: false,
        });
      case 'reasoning-delta': {
        const block = state.byId.get(event.id);
        return block && event.delta !== ''
          ? append(block, { type: 'thinking_delta', thinking: event.delta })
          : '';
      }
      case 'reasoning-end': {
        const signature = event.signature ?? event.encrypted;
        if (event.redactedData !== undefined) {
          warnings.push({
            code: 'redacted-reasoning-dropped',
            message: 'Redacted reasoning data arrived on a streamed thinking block; dropped',
          });
        }
        return close(
          event.id,
          signature ? [{ type: 'signature_delta', signature: packSignature(signature, 'anthropic') }] : [],
        );
      }
      case 'tool-input-start':
        return open(event.id, {
          start: { type: 'tool_use', id: event.toolCallId, name: event.name, input: {} },
          pending: [],
          ended: false,
          ...(event.kind === 'custom' ? { custom: { opened: false } } : {}),
        });
      case 'tool-input-delta': {
        const block = state.byId.get(event.id);
        if (!block || event.delta === '') return '';
        if (!block.custom) return append(block, { type: 'input_json_delta', partial_json: event.delta });
        const escaped = JSON.stringify(event.delta).slice(1, -1);
        const prefix = block.custom.opened ? '' : `{"${CUSTOM_TOOL_INPUT_PROPERTY}":"`;
        block.custom.opened = true;
        return append(block, { type: 'input_json_delta', partial_json: prefix + escaped });
      }
      case 'tool-input-end':
        if (event.signature) {
          warnings.push({
            code: 'tool-call-signature-dropped',
            message: `A ${event.signature.origin} signature on a tool call has no Anthropic slot; dropped`,
          });
        }
        return close(event.id, []);
      case 'part-add':
        return addPart(event.id, event.part);
      case 'usage-update':
        state.usage = { ...state.usage, ...event.usage };
        return '';
      case 'response-finish': {
        state.usage = { ...state.usage, ...event.usage };
        const out = closeAll();
        state.phase = 'done';
        // An Anthropic upstream's context_management and other message_delta fields come back as sent.
        const { delta: extraDelta, ...finishExtra } =
          event.extra?.protocol === 'anthropic' ? event.extra.fields : {};
        const finishDelta = isWireObject(extraDelta) ? extraDelta : {};
        const stopReason = encodeAnthropicStopReason({
          stopReason: event.stopReason,
          rawStopReason: event.rawStopReason,
          hasToolUse: state.hasToolUse,
        });
        return (
          out +
          frame({
            ...finishExtra,
            type: 'message_delta',
            delta: { ...finishDelta, stop_reason: stopReason, stop_sequence: event.stopSequence ?? null },
            usage: encodeAnthropicUsage(state.usage),
          }) +
          frame({ type: 'message_stop' })
        );
      }
      case 'response-error':
        state.phase = 'done';
        return frame(encodeAnthropicError(event.error));
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }

  return {
    warnings,
    push(event) {
      if (state.phase === 'done') return '';
      const prefix =
        state.phase === 'idle' && event.type !== 'response-start' && event.type !== 'response-error'
          ? messageStart(undefined, {})
          : '';
      return prefix + handle(event);
    },
    end() {
      if (state.phase === 'done') return '';
      const out = state.phase === 'open' ? closeAll() : '';
      state.phase = 'done';
      return (
        out +
        frame(
          encodeAnthropicError({
            kind: 'api_error',
            status: 502,
            message: 'The upstream stream ended without finishing the response',
          }),
        )
      );
    },
  };
}
