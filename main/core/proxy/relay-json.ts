import type { ProxyExchange } from './proxy-exchange';
import type { ServerResponse } from 'node:http';
import { ProtocolError, responseToEvents } from '../protocols/canonical';
import type {
  CanonicalResponse,
  ClientContext,
  ProtocolCodec,
  StreamEncoder,
  TargetContext,
} from '../protocols/canonical';
import { BodyCapture } from '../trace/body-capture';
import type { RelayOutcome } from './relay-stream';
import type { UpstreamResponse } from '../upstream';
import { readUpstreamText } from './read-upstream-text';
import { restoreCustomToolCalls } from './restore-custom-tool-calls';
import type { TraceDraft } from '../trace/trace-draft';
import type { RawAnswer } from '../governance/create-response-cache';

/** Decode an upstream JSON body; a body that is not JSON is the provider's fault (502), said plainly. */
function parseUpstreamJson(text: string, providerId: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProtocolError(
      'api_error',
      502,
      `provider ${providerId} answered with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}

/**
 * The client asked for a stream but the provider answered one JSON body
 * (some do, for some models or errors): replay it as a stream of events.
 */
export async function relayJsonAsStream(input: {
  res: ServerResponse;
  response: UpstreamResponse;
  targetCodec: ProtocolCodec;
  encoder: StreamEncoder;
  target: TargetContext;
  trace: TraceDraft;
}): Promise<RelayOutcome> {
  const text = await readUpstreamText(input.response.body, input.target.providerId);
  const decoded = input.targetCodec.decodeResponse({
    body: parseUpstreamJson(text, input.target.providerId),
    target: input.target,
  });
  const upstreamBody = new BodyCapture(Number.MAX_SAFE_INTEGER);
  upstreamBody.add(text);
  const clientBody = new BodyCapture(Number.MAX_SAFE_INTEGER);
  for (const event of responseToEvents(decoded.value)) {
    const frame = input.encoder.push(event);
    clientBody.add(frame);
    input.res.write(frame);
  }
  const closing = input.encoder.end();
  clientBody.add(closing);
  input.res.end(closing);
  const now = Date.now();
  return {
    usage: decoded.value.usage,
    stopReason: decoded.value.stopReason,
    clientAborted: false,
    firstTokenAt: now,
    lastByteAt: now,
    warnings: [
      ...decoded.warnings,
      ...input.encoder.warnings,
      {
        code: 'json-answer-to-stream',
        message: `provider ${input.target.providerId} answered a streaming request with one JSON body; it was replayed as a stream`,
      },
    ],
    upstreamBody,
    clientBody,
  };
}

/** A non-streaming answer: forwarded as is (passthrough) or decoded, converted and re-encoded. */
export async function relayJson(input: {
  exchange: ProxyExchange;
  response: UpstreamResponse;
  passthrough: boolean;
  targetCodec: ProtocolCodec;
  clientCodec: ProtocolCodec;
  target: TargetContext;
  client: ClientContext;
  customNames: ReadonlySet<string>;
  trace: TraceDraft;
  /** Guardrails: the answer with refused tool calls replaced, or undefined when it stands. */
  intercept?: (response: CanonicalResponse, raw?: RawAnswer) => CanonicalResponse | undefined;
}): Promise<void> {
  const { exchange, response, trace } = input;
  const text = await readUpstreamText(response.body, input.target.providerId);
  trace.noteUpstreamResponse(text);
  if (input.passthrough) {
    // The tap reads usage from what flows past. Guardrails read the answer before it is sent (a refused
    // tool call is replaced, the cache keeps it); otherwise it is sent first, off the client's clock.
    const read = (): { body: unknown; answer: CanonicalResponse | undefined } => {
      try {
        const body: unknown = JSON.parse(text);
        return { body, answer: input.targetCodec.decodeResponse({ body, target: input.target }).value };
      } catch {
        return { body: undefined, answer: undefined };
      }
    };
    const early = input.intercept ? read() : undefined;
    if (early?.answer && response.status === 200) {
      const replaced = input.intercept!(early.answer, {
        text,
        protocol: input.targetCodec.protocol,
        target: input.target,
      });
      if (replaced) {
        const encoded = input.clientCodec.encodeResponse({ response: replaced, client: input.client });
        const body = JSON.stringify(encoded.value);
        sendNow(exchange, 200, 'application/json; charset=utf-8', body);
        trace.noteJson(200, body, replaced, encoded.warnings);
        return;
      }
    }
    sendNow(exchange, response.status, String(response.headers['content-type'] ?? 'application/json'), text);
    const { body, answer } = early ?? read();
    trace.noteJson(response.status, undefined, answer);
    // An HTML page or a cut-off body with a 200 is no success, whatever the status says.
    if (body === undefined)
      trace.noteBrokenAnswer(
        `provider ${input.target.providerId} answered ${response.status} with a body that is not JSON (relayed as is): ${text.slice(0, 200)}`,
      );
    return;
  }
  const decoded = input.targetCodec.decodeResponse({
    body: parseUpstreamJson(text, input.target.providerId),
    target: input.target,
  });
  const custom = restoreCustomToolCalls(decoded.value, input.customNames);
  const restored = input.intercept?.(custom) ?? custom;
  const encoded = input.clientCodec.encodeResponse({ response: restored, client: input.client });
  const body = JSON.stringify(encoded.value);
  sendNow(exchange, 200, 'application/json; charset=utf-8', body);
  trace.noteJson(200, body, restored, [...decoded.warnings, ...encoded.warnings]);
}

/**
 * Ends the response here rather than when the middleware stack unwinds, so
 * the tap, the trace and the metrics that follow are off the client's clock.
 */
function sendNow(exchange: ProxyExchange, status: number, contentType: string, body: string): void {
  exchange.respond = false;
  const { res } = exchange;
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
