import type { SseEvent, StreamDecoder, StreamEncoder, StreamEvent } from '../protocols/canonical';
import type { ToolCallGate } from './create-tool-call-gate';

interface FrameGroup {
  /** The SSE frames (as text) that produced these events, plus any before them that produced none. */
  raw: string;
  events: StreamEvent[];
  done: boolean;
}

/**
 * Interception on a same-protocol stream without giving up passthrough: the
 * provider's frames still go out as they came, except while a watched tool
 * call is arriving — those frames are held (only that call's, not the whole
 * stream) until its input is complete. An allowed call's frames then go out
 * unchanged; a refused one is written by an encoder of the client's own
 * protocol that has followed every event so far (a "shadow"), so its block
 * numbering and state match what the client saw, and that encoder carries
 * the rest of the stream.
 *
 * Plugs into relayStream as its decoder and encoder, so the relay needs no
 * special case: the encoder's text is exactly what the client should get.
 */
export function interceptPassthroughStream(input: {
  decoder: StreamDecoder;
  shadow: StreamEncoder;
  gate: ToolCallGate;
}): { decoder: StreamDecoder; encoder: StreamEncoder } {
  const { decoder, shadow, gate } = input;
  const groups = new WeakMap<StreamEvent, FrameGroup>();
  /** Frames read that produced no event yet (pings, frames a decoder needs the next one for). */
  let unclaimed = '';
  let heldRaw = '';
  let heldOut: { event: StreamEvent; synthetic: boolean }[] = [];
  let blockedBeforeHold = 0;
  let switched = false;

  const claim = (events: StreamEvent[]): StreamEvent[] => {
    if (events.length === 0) return events;
    const group: FrameGroup = { raw: unclaimed, events, done: false };
    unclaimed = '';
    for (const event of events) groups.set(event, group);
    return events;
  };

  const wrappedDecoder: StreamDecoder = {
    push(message: SseEvent) {
      unclaimed += frameOf(message);
      return claim(decoder.push(message));
    },
    end() {
      return claim(decoder.end());
    },
    get warnings() {
      return decoder.warnings;
    },
  };

  const process = (events: StreamEvent[], raw: string | undefined): string => {
    if (switched)
      return events
        .flatMap((event) => gate.push(event))
        .map((event) => shadow.push(event))
        .join('');
    if (heldOut.length === 0 && !gate.holding) blockedBeforeHold = gate.blockedCount;
    for (const event of events)
      for (const out of gate.push(event)) heldOut.push({ event: out, synthetic: raw === undefined });
    if (raw !== undefined) heldRaw += raw;
    if (gate.holding) return '';
    const released = heldOut;
    const releasedRaw = heldRaw;
    heldOut = [];
    heldRaw = '';
    if (gate.blockedCount > blockedBeforeHold) {
      switched = true;
      return released.map(({ event }) => shadow.push(event)).join('');
    }
    // Nothing refused: the provider's bytes, with the shadow kept in step (its text is not sent).
    let text = releasedRaw;
    for (const { event, synthetic } of released) {
      const encoded = shadow.push(event);
      if (synthetic) text += encoded;
    }
    return text;
  };

  const encoder: StreamEncoder = {
    // A comment or `retry:` keeps its place: after the frames not sent yet, or now.
    raw(frame) {
      if (switched) return frame;
      if (unclaimed !== '') {
        unclaimed += frame;
        return '';
      }
      if (gate.holding) {
        heldRaw += frame;
        return '';
      }
      return frame;
    },
    push(event) {
      const group = groups.get(event);
      // An event the relay made itself (a failed upstream): only the shadow can write it.
      if (!group) return process([event], undefined);
      if (group.done) return '';
      group.done = true;
      return process(group.events, group.raw);
    },
    end() {
      if (switched) return shadow.end();
      const rest = heldRaw + unclaimed;
      heldRaw = '';
      unclaimed = '';
      return rest;
    },
    get warnings() {
      return switched ? shadow.warnings : [];
    },
  };
  return { decoder: wrappedDecoder, encoder };
}

/** An SSE event as frame text again, its `id:` included (comments and `retry:` come through `raw`). */
function frameOf(message: SseEvent): string {
  const id = message.id !== undefined ? `id: ${message.id}\n` : '';
  const name = message.event ? `event: ${message.event}\n` : '';
  return `${id}${name}${message.data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}
