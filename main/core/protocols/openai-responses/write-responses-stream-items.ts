import { packSignature } from '../canonical/signature';
import { formatSseFrame } from '../canonical/sse';
import type { ProviderSignature, StreamEvent, TextPart, ToolKind, Warning } from '../canonical/types';
import type { JsonRecord } from './read-json-values';

type OpenItem =
  | {
      kind: 'message';
      outputIndex: number;
      id: string;
      phase?: string;
      content: JsonRecord[];
      text?: JsonRecord;
    }
  | { kind: 'reasoning'; outputIndex: number; id: string; text: string; summaryStarted: boolean }
  | { kind: 'tool'; toolKind: ToolKind; outputIndex: number; item: JsonRecord; input: string };

/**
 * Writes Responses SSE frames for one item at a time: the caller guarantees
 * that only one canonical block streams at once, so every item is contiguous
 * on the wire. Keeps `sequence_number` and the finished output items.
 */
export function createResponsesItemWriter(input: {
  nextId: (prefix: string) => string;
  warnings: Warning[];
}) {
  const { nextId, warnings } = input;
  const output: JsonRecord[] = [];
  let sequence = 0;
  let open: OpenItem | undefined;

  const frame = (data: JsonRecord): string => {
    const type = String(data.type);
    return formatSseFrame(JSON.stringify({ type, sequence_number: sequence++, ...data }), type);
  };

  const itemAdded = (outputIndex: number, item: JsonRecord): string =>
    frame({ type: 'response.output_item.added', output_index: outputIndex, item });

  const itemDone = (outputIndex: number, item: JsonRecord): string => {
    output[outputIndex] = item;
    return frame({ type: 'response.output_item.done', output_index: outputIndex, item });
  };

  /** Closes the open item (a message stays open between its text parts). */
  const closeItem = (): string => {
    if (!open) return '';
    const item = open;
    open = undefined;
    if (item.kind === 'message') {
      return itemDone(item.outputIndex, {
        id: item.id,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: item.content,
        ...(item.phase !== undefined ? { phase: item.phase } : {}),
      });
    }
    // Reasoning and tool items are closed by their own end events.
    return '';
  };

  const textStart = (phase: string | undefined): string => {
    let text = '';
    if (!open || open.kind !== 'message' || open.phase !== phase) {
      text += closeItem();
      const item = {
        kind: 'message' as const,
        outputIndex: output.length,
        id: nextId('msg'),
        content: [],
        ...(phase !== undefined ? { phase } : {}),
      };
      output.push({});
      open = item;
      text += itemAdded(item.outputIndex, {
        id: item.id,
        type: 'message',
        status: 'in_progress',
        role: 'assistant',
        content: [],
        ...(phase !== undefined ? { phase } : {}),
      });
    }
    const message = open as Extract<OpenItem, { kind: 'message' }>;
    message.text = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    return (
      text +
      frame({
        type: 'response.content_part.added',
        item_id: message.id,
        output_index: message.outputIndex,
        content_index: message.content.length,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      })
    );
  };

  const textDelta = (delta: string): string => {
    if (open?.kind !== 'message' || !open.text) return '';
    open.text.text = `${String(open.text.text)}${delta}`;
    return frame({
      type: 'response.output_text.delta',
      item_id: open.id,
      output_index: open.outputIndex,
      content_index: open.content.length,
      delta,
      logprobs: [],
    });
  };

  const textEnd = (citations: TextPart['citations']): string => {
    if (open?.kind !== 'message' || !open.text) return '';
    const message = open;
    const part = message.text as JsonRecord;
    const where = {
      item_id: message.id,
      output_index: message.outputIndex,
      content_index: message.content.length,
    };
    let text = '';
    if (citations?.protocol === 'openai-responses') {
      part.annotations = citations.value;
      citations.value.forEach((annotation, annotationIndex) => {
        text += frame({
          type: 'response.output_text.annotation.added',
          ...where,
          annotation_index: annotationIndex,
          annotation,
        });
      });
    } else if (citations) {
      warnings.push({
        code: 'citations-dropped',
        message: `${citations.protocol} citations have no Responses annotation form.`,
      });
    }
    text += frame({ type: 'response.output_text.done', ...where, text: part.text, logprobs: [] });
    text += frame({ type: 'response.content_part.done', ...where, part });
    message.content.push(part);
    message.text = undefined;
    return text;
  };

  const reasoningStart = (itemId: string | undefined): string => {
    const text = closeItem();
    const item: OpenItem = {
      kind: 'reasoning',
      outputIndex: output.length,
      id: itemId ?? nextId('rs'),
      text: '',
      summaryStarted: false,
    };
    output.push({});
    open = item;
    return text + itemAdded(item.outputIndex, { id: item.id, type: 'reasoning', summary: [] });
  };

  const reasoningDelta = (delta: string): string => {
    if (open?.kind !== 'reasoning' || delta === '') return '';
    const where = { item_id: open.id, output_index: open.outputIndex, summary_index: 0 };
    let text = '';
    if (!open.summaryStarted) {
      open.summaryStarted = true;
      text += frame({
        type: 'response.reasoning_summary_part.added',
        ...where,
        part: { type: 'summary_text', text: '' },
      });
    }
    open.text += delta;
    return text + frame({ type: 'response.reasoning_summary_text.delta', ...where, delta });
  };

  const reasoningEnd = (event: Extract<StreamEvent, { type: 'reasoning-end' }>): string => {
    if (open?.kind !== 'reasoning') return '';
    const item = open;
    open = undefined;
    const where = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 };
    let text = '';
    const summary = item.summaryStarted ? [{ type: 'summary_text', text: item.text }] : [];
    if (item.summaryStarted) {
      text += frame({ type: 'response.reasoning_summary_text.done', ...where, text: item.text });
      text += frame({ type: 'response.reasoning_summary_part.done', ...where, part: summary[0] });
    }
    if (event.redactedData !== undefined) {
      warnings.push({
        code: 'redacted-reasoning-dropped',
        message: 'Redacted thinking has no slot in a Responses reasoning item.',
      });
    }
    const token: ProviderSignature | undefined = event.encrypted ?? event.signature;
    return (
      text +
      itemDone(item.outputIndex, {
        id: item.id,
        type: 'reasoning',
        summary,
        ...(token ? { encrypted_content: packSignature(token, 'openai-responses') } : {}),
      })
    );
  };

  const toolStart = (event: Extract<StreamEvent, { type: 'tool-input-start' }>): string => {
    const text = closeItem();
    const custom = event.kind === 'custom';
    const item: JsonRecord = {
      id: event.itemId ?? nextId(custom ? 'ctc' : 'fc'),
      type: custom ? 'custom_tool_call' : 'function_call',
      status: 'in_progress',
      call_id: event.toolCallId,
      name: event.name,
      ...(event.namespace !== undefined ? { namespace: event.namespace } : {}),
      ...(custom ? { input: '' } : { arguments: '' }),
    };
    open = { kind: 'tool', toolKind: event.kind, outputIndex: output.length, item, input: '' };
    output.push({});
    return text + itemAdded(open.outputIndex, item);
  };

  const toolDelta = (delta: string): string => {
    if (open?.kind !== 'tool' || delta === '') return '';
    open.input += delta;
    const type =
      open.toolKind === 'custom'
        ? 'response.custom_tool_call_input.delta'
        : 'response.function_call_arguments.delta';
    return frame({ type, item_id: open.item.id, output_index: open.outputIndex, delta });
  };

  const toolEnd = (signature: ProviderSignature | undefined): string => {
    if (open?.kind !== 'tool') return '';
    const tool = open;
    open = undefined;
    if (signature) {
      warnings.push({
        code: 'tool-call-signature-dropped',
        message: `A ${signature.origin} signature on a tool call has no Responses slot.`,
      });
    }
    const custom = tool.toolKind === 'custom';
    const where = { item_id: tool.item.id, output_index: tool.outputIndex };
    const done = custom
      ? frame({ type: 'response.custom_tool_call_input.done', ...where, input: tool.input })
      : frame({
          type: 'response.function_call_arguments.done',
          ...where,
          name: tool.item.name,
          arguments: tool.input,
        });
    const item = {
      ...tool.item,
      status: 'completed',
      ...(custom ? { input: tool.input } : { arguments: tool.input }),
    };
    return done + itemDone(tool.outputIndex, item);
  };

  /** A whole item that arrives at once (web search call, opaque Responses item). */
  const wholeItem = (item: JsonRecord): string => {
    const text = closeItem();
    const outputIndex = output.length;
    output.push({});
    return text + itemAdded(outputIndex, item) + itemDone(outputIndex, item);
  };

  return {
    frame,
    closeItem,
    textStart,
    textDelta,
    textEnd,
    reasoningStart,
    reasoningDelta,
    reasoningEnd,
    toolStart,
    toolDelta,
    toolEnd,
    wholeItem,
    /** The finished items, in output order (items never closed are left out). */
    output: (): JsonRecord[] => output.filter((item) => Object.keys(item).length > 0),
  };
}

export type ResponsesItemWriter = ReturnType<typeof createResponsesItemWriter>;
