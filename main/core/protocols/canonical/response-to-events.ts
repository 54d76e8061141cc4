import type { CanonicalResponse, StreamEvent } from './types';

/**
 * The stream events that would have produced `response`. For a provider that
 * answers a streaming request with one JSON body: the client asked for a
 * stream, so it gets one.
 */
export function responseToEvents(response: CanonicalResponse): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'response-start', id: response.id, model: response.model }];
  response.content.forEach((part, index) => {
    const id = `b${index}`;
    switch (part.type) {
      case 'text':
        events.push(
          { type: 'text-start', id, ...(part.phase ? { phase: part.phase } : {}) },
          { type: 'text-delta', id, delta: part.text },
          { type: 'text-end', id, ...(part.citations ? { citations: part.citations } : {}) },
        );
        break;
      case 'reasoning':
        events.push(
          { type: 'reasoning-start', id, ...(part.itemId ? { itemId: part.itemId } : {}) },
          ...(part.text ? [{ type: 'reasoning-delta' as const, id, delta: part.text }] : []),
          {
            type: 'reasoning-end',
            id,
            ...(part.signature ? { signature: part.signature } : {}),
            ...(part.encrypted ? { encrypted: part.encrypted } : {}),
            ...(part.redactedData ? { redactedData: part.redactedData } : {}),
          },
        );
        break;
      case 'tool-call':
        events.push(
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
        );
        break;
      case 'image':
      case 'file':
      case 'tool-result':
      case 'server-tool-call':
      case 'server-tool-result':
      case 'opaque':
        events.push({ type: 'part-add', id, part });
        break;
      default: {
        const _exhaustive: never = part;
        return _exhaustive;
      }
    }
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
