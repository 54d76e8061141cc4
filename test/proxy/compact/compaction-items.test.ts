import { describe, expect, it } from 'vitest';
import {
  buildSummarisationRequest,
  expandCompactionItems,
  hasCompactionTrigger,
  isAisCompaction,
  openCompactionSummary,
  sealCompactionSummary,
  SUMMARY_PROMPT,
} from '../../../main/core/proxy/compact';
import { codecFor } from '../../../main/core/protocols/registry';
import { loadClientCaptures } from '../../helpers/fixtures';

const SUMMARY = 'Goal: ship the parser.\nDone: src/parse.ts rewritten.\nNext: run the tests.';
const sealed = sealCompactionSummary({ summary: SUMMARY, model: 'deepseek-chat', createdAt: 1_771_353_057 });

describe('AI Switch compaction envelope', () => {
  it('round-trips the summary, model and time, and is recognisable', () => {
    expect(isAisCompaction(sealed)).toBe(true);
    expect(isAisCompaction('gAAAAABplLMgr9pJL4ba98RG')).toBe(false);
    expect(openCompactionSummary(sealed)).toEqual({
      value: { summary: SUMMARY, model: 'deepseek-chat', createdAt: 1_771_353_057 },
      warnings: [],
    });
  });

  it('refuses a value whose payload was changed or cut, with a warning instead of an exception', () => {
    const [prefix, payload, digest] = sealed.split('.') as [string, string, string];
    const edited = Buffer.from(
      Buffer.from(payload, 'base64url').toString('utf8').replace('ship', 'drop'),
    ).toString('base64url');
    for (const damaged of [`${prefix}.${edited}.${digest}`, sealed.slice(0, -3), `${prefix}.${payload}`]) {
      const opened = openCompactionSummary(damaged);
      expect(opened.value).toBeUndefined();
      expect(opened.warnings.map((warning) => warning.code)).toEqual(['compaction-item-damaged']);
    }
  });
});

describe('expandCompactionItems', () => {
  const foreign = { type: 'compaction', id: 'cmp_openai', encrypted_content: 'gAAAAABplLMgr9pJL4ba98RG' };
  const body = {
    model: 'gpt-5-codex',
    instructions: 'You are Codex.',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix the parser' }] },
      { type: 'compaction', id: 'cmp_ais', encrypted_content: sealed },
      foreign,
      { role: 'user', content: 'now run the tests' },
    ],
  };

  it("moves our summary into the instructions, after the client's own, and keeps every other item in order", () => {
    const expanded = expandCompactionItems({ protocol: 'openai-responses', body });
    expect(expanded.warnings).toEqual([]);
    expect(expanded.value.input).toEqual([body.input[0], foreign, body.input[3]]);
    const instructions = expanded.value.instructions as string;
    expect(instructions.startsWith('You are Codex.\n\n## Summary of the conversation so far')).toBe(true);
    expect(instructions.endsWith(SUMMARY)).toBe(true);
    expect(instructions).not.toContain('ais-compaction-v1');
    expect(body.input).toHaveLength(4); // the client's body is not mutated
  });

  it('sets instructions when the client sent none, and drops a damaged item of ours with a warning', () => {
    const damaged = { type: 'compaction', encrypted_content: `${sealed}x` };
    const expanded = expandCompactionItems({
      protocol: 'openai-responses',
      body: { model: 'm', input: [damaged, { type: 'compaction', encrypted_content: sealed }] },
    });
    expect(expanded.value.input).toEqual([]);
    expect(expanded.value.instructions).toContain(SUMMARY);
    expect(expanded.warnings.map((warning) => warning.code)).toEqual(['compaction-item-damaged']);
  });

  it('leaves other protocols and bodies without our items untouched (same object)', () => {
    const chat = { model: 'm', input: body.input };
    expect(expandCompactionItems({ protocol: 'openai-chat', body: chat }).value).toBe(chat);
    const plain = { model: 'm', input: [foreign] };
    expect(expandCompactionItems({ protocol: 'openai-responses', body: plain }).value).toBe(plain);
  });
});

describe('buildSummarisationRequest on a real Codex turn', () => {
  const capture = loadClientCaptures(/^codex-tool-shell__codex__POST-v1-responses__02/)[0]!;
  const decoded = codecFor('openai-responses').decodeRequest({
    body: { ...capture.body, input: [...(capture.body.input as unknown[]), { type: 'compaction_trigger' }] },
  }).value;

  it('finds the trigger, takes it out, switches tools off and asks for the summary last', () => {
    expect(hasCompactionTrigger(decoded)).toBe(true);
    const summarisation = buildSummarisationRequest({ request: decoded }).value;
    expect(hasCompactionTrigger(summarisation)).toBe(false);
    expect(summarisation.stream).toBe(false);
    expect(summarisation.toolChoice).toEqual({ type: 'none' });
    expect(summarisation.tools).toEqual(decoded.tools);
    expect(summarisation.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'text', text: SUMMARY_PROMPT }],
    });
    // The trigger followed the tool output, so it made an assistant message of its own, now gone.
    expect(decoded.messages.at(-1)?.content).toEqual([
      { type: 'opaque', protocol: 'openai-responses', value: { type: 'compaction_trigger' } },
    ]);
    expect(summarisation.messages.slice(0, -1)).toEqual(decoded.messages.slice(0, -1));
  });

  it('encodes for a Chat provider with the whole conversation, the tool round trip and no trigger junk', () => {
    const summarisation = buildSummarisationRequest({ request: decoded }).value;
    const encoded = codecFor('openai-chat').encodeRequest({
      request: summarisation,
      target: { providerId: 'deepseek', baseUrl: 'https://api.deepseek.com', model: 'deepseek-chat' },
    });
    const wire = encoded.value as {
      messages: { role: string; content?: unknown }[];
      tool_choice?: unknown;
      stream?: unknown;
    };
    expect(wire.tool_choice).toBe('none');
    expect(wire.stream).not.toBe(true);
    expect(wire.messages.map((message) => message.role)).toContain('tool');
    expect(wire.messages.at(-1)).toEqual({ role: 'user', content: SUMMARY_PROMPT });
    expect(JSON.stringify(wire)).toContain('Run the shell command: cat /tmp/acceptance');
    expect(JSON.stringify(wire)).not.toContain('compaction_trigger');
  });
});
