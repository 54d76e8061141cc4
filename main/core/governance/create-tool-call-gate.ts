import type { CanonicalResponse, ContentPart, StreamEvent } from '../protocols/canonical';

/** Decides one complete tool call: the refusal text to put in its place, or undefined to let it through. */
export type ToolCallJudge = (toolName: string, argumentsText: string) => string | undefined;

export interface ToolCallGate {
  /** One canonical event in; the events to pass on (none while a watched tool call is still arriving). */
  push(event: StreamEvent): StreamEvent[];
  /** A watched tool call is open: its events are being held. */
  readonly holding: boolean;
  /** Tool calls replaced by a refusal so far. */
  readonly blockedCount: number;
}

interface OpenCall {
  name: string;
  argumentsText: string;
}

/**
 * Holds the events of each watched tool call until its input is complete,
 * then releases them unchanged or puts a text block with the refusal in
 * their place (same block id, so encoders give it the call's position). Other
 * events pass at once unless a held call precedes them, which keeps order.
 * A response whose every tool call was refused ends as `end_turn`, so the
 * agent reads the refusal instead of waiting for a tool result.
 */
export function createToolCallGate(input: {
  watches(toolName: string): boolean;
  judge: ToolCallJudge;
}): ToolCallGate {
  let held: StreamEvent[] = [];
  const open = new Map<string, OpenCall>();
  const refusals = new Map<string, string>();
  let blocked = 0;
  let passed = 0;

  const settleFinish = (event: StreamEvent): StreamEvent => {
    if (event.type !== 'response-finish' || event.stopReason !== 'tool_use' || blocked === 0 || passed > 0)
      return event;
    // The provider's own finish value would say "tool_use" again; the refusal is the answer now.
    const { rawStopReason: _dropped, ...rest } = event;
    return { ...rest, stopReason: 'end_turn' };
  };

  const release = (event: StreamEvent): StreamEvent[] => {
    const refusal = 'id' in event ? refusals.get(event.id) : undefined;
    if (refusal === undefined) {
      if (event.type === 'tool-input-start') passed++;
      return [settleFinish(event)];
    }
    switch (event.type) {
      case 'tool-input-start':
        blocked++;
        return [
          { type: 'text-start', id: event.id },
          { type: 'text-delta', id: event.id, delta: refusal },
        ];
      case 'tool-input-end':
        return [{ type: 'text-end', id: event.id }];
      default:
        return [];
    }
  };

  const flush = (): StreamEvent[] => {
    const out = held.flatMap(release);
    held = [];
    return out;
  };

  return {
    get holding() {
      return open.size > 0;
    },
    get blockedCount() {
      return blocked;
    },
    push(event) {
      if (event.type === 'tool-input-start' && input.watches(event.name)) {
        open.set(event.id, { name: event.name, argumentsText: '' });
        held.push(event);
        return [];
      }
      if (open.size === 0 && held.length === 0) return release(event);
      held.push(event);
      if (event.type === 'tool-input-delta') {
        const call = open.get(event.id);
        if (call) call.argumentsText += event.delta;
      } else if (event.type === 'tool-input-end') {
        const call = open.get(event.id);
        if (call) {
          open.delete(event.id);
          const refusal = input.judge(call.name, call.argumentsText);
          if (refusal !== undefined) refusals.set(event.id, refusal);
        }
      } else if (event.type === 'response-finish' || event.type === 'response-error') {
        // The stream ended inside a tool call: nothing complete to judge, and the client must hear the end.
        open.clear();
      }
      return open.size === 0 ? flush() : [];
    },
  };
}

/** The same decision on a whole (non-streaming) response; undefined when nothing was refused. */
export function gateResponse(
  response: CanonicalResponse,
  input: { watches(toolName: string): boolean; judge: ToolCallJudge },
): CanonicalResponse | undefined {
  let blocked = 0;
  let passed = 0;
  const content: ContentPart[] = response.content.map((part) => {
    if (part.type !== 'tool-call') return part;
    const refusal = input.watches(part.name) ? input.judge(part.name, part.arguments) : undefined;
    if (refusal === undefined) {
      passed++;
      return part;
    }
    blocked++;
    return { type: 'text', text: refusal };
  });
  if (blocked === 0) return undefined;
  const endsTurn = response.stopReason === 'tool_use' && passed === 0;
  const { rawStopReason: _dropped, ...rest } = response;
  return endsTurn ? { ...rest, content, stopReason: 'end_turn' } : { ...response, content };
}
