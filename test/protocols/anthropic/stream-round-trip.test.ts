import path from 'node:path';
import type { BetaContentBlock, BetaMessage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it } from 'vitest';
import { listUpstreamFixtures, readChunks } from '../../helpers/fixtures';
import {
  decodeLines,
  encodeEvents,
  parseFrames,
  parseWithSdk,
  splitResponses,
  toSse,
} from './replay-anthropic-sse';

/*
 * Compared per block: text (+ citations, where `[]` ≡ absent), thinking +
 * signature, tool inputs, server tool blocks and any other block verbatim,
 * except `caller` (no canonical slot). Plus id, model, stop_reason,
 * stop_sequence and the four usage counters.
 */
function comparable(message: BetaMessage): unknown {
  const content = message.content.map((block: BetaContentBlock) => {
    const { caller: _caller, ...rest } = block as BetaContentBlock & { caller?: unknown };
    if (rest.type === 'text')
      return {
        type: 'text',
        text: rest.text,
        citations: rest.citations?.length ? rest.citations : undefined,
      };
    return rest;
  });
  const usage = message.usage;
  return {
    id: message.id,
    model: message.model,
    content,
    stop_reason: message.stop_reason,
    stop_sequence: message.stop_sequence,
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    },
  };
}

const SYNTHETIC_EDGE_CASES = new Set([
  'duplicate-message-start.chunks.txt',
  'spliced-message-start.chunks.txt',
]);
const files = listUpstreamFixtures('anthropic', /\.chunks\.txt$/).filter(
  (file) => !SYNTHETIC_EDGE_CASES.has(path.basename(file)),
);

describe('Anthropic stream round trip judged by @anthropic-ai/sdk', () => {
  it('has recordings', () => expect(files.length).toBeGreaterThanOrEqual(19));

  for (const file of files) {
    splitResponses(readChunks(file)).forEach((lines, turn) => {
      it(`${path.basename(file)} #${turn}: decoder → encoder parses like the original`, async () => {
        const original = await parseWithSdk(toSse(lines));
        const events = decodeLines(lines);
        expect(events.filter((event) => event.type === 'response-error')).toEqual([]);
        const ours = encodeEvents(events, original.model);
        const parsed = await parseWithSdk(ours);
        expect(comparable(parsed)).toEqual(comparable(original));

        // Grammar: indices 0,1,2… each started once, contiguous, stopped once; message_stop last.
        const frames = parseFrames(ours);
        expect(frames[0]?.event).toBe('message_start');
        expect(frames.at(-1)?.event).toBe('message_stop');
        expect(frames.at(-2)?.event).toBe('message_delta');
        let open: number | undefined;
        let next = 0;
        for (const { event, data } of frames) {
          if (event === 'content_block_start') {
            expect(open).toBeUndefined();
            expect(data.index).toBe(next++);
            open = data.index as number;
          } else if (event === 'content_block_delta') {
            expect(data.index).toBe(open);
          } else if (event === 'content_block_stop') {
            expect(data.index).toBe(open);
            open = undefined;
          }
        }
        expect(open).toBeUndefined();
      });
    });
  }

  it('ignores a duplicate message_start for the open message', async () => {
    const lines = readChunks(
      files[0] ? path.join(path.dirname(files[0]), 'duplicate-message-start.chunks.txt') : '',
    );
    const events = decodeLines(lines);
    expect(events.filter((event) => event.type === 'response-start')).toHaveLength(1);
    const parsed = await parseWithSdk(encodeEvents(events, 'claude-3-haiku-20240307'));
    expect(parsed.id).toBe('msg_dup');
    expect(parsed.content).toEqual([{ type: 'text', text: 'Hello, World!' }]);
    expect(parsed.usage).toMatchObject({ input_tokens: 17, output_tokens: 227 });
    expect(parsed.stop_reason).toBe('end_turn');
  });

  it('fails a stream where a different message starts while one is open', async () => {
    const lines = readChunks(
      files[0] ? path.join(path.dirname(files[0]), 'spliced-message-start.chunks.txt') : '',
    );
    const events = decodeLines(lines);
    expect(events.filter((event) => event.type === 'response-start')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'response-error', error: { kind: 'api_error' } });
    expect(events.some((event) => event.type === 'response-finish')).toBe(false);
    expect(
      events.some((event) => event.type === 'tool-input-start' && event.toolCallId === 'toolu_second'),
    ).toBe(false);
    const ours = encodeEvents(events, 'claude-3-haiku-20240307');
    expect(parseFrames(ours).at(-1)?.event).toBe('error');
    await expect(parseWithSdk(ours)).rejects.toThrow(/while msg_first was still open/);
  });
});
