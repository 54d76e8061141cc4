import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec } from '../../../main/core/protocols/openai-responses/index';
import { listUpstreamFixtures, readJson } from '../../helpers/fixtures';
import { CLIENT, TARGET, sdkCreate, summarize } from './replay-responses-stream';

const files = [
  ...listUpstreamFixtures('openai/responses', /\.json$/),
  ...listUpstreamFixtures('open-responses', /\.json$/),
];
const isError = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'error' in body && !('object' in body);
const responses = files
  .filter((file) => !isError(readJson(file)))
  .map((file) => ({ name: file.split('/').pop(), file }));
const errors = files
  .filter((file) => isError(readJson(file)))
  .map((file) => ({ name: file.split('/').pop(), file }));

describe('Responses JSON recordings: decodeResponse → encodeResponse → openai SDK', () => {
  it('has recordings', () => {
    expect(responses.length).toBeGreaterThan(15);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it.each(responses)('$name', async ({ file }) => {
    const body = readJson(file);
    const decoded = openaiResponsesCodec.decodeResponse({ body, target: TARGET });
    const encoded = openaiResponsesCodec.encodeResponse({ response: decoded.value, client: CLIENT });
    const ours = await sdkCreate(encoded.value);
    expect(summarize(ours)).toEqual(summarize(await sdkCreate(body)));
    expect(ours.model).toBe(CLIENT.requestModel);
    expect(ours.id).toMatch(/^resp_/);
    // Every item type survives (opaque items verbatim), in order.
    const original = body as { output: { type: string }[] };
    expect(ours.output.map((item) => item.type)).toEqual(original.output.map((item) => item.type));
  });
});

describe('Responses error bodies', () => {
  it.each(errors)('$name keeps message and status through decodeError → encodeError', async ({ file }) => {
    const body = readJson(file) as { error: { message: string } };
    const status = body.error.message.includes('quota') ? 429 : 400;
    const error = openaiResponsesCodec.decodeError({ status, body });
    expect(error.message).toBe(body.error.message);
    expect(error.kind).toBe(status === 429 ? 'rate_limit' : 'invalid_request');
    const thrown = await sdkCreate(openaiResponsesCodec.encodeError(error), error.status).catch(
      (caught: unknown) => caught,
    );
    expect(thrown).toBeInstanceOf(APIError);
    expect((thrown as APIError).status).toBe(status);
    expect((thrown as APIError).message).toContain(body.error.message);
  });
});

describe('decodeResponse details', () => {
  const decode = (name: string) => {
    const file = files.find((candidate) => candidate.endsWith(name));
    return openaiResponsesCodec.decodeResponse({ body: readJson(file ?? ''), target: TARGET }).value;
  };

  it('reads a function call turn as tool_use with its item id', () => {
    const response = decode('lmstudio-tool-call.1.json');
    expect(response.stopReason).toBe('tool_use');
    expect(response.content).toEqual([
      {
        type: 'tool-call',
        id: 'call_2866856768160095',
        name: 'weather',
        arguments: '{"location":"San Francisco"}',
        kind: 'function',
        itemId: 'fc_ru0kcno9erlzp8573yub',
      },
    ]);
  });

  it('keeps phase, cached tokens and reasoning tokens', () => {
    const response = decode('openai-phase.1.json');
    expect(response.stopReason).toBe('end_turn');
    expect(response.content.map((part) => (part.type === 'text' ? part.phase : part.type))).toEqual([
      'commentary',
      'final_answer',
    ]);
    expect(response.usage).toEqual({
      inputTokens: 7243,
      outputTokens: 423,
      cacheReadTokens: 3072,
      cacheWriteTokens: 0,
      reasoningTokens: 58,
    });
  });

  it('keeps encrypted reasoning tagged with its origin, and hosted calls as their own parts', () => {
    const reasoning = decode('openai-reasoning-encrypted-content.1.json').content[0];
    expect(reasoning).toMatchObject({ type: 'reasoning', encrypted: { origin: 'openai-responses' } });
    const web = decode('openai-web-search-tool.1.json').content.find(
      (part) => part.type === 'server-tool-call',
    );
    expect(web).toMatchObject({
      name: 'web_search',
      protocol: 'openai-responses',
      input: { type: 'search' },
    });
    const shell = decode('openai-local-shell-tool.1.json').content[1];
    expect(shell).toMatchObject({
      type: 'opaque',
      protocol: 'openai-responses',
      value: { type: 'local_shell_call' },
    });
  });
});
