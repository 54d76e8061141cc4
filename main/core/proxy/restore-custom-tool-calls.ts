import type { CanonicalResponse, StreamEncoder, StreamEvent, ToolCallPart } from '../protocols/canonical';

/*
 * Freeform (custom) tools — Codex's apply_patch, say — travel to providers
 * without them as function tools taking one string `input`. The provider's
 * answer then holds a function call `{"input": "…"}`; the client asked for a
 * custom tool, so it gets a custom call with the raw string back.
 */

export function customToolNames(tools: readonly { type: string; name: string }[]): Set<string> {
  return new Set(tools.filter((tool) => tool.type === 'custom').map((tool) => tool.name));
}

function unwrapInput(argumentsText: string): string | undefined {
  try {
    const parsed = JSON.parse(argumentsText) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { input?: unknown }).input === 'string'
    ) {
      return (parsed as { input: string }).input;
    }
  } catch {
    // Not the wrapper shape: leave the call as the provider made it.
  }
  return undefined;
}

function restorePart(part: ToolCallPart, names: ReadonlySet<string>): ToolCallPart {
  if (part.kind !== 'function' || !names.has(part.name)) return part;
  const input = unwrapInput(part.arguments);
  return input === undefined ? part : { ...part, kind: 'custom', arguments: input };
}

export function restoreCustomToolCalls(
  response: CanonicalResponse,
  names: ReadonlySet<string>,
): CanonicalResponse {
  if (names.size === 0) return response;
  return {
    ...response,
    content: response.content.map((part) => (part.type === 'tool-call' ? restorePart(part, names) : part)),
  };
}

/** Wraps a stream encoder: calls of custom tools are held until complete, then sent as custom calls. */
export function withCustomToolRestore(encoder: StreamEncoder, names: ReadonlySet<string>): StreamEncoder {
  if (names.size === 0) return encoder;
  const held = new Map<string, { start: Extract<StreamEvent, { type: 'tool-input-start' }>; text: string }>();
  return {
    get warnings() {
      return encoder.warnings;
    },
    end: () => encoder.end(),
    push(event) {
      if (event.type === 'tool-input-start' && event.kind === 'function' && names.has(event.name)) {
        held.set(event.id, { start: event, text: '' });
        return '';
      }
      if (event.type === 'tool-input-delta') {
        const entry = held.get(event.id);
        if (entry) {
          entry.text += event.delta;
          return '';
        }
      }
      if (event.type === 'tool-input-end') {
        const entry = held.get(event.id);
        if (entry) {
          held.delete(event.id);
          const input = unwrapInput(entry.text);
          const start = input === undefined ? entry.start : { ...entry.start, kind: 'custom' as const };
          return (
            encoder.push(start) +
            encoder.push({ type: 'tool-input-delta', id: event.id, delta: input ?? entry.text }) +
            encoder.push(event)
          );
        }
      }
      return encoder.push(event);
    },
  };
}
