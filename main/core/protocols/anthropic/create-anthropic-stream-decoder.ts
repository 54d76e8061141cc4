import type { StreamDecoder, StreamEvent, TargetContext, Warning } from '../canonical';
import { emptyUsage, mergeUsage, parseJsonOrUndefined, UNREADABLE_STREAM_DATA } from '../canonical';
import { decodeAnthropicContentBlock } from './decode-anthropic-content-block';
import { decodeAnthropicStreamError } from './map-anthropic-error';
import type { AnthropicUsageCounters } from './map-anthropic-usage';
import { convertAnthropicUsage, mergeAnthropicUsage, readAnthropicUsage } from './map-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import type { WireObject } from './read-wire-value';
import { isWireObject, readNumber, readString } from './read-wire-value';

/** A block being streamed; `whole` blocks (server tools, unknown types) are collected and sent as one part at their stop. */
type OpenBlock =
  | { kind: 'text'; id: string; citations: unknown[] }
  | { kind: 'reasoning'; id: string; signature?: string }
  | { kind: 'tool'; id: string; initialInput: unknown; sentInput: boolean }
  | { kind: 'whole'; id: string; block: WireObject; json: string };

interface DecoderState {
  phase: 'idle' | 'open' | 'done';
  messageId?: string;
  blocks: Map<number, OpenBlock>;
  usage: AnthropicUsageCounters;
  stopReason?: string;
  stopSequence?: string;
  nextBlockId: number;
  /** message_delta fields the canonical model does not hold (context_management…), for an Anthropic client. */
  finishExtra: Record<string, unknown>;
}

const MESSAGE_DELTA_FIELDS = new Set(['type', 'delta', 'usage']);
const DELTA_FIELDS = new Set(['stop_reason', 'stop_sequence']);

const MODELLED_MESSAGE_FIELDS = new Set([
  'id',
  'type',
  'role',
  'model',
  'content',
  'stop_reason',
  'stop_sequence',
  'usage',
]);

/** The fields of `object` not in `modelled`, or undefined when there are none. */
function unmodelledFields(
  object: WireObject,
  modelled: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const fields = Object.fromEntries(Object.entries(object).filter(([key]) => !modelled.has(key)));
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function upstreamError(message: string): StreamEvent {
  return { type: 'response-error', error: { kind: 'api_error', status: 502, message } };
}

/**
 * Anthropic SSE (message_start … message_stop) → canonical stream events.
 * A repeated message_start for the open message is ignored; one for a
 * different message while the first is open is a spliced stream and fails it.
 */
export function createAnthropicStreamDecoder(input: { target: TargetContext }): StreamDecoder {
  const warnings: Warning[] = [];
  const state: DecoderState = {
    phase: 'idle',
    blocks: new Map(),
    usage: {},
    nextBlockId: 0,
    finishExtra: {},
  };

  function startMessage(message: WireObject, out: StreamEvent[]): void {
    state.phase = 'open';
    state.messageId = readString(message.id) ?? '';
    state.usage = readAnthropicUsage(message.usage);
    const stopReason = readString(message.stop_reason);
    if (stopReason !== undefined) state.stopReason = stopReason;
    const extra = unmodelledFields(message, MODELLED_MESSAGE_FIELDS);
    out.push({
      type: 'response-start',
      id: state.messageId,
      model: readString(message.model) ?? input.target.model,
      usage: convertAnthropicUsage(state.usage),
      ...(extra ? { extra: { protocol: 'anthropic' as const, fields: extra } } : {}),
    });
    // Some messages arrive already filled in (programmatic tool calls resumed by the server).
    if (Array.isArray(message.content)) {
      message.content.forEach((block: unknown, offset) => {
        const index = -1 - offset;
        startBlock(index, block, out);
        stopBlock(index, out);
      });
    }
  }

  function ensureOpen(out: StreamEvent[]): void {
    if (state.phase !== 'idle') return;
    warnings.push({
      code: 'missing-message-start',
      message: 'The upstream stream sent content before message_start',
    });
    startMessage({}, out);
  }

  function startBlock(index: number, block: unknown, out: StreamEvent[]): void {
    if (state.blocks.has(index)) {
      warnings.push({
        code: 'block-restarted',
        message: `content_block_start for index ${index} while it was open; the earlier block is closed`,
      });
      stopBlock(index, out);
    }
    const id = `b${state.nextBlockId++}`;
    const wire = isWireObject(block) ? block : {};
    switch (wire.type) {
      case 'text': {
        out.push({ type: 'text-start', id });
        const text = readString(wire.text) ?? '';
        if (text !== '') out.push({ type: 'text-delta', id, delta: text });
        state.blocks.set(index, {
          kind: 'text',
          id,
          citations: Array.isArray(wire.citations) ? [...wire.citations] : [],
        });
        return;
      }
      case 'thinking': {
        out.push({ type: 'reasoning-start', id });
        const thinking = readString(wire.thinking) ?? '';
        if (thinking !== '') out.push({ type: 'reasoning-delta', id, delta: thinking });
        const signature = readString(wire.signature);
        state.blocks.set(index, { kind: 'reasoning', id, ...(signature ? { signature } : {}) });
        return;
      }
      case 'tool_use': {
        if (wire.caller !== undefined) {
          warnings.push({
            code: 'tool-use-caller-dropped',
            message: 'tool_use.caller (programmatic tool calling) has no canonical slot; dropped',
          });
        }
        out.push({
          type: 'tool-input-start',
          id,
          toolCallId: readString(wire.id) ?? '',
          name: readString(wire.name) ?? '',
          kind: 'function',
        });
        state.blocks.set(index, { kind: 'tool', id, initialInput: wire.input, sentInput: false });
        return;
      }
      default:
        state.blocks.set(index, { kind: 'whole', id, block: { ...wire }, json: '' });
    }
  }

  function applyDelta(index: number, delta: unknown, out: StreamEvent[]): void {
    const block = state.blocks.get(index);
    if (!block || !isWireObject(delta)) {
      warnings.push({
        code: 'orphan-delta',
        message: `content_block_delta for index ${index} with no open block; ignored`,
      });
      return;
    }
    const type = readString(delta.type);
    if (block.kind === 'text' && type === 'text_delta') {
      const text = readString(delta.text) ?? '';
      if (text !== '') out.push({ type: 'text-delta', id: block.id, delta: text });
    } else if (block.kind === 'text' && type === 'citations_delta') {
      block.citations.push(delta.citation);
    } else if (block.kind === 'reasoning' && type === 'thinking_delta') {
      const thinking = readString(delta.thinking) ?? '';
      if (thinking !== '') out.push({ type: 'reasoning-delta', id: block.id, delta: thinking });
    } else if (block.kind === 'reasoning' && type === 'signature_delta') {
      block.signature = readString(delta.signature) ?? block.signature;
    } else if (block.kind === 'tool' && type === 'input_json_delta') {
      const json = readString(delta.partial_json) ?? '';
      if (json !== '') {
        block.sentInput = true;
        out.push({ type: 'tool-input-delta', id: block.id, delta: json });
      }
    } else if (block.kind === 'whole' && type === 'input_json_delta') {
      block.json += readString(delta.partial_json) ?? '';
    } else if (block.kind === 'whole' && type === 'compaction_delta') {
      // A compaction delta carries the block's final value (as the SDK applies it): assign, don't append.
      for (const [key, value] of Object.entries(delta)) if (key !== 'type') block.block[key] = value;
    } else if (block.kind === 'whole') {
      // An unknown delta type: best guess is that string fields grow, like text deltas.
      warnings.push({
        code: 'unknown-delta',
        message: `Unknown delta ${String(type)} on a ${String(block.block.type)} block; string fields appended`,
      });
      for (const [key, value] of Object.entries(delta)) {
        if (key === 'type') continue;
        block.block[key] = typeof value === 'string' ? (readString(block.block[key]) ?? '') + value : value;
      }
    } else {
      warnings.push({
        code: 'unexpected-delta',
        message: `${String(type)} on a ${block.kind} block; ignored`,
      });
    }
  }

  function stopBlock(index: number, out: StreamEvent[]): void {
    const block = state.blocks.get(index);
    if (!block) return;
    state.blocks.delete(index);
    switch (block.kind) {
      case 'text':
        out.push({
          type: 'text-end',
          id: block.id,
          ...(block.citations.length > 0
            ? { citations: { protocol: 'anthropic', value: block.citations } }
            : {}),
        });
        return;
      case 'reasoning':
        out.push({
          type: 'reasoning-end',
          id: block.id,
          ...(block.signature ? { signature: { origin: 'anthropic', value: block.signature } } : {}),
        });
        return;
      case 'tool':
        // No (or only empty) input deltas: the input came whole in content_block_start, usually {}.
        if (!block.sentInput)
          out.push({
            type: 'tool-input-delta',
            id: block.id,
            delta: JSON.stringify(isWireObject(block.initialInput) ? block.initialInput : {}),
          });
        out.push({ type: 'tool-input-end', id: block.id });
        return;
      case 'whole': {
        if (block.json !== '') {
          const parsed = parseJsonOrUndefined(block.json);
          if (parsed === undefined)
            warnings.push({
              code: 'server-tool-input-invalid',
              message: `Streamed input of a ${String(block.block.type)} block is not JSON; kept as text`,
            });
          block.block.input = parsed ?? block.json;
        }
        const decoded = decodeAnthropicContentBlock({
          block: block.block,
          context: { mode: 'response', path: `content[${index}]` },
        });
        warnings.push(...decoded.warnings);
        out.push({ type: 'part-add', id: block.id, part: decoded.value });
        return;
      }
      default: {
        const _exhaustive: never = block;
        return _exhaustive;
      }
    }
  }

  function finish(out: StreamEvent[]): void {
    for (const index of [...state.blocks.keys()]) {
      warnings.push({
        code: 'block-unclosed',
        message: `content block ${index} was still open at message_stop`,
      });
      stopBlock(index, out);
    }
    state.phase = 'done';
    const rawStopReason = state.stopReason;
    out.push({
      type: 'response-finish',
      stopReason: mapAnthropicStopReason(rawStopReason),
      ...(rawStopReason !== undefined ? { rawStopReason } : {}),
      ...(state.stopSequence !== undefined ? { stopSequence: state.stopSequence } : {}),
      usage: mergeUsage(emptyUsage(), convertAnthropicUsage(state.usage)),
      ...(Object.keys(state.finishExtra).length > 0
        ? { extra: { protocol: 'anthropic' as const, fields: state.finishExtra } }
        : {}),
    });
  }

  function handle(payload: WireObject, out: StreamEvent[]): void {
    const type = readString(payload.type);
    if (type === 'error') {
      state.phase = 'done';
      out.push({ type: 'response-error', error: decodeAnthropicStreamError(payload) });
      return;
    }
    if (type === 'ping') return;
    if (type === 'message_start') {
      const message = isWireObject(payload.message) ? payload.message : {};
      if (state.phase === 'idle') {
        startMessage(message, out);
      } else if (readString(message.id) === state.messageId) {
        warnings.push({
          code: 'duplicate-message-start',
          message: `message_start repeated for ${String(state.messageId)}; ignored`,
        });
      } else {
        state.phase = 'done';
        out.push(
          upstreamError(
            `The upstream started message ${String(message.id)} while ${String(state.messageId)} was still open`,
          ),
        );
      }
      return;
    }
    ensureOpen(out);
    const index = readNumber(payload.index) ?? 0;
    switch (type) {
      case 'content_block_start':
        startBlock(index, payload.content_block, out);
        return;
      case 'content_block_delta':
        applyDelta(index, payload.delta, out);
        return;
      case 'content_block_stop':
        stopBlock(index, out);
        return;
      case 'message_delta': {
        const delta = isWireObject(payload.delta) ? payload.delta : {};
        const stopReason = readString(delta.stop_reason);
        if (stopReason !== undefined) state.stopReason = stopReason;
        const stopSequence = readString(delta.stop_sequence);
        if (stopSequence !== undefined) state.stopSequence = stopSequence;
        state.usage = mergeAnthropicUsage(state.usage, readAnthropicUsage(payload.usage));
        const topLevel = unmodelledFields(payload, MESSAGE_DELTA_FIELDS);
        if (topLevel) Object.assign(state.finishExtra, topLevel);
        const deltaFields = unmodelledFields(delta, DELTA_FIELDS);
        if (deltaFields)
          state.finishExtra.delta = {
            ...(state.finishExtra.delta as Record<string, unknown>),
            ...deltaFields,
          };
        out.push({ type: 'usage-update', usage: convertAnthropicUsage(state.usage) });
        return;
      }
      case 'message_stop':
        finish(out);
        return;
      default:
        warnings.push({
          code: 'unknown-event',
          message: `Unknown Anthropic stream event ${String(type)}; ignored`,
        });
    }
  }

  return {
    warnings,
    push(event) {
      const out: StreamEvent[] = [];
      if (state.phase === 'done') return out;
      const payload = parseJsonOrUndefined(event.data);
      if (!isWireObject(payload)) {
        if (event.data.trim() !== '' && event.data.trim() !== '[DONE]') {
          warnings.push({
            code: UNREADABLE_STREAM_DATA,
            message: `Stream event data is not a JSON object: ${event.data.slice(0, 100)}`,
          });
        }
        return out;
      }
      if (payload.type === undefined && event.event !== undefined) payload.type = event.event;
      handle(payload, out);
      return out;
    },
    end() {
      if (state.phase === 'done') return [];
      state.phase = 'done';
      return [upstreamError('The upstream stream ended before message_stop')];
    },
  };
}
