import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import {
  startFaultyUpstream,
  writeFrames,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import { configFor } from './harness';

// Issue #24 §5: a broken upstream answer must never pass as a success — not
// in the trace, and (where AI Switch writes the ending) not to the client.

const chunk = (content: string): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const FINISH = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;

/** The fault to play is named in the user's message. */
function play(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const fault = /FAULT:(\w+)/.exec(seen.body)?.[1];
  switch (fault) {
    case 'html':
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('<html><body>502 Bad Gateway</body></html>');
    case 'truncated':
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"mess');
    case 'cut':
      return writeFrames(response, [chunk('Hel'), 'data: {"id":"c1","choi']).then(() => void response.end());
    case 'garbled':
      return writeFrames(response, [
        chunk('Hel'),
        'data: {"id":"c1","choices":[{"ind\n\n',
        FINISH,
        'data: [DONE]\n\n',
      ]).then(() => void response.end());
    default:
      response.writeHead(500);
      response.end();
  }
}

describe('hardening: broken upstream answers are failures', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(play);
    ais = await startAis(configFor(upstream.url));
    traces = createTraceReader(ais.home);
  });
  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  const chat = (fault: string, stream = false) =>
    send(ais.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer ais-chat' },
      body: { model: 'm', stream, messages: [{ role: 'user', content: `FAULT:${fault}` }] },
    });
  const anthropic = (fault: string) =>
    send(ais.url, {
      method: 'POST',
      path: '/v1/messages',
      headers: { 'x-api-key': 'ais-chat', 'anthropic-version': '2023-06-01' },
      body: {
        model: 'm',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: `FAULT:${fault}` }],
      },
    });

  it.each(['html', 'truncated'])(
    'passthrough JSON: a 200 with a %s body is a failed trace',
    async (fault) => {
      await chat(fault);
      const [trace] = await traces.next();
      expect(trace!.error).toMatch(/not JSON/);
    },
  );

  it('passthrough stream cut mid-line: the error event starts on an event boundary, the trace failed', async () => {
    const answer = await chat('cut', true);
    expect(answer.text).toContain('data: {"id":"c1","choi\n\n');
    expect(answer.text).not.toMatch(/choidata:/);
    expect(answer.text).toMatch(/\n\ndata: \{"error"/);
    const [trace] = await traces.next();
    expect(trace!.error).toMatch(/ended before/);
  });

  it('passthrough stream with an unreadable chunk: relayed as sent, the trace says data was lost', async () => {
    const answer = await chat('garbled', true);
    expect(answer.text).toContain('"choices":[{"ind\n\n');
    const [trace] = await traces.next();
    expect(trace!.error).toMatch(/lost data/);
  });

  it('converted stream with an unreadable chunk: the client gets an error, not a clean end_turn', async () => {
    const answer = await anthropic('garbled');
    expect(answer.text).toMatch(/event: error/);
    expect(answer.text).toMatch(/lost data/);
    expect(answer.text).not.toMatch(/"stop_reason":"end_turn"/);
    const [trace] = await traces.next();
    expect(trace!.error).toMatch(/lost data/);
  });
});
