import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../main/core/protocols/canonical/errors';
import type { CanonicalRequest } from '../../../main/core/protocols/canonical/types';
import {
  assertNoPreviousResponseId,
  openaiResponsesCodec,
} from '../../../main/core/protocols/openai-responses/index';
import { loadClientCaptures } from '../../helpers/fixtures';
import { TARGET } from './replay-responses-stream';

const captures = loadClientCaptures(/^(codex-|model-gpt-5-codex-|sdk-openai-responses-)/);

interface WireTool {
  type: string;
  name?: string;
  tools?: WireTool[];
}

/** Every tool a client declared, namespaces expanded: `namespace/name` or `type`. */
function declaredTools(body: Record<string, unknown>): string[] {
  const names: string[] = [];
  const walk = (tools: WireTool[], namespace?: string): void => {
    for (const tool of tools) {
      if (tool.type === 'namespace') walk(tool.tools ?? [], tool.name);
      else names.push(`${namespace ?? ''}/${tool.name ?? tool.type}`);
    }
  };
  walk((body.tools as WireTool[] | undefined) ?? []);
  const input = Array.isArray(body.input) ? (body.input as { type?: string; tools?: WireTool[] }[]) : [];
  for (const item of input) if (item.type === 'additional_tools') walk(item.tools ?? []);
  return names.sort();
}

function canonicalTools(request: CanonicalRequest): string[] {
  return request.tools
    .map((tool) => {
      if (tool.type === 'builtin') return `/${(tool.value as { type: string }).type}`;
      return `${tool.namespace ?? ''}/${tool.name}`;
    })
    .sort();
}

describe('Responses client captures', () => {
  it('has Codex and SDK captures', () => {
    expect(captures.filter((capture) => capture.file.startsWith('codex-')).length).toBeGreaterThanOrEqual(3);
    expect(captures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(captures.map((capture) => ({ name: capture.file, capture })))(
    '$name decodes with no tool lost',
    ({ capture }) => {
      const { value: request } = openaiResponsesCodec.decodeRequest({ body: capture.body });
      expect(canonicalTools(request)).toEqual(declaredTools(capture.body));
      expect(request.model).toBe(capture.body.model);
      expect(request.stream).toBe(capture.body.stream === true);
      // Every input item lands somewhere: a message or a part (additional_tools become tools).
      const input = capture.body.input;
      if (Array.isArray(input)) {
        const items = input.filter((item: { type?: string }) => item.type !== 'additional_tools');
        const parts = request.messages.flatMap((message) => message.content);
        expect(parts.length).toBeGreaterThanOrEqual(items.length);
      }
    },
  );

  it.each(captures.map((capture) => ({ name: capture.file, capture })))(
    '$name round-trips through encodeRequest',
    ({ capture }) => {
      const first = openaiResponsesCodec.decodeRequest({ body: capture.body }).value;
      const encoded = openaiResponsesCodec.encodeRequest({
        request: first,
        target: { ...TARGET, model: first.model },
      }).value;
      const second = openaiResponsesCodec.decodeRequest({ body: encoded }).value;
      expect(second).toEqual(first);
      for (const key of [
        'store',
        'include',
        'prompt_cache_key',
        'client_metadata',
        'tool_choice',
        'parallel_tool_calls',
        'reasoning',
        'text',
      ]) {
        expect(encoded[key]).toEqual(capture.body[key]);
      }
    },
  );

  it('keeps Codex tool calls, outputs and namespaces apart in a tool turn', () => {
    const capture = captures.find(
      (entry) => entry.file.startsWith('codex-tool-shell') && entry.file.endsWith('02.json'),
    );
    const { value: request } = openaiResponsesCodec.decodeRequest({ body: capture?.body });
    const exec = request.tools.find((tool) => tool.type !== 'builtin' && tool.name === 'exec');
    expect(exec).toMatchObject({
      type: 'custom',
      namespace: 'functions',
      format: { type: 'grammar', syntax: 'lark' },
    });
    const assistant = request.messages[request.messages.length - 2];
    const user = request.messages[request.messages.length - 1];
    expect(assistant?.content[0]).toMatchObject({
      type: 'tool-call',
      kind: 'custom',
      name: 'exec',
      itemId: 'ctc_kV4VgZlriqSahvlj8Buk3ArN',
    });
    expect(user?.content[0]).toMatchObject({
      type: 'tool-result',
      kind: 'custom',
      toolCallId: 'call_YYSxLf0KPSrvDq2Ym6YTbnp6',
    });
    expect(request.messages.filter((message) => message.developer).length).toBe(4);
    expect(request.extra?.fields.reasoning).toEqual({ context: 'all_turns' });
  });
});

describe('Responses request validation', () => {
  const base = { model: 'gpt-5', input: 'hi' };
  it.each([
    [{ ...base, model: 3 }, 'model'],
    [{ ...base, input: 5 }, 'input'],
    [{ ...base, input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    [{ ...base, input: [{ role: 'robot', content: 'x' }] }, 'input[0].role'],
    [{ ...base, tools: [{ type: 'function' }] }, 'tools[0].name'],
    [{ ...base, temperature: 'hot' }, 'temperature'],
    [{ ...base, text: { format: { type: 'yaml' } } }, 'text.format.type'],
    [{ ...base, input: [{ role: 'user', content: [{ type: 'input_image' }] }] }, 'input[0].content[0]'],
  ])('rejects %j naming %s', (body, field) => {
    let caught: unknown;
    try {
      openaiResponsesCodec.decodeRequest({ body });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect((caught as ProtocolError).error.kind).toBe('invalid_request');
    expect((caught as ProtocolError).message).toContain(field);
  });

  it('refuses previous_response_id for other providers', () => {
    const { value } = openaiResponsesCodec.decodeRequest({
      body: { ...base, previous_response_id: 'resp_1' },
    });
    expect(value.previousResponseId).toBe('resp_1');
    expect(() => assertNoPreviousResponseId(value)).toThrow(/previous_response_id is not supported/);
    expect(() => assertNoPreviousResponseId({ ...value, previousResponseId: undefined })).not.toThrow();
  });
});
