import { describe, expect, it } from 'vitest';
import { openaiChatCodec } from '../../../main/core/protocols/openai-chat';

// Anthropic web-search answers carry citations on text blocks; a Chat client
// has no slot for them, so the stream encoder must say they were dropped.
describe('Chat stream encoder: citations', () => {
  it('warns once when text blocks end with citations', () => {
    const encoder = openaiChatCodec.createStreamEncoder({ client: { requestModel: 'm', responseId: 'r1' } });
    const citations = {
      protocol: 'anthropic' as const,
      value: [{ type: 'web_search_result_location', url: 'https://example.com' }],
    };
    encoder.push({ type: 'response-start', id: 'r1', model: 'm' });
    for (const id of ['t1', 't2']) {
      encoder.push({ type: 'text-start', id });
      encoder.push({ type: 'text-delta', id, delta: 'cited text' });
      encoder.push({ type: 'text-end', id, citations });
    }
    expect(encoder.warnings.map((warning) => warning.code)).toEqual(['citations-dropped']);
  });

  it('warns when a whole cited text part arrives at once (part-add), and still sends its text', () => {
    const encoder = openaiChatCodec.createStreamEncoder({ client: { requestModel: 'm', responseId: 'r1' } });
    const citations = {
      protocol: 'openai-responses' as const,
      value: [{ type: 'url_citation', url: 'https://example.com', start_index: 0, end_index: 5 }],
    };
    encoder.push({ type: 'response-start', id: 'r1', model: 'm' });
    const frames = encoder.push({
      type: 'part-add',
      id: 't1',
      part: { type: 'text', text: 'cited', citations },
    });
    expect(frames).toContain('"content":"cited"');
    expect(encoder.warnings.map((warning) => warning.code)).toEqual(['citations-dropped']);
  });

  it('stays quiet for text without citations', () => {
    const encoder = openaiChatCodec.createStreamEncoder({ client: { requestModel: 'm', responseId: 'r1' } });
    encoder.push({ type: 'text-start', id: 't1' });
    encoder.push({ type: 'text-end', id: 't1' });
    expect(encoder.warnings).toEqual([]);
  });
});
