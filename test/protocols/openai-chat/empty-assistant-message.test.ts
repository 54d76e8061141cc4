import { describe, expect, it } from 'vitest';
import { openaiChatCodec } from '../../../main/core/protocols/openai-chat';
import type { CanonicalRequest } from '../../../main/core/protocols/canonical';

describe('Chat encoder: an assistant turn with nothing Chat can hold', () => {
  it('is dropped with a warning instead of sent as an empty message', () => {
    const request: CanonicalRequest = {
      model: 'm',
      system: [],
      tools: [],
      stream: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        {
          role: 'assistant',
          content: [
            {
              type: 'opaque',
              protocol: 'openai-responses',
              value: { type: 'compaction', encrypted_content: 'x' },
            },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'go on' }] },
      ],
    };
    const { value, warnings } = openaiChatCodec.encodeRequest({
      request,
      target: { providerId: 'p', baseUrl: 'http://127.0.0.1:1', model: 'm' },
    });
    expect(value.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'user', content: 'go on' },
    ]);
    expect(warnings.map((warning) => warning.code)).toContain('empty-message-dropped');
  });

  it('keeps an assistant turn that has text', () => {
    const request: CanonicalRequest = {
      model: 'm',
      system: [],
      tools: [],
      stream: false,
      messages: [{ role: 'assistant', content: [{ type: 'text', text: 'Hello' }] }],
    };
    const { value } = openaiChatCodec.encodeRequest({
      request,
      target: { providerId: 'p', baseUrl: 'http://127.0.0.1:1', model: 'm' },
    });
    expect(value.messages).toEqual([{ role: 'assistant', content: 'Hello' }]);
  });
});
