import type { StreamEvent, Warning } from '../canonical/types';
import { readReasoningItemText } from './convert-responses-input-to-messages';
import { convertResponsesOutputItem } from './convert-responses-output-item';
import { type JsonRecord, isRecord, optionalArray, optionalNumber, optionalString } from './read-json-values';

interface TextBlock {
  id: string;
  received: string;
  annotations: unknown[];
  ended: boolean;
}

/** One output item, keyed by `output_index` (some proxies rotate item ids on every event). */
interface ItemState {
  type: string;
  blockId: string;
  started: boolean;
  ended: boolean;
  phase?: string;
  texts: Map<number, TextBlock>;
  /** Text sent so far for a reasoning item or a tool call's input. */
  received: string;
  /** Reasoning: text sent per summary/content part, to fill in what a `.done` adds. */
  partTexts: Map<string, string>;
}

/** Text the final value adds to what was streamed (servers that send only `.done` events). */
function remainder(finalText: string | undefined, received: string): string {
  if (finalText === undefined || finalText.length <= received.length || !finalText.startsWith(received))
    return '';
  return finalText.slice(received.length);
}

/**
 * The per-item half of the Responses stream decoder: turns item, content-part
 * and delta events into canonical block events, keyed by `output_index`.
 */
export function createOutputItemTracker(input: { warnings: Warning[] }) {
  const { warnings } = input;
  const items = new Map<number, ItemState>();
  const indexByItemId = new Map<string, number>();
  let sawToolCall = false;

  const outputIndexOf = (data: JsonRecord): number | undefined => {
    const index = optionalNumber(data.output_index);
    if (index !== undefined) return index;
    const itemId =
      optionalString(data.item_id) ?? (isRecord(data.item) ? optionalString(data.item.id) : undefined);
    return itemId !== undefined ? indexByItemId.get(itemId) : undefined;
  };

  const ensureItem = (index: number, item: JsonRecord | undefined, events: StreamEvent[]): ItemState => {
    let state = items.get(index);
    if (!state) {
      state = {
        type: optionalString(item?.type) ?? 'message',
        blockId: `item-${index}`,
        started: false,
        ended: false,
        texts: new Map(),
        received: '',
        partTexts: new Map(),
      };
      const phase = optionalString(item?.phase);
      if (phase !== undefined) state.phase = phase;
      items.set(index, state);
    }
    const itemId = optionalString(item?.id);
    if (itemId !== undefined) indexByItemId.set(itemId, index);
    if (!state.started && item) startItem(state, item, events);
    return state;
  };

  const startItem = (state: ItemState, item: JsonRecord, events: StreamEvent[]): void => {
    const itemId = optionalString(item.id);
    if (state.type === 'reasoning') {
      events.push({
        type: 'reasoning-start',
        id: state.blockId,
        ...(itemId !== undefined ? { itemId } : {}),
      });
    } else if (state.type === 'function_call' || state.type === 'custom_tool_call') {
      const namespace = optionalString(item.namespace);
      sawToolCall = true;
      events.push({
        type: 'tool-input-start',
        id: state.blockId,
        toolCallId: optionalString(item.call_id) ?? itemId ?? state.blockId,
        name: optionalString(item.name) ?? '',
        kind: state.type === 'custom_tool_call' ? 'custom' : 'function',
        ...(itemId !== undefined ? { itemId } : {}),
        ...(namespace !== undefined ? { namespace } : {}),
      });
      const initial = optionalString(state.type === 'custom_tool_call' ? item.input : item.arguments) ?? '';
      if (initial !== '') toolDelta(state, initial, events);
    } else if (state.type !== 'message') {
      // Whole items (web search, shell, compaction…) are read at output_item.done.
      return;
    }
    state.started = true;
  };

  const toolDelta = (state: ItemState, delta: string, events: StreamEvent[]): void => {
    if (delta === '') return;
    state.received += delta;
    events.push({ type: 'tool-input-delta', id: state.blockId, delta });
  };

  const reasoningDelta = (state: ItemState, key: string, delta: string, events: StreamEvent[]): void => {
    if (delta === '') return;
    if (!state.partTexts.has(key) && state.received !== '') {
      // A new summary part: keep parts apart in the one canonical reasoning block.
      state.received += '\n\n';
      events.push({ type: 'reasoning-delta', id: state.blockId, delta: '\n\n' });
    }
    state.partTexts.set(key, (state.partTexts.get(key) ?? '') + delta);
    state.received += delta;
    events.push({ type: 'reasoning-delta', id: state.blockId, delta });
  };

  const ensureText = (state: ItemState, contentIndex: number, events: StreamEvent[]): TextBlock => {
    let block = state.texts.get(contentIndex);
    if (!block) {
      block = { id: `${state.blockId}-${contentIndex}`, received: '', annotations: [], ended: false };
      state.texts.set(contentIndex, block);
      events.push({
        type: 'text-start',
        id: block.id,
        ...(state.phase !== undefined ? { phase: state.phase } : {}),
      });
    }
    return block;
  };

  const textDelta = (block: TextBlock, delta: string, events: StreamEvent[]): void => {
    if (delta === '' || block.ended) return;
    block.received += delta;
    events.push({ type: 'text-delta', id: block.id, delta });
  };

  const endText = (block: TextBlock, finalPart: JsonRecord | undefined, events: StreamEvent[]): void => {
    if (block.ended) return;
    if (finalPart) {
      textDelta(
        block,
        remainder(optionalString(finalPart.text) ?? optionalString(finalPart.refusal), block.received),
        events,
      );
      const annotations = optionalArray(finalPart.annotations);
      if (annotations && annotations.length > 0) block.annotations = annotations;
    }
    block.ended = true;
    events.push({
      type: 'text-end',
      id: block.id,
      ...(block.annotations.length > 0
        ? { citations: { protocol: 'openai-responses' as const, value: block.annotations } }
        : {}),
    });
  };

  const finishItem = (index: number, item: JsonRecord, events: StreamEvent[]): void => {
    closeItem(ensureItem(index, item, events), item, events);
  };

  /** Ends an item's blocks, filling in what only the final item carries. */
  const closeItem = (state: ItemState, item: JsonRecord, events: StreamEvent[]): void => {
    if (state.ended) return;
    state.ended = true;
    switch (state.type) {
      case 'message':
        (optionalArray(item.content) ?? []).forEach((part, contentIndex) => {
          if (isRecord(part)) endText(ensureText(state, contentIndex, events), part, events);
        });
        for (const block of state.texts.values()) endText(block, undefined, events);
        return;
      case 'reasoning': {
        const rest = remainder(readReasoningItemText(item).text, state.received);
        if (rest !== '') events.push({ type: 'reasoning-delta', id: state.blockId, delta: rest });
        const encrypted = optionalString(item.encrypted_content);
        events.push({
          type: 'reasoning-end',
          id: state.blockId,
          ...(encrypted !== undefined
            ? { encrypted: { origin: 'openai-responses' as const, value: encrypted } }
            : {}),
        });
        return;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const finalInput = optionalString(state.type === 'custom_tool_call' ? item.input : item.arguments);
        toolDelta(state, remainder(finalInput, state.received), events);
        events.push({ type: 'tool-input-end', id: state.blockId });
        return;
      }
      default: {
        const converted = convertResponsesOutputItem(item);
        warnings.push(...converted.warnings);
        converted.parts.forEach((part, partIndex) =>
          events.push({
            type: 'part-add',
            id: partIndex === 0 ? state.blockId : `${state.blockId}-${partIndex}`,
            part,
          }),
        );
      }
    }
  };

  /** Item, content-part and delta events (everything but the response lifecycle). */
  const applyItemEvent = (type: string, data: JsonRecord, events: StreamEvent[]): void => {
    const index = outputIndexOf(data);
    if (index === undefined) return;
    const item = isRecord(data.item) ? data.item : undefined;
    if (type === 'response.output_item.added') {
      ensureItem(index, item, events);
      return;
    }
    if (type === 'response.output_item.done') {
      if (item) finishItem(index, item, events);
      return;
    }
    const state = items.get(index) ?? ensureItem(index, { type: typeFromEvent(type) }, events);
    if (state.ended) return;
    const contentIndex = optionalNumber(data.content_index) ?? 0;
    const delta = optionalString(data.delta) ?? '';
    switch (type) {
      case 'response.content_part.added':
        if (state.type === 'message') ensureText(state, contentIndex, events);
        return;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return textDelta(ensureText(state, contentIndex, events), delta, events);
      case 'response.output_text.annotation.added':
        ensureText(state, contentIndex, events).annotations.push(data.annotation);
        return;
      case 'response.output_text.done':
      case 'response.refusal.done':
      case 'response.content_part.done': {
        if (state.type !== 'message') return reasoningPartDone(state, data, events);
        const part = type === 'response.content_part.done' && isRecord(data.part) ? data.part : data;
        return endText(ensureText(state, contentIndex, events), part, events);
      }
      case 'response.reasoning_summary_text.delta':
        return reasoningDelta(state, `s${optionalNumber(data.summary_index) ?? 0}`, delta, events);
      case 'response.reasoning_text.delta':
        return reasoningDelta(state, `c${contentIndex}`, delta, events);
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_summary_part.done':
      case 'response.reasoning_text.done':
        return reasoningPartDone(state, data, events);
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        return toolDelta(state, delta, events);
      case 'response.function_call_arguments.done':
        return toolDelta(state, remainder(optionalString(data.arguments), state.received), events);
      case 'response.custom_tool_call_input.done':
        return toolDelta(state, remainder(optionalString(data.input), state.received), events);
      default:
      // Progress events of hosted tools (web_search_call.searching, shell_call_command.delta…): the done item carries it all.
    }
  };

  /** A reasoning part's `.done` may carry text the deltas never did. */
  const reasoningPartDone = (state: ItemState, data: JsonRecord, events: StreamEvent[]): void => {
    if (state.type !== 'reasoning') return;
    const key =
      data.summary_index !== undefined
        ? `s${optionalNumber(data.summary_index) ?? 0}`
        : `c${optionalNumber(data.content_index) ?? 0}`;
    const finalText =
      optionalString(data.text) ?? (isRecord(data.part) ? optionalString(data.part.text) : undefined);
    reasoningDelta(state, key, remainder(finalText, state.partTexts.get(key) ?? ''), events);
  };

  return {
    applyItemEvent,
    finishItem,
    /** Ends every item still streaming (the response finished around them). */
    closeOpenItems: (events: StreamEvent[]): void => {
      for (const state of items.values()) if (state.started) closeItem(state, { type: state.type }, events);
    },
    get itemCount(): number {
      return items.size;
    },
    get sawToolCall(): boolean {
      return sawToolCall;
    },
  };
}

/** The item type an orphan delta event implies (an item whose output_item.added never came). */
function typeFromEvent(type: string): string {
  if (type.startsWith('response.reasoning')) return 'reasoning';
  if (type.startsWith('response.function_call')) return 'function_call';
  if (type.startsWith('response.custom_tool_call')) return 'custom_tool_call';
  return 'message';
}
