import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { emptyUsage, mergeUsage, UNREADABLE_STREAM_DATA } from '../protocols/canonical';
import type {
  CanonicalError,
  StopReason,
  StreamDecoder,
  StreamEncoder,
  StreamEvent,
  Usage,
  Warning,
} from '../protocols/canonical';
import { BodyCapture } from '../trace/body-capture';

export interface RelayOutcome {
  usage: Usage;
  stopReason?: StopReason;
  /** The stream failed (upstream error, cut, timeout): what the client was told. */
  error?: CanonicalError;
  clientAborted: boolean;
  firstTokenAt?: number;
  lastByteAt?: number;
  warnings: Warning[];
  upstreamBody: BodyCapture;
  clientBody?: BodyCapture;
}

export interface RelayStreamOptions {
  upstreamBody: Readable;
  res: ServerResponse;
  /** Reads the upstream's events: converts them, or (passthrough) only taps usage. */
  decoder: StreamDecoder;
  /** Writes the client's protocol; undefined = passthrough (upstream bytes go out unchanged). */
  encoder: StreamEncoder | undefined;
  /** Makes an encoder for the error event of a failed passthrough stream. */
  errorEncoder: () => StreamEncoder;
  captureLimit: number;
  /** Masks provider keys and custom header values in error messages the client is told. */
  maskText?: (text: string) => string;
  onFirstByte?: () => void;
  /** After each upstream chunk: the first token and usage so far (live views). */
  onProgress?: (outcome: RelayOutcome) => void;
}

/**
 * Pipes one upstream SSE stream to the client. What each upstream chunk
 * yields is written at once (nothing waits for a later chunk), with
 * backpressure; a cut or failed upstream gives the client a protocol-correct
 * error event and a closed stream, never a hang.
 */
export async function relayStream(options: RelayStreamOptions): Promise<RelayOutcome> {
  const { res, decoder, encoder } = options;
  const outcome: RelayOutcome = {
    usage: emptyUsage(),
    clientAborted: false,
    warnings: [],
    upstreamBody: new BodyCapture(options.captureLimit),
    clientBody: encoder ? new BodyCapture(options.captureLimit) : undefined,
  };
  let finished = false;
  /** The last bytes a passthrough client got: an appended error event must start on an event boundary. */
  let passthroughTail = '';

  const observe = (event: StreamEvent): void => {
    switch (event.type) {
      case 'response-start':
        if (event.usage) outcome.usage = mergeUsage(outcome.usage, event.usage);
        break;
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
      case 'tool-input-start':
        outcome.firstTokenAt ??= Date.now();
        break;
      case 'usage-update':
        outcome.usage = mergeUsage(outcome.usage, event.usage);
        break;
      case 'response-finish':
        outcome.usage = mergeUsage(outcome.usage, event.usage);
        outcome.stopReason = event.stopReason;
        finished = true;
        break;
      case 'response-error':
        outcome.error = event.error;
        finished = true;
        break;
      default:
        break;
    }
  };

  // Headers go out with the first write (writeHead only stages them), so the client gets one packet, not two.
  let headersOut = false;
  const write = async (text: string | Buffer): Promise<void> => {
    if (text.length === 0 || res.destroyed) return;
    headersOut = true;
    if (!res.write(text)) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  };

  // What one upstream chunk becomes goes out in one write (one chunked-encoding frame), not one per event.
  const handleEvents = async (events: (StreamEvent | RawFrame)[]): Promise<void> => {
    let text = '';
    for (const raw of events) {
      if (raw.type === 'raw-frame') {
        text += encoder?.raw?.(raw.text) ?? '';
        continue;
      }
      const event = raw.type === 'response-finish' ? (lostDataError() ?? raw) : raw;
      observe(event);
      if (encoder) text += encoder.push(maskError(event));
    }
    if (events.length > 0) options.onProgress?.(outcome);
    if (text.length === 0) return;
    outcome.clientBody?.add(text);
    await write(text);
  };

  const pending: (StreamEvent | RawFrame)[] = [];
  // Comments (keep-alives) and `retry:` only matter to an encoder that forwards upstream frames.
  const keepsRawFrames = encoder?.raw !== undefined;
  const parser = createParser({
    onEvent(message) {
      pending.push(
        ...decoder.push({
          event: message.event,
          data: message.data,
          ...(message.id !== undefined && { id: message.id }),
        }),
      );
    },
    ...(keepsRawFrames && {
      onComment: (comment: string) => pending.push({ type: 'raw-frame', text: `: ${comment}\n\n` }),
      onRetry: (retry: number) => pending.push({ type: 'raw-frame', text: `retry: ${retry}\n\n` }),
    }),
  });
  const text = new TextDecoder();
  /** Keeps a chunk for the trace and parses its events into `pending`. */
  const readChunk = (bytes: Buffer): void => {
    outcome.upstreamBody.add(bytes);
    parser.feed(text.decode(bytes, { stream: true }));
  };

  try {
    let first = true;
    for await (const chunk of options.upstreamBody) {
      const bytes = chunk as Buffer;
      if (first) {
        first = false;
        options.onFirstByte?.();
      }
      if (!encoder) {
        // Passthrough: the bytes go out as they came, before anything reads them; the parsed events only feed the tap.
        const sent = write(bytes);
        passthroughTail = (passthroughTail + bytes.subarray(-4).toString('latin1')).slice(-4);
        try {
          readChunk(bytes);
          // No raw frames here: a passthrough has no encoder to keep them for.
          const events = pending.splice(0) as StreamEvent[];
          observeAll(events, observe);
          // Live views follow passthrough streams too (the waterfall grows, the first token shows).
          if (events.length > 0) options.onProgress?.(outcome);
        } finally {
          await sent;
        }
      } else {
        readChunk(bytes);
        await handleEvents(pending.splice(0));
      }
      if (res.destroyed) break;
      // A first chunk that made no client output (an SSE comment, a partial event) must not hold the headers back.
      if (!headersOut) {
        headersOut = true;
        res.flushHeaders();
      }
    }
    // A client that left needs no ending; the upstream was aborted with it.
    if (!res.destroyed) {
      parser.feed(text.decode());
      if (encoder) {
        await handleEvents([...pending.splice(0), ...decoder.end()]);
      } else {
        // These events' bytes already went out; only what end() concludes is new.
        observeAll(pending.splice(0) as StreamEvent[], observe);
        await passthroughEnd(decoder.end());
      }
    }
  } catch (error) {
    if (res.destroyed || isAbort(error)) {
      outcome.clientAborted = res.destroyed;
      if (!res.destroyed) await failStream(error);
    } else {
      await failStream(error);
    }
  }
  // The closing events and the end of the body leave together.
  const closing = encoder && !res.destroyed ? encoder.end() : '';
  outcome.clientBody?.add(closing);
  outcome.lastByteAt = Date.now();
  outcome.warnings.push(...decoder.warnings, ...(encoder?.warnings ?? []));
  if (!res.destroyed) res.end(closing);
  else outcome.clientAborted = true;
  return outcome;

  /** An upstream's error message can quote the key it was sent: never let it reach the client. */
  function maskError(event: StreamEvent): StreamEvent {
    if (event.type !== 'response-error' || !options.maskText) return event;
    return { ...event, error: { ...event.error, message: options.maskText(event.error.message) } };
  }

  /**
   * A decoder skipped data it could not read: the answer is incomplete, so
   * its finish becomes an error (converted streams: `[DONE]` must not turn a
   * lost chunk into a clean, empty `end_turn`).
   */
  function lostDataError(): StreamEvent | undefined {
    const lost = decoder.warnings.filter((warning) => warning.code === UNREADABLE_STREAM_DATA);
    if (lost.length === 0) return undefined;
    return {
      type: 'response-error',
      error: {
        kind: 'api_error',
        status: 502,
        message: `the upstream stream lost data: ${lost.length} unreadable chunk(s), the answer is incomplete (${lost[0]!.message})`,
      },
    };
  }

  async function passthroughEnd(endEvents: StreamEvent[]): Promise<void> {
    // A stream the provider already finished, or failed with its own error event, stays as it sent it.
    const alreadyEnded = finished;
    observeAll(endEvents, observe);
    const failure = endEvents.find((event) => event.type === 'response-error');
    // The upstream closed without finishing: tell the client in its protocol instead of a silent stop.
    if (failure && !alreadyEnded) await writeError(failure);
    // The client got the bytes as they were (its own parser sees the damage); the trace says so.
    else if (!outcome.error) {
      const lost = lostDataError();
      if (lost?.type === 'response-error') outcome.error = lost.error;
    }
  }

  async function failStream(error: unknown): Promise<void> {
    if (finished) return;
    const failure: StreamEvent = {
      type: 'response-error',
      error: {
        kind: 'api_error',
        status: 502,
        message: `the upstream stream failed: ${(error as Error)?.message ?? String(error)}`,
      },
    };
    observe(failure);
    if (encoder) await handleEvents([failure]);
    else await writeError(failure);
  }

  async function writeError(failure: StreamEvent): Promise<void> {
    const errorEncoder = options.errorEncoder();
    // Cut mid-event (`data: {"choi`): end that event first, so the error is an event of its own.
    const terminator =
      /(\r\n\r\n|\n\n|\r\r)$/.test(passthroughTail) || passthroughTail === ''
        ? ''
        : /[\r\n]$/.test(passthroughTail)
          ? '\n'
          : '\n\n';
    const frame = terminator + errorEncoder.push(maskError(failure));
    outcome.clientBody?.add(frame);
    await write(frame);
  }
}

/** An upstream frame that is no event (a comment, a `retry:`), kept in its place among the events. */
interface RawFrame {
  type: 'raw-frame';
  text: string;
}

function observeAll(events: StreamEvent[], observe: (event: StreamEvent) => void): void {
  for (const event of events) observe(event);
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: string; code?: string })?.name;
  const code = (error as { code?: string })?.code;
  return name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR';
}
