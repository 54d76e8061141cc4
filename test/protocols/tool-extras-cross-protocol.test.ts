import { describe, expect, it } from 'vitest';
import { codecFor } from '../../main/core/protocols/registry';
import type { ProtocolName } from '../../main/core/protocols/canonical';

// Fields a tool definition or call carries beyond the canonical model go back
// to a provider of the protocol that sent them; any other protocol has no slot
// for them, and says so rather than dropping them silently.

const ANTHROPIC_BODY = {
  model: 'claude-sonnet-4-5',
  max_tokens: 64,
  tools: [
    {
      name: 'Read',
      input_schema: { type: 'object', properties: { path: { type: 'string' } } },
      defer_loading: true,
    },
  ],
  messages: [{ role: 'user', content: 'read a.txt' }],
};

const TARGETS: Record<Exclude<ProtocolName, 'anthropic'>, string> = {
  'openai-chat': 'https://api.example.com/v1',
  'openai-responses': 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

describe('tool extras across protocols', () => {
  const request = codecFor('anthropic').decodeRequest({ body: ANTHROPIC_BODY }).value;

  it('an Anthropic upstream gets them back', () => {
    const encoded = codecFor('anthropic').encodeRequest({
      request,
      target: { providerId: 'b', baseUrl: 'https://api.anthropic.com', model: 'claude-b' },
    });
    expect((encoded.value.tools as Record<string, unknown>[])[0]).toMatchObject({ defer_loading: true });
    expect(encoded.warnings.map((warning) => warning.code)).not.toContain('extra-fields-dropped');
  });

  for (const [protocol, baseUrl] of Object.entries(TARGETS)) {
    it(`${protocol} names what it drops`, () => {
      const encoded = codecFor(protocol as ProtocolName).encodeRequest({
        request,
        target: { providerId: 'x', baseUrl, model: 'm' },
      });
      expect(JSON.stringify(encoded.value)).not.toContain('defer_loading');
      expect(encoded.warnings).toContainEqual({
        code: 'extra-fields-dropped',
        message: expect.stringContaining('tool Read: defer_loading from anthropic') as string,
      });
    });
  }
});
