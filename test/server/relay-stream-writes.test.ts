import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { anthropicCodec } from '../../main/core/protocols/anthropic';
import { openaiChatCodec } from '../../main/core/protocols/openai-chat';
import { relayStream } from '../../main/core/proxy/relay-stream';
import { FIXTURES } from '../helpers/fixtures';
import { sseFramesOf } from '../helpers/scripted-upstream';

// A converted stream turns one provider chunk into several client events (the
// first DeepSeek chunk with text becomes content_block_start and a text
// delta). They leave in one write (one chunked-encoding frame), and nothing
// waits for a later chunk.

const TARGET = { providerId: 'deepseek', baseUrl: 'https://api.deepseek.com', model: 'deepseek-chat' };
const CLIENT = { requestModel: 'claude-sonnet-4-6', responseId: 'msg_relay_test' };

/** A response that records each write, as the socket would see it. */
function recordingResponse(): { res: ServerResponse; writes: string[] } {
  const sink = new PassThrough();
  sink.resume();
  const writes: string[] = [];
  const endSink = sink.end.bind(sink);
  const res = Object.assign(sink, {
    write(chunk: string | Buffer) {
      writes.push(String(chunk));
      return true;
    },
    end(chunk?: string | Buffer) {
      if (chunk !== undefined && chunk.length > 0) writes.push(String(chunk));
      endSink();
      return res;
    },
    flushHeaders() {},
  });
  return { res: res as unknown as ServerResponse, writes };
}

describe('relayStream writes', () => {
  it('writes what one upstream chunk converts to at once, in a single write', async () => {
    const chunks = sseFramesOf(
      path.join(FIXTURES, 'upstream', 'deepseek', 'deepseek-text.chunks.txt'),
      'chat',
    ).map((frame) => Buffer.from(frame));
    const { res, writes } = recordingResponse();
    const outcome = await relayStream({
      upstreamBody: Readable.from(chunks, { objectMode: false }),
      res,
      decoder: openaiChatCodec.createStreamDecoder({ target: TARGET }),
      encoder: anthropicCodec.createStreamEncoder({ client: CLIENT }),
      errorEncoder: () => anthropicCodec.createStreamEncoder({ client: CLIENT }),
      captureLimit: 0,
    });

    expect(outcome.error).toBeUndefined();
    expect(writes[0]).toMatch(/^event: message_start\n/);
    const opening = writes.find((text) => text.includes('event: content_block_start'));
    expect(opening).toContain('event: content_block_delta');
    // At most one write per upstream chunk, plus the closing one (with the end); never one per event.
    expect(writes.length).toBeLessThanOrEqual(chunks.length + 1);
    expect(writes.join('')).toContain('event: message_stop');
  });
});
