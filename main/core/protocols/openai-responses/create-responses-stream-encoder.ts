import type { ClientContext, StreamEncoder } from '../canonical/codec';
import { emptyUsage, mergeUsage } from '../canonical/usage';
import { partToBlockEvents } from '../canonical/response-to-events';
import type { CanonicalError, StreamEvent, Usage, Warning } from '../canonical/types';
import { buildResponsesObject, createItemIdFactory, errorCode, toResponseId } from './build-responses-object';
import { errorTypeForKind } from './convert-responses-error';
import { convertPartToOutputItem } from './convert-parts-to-responses-output';
import { encodeResponsesStatus } from './map-responses-stop-reason';
import { createResponsesItemWriter } from './write-responses-stream-items';

type BlockEvent = Exclude<
  StreamEvent,
  { type: 'response-start' | 'usage-update' | 'response-finish' | 'response-error' }
>;

const isStart = (event: BlockEvent): boolean =>
  event.type === 'text-start' || event.type === 'reasoning-start' || event.type === 'tool-input-start';

/** Canonical stream → the full Responses event set (created … completed), as Codex and the openai SDK read it. */
export function createResponsesStreamEncoder(input: { client: ClientContext }): StreamEncoder {
  const { client } = input;
  const warnings: Warning[] = [];
  let responseId = toResponseId(client.responseId);
  let writer = createResponsesItemWriter({ nextId: createItemIdFactory(responseId), warnings });
  const createdAt = Math.floor(Date.now() / 1000);
  let usage: Usage = emptyUsage();
  let created = false;
  let closed = false;
  /** The block being written, with the end event that closes it if the stream stops early. */
  let live: { id: string; end: BlockEvent } | undefined;
  /** Blocks that started while another one was live, in start order: held back so items stay contiguous. */
  const queued = new Map<string, BlockEvent[]>();
  const started = new Set<string>();

  const envelope = (
    status: 'in_progress' | 'completed' | 'incomplete' | 'failed',
    extra: {
      incompleteDetails?: { reason: string } | null;
      error?: CanonicalError;
      final?: boolean;
    } = {},
  ) =>
    buildResponsesObject({
      id: responseId,
      model: client.requestModel,
      createdAt,
      status,
      output: extra.final ? writer.output() : [],
      usage: extra.final ? usage : null,
      ...(extra.incompleteDetails !== undefined ? { incompleteDetails: extra.incompleteDetails } : {}),
      ...(extra.error ? { error: extra.error, output: writer.output() } : {}),
    });

  const ensureCreated = (upstreamId?: string): string => {
    if (created) return '';
    created = true;
    if (upstreamId) {
      responseId = toResponseId(upstreamId);
      writer = createResponsesItemWriter({ nextId: createItemIdFactory(responseId), warnings });
    }
    const response = envelope('in_progress');
    return (
      writer.frame({ type: 'response.created', response }) +
      writer.frame({ type: 'response.in_progress', response })
    );
  };

  /** Writes one event of the live block (or a block becoming live). */
  const write = (event: BlockEvent): string => {
    switch (event.type) {
      case 'text-start':
        live = { id: event.id, end: { type: 'text-end', id: event.id } };
        return writer.textStart(event.phase);
      case 'text-delta':
        return writer.textDelta(event.delta);
      case 'text-end':
        live = undefined;
        return writer.textEnd(event.citations);
      case 'reasoning-start':
        live = { id: event.id, end: { type: 'reasoning-end', id: event.id } };
        return writer.reasoningStart(event.itemId);
      case 'reasoning-delta':
        return writer.reasoningDelta(event.delta);
      case 'reasoning-end':
        live = undefined;
        return writer.reasoningEnd(event);
      case 'tool-input-start':
        live = { id: event.id, end: { type: 'tool-input-end', id: event.id } };
        return writer.toolStart(event);
      case 'tool-input-delta':
        return writer.toolDelta(event.delta);
      case 'tool-input-end':
        live = undefined;
        return writer.toolEnd(event.signature);
      case 'part-add': {
        const events = partToBlockEvents(event.id, event.part);
        if (events) return events.map(write).join('');
        const converted = convertPartToOutputItem({
          part: event.part,
          nextId: createItemIdFactory(`${responseId}_${event.id}`),
        });
        if (converted.warning) warnings.push(converted.warning);
        return converted.item ? writer.wholeItem(converted.item) : '';
      }
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  };

  /** Writes held-back blocks in start order until one is still streaming. */
  const drain = (): string => {
    let text = '';
    for (const [id, events] of queued) {
      if (live !== undefined) break;
      queued.delete(id);
      for (const event of events) text += write(event);
    }
    return text;
  };

  const route = (event: BlockEvent): string => {
    const held = queued.get(event.id);
    if (held) {
      held.push(event);
      return '';
    }
    if (event.type === 'part-add' || isStart(event)) {
      started.add(event.id);
      if (live !== undefined) {
        queued.set(event.id, [event]);
        return '';
      }
    } else if (event.id !== live?.id) {
      if (!started.has(event.id))
        warnings.push({
          code: 'stream-event-orphan',
          message: `A ${event.type} event came for an unknown block.`,
        });
      return '';
    }
    return write(event) + drain();
  };

  /** Ends whatever is still open, live or held back, so the final object is whole. */
  const flush = (): string => {
    let text = '';
    const closeLive = (): void => {
      if (live) text += write(live.end);
    };
    closeLive();
    while (queued.size > 0) {
      text += drain();
      closeLive();
    }
    return text + writer.closeItem();
  };

  /**
   * OpenAI sends an `error` event, then `response.failed`: the openai SDK
   * throws on the first (it has an `error` object), Codex reads the second.
   */
  const fail = (error: CanonicalError): string => {
    closed = true;
    const code = errorCode(error);
    return (
      writer.frame({
        type: 'error',
        code,
        message: error.message,
        param: null,
        error: { type: errorTypeForKind(error.kind), code, message: error.message, param: null },
      }) + writer.frame({ type: 'response.failed', response: envelope('failed', { error }) })
    );
  };

  return {
    warnings,
    push(event: StreamEvent): string {
      if (closed) return '';
      switch (event.type) {
        case 'response-start':
          if (event.usage) usage = mergeUsage(usage, event.usage);
          return ensureCreated(event.id);
        case 'usage-update':
          usage = mergeUsage(usage, event.usage);
          return ensureCreated();
        case 'response-finish': {
          usage = mergeUsage(usage, event.usage);
          const text = ensureCreated() + flush();
          closed = true;
          const status = encodeResponsesStatus(event.stopReason);
          const response = envelope(status.status, {
            incompleteDetails: status.incompleteDetails,
            final: true,
          });
          const type = status.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
          return text + writer.frame({ type, response });
        }
        case 'response-error':
          return ensureCreated() + fail(event.error);
        default:
          return ensureCreated() + route(event);
      }
    },
    end(): string {
      if (closed) return '';
      return (
        ensureCreated() +
        fail({
          kind: 'api_error',
          status: 502,
          message: 'The upstream stream ended before the response finished',
        })
      );
    },
  };
}
