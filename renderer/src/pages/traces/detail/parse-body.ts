import { createParser } from 'eventsource-parser';

export interface StreamEvent {
  /** The SSE `event:` name, when the stream names its events (Anthropic, Responses). */
  event?: string;
  data: string;
  /** The data as JSON, when it is JSON. */
  json?: unknown;
  /** Where the event starts in the body, 0…1: the best timeline a stored stream allows. */
  position: number;
}

export type ParsedBody =
  | { kind: 'json'; value: unknown; pretty: string }
  | { kind: 'sse'; events: StreamEvent[] }
  | { kind: 'text'; text: string };

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Looks like an event stream: its first non-blank line is an SSE field. */
function looksLikeSse(text: string): boolean {
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  return /^(data|event|id|retry):/.test(firstLine) || firstLine.startsWith(':');
}

/**
 * A stored body as something to show: JSON (pretty printed), an event stream
 * (one entry per event, parsed by eventsource-parser; a JSON array stream such
 * as Gemini's without `alt=sse` counts too), or plain text.
 */
export function parseBody(content: string): ParsedBody {
  const trimmed = content.trim();
  if (looksLikeSse(trimmed)) return { kind: 'sse', events: parseSse(content) };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = tryJson(trimmed);
    if (parsed.ok)
      return { kind: 'json', value: parsed.value, pretty: JSON.stringify(parsed.value, null, 2) };
  }
  return { kind: 'text', text: content };
}

export function parseSse(content: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  const total = Math.max(1, content.length);
  let offset = 0;
  const parser = createParser({
    onEvent: (message) => {
      const parsed = tryJson(message.data);
      events.push({
        ...(message.event !== undefined && { event: message.event }),
        data: message.data,
        ...(parsed.ok && { json: parsed.value }),
        position: offset / total,
      });
    },
  });
  // Fed a frame at a time so each event knows where in the body it began.
  const frames = content.split(/(?<=\r?\n\r?\n)/);
  for (const frame of frames) {
    parser.feed(frame);
    offset += frame.length;
  }
  parser.feed('\n\n');
  return events;
}

/** A JSON array body read as a stream of its elements (Gemini streams without `alt=sse`). */
export function arrayAsEvents(value: unknown): StreamEvent[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item, index) => ({
    data: JSON.stringify(item),
    json: item,
    position: value.length <= 1 ? 0 : index / value.length,
  }));
}
