import type { CanonicalResponse, ContentPart, StreamEvent } from './types';

type BlockStreamEvent = Extract<
  StreamEvent,
  { type: `${'text' | 'reasoning' | 'tool-input'}-${'start' | 'delta' | 'end'}` }
>;

/**
 * The start, delta and end events that would have streamed `part` as a block;
 * undefined for parts that only ever arrive whole (as `part-add`).
 */
export function partToBlockEvents(id: string, part: ContentPart): BlockStreamEvent[] | undefined {
  switch (part.type) {
    case 'text':
      return [
        { type: 'text-start', id, ...(part.phase ? { phase: part.phase } : {}) },
        { type: 'text-delta', id, delta: part.text },
        { type: 'text-end', id, ...(part.citations ? { citations: part.citations } : {}) },
      ];
    case 'reasoning':
      return [
        { type: 'reasoning-start', id, ...(part.itemId ? { itemId: part.itemId } : {}) },
        ...(part.text ? [{ type: 'reasoning-delta' as const, id, delta: part.text }] : []),
        {
          type: 'reasoning-end',
          id,
          ...(part.signature ? { signature: part.signature } : {}),
          ...(part.encrypted ? { encrypted: part.encrypted } : {}),
          ...(part.redactedData ? { redactedData: part.redactedData } : {}),
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
          ...(part.itemId ? { itemId: part.itemId } : {}),
          ...(part.namespace ? { namespace: part.namespace } : {}),
        },
        { type: 'tool-input-delta', id, delta: part.arguments },
        { type: 'tool-input-end', id, ...(part.signature ? { signature: part.signature } : {}) },
      ];
    case 'image':
    case 'file':
    case 'tool-result':
    case 'server-tool-call':
    case 'server-tool-result':
    case 'opaque':
      return undefined;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

/**
 * The stream events that would have produced `response`. For a provider that
 * answers a streaming request with one JSON body: the client asked for a
 * stream, so it gets one.
 */
export function responseToEvents(response: CanonicalResponse): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'response-start', id: response.id, model: response.model }];
  response.content.forEach((part, index) => {
    const id = `b${index}`;
    events.push(...(partToBlockEvents(id, part) ?? [{ type: 'part-add' as const, id, part }]));
  });
  events.push({
    type: 'response-finish',
    stopReason: response.stopReason,
    ...(response.rawStopReason ? { rawStopReason: response.rawStopReason } : {}),
    ...(response.stopSequence ? { stopSequence: response.stopSequence } : {}),
    usage: response.usage,
  });
  return events;
}
