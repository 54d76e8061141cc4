import { emptyUsage, mergeUsage } from '../protocols/canonical';
import type { CanonicalResponse, ContentPart, StreamEvent } from '../protocols/canonical';

export interface StreamResponseCollector {
  push(event: StreamEvent): void;
  /** The whole response once the stream finished well; undefined for a failed or cut stream. */
  result(): CanonicalResponse | undefined;
}

/** Rebuilds the response a stream carried, block by block (the inverse of responseToEvents). */
export function collectStreamResponse(): StreamResponseCollector {
  let id = '';
  let model = '';
  const parts = new Map<string, ContentPart>();
  let usage = emptyUsage();
  let finish: Extract<StreamEvent, { type: 'response-finish' }> | undefined;
  let failed = false;

  return {
    push(event) {
      switch (event.type) {
        case 'response-start':
          id = event.id;
          model = event.model;
          if (event.usage) usage = mergeUsage(usage, event.usage);
          break;
        case 'text-start':
          parts.set(event.id, { type: 'text', text: '', ...(event.phase ? { phase: event.phase } : {}) });
          break;
        case 'text-delta': {
          const part = parts.get(event.id);
          if (part?.type === 'text') part.text += event.delta;
          break;
        }
        case 'text-end': {
          const part = parts.get(event.id);
          if (part?.type === 'text' && event.citations) part.citations = event.citations;
          break;
        }
        case 'reasoning-start':
          parts.set(event.id, {
            type: 'reasoning',
            text: '',
            ...(event.itemId ? { itemId: event.itemId } : {}),
          });
          break;
        case 'reasoning-delta': {
          const part = parts.get(event.id);
          if (part?.type === 'reasoning') part.text += event.delta;
          break;
        }
        case 'reasoning-end': {
          const part = parts.get(event.id);
          if (part?.type === 'reasoning') {
            if (event.signature) part.signature = event.signature;
            if (event.encrypted) part.encrypted = event.encrypted;
            if (event.redactedData) part.redactedData = event.redactedData;
          }
          break;
        }
        case 'tool-input-start':
          parts.set(event.id, {
            type: 'tool-call',
            id: event.toolCallId,
            name: event.name,
            arguments: '',
            kind: event.kind,
            ...(event.itemId ? { itemId: event.itemId } : {}),
            ...(event.namespace ? { namespace: event.namespace } : {}),
          });
          break;
        case 'tool-input-delta': {
          const part = parts.get(event.id);
          if (part?.type === 'tool-call') part.arguments += event.delta;
          break;
        }
        case 'tool-input-end': {
          const part = parts.get(event.id);
          if (part?.type === 'tool-call' && event.signature) part.signature = event.signature;
          break;
        }
        case 'part-add':
          parts.set(event.id, event.part);
          break;
        case 'usage-update':
          usage = mergeUsage(usage, event.usage);
          break;
        case 'response-finish':
          usage = mergeUsage(usage, event.usage);
          finish = event;
          break;
        case 'response-error':
          failed = true;
          break;
        default: {
          const exhaustive: never = event;
          throw new Error(`unknown stream event ${JSON.stringify(exhaustive)}`);
        }
      }
    },
    result() {
      if (failed || !finish) return undefined;
      return {
        id,
        model,
        content: [...parts.values()],
        stopReason: finish.stopReason,
        ...(finish.rawStopReason ? { rawStopReason: finish.rawStopReason } : {}),
        ...(finish.stopSequence ? { stopSequence: finish.stopSequence } : {}),
        usage,
      };
    },
  };
}
