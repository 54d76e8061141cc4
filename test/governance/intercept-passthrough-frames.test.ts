import { describe, expect, it } from 'vitest';
import { createToolCallGate } from '../../main/core/governance/create-tool-call-gate';
import { interceptPassthroughStream } from '../../main/core/governance/intercept-passthrough-stream';
import { codecFor } from '../../main/core/protocols/registry';

// A keep-alive comment on a watched same-protocol stream goes out when it arrives, as pure
// passthrough would send it — except while a watched tool call's frames are held, when it waits
// in its place behind them.

const data = (value: unknown): string => JSON.stringify(value);

function setup() {
  const codec = codecFor('anthropic');
  const target = { providerId: 'claude', baseUrl: 'http://127.0.0.1:9', model: 'claude-up' };
  const client = { requestModel: 'claude-up', responseId: 'ais_test' };
  const gate = createToolCallGate({ watches: (name) => name === 'Bash', judge: () => undefined });
  return interceptPassthroughStream({
    decoder: codec.createStreamDecoder({ target }),
    shadow: codec.createStreamEncoder({ client }),
    gate,
  });
}

describe('interception keeps a stream’s comments in place', () => {
  it('passes a comment at once between events, and holds it behind a watched call’s frames', () => {
    const { decoder, encoder } = setup();
    const send = (event: string, value: unknown, id?: string): string =>
      decoder
        .push({ event, data: data(value), ...(id !== undefined && { id }) })
        .map((item) => encoder.push(item))
        .join('');
    const start = send(
      'message_start',
      {
        type: 'message_start',
        message: {
          id: 'msg',
          type: 'message',
          role: 'assistant',
          model: 'm',
          content: [],
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      },
      '7',
    );
    expect(start.startsWith('id: 7\nevent: message_start\n')).toBe(true);
    expect(encoder.raw?.(': ping\n\n')).toBe(': ping\n\n');

    const opened = send('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} },
    });
    expect(opened).toBe('');
    // Held: the comment waits behind the call's frames instead of overtaking them.
    expect(encoder.raw?.(': ping\n\n')).toBe('');
    send('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: data({ command: 'ls' }) },
    });
    const released = send('content_block_stop', { type: 'content_block_stop', index: 0 });
    expect(released.indexOf('content_block_start')).toBeLessThan(released.indexOf(': ping'));
    expect(released.indexOf(': ping')).toBeLessThan(released.indexOf('content_block_delta'));
    expect(encoder.raw?.(': ping\n\n')).toBe(': ping\n\n');
  });
});
