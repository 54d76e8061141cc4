import { randomUUID } from 'node:crypto';
import type {
  SseEvent,
  StreamDecoder,
  StreamEvent,
  TargetContext,
  ToolKind,
  Usage,
  Warning,
} from '../canonical';
import { emptyUsage, parseJsonOrUndefined, UNREADABLE_STREAM_DATA } from '../canonical';
import { decodeChatError } from './convert-chat-error';
import { convertChatUsage } from './convert-chat-usage';
import { mapChatFinishReason } from './map-chat-finish-reason';
import type { JsonRecord } from './read-wire-fields';
import { isRecord, readArray, readRecord, readString } from './read-wire-fields';
import type { ThinkTagSplitter } from './split-think-tags';
import { createThinkTagSplitter } from './split-think-tags';

interface ToolState {
  blockId: string;
  toolCallId: string;
  name: string;
  kind: ToolKind;
  started: boolean;
  closed: boolean;
  /** Arguments that arrived before the name (the start event needs one). */
  pendingArguments: string;
  hasArguments: boolean;
}

interface DecoderState {
  started: boolean;
  done: boolean;
  finishReason?: string;
  usage: Usage;
  blockCount: number;
  open?: { kind: 'text' | 'reasoning'; id: string };
  toolsByIndex: Map<number, ToolState>;
  tools: ToolState[];
  currentTool?: ToolState;
  splitter?: ThinkTagSplitter;
}

/**
 * Chat Completions SSE from an upstream → canonical stream events. Tool calls
 * are keyed by `index` (id and name usually only on the first delta; some
 * providers send a whole call at once, omit the index or repeat the id).
 * `response-finish` waits for `[DONE]` or the end of the body, because the
 * usage chunk (`choices: []`) comes after the chunk carrying finish_reason.
 */
export function createChatStreamDecoder(input: { target: TargetContext }): StreamDecoder {
  const { target } = input;
  const warnings: Warning[] = [];
  const state: DecoderState = {
    started: false,
    done: false,
    usage: emptyUsage(),
    blockCount: 0,
    toolsByIndex: new Map(),
    tools: [],
    ...(target.thinkTag ? { splitter: createThinkTagSplitter(target.thinkTag) } : {}),
  };

  function nextBlockId(kind: string): string {
    state.blockCount += 1;
    return `${kind}-${state.blockCount}`;
  }

  function closeCurrentTool(events: StreamEvent[]): void {
    const tool = state.currentTool;
    if (!tool || tool.closed) return;
    if (!tool.started) startTool(tool, events, true);
    tool.closed = true;
    events.push({ type: 'tool-input-end', id: tool.blockId });
  }

  function closeOpenBlock(events: StreamEvent[]): void {
    if (!state.open) return;
    events.push({ type: state.open.kind === 'text' ? 'text-end' : 'reasoning-end', id: state.open.id });
    state.open = undefined;
  }

  function appendDelta(kind: 'text' | 'reasoning', delta: string, events: StreamEvent[]): void {
    if (delta === '') return;
    if (state.open?.kind !== kind) {
      closeOpenBlock(events);
      closeCurrentTool(events);
      const id = nextBlockId(kind);
      state.open = { kind, id };
      events.push(kind === 'text' ? { type: 'text-start', id } : { type: 'reasoning-start', id });
    }
    const id = state.open.id;
    events.push(kind === 'text' ? { type: 'text-delta', id, delta } : { type: 'reasoning-delta', id, delta });
  }

  function appendContent(text: string, events: StreamEvent[]): void {
    if (!state.splitter) return appendDelta('text', text, events);
    for (const segment of state.splitter.push(text)) appendDelta(segment.kind, segment.text, events);
  }

  function startTool(tool: ToolState, events: StreamEvent[], force: boolean): void {
    if (tool.started || (tool.name === '' && !force)) return;
    if (tool.name === '')
      warnings.push({
        code: 'tool-call-without-name',
        message: `tool call ${tool.toolCallId} never received a name`,
      });
    tool.started = true;
    events.push({
      type: 'tool-input-start',
      id: tool.blockId,
      toolCallId: tool.toolCallId,
      name: tool.name,
      kind: tool.kind,
    });
    if (tool.pendingArguments !== '')
      events.push({ type: 'tool-input-delta', id: tool.blockId, delta: tool.pendingArguments });
    tool.pendingArguments = '';
  }

  function applyToolCallDelta(raw: JsonRecord, events: StreamEvent[]): void {
    const id = readString(raw, 'id') || undefined;
    const custom = readRecord(raw, 'custom');
    const fn = readRecord(raw, 'function') ?? custom;
    const name = (fn && readString(fn, 'name')) || undefined;
    const rawArguments = fn ? (custom ? custom.input : fn.arguments) : undefined;
    const args =
      typeof rawArguments === 'string'
        ? rawArguments
        : isRecord(rawArguments)
          ? JSON.stringify(rawArguments)
          : '';

    let index = typeof raw.index === 'number' ? raw.index : undefined;
    if (index === undefined) {
      // Mistral sends whole calls without an index: a new id is a new call.
      const known = id !== undefined ? state.tools.find((tool) => tool.toolCallId === id) : state.currentTool;
      index = known ? [...state.toolsByIndex].find(([, tool]) => tool === known)?.[0] : undefined;
      index ??= state.toolsByIndex.size === 0 ? 0 : Math.max(...state.toolsByIndex.keys()) + 1;
    }
    let tool = state.toolsByIndex.get(index);
    // A different id at a used index is a new call (some compat layers put every call at index 0).
    if (tool && id !== undefined && tool.toolCallId !== id && tool.started && tool.hasArguments)
      tool = undefined;
    if (!tool) {
      closeOpenBlock(events);
      closeCurrentTool(events);
      tool = {
        blockId: nextBlockId('tool'),
        toolCallId: id ?? `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        name: name ?? '',
        kind: custom || readString(raw, 'type') === 'custom' ? 'custom' : 'function',
        started: false,
        closed: false,
        pendingArguments: '',
        hasArguments: false,
      };
      state.toolsByIndex.set(index, tool);
      state.tools.push(tool);
      state.currentTool = tool;
    } else if (tool.closed) {
      if (args !== '')
        warnings.push({
          code: 'late-tool-delta-dropped',
          message: `arguments for tool call ${tool.toolCallId} arrived after the call was closed`,
        });
      return;
    } else if (name !== undefined && tool.name === '') {
      tool.name = name;
    }
    startTool(tool, events, false);
    if (args === '') return;
    tool.hasArguments = true;
    if (tool.started) events.push({ type: 'tool-input-delta', id: tool.blockId, delta: args });
    else tool.pendingArguments += args;
  }

  function closeAll(events: StreamEvent[]): void {
    if (state.splitter)
      for (const segment of state.splitter.flush()) appendDelta(segment.kind, segment.text, events);
    closeOpenBlock(events);
    for (const tool of state.tools) {
      state.currentTool = tool;
      closeCurrentTool(events);
    }
  }

  function finish(events: StreamEvent[]): StreamEvent[] {
    closeAll(events);
    state.done = true;
    const hasToolCalls = state.tools.length > 0;
    let finishReason = state.finishReason;
    if (finishReason === undefined) {
      finishReason = hasToolCalls ? 'tool_calls' : 'stop';
      warnings.push({
        code: 'missing-finish-reason',
        message: `the stream ended with [DONE] but no finish_reason; assumed ${finishReason}`,
      });
    }
    events.push({
      type: 'response-finish',
      stopReason: mapChatFinishReason(finishReason, hasToolCalls),
      rawStopReason: finishReason,
      usage: state.usage,
    });
    return events;
  }

  function applyChunk(chunk: JsonRecord, events: StreamEvent[]): void {
    const choices = readArray(chunk, 'choices') ?? [];
    const chunkId = readString(chunk, 'id') ?? '';
    if (!state.started && (chunkId !== '' || choices.length > 0)) {
      // Azure's first chunk (prompt_filter_results, empty id and model) starts nothing.
      state.started = true;
      events.push({ type: 'response-start', id: chunkId, model: readString(chunk, 'model') || target.model });
    }
    const choice = choices.find(
      (item): item is JsonRecord => isRecord(item) && (item.index === undefined || item.index === 0),
    );
    if (choice) applyChoice(choice, events);
    const usage = convertChatUsage(chunk.usage);
    if (usage) {
      state.usage = usage;
      events.push({ type: 'usage-update', usage });
    }
  }

  function applyChoice(choice: JsonRecord, events: StreamEvent[]): void {
    const delta = readRecord(choice, 'delta') ?? {};
    const reasoning = readString(delta, 'reasoning_content') || readString(delta, 'reasoning');
    if (reasoning) appendDelta('reasoning', reasoning, events);
    const content = delta.content;
    if (typeof content === 'string') {
      appendContent(content, events);
    } else if (Array.isArray(content)) {
      // Mistral Magistral streams typed parts: thinking (nested text chunks) and text.
      for (const part of content) {
        if (!isRecord(part)) continue;
        if (part.type === 'text') appendContent(readString(part, 'text') ?? '', events);
        if (part.type === 'thinking') {
          for (const chunk of readArray(part, 'thinking') ?? [])
            if (isRecord(chunk)) appendDelta('reasoning', readString(chunk, 'text') ?? '', events);
        }
      }
    }
    const refusal = readString(delta, 'refusal');
    if (refusal) appendDelta('text', refusal, events);
    for (const call of readArray(delta, 'tool_calls') ?? [])
      if (isRecord(call)) applyToolCallDelta(call, events);
    const functionCall = readRecord(delta, 'function_call');
    if (functionCall) applyToolCallDelta({ index: 0, function: functionCall }, events);
    const finishReason = readString(choice, 'finish_reason');
    if (finishReason) {
      state.finishReason = finishReason;
      closeAll(events);
    }
  }

  return {
    warnings,
    push(event: SseEvent): StreamEvent[] {
      if (state.done) return [];
      const data = event.data.trim();
      if (data === '[DONE]') return finish([]);
      if (data === '') return [];
      const chunk = parseJsonOrUndefined(data);
      if (!isRecord(chunk)) {
        warnings.push({
          code: UNREADABLE_STREAM_DATA,
          message: `skipped a stream chunk that is not a JSON object: ${data.slice(0, 200)}`,
        });
        return [];
      }
      if (chunk.error !== undefined && chunk.error !== null) {
        const events: StreamEvent[] = [];
        closeAll(events);
        state.done = true;
        events.push({ type: 'response-error', error: decodeChatError({ status: 200, body: chunk }) });
        return events;
      }
      const events: StreamEvent[] = [];
      applyChunk(chunk, events);
      return events;
    },
    end(): StreamEvent[] {
      if (state.done) return [];
      if (state.finishReason !== undefined) return finish([]);
      const events: StreamEvent[] = [];
      closeAll(events);
      state.done = true;
      events.push({
        type: 'response-error',
        error: {
          kind: 'api_error',
          status: 502,
          message: 'The upstream stream ended before the response finished (no finish_reason received)',
        },
      });
      return events;
    },
  };
}
