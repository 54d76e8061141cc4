import type { ClientContext, StreamEncoder } from '../canonical/codec';
import { emptyUsage, mergeUsage } from '../canonical/usage';
import type { CanonicalError, ContentPart, StreamEvent, Usage, Warning } from '../canonical/types';
import { buildResponsesObject, createItemIdFactory, errorCode, toResponseId } from './build-responses-object';
import { errorTypeForKind } from './convert-responses-error';
import { convertPartToOutputItem } from './convert-parts-to-responses-output';
import { encodeResponsesStatus } from './map-responses-stop-reason';
import { createResponsesItemWriter } from './write-responses-stream-items';

type BlockEvent = Exclude<
  StreamEvent,
  { type: 'response-start' | 'usage-update' | 'response-finish' | 'response-error' }
>;

/** A block that started while another one was streaming: held back so items stay contiguous. */
interface QueuedBlock {
  events: BlockEvent[];
  ended: boolean;
}

const isStart = (event: BlockEvent): boolean =>
  event.type === 'text-start' || event.type === 'reasoning-start' || event.type === 'tool-input-start';
const isEnd = (event: BlockEvent): boolean =>
  event.type === 'text-end' || event.type === 'reasoning-end' || event.type === 'tool-input-end';

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
  let live: string | undefined;
  const queued = new Map<string, QueuedBlock>();
  const queue: string[] = [];
  const started = new Set<string>();
  const writerKindOf = new Map<string, 'text' | 'reasoning' | 'tool'>();

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

  /** A whole part as the events of its block, so it is written like a streamed one. */
  const partEvents = (id: string, part: ContentPart): BlockEvent[] | undefined => {
    switch (part.type) {
      case 'text':
        return [
          { type: 'text-start', id, ...(part.phase !== undefined ? { phase: part.phase } : {}) },
          { type: 'text-delta', id, delta: part.text },
          { type: 'text-end', id, ...(part.citations ? { citations: part.citations } : {}) },
        ];
      case 'reasoning':
        return [
          { type: 'reasoning-start', id, ...(part.itemId !== undefined ? { itemId: part.itemId } : {}) },
          { type: 'reasoning-delta', id, delta: part.text },
          {
            type: 'reasoning-end',
            id,
            ...(part.encrypted ? { encrypted: part.encrypted } : {}),
            ...(part.signature ? { signature: part.signature } : {}),
            ...(part.redactedData !== undefined ? { redactedData: part.redactedData } : {}),
          },
        ];
      case 'tool-call':
        return [
          {
            type: 'tool-input-start',
            id,
            toolCallId: part.id,
            name: part.name,
            kind: part.kind,
            ...(part.itemId !== undefined ? { itemId: part.itemId } : {}),
            ...(part.namespace !== undefined ? { namespace: part.namespace } : {}),
          },
          { type: 'tool-input-delta', id, delta: part.arguments },
          { type: 'tool-input-end', id, ...(part.signature ? { signature: part.signature } : {}) },
        ];
      default:
        return undefined;
    }
  };

  /** Writes one event of the live block (or a block becoming live). */
  const write = (event: BlockEvent): string => {
    switch (event.type) {
      case 'text-start':
        live = event.id;
        return writer.textStart(event.phase);
      case 'text-delta':
        return writer.textDelta(event.delta);
      case 'text-end':
        live = undefined;
        return writer.textEnd(event.citations);
      case 'reasoning-start':
        live = event.id;
        return writer.reasoningStart(event.itemId);
      case 'reasoning-delta':
        return writer.reasoningDelta(event.delta);
      case 'reasoning-end':
        live = undefined;
        return writer.reasoningEnd(event);
      case 'tool-input-start':
        live = event.id;
        return writer.toolStart(event);
      case 'tool-input-delta':
        return writer.toolDelta(event.delta);
      case 'tool-input-end':
        live = undefined;
        return writer.toolEnd(event.signature);
      case 'part-add': {
        const events = partEvents(event.id, event.part);
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
    while (live === undefined && queue.length > 0) {
      const id = queue.shift() as string;
      const block = queued.get(id);
      queued.delete(id);
      for (const event of block?.events ?? []) text += write(event);
    }
    return text;
  };

  const route = (event: BlockEvent): string => {
    const block = queued.get(event.id);
    if (block) {
      block.events.push(event);
      if (isEnd(event)) block.ended = true;
      return '';
    }
    if (event.type === 'part-add' || isStart(event)) {
      started.add(event.id);
      if (live !== undefined) {
        queued.set(event.id, { events: [event], ended: event.type === 'part-add' });
        queue.push(event.id);
        return '';
      }
    } else if (event.id !== live) {
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
      if (live === undefined) return;
      const id = live;
      const kind = writerKindOf.get(id);
      text += write(
        kind === 'text'
          ? { type: 'text-end', id }
          : kind === 'reasoning'
            ? { type: 'reasoning-end', id }
            : { type: 'tool-input-end', id },
      );
    };
    closeLive();
    while (queue.length > 0) {
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
          if (event.type === 'text-start') writerKindOf.set(event.id, 'text');
          else if (event.type === 'reasoning-start') writerKindOf.set(event.id, 'reasoning');
          else if (event.type === 'tool-input-start') writerKindOf.set(event.id, 'tool');
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
