import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../main/core/protocols/canonical/types';
import { DOCUMENT_TOKENS, IMAGE_TOKENS } from '../../main/core/routing/collect-token-blocks';
import {
  countRequestTokens,
  createTokenCounter,
  estimateRequestTokens,
} from '../../main/core/routing/create-token-counter';
import { buildRequest, message, PNG_IMAGE, READ_TOOL, userText, WEB_SEARCH_TOOL } from './build-fixtures';

const plain = (text: string) => countTokens(text, { disallowedSpecial: new Set() });

const SYSTEM =
  'You are Claude Code, an interactive CLI tool that helps users with software engineering tasks.';
const ARGS = '{"file_path":"/home/me/ai-switch/package.json"}';
const FILE_TEXT = '{\n  "name": "ai-switch",\n  "version": "0.1.0"\n}\n';
const REASONING = 'The user wants the package name; read package.json first.';

function sampleRequest(): CanonicalRequest {
  return buildRequest({
    system: [{ type: 'text', text: SYSTEM }],
    messages: [
      userText('What is the name of this package? 这个包叫什么名字？'),
      message(
        'assistant',
        { type: 'reasoning', text: REASONING, signature: { origin: 'anthropic', value: 'c2lnbmF0dXJl' } },
        { type: 'tool-call', id: 'toolu_1', name: 'Read', arguments: ARGS, kind: 'function' },
      ),
      message('user', {
        type: 'tool-result',
        toolCallId: 'toolu_1',
        content: [{ type: 'text', text: FILE_TEXT }, PNG_IMAGE],
      }),
      message(
        'assistant',
        {
          type: 'server-tool-call',
          id: 'srvtoolu_1',
          name: 'web_search',
          input: { query: 'ai-switch npm' },
          protocol: 'anthropic',
        },
        { type: 'opaque', protocol: 'anthropic', value: { type: 'compaction', content: 'summary so far' } },
      ),
      message(
        'user',
        {
          type: 'file',
          source: {
            kind: 'base64',
            mediaType: 'text/plain',
            data: Buffer.from('notes <|endoftext|> here').toString('base64'),
          },
        },
        {
          type: 'file',
          source: { kind: 'url', url: 'https://example.com/spec.pdf', mediaType: 'application/pdf' },
        },
      ),
    ],
    tools: [READ_TOOL, WEB_SEARCH_TOOL],
  });
}

function expectedSampleCount(): number {
  const schema = JSON.stringify(READ_TOOL.type === 'function' ? READ_TOOL.inputSchema : {});
  const texts = [
    SYSTEM,
    'What is the name of this package? 这个包叫什么名字？',
    REASONING,
    'Read',
    ARGS,
    FILE_TEXT,
    'web_search',
    JSON.stringify({ query: 'ai-switch npm' }),
    JSON.stringify({ type: 'compaction', content: 'summary so far' }),
    'notes <|endoftext|> here',
    'Read',
    'Reads a file from the local filesystem.',
    schema,
    'web_search',
    JSON.stringify(WEB_SEARCH_TOOL.type === 'builtin' ? WEB_SEARCH_TOOL.value : {}),
  ];
  return texts.reduce((sum, text) => sum + plain(text), 0) + IMAGE_TOKENS + DOCUMENT_TOKENS;
}

/** A coding-agent transcript: every turn resends the same prefix plus new messages. */
function transcript(turns: number): CanonicalRequest {
  const messages = [];
  for (let turn = 0; turn < turns; turn += 1) {
    messages.push(
      userText(`Turn ${turn}: please look at src/file-${turn}.ts and explain what it does. `.repeat(8)),
    );
    messages.push(
      message('assistant', {
        type: 'text',
        text: `File ${turn} exports a function that adds numbers. `.repeat(10),
      }),
    );
  }
  return buildRequest({ system: [{ type: 'text', text: SYSTEM.repeat(4) }], messages, tools: [READ_TOOL] });
}

describe('token counting', () => {
  it('counts exactly the o200k tokens of every counted piece, images and documents at their fixed figure', () => {
    const expected = expectedSampleCount();
    expect(countRequestTokens(sampleRequest())).toBe(expected);
    expect(createTokenCounter().count(sampleRequest())).toBe(expected);
  });

  it('treats special-token text as plain text instead of throwing', () => {
    const request = buildRequest({ messages: [userText('<|endoftext|><|im_start|>')] });
    expect(countRequestTokens(request)).toBe(plain('<|endoftext|><|im_start|>'));
    expect(countRequestTokens(request)).toBeGreaterThan(2);
  });

  it('memoises per block: the next turn of a transcript only tokenizes its new messages', () => {
    const counter = createTokenCounter({ cacheSize: 1000 });
    const first = transcript(5);
    expect(counter.count(first)).toBe(countRequestTokens(first));
    // system + 10 messages + the Read tool.
    expect(counter.stats()).toEqual({ hits: 0, misses: 12, entries: 12 });

    const next = transcript(6);
    expect(counter.count(next)).toBe(countRequestTokens(next));
    expect(counter.stats()).toEqual({ hits: 12, misses: 14, entries: 14 });
  });

  it('an edited message is a new block, never a stale count', () => {
    const counter = createTokenCounter();
    const request = transcript(3);
    counter.count(request);
    const edited = transcript(3);
    const last = edited.messages.at(-1);
    if (last?.content[0]?.type !== 'text') throw new Error('fixture changed');
    last.content[0].text += ' And one more sentence that changes the count.';
    expect(counter.count(edited)).toBe(countRequestTokens(edited));
    expect(counter.count(edited)).toBeGreaterThan(countRequestTokens(request));
  });

  it('evicts the least recently used blocks beyond cacheSize', () => {
    const counter = createTokenCounter({ cacheSize: 4 });
    counter.count(transcript(5));
    expect(counter.stats().entries).toBe(4);
    counter.clear();
    expect(counter.stats()).toEqual({ hits: 0, misses: 0, entries: 0 });
  });

  it('measure: estimates when clearly under or over, counts exactly in between', () => {
    const counter = createTokenCounter();
    const request = transcript(4);
    const exact = countRequestTokens(request);
    const { lower, upper } = estimateRequestTokens(request);
    expect(lower).toBeLessThanOrEqual(exact);
    expect(upper).toBeGreaterThanOrEqual(exact);
    expect(counter.measure(request, upper)).toMatchObject({ exact: false });
    expect(counter.measure(request, lower - 1)).toMatchObject({ exact: false });
    expect(counter.stats().misses).toBe(0);
    expect(counter.measure(request, exact)).toEqual({ count: exact, exact: true });
  });

  it('measure: cached blocks are exact for free, so the next turn of a session over the threshold tokenizes nothing', () => {
    const counter = createTokenCounter();
    const first = transcript(5);
    const firstCount = countRequestTokens(first);
    expect(counter.measure(first, firstCount - 1)).toEqual({ count: firstCount, exact: true });
    const misses = counter.stats().misses;

    const next = transcript(6);
    const measured = counter.measure(next, firstCount - 1);
    expect(measured.exact).toBe(false);
    expect(measured.count).toBeGreaterThan(firstCount - 1);
    expect(counter.stats().misses).toBe(misses);

    // Near the threshold the new blocks are counted, and only they are.
    const nextCount = countRequestTokens(next);
    expect(counter.measure(next, nextCount - 1)).toEqual({ count: nextCount, exact: true });
    expect(counter.stats().misses).toBe(misses + 2);
    // Same request again, in the band: everything cached, exact without tokenizing.
    expect(counter.measure(next, nextCount + 10)).toEqual({ count: nextCount, exact: true });
    expect(counter.stats().misses).toBe(misses + 2);
    // Far outside the band the byte bounds alone answer.
    expect(counter.measure(next, 1)).toMatchObject({ exact: false });
  });

  it('the byte bounds hold for CJK, emoji, base64 and code', () => {
    const samples = [
      '这是一个用于测试分词器的中文句子，包含一些常见的词汇和标点符号。'.repeat(40),
      '龘靐齉齾爩鱻麤龗灪'.repeat(40),
      '🎉🚀✨🔥💯'.repeat(100),
      Buffer.from(Array.from({ length: 3000 }, (_, index) => (index * 7919) % 251)).toString('base64'),
      'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(40),
    ];
    for (const text of samples) {
      const request = buildRequest({ messages: [userText(text)] });
      const exact = countRequestTokens(request);
      const { lower, upper } = estimateRequestTokens(request);
      expect(lower).toBeLessThanOrEqual(exact);
      expect(upper).toBeGreaterThanOrEqual(exact);
    }
  });
});
