import type { SseEvent, StreamDecoder } from '../canonical/codec';
import { parseJsonOrUndefined, UNREADABLE_STREAM_DATA } from '../canonical/sse';
import type { StreamEvent, Warning } from '../canonical/types';
import { canonicalErrorFromCode } from './convert-responses-error';
import { convertResponsesUsage } from './convert-responses-usage';
import { mapResponsesStopReason } from './map-responses-stop-reason';
import { type JsonRecord, isRecord, optionalArray, optionalString } from './read-json-values';
import { createOutputItemTracker } from './track-responses-output-items';

/** Responses SSE → canonical stream events. */
export function createResponsesStreamDecoder(): StreamDecoder {
  const warnings: Warning[] = [];
  const tracker = createOutputItemTracker({ warnings });
  let started = false;
  let finished = false;

  const finish = (response: JsonRecord, events: StreamEvent[]): void => {
    if (!started) start(response, events);
    // A proxy that sends only the final object: its items are the whole answer. (Positions in
    // the final output need not match streamed output_index values, so never mix the two.)
    if (tracker.itemCount === 0) {
      (optionalArray(response.output) ?? []).forEach((item, index) => {
        if (isRecord(item)) tracker.finishItem(index, item, events);
      });
    }
    tracker.closeOpenItems(events);
    const stop = mapResponsesStopReason({
      status: response.status,
      incompleteDetails: response.incomplete_details,
      hasToolCalls: tracker.sawToolCall,
    });
    events.push({ type: 'response-finish', ...stop, usage: convertResponsesUsage(response.usage) });
    finished = true;
  };

  const start = (response: JsonRecord, events: StreamEvent[]): void => {
    started = true;
    events.push({
      type: 'response-start',
      id: optionalString(response.id) ?? '',
      model: optionalString(response.model) ?? '',
    });
  };

  const fail = (error: JsonRecord | undefined, events: StreamEvent[]): void => {
    finished = true;
    events.push({
      type: 'response-error',
      error: canonicalErrorFromCode({
        code: optionalString(error?.code),
        type: optionalString(error?.type),
        message: optionalString(error?.message),
      }),
    });
  };

  const handle = (data: JsonRecord, events: StreamEvent[]): void => {
    const type = optionalString(data.type) ?? '';
    const response = isRecord(data.response) ? data.response : undefined;
    if (type === 'response.created' || type === 'response.in_progress' || type === 'response.queued') {
      if (!started && response) start(response, events);
      return;
    }
    if (type === 'response.completed' || type === 'response.incomplete')
      return finish(response ?? {}, events);
    if (type === 'response.failed')
      return fail(isRecord(response?.error) ? response.error : undefined, events);
    if (type === 'error') return fail(isRecord(data.error) ? data.error : data, events);

    tracker.applyItemEvent(type, data, events);
  };

  return {
    warnings,
    push(event: SseEvent): StreamEvent[] {
      if (finished) return [];
      const data = parseJsonOrUndefined(event.data);
      if (!isRecord(data)) {
        if (event.data.trim() !== '[DONE]') {
          warnings.push({
            code: UNREADABLE_STREAM_DATA,
            message: `An upstream stream event was not JSON: ${event.data.slice(0, 80)}`,
          });
        }
        return [];
      }
      if (data.type === undefined && event.event !== undefined) data.type = event.event;
      const events: StreamEvent[] = [];
      handle(data, events);
      return events;
    },
    end(): StreamEvent[] {
      if (finished) return [];
      finished = true;
      return [
        {
          type: 'response-error',
          error: {
            kind: 'api_error',
            status: 502,
            message: 'The upstream stream ended before response.completed',
          },
        },
      ];
    },
  };
}
