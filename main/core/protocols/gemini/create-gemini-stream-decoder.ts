import { randomUUID } from 'node:crypto';
import { parseJsonOrUndefined, UNREADABLE_STREAM_DATA } from '../canonical/sse';
import { unpackSignature } from '../canonical/signature';
import { emptyUsage, mergeUsage } from '../canonical/usage';
import type { SseEvent, StreamDecoder, TargetContext } from '../canonical/codec';
import type { ContentPart, ProviderSignature, StreamEvent, Usage, Warning } from '../canonical/types';
import {
  applyGeminiPartialArgs,
  createPartialArgsState,
  type PartialArgsState,
} from './accumulate-gemini-partial-args';
import { decodeGeminiUsage } from './convert-gemini-usage';
import { decodeGeminiParts } from './decode-gemini-parts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { decodeGeminiError } from './map-gemini-error';
import { isRecord, readString } from './read-gemini-json';
import { synthesizeResponseToolCallId } from './synthesize-tool-call-id';

/*
 * streamGenerateContent chunks → canonical events. Each SSE data payload is a
 * whole GenerateContentResponse. Text parts of consecutive chunks continue one
 * text block (thought parts one reasoning block); a signature closes the
 * block it arrives on (see decode-gemini-parts.ts). A functionCall arrives
 * whole, or — with streamed arguments — as a named start, `partialArgs`
 * chunks and a last chunk without `willContinue`; the tool input is emitted
 * as one delta once the arguments are complete, so it is always valid JSON.
 */
interface OpenCall {
  blockId: string;
  state: PartialArgsState;
  signature?: ProviderSignature;
}

interface DecoderState {
  started: boolean;
  finished: boolean;
  responseId?: string;
  blockCount: number;
  callCount: number;
  sawToolCall: boolean;
  text?: { kind: 'text' | 'reasoning'; id: string };
  call?: OpenCall;
  usage: Usage;
}

export function createGeminiStreamDecoder(input: { target: TargetContext }): StreamDecoder {
  const warnings: Warning[] = [];
  const state: DecoderState = {
    started: false,
    finished: false,
    blockCount: 0,
    callCount: 0,
    sawToolCall: false,
    usage: emptyUsage(),
  };
  const nextBlockId = (kind: string): string => `${kind}-${state.blockCount++}`;

  const closeText = (events: StreamEvent[], signature?: ProviderSignature): void => {
    if (!state.text) return;
    const { kind, id } = state.text;
    state.text = undefined;
    if (kind === 'text') events.push({ type: 'text-end', id });
    else events.push({ type: 'reasoning-end', id, ...(signature ? { signature } : {}) });
  };
  const closeCall = (events: StreamEvent[]): void => {
    const call = state.call;
    if (!call) return;
    state.call = undefined;
    events.push({ type: 'tool-input-delta', id: call.blockId, delta: JSON.stringify(call.state.args) });
    events.push({
      type: 'tool-input-end',
      id: call.blockId,
      ...(call.signature ? { signature: call.signature } : {}),
    });
  };
  const closeAll = (events: StreamEvent[]): void => {
    closeText(events);
    closeCall(events);
  };
  const carrier = (events: StreamEvent[], signature: ProviderSignature): void => {
    const id = nextBlockId('reasoning');
    events.push({ type: 'reasoning-start', id }, { type: 'reasoning-end', id, signature });
  };

  const pushText = (
    events: StreamEvent[],
    text: string,
    thought: boolean,
    signature?: ProviderSignature,
  ): void => {
    const kind = thought ? 'reasoning' : 'text';
    if (state.text?.kind !== kind && (text !== '' || (thought && signature))) {
      closeAll(events);
      const id = nextBlockId(kind);
      state.text = { kind, id };
      events.push(kind === 'text' ? { type: 'text-start', id } : { type: 'reasoning-start', id });
    }
    if (text !== '' && state.text) {
      events.push(
        kind === 'text'
          ? { type: 'text-delta', id: state.text.id, delta: text }
          : { type: 'reasoning-delta', id: state.text.id, delta: text },
      );
    }
    if (!signature) return;
    if (thought) return closeText(events, signature);
    closeAll(events);
    carrier(events, signature);
  };

  const pushFunctionCall = (
    events: StreamEvent[],
    call: Record<string, unknown>,
    signature?: ProviderSignature,
  ): void => {
    const name = readString(call.name);
    if (name !== undefined && name !== '') {
      closeAll(events);
      const blockId = nextBlockId('tool');
      const toolCallId =
        readString(call.id) ?? synthesizeResponseToolCallId(state.responseId ?? '', state.callCount);
      state.callCount += 1;
      state.sawToolCall = true;
      state.call = {
        blockId,
        state: createPartialArgsState(isRecord(call.args) ? call.args : undefined),
        ...(signature ? { signature } : {}),
      };
      events.push({ type: 'tool-input-start', id: blockId, toolCallId, name, kind: 'function' });
    } else if (!state.call) {
      if (call.partialArgs !== undefined)
        warnings.push({
          code: 'gemini-partial-args-orphan',
          message: 'Streamed function arguments arrived with no open function call; they were dropped.',
        });
      return;
    } else if (signature) {
      state.call.signature = signature;
    }
    if (call.partialArgs !== undefined && !applyGeminiPartialArgs(state.call.state, call.partialArgs)) {
      warnings.push({
        code: 'gemini-partial-args-unreadable',
        message: 'A streamed function argument could not be read; it was dropped.',
      });
    }
    if (call.willContinue !== true) closeCall(events);
  };

  const pushOtherPart = (events: StreamEvent[], part: Record<string, unknown>): void => {
    closeAll(events);
    const decoded = decodeGeminiParts({
      parts: [part],
      path: 'parts',
      strict: false,
      toolCallId: (id, name) => id ?? name,
      toolResultId: (id, name) => id ?? name,
    });
    warnings.push(...decoded.warnings);
    for (const content of decoded.value) events.push(partEvent(content, nextBlockId('part')));
  };

  const pushChunk = (chunk: Record<string, unknown>): StreamEvent[] => {
    const events: StreamEvent[] = [];
    if (isRecord(chunk.error)) {
      closeAll(events);
      state.finished = true;
      events.push({
        type: 'response-error',
        error: decodeGeminiError({ status: Number(chunk.error.code) || 500, body: chunk }),
      });
      return events;
    }
    if (!state.started) {
      state.started = true;
      state.responseId = readString(chunk.responseId) ?? `gemini-${randomUUID()}`;
      events.push({
        type: 'response-start',
        id: state.responseId,
        model: readString(chunk.modelVersion) ?? input.target.model,
      });
    }
    const candidate =
      Array.isArray(chunk.candidates) && isRecord(chunk.candidates[0]) ? chunk.candidates[0] : undefined;
    const parts =
      isRecord(candidate?.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
    for (const part of parts) {
      if (!isRecord(part)) continue;
      const rawSignature = readString(part.thoughtSignature);
      const signature = rawSignature === undefined ? undefined : unpackSignature(rawSignature, 'gemini');
      if (isRecord(part.functionCall)) pushFunctionCall(events, part.functionCall, signature);
      else if (typeof part.text === 'string') pushText(events, part.text, part.thought === true, signature);
      else pushOtherPart(events, part);
    }
    const usage = decodeGeminiUsage(chunk.usageMetadata);
    if (Object.keys(usage).length > 0) {
      state.usage = mergeUsage(state.usage, usage);
      events.push({ type: 'usage-update', usage });
    }
    const finishReason = readString(candidate?.finishReason);
    const blockReason = isRecord(chunk.promptFeedback)
      ? readString(chunk.promptFeedback.blockReason)
      : undefined;
    if (finishReason !== undefined || (candidate === undefined && blockReason !== undefined)) {
      closeAll(events);
      state.finished = true;
      const stopReason =
        finishReason === undefined
          ? 'content_filter'
          : mapGeminiFinishReason({ finishReason, hasToolCalls: state.sawToolCall });
      events.push({
        type: 'response-finish',
        stopReason,
        rawStopReason: finishReason ?? blockReason,
        usage: state.usage,
      });
    }
    return events;
  };

  return {
    warnings,
    push(event: SseEvent): StreamEvent[] {
      if (state.finished) return [];
      const payload = parseJsonOrUndefined(event.data);
      const chunks = Array.isArray(payload) ? payload : [payload];
      const events: StreamEvent[] = [];
      for (const chunk of chunks) {
        if (state.finished) break;
        if (!isRecord(chunk)) {
          warnings.push({
            code: UNREADABLE_STREAM_DATA,
            message: `A stream chunk that is not a JSON object was skipped: ${event.data.slice(0, 100)}`,
          });
          continue;
        }
        events.push(...pushChunk(chunk));
      }
      return events;
    },
    end(): StreamEvent[] {
      if (state.finished) return [];
      state.finished = true;
      const events: StreamEvent[] = [];
      closeAll(events);
      events.push({
        type: 'response-error',
        error: { kind: 'api_error', status: 502, message: 'The Gemini stream ended without a finishReason.' },
      });
      return events;
    },
  };
}

function partEvent(part: ContentPart, id: string): StreamEvent {
  return { type: 'part-add', id, part };
}
