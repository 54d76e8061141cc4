import type Koa from 'koa';
import { ProtocolError } from '../../protocols/canonical';
import type { ClientContext, ProtocolCodec, TargetContext } from '../../protocols/canonical';
import type { UpstreamResponse } from '../../upstream';
import { restoreCustomToolCalls } from './restore-custom-tool-calls';
import type { TraceDraft } from './trace-draft';

async function readText(body: UpstreamResponse['body']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A non-streaming answer: forwarded as is (passthrough) or decoded, converted and re-encoded. */
export async function relayJson(input: {
  ctx: Koa.Context;
  response: UpstreamResponse;
  passthrough: boolean;
  targetCodec: ProtocolCodec;
  clientCodec: ProtocolCodec;
  target: TargetContext;
  client: ClientContext;
  customNames: ReadonlySet<string>;
  trace: TraceDraft;
}): Promise<void> {
  const { ctx, response, trace } = input;
  const text = await readText(response.body);
  trace.noteUpstreamResponse(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (!input.passthrough) {
      throw new ProtocolError('api_error', 502, `provider ${input.target.providerId} answered with a body that is not JSON: ${text.slice(0, 200)}`);
    }
  }
  if (input.passthrough) {
    ctx.status = response.status;
    ctx.type = String(response.headers['content-type'] ?? 'application/json');
    ctx.set('x-request-id', trace.id);
    ctx.body = text;
    // The tap: read usage from what flowed past; a body we can't read is still forwarded.
    let usageSource;
    try {
      usageSource = parsed === undefined ? undefined : input.targetCodec.decodeResponse({ body: parsed, target: input.target }).value;
    } catch {
      usageSource = undefined;
    }
    trace.noteJson(response.status, text, usageSource);
    return;
  }
  const decoded = input.targetCodec.decodeResponse({ body: parsed, target: input.target });
  const restored = restoreCustomToolCalls(decoded.value, input.customNames);
  const encoded = input.clientCodec.encodeResponse({ response: restored, client: input.client });
  const body = JSON.stringify(encoded.value);
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.set('x-request-id', trace.id);
  ctx.body = body;
  trace.noteJson(200, body, restored, [...decoded.warnings, ...encoded.warnings]);
}
