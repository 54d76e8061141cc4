import OpenAI from 'openai';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_PROMPT } from '../../main/core/proxy/compact';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, loadClientCaptures, readChunks, readJson } from '../helpers/fixtures';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

// Codex compacting through a provider that has no compaction of its own: the
// openai SDK calls `ais serve`, routed to a Chat provider (a scripted
// upstream replaying a recorded DeepSeek answer), and to a Responses provider
// that compacts natively.

const SUMMARY = [
  'Goal: print the marker file with the shell tool.',
  'Decisions: use exec_command through the exec tool.',
  'Code changes: none.',
  'Task state: the command ran; next, report its output.',
  'Open questions: none.',
].join('\n');

type ChatMessage = { role: string; content?: unknown; tool_calls?: unknown[] };

const recordedChat = readJson(path.join(FIXTURES, 'upstream', 'deepseek', 'deepseek-text.json')) as {
  choices: { message: { content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number };
};
/** The recorded DeepSeek answer with the summary as its text (and a normal stop). */
const chatAnswer = (content: string): UpstreamReply => ({
  kind: 'json',
  body: {
    ...recordedChat,
    choices: [{ ...recordedChat.choices[0], message: { role: 'assistant', content }, finish_reason: 'stop' }],
  },
});

/** A real compaction item OpenAI streamed (opaque to us). */
const openaiCompactionItem = readChunks(
  path.join(FIXTURES, 'upstream', 'openai', 'responses', 'openai-compaction.1.chunks.txt'),
)
  .map((line) => JSON.parse(line) as { type: string; item?: { type: string } })
  .find((event) => event.type === 'response.output_item.done' && event.item?.type === 'compaction')!.item!;

const capture = loadClientCaptures(/^codex-tool-shell__codex__POST-v1-responses__02/)[0]!;
const codexInput = capture.body.input as OpenAI.Responses.ResponseInputItem[];
const userItems = codexInput.filter(
  (item) => 'role' in item && item.role === 'user' && item.type === 'message',
);
const inputText = (item: unknown): string => JSON.stringify(item);

describe('compaction end to end: openai SDK → ais → Chat provider / Responses provider', () => {
  let chat: ScriptedUpstream;
  let responses: ScriptedUpstream;
  let ais: AisProcess;
  let viaChat: OpenAI;
  let viaResponses: OpenAI;

  beforeAll(async () => {
    chat = await startScriptedUpstream((request: RecordedRequest) => {
      const messages = (request.json.messages ?? []) as ChatMessage[];
      return messages.at(-1)?.content === SUMMARY_PROMPT
        ? chatAnswer(SUMMARY)
        : chatAnswer('Next step done.');
    });
    responses = await startScriptedUpstream(() => ({
      kind: 'json',
      body: {
        id: 'resp_native',
        object: 'response.compaction',
        created_at: 1_771_353_057,
        output: [...userItems, openaiCompactionItem],
        usage: {
          input_tokens: 900,
          output_tokens: 120,
          total_tokens: 1020,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens_details: { reasoning_tokens: 0 },
        },
      },
    }));
    ais = await startAis(`
providers:
  deepseek:
    base_url: ${chat.url}
    api_key: sk-deepseek-test
    format: chat
  openai:
    base_url: ${responses.url}/v1
    api_key: sk-openai-test
    format: responses
routes:
  ais-codex:
    provider: deepseek
    default_model: deepseek-chat
  ais-openai:
    provider: openai
    default_model: gpt-5.2
`);
    viaChat = new OpenAI({ apiKey: 'ais-codex', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    viaResponses = new OpenAI({ apiKey: 'ais-openai', baseURL: `${ais.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await ais?.stop();
    await chat?.close();
    await responses?.close();
  });

  it('summarises with the routed Chat model and answers a compaction item; the next turn gets the summary as instructions', async () => {
    const compacted = await viaChat.responses.compact({ model: 'gpt-5-codex', input: codexInput });

    const summarisation = chat.requests.at(-1)!;
    expect(summarisation.url).toBe('/chat/completions');
    expect(summarisation.json.model).toBe('deepseek-chat');
    expect(summarisation.json.stream).not.toBe(true);
    expect(summarisation.json.tool_choice).toBe('none');
    const sentMessages = summarisation.json.messages as ChatMessage[];
    expect(sentMessages.at(-1)).toEqual({ role: 'user', content: SUMMARY_PROMPT });
    // The whole conversation went along: the user's ask, the tool call and its output.
    expect(inputText(sentMessages)).toContain('Run the shell command: cat /tmp/acceptance');
    expect(
      sentMessages.some((message) => message.role === 'assistant' && (message.tool_calls?.length ?? 0) > 0),
    ).toBe(true);
    expect(sentMessages.some((message) => message.role === 'tool')).toBe(true);

    expect(compacted.object).toBe('response.compaction');
    expect(compacted.id).toMatch(/^resp_/);
    expect(compacted.output.slice(0, -1)).toEqual(userItems);
    const item = compacted.output.at(-1)!;
    expect(item.type).toBe('compaction');
    const encrypted = item.type === 'compaction' ? item.encrypted_content : '';
    expect(encrypted.startsWith('ais-compaction-v1.')).toBe(true);
    expect(encrypted).not.toContain(SUMMARY); // sealed, not plain text
    expect(compacted.usage.input_tokens).toBe(recordedChat.usage.prompt_tokens);
    expect(compacted.usage.output_tokens).toBe(recordedChat.usage.completion_tokens);

    // Codex replaces its history with `output` and carries on.
    const next = await viaChat.responses.create({
      model: 'gpt-5-codex',
      instructions: 'You are Codex.',
      input: [
        ...(compacted.output as OpenAI.Responses.ResponseInputItem[]),
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What did it print?' }] },
      ],
    });
    expect(next.output_text).toBe('Next step done.');
    const followUp = chat.requests.at(-1)!.json.messages as ChatMessage[];
    expect(followUp[0]!.role).toBe('system');
    const system = String(followUp[0]!.content);
    expect(system.startsWith('You are Codex.\n\n## Summary of the conversation so far')).toBe(true);
    expect(system).toContain(SUMMARY);
    expect(followUp.filter((message) => message.role === 'system')).toHaveLength(1);
    expect(followUp.at(-1)).toEqual({ role: 'user', content: 'What did it print?' });
    expect(inputText(followUp)).toContain('Run the shell command: cat /tmp/acceptance');
    expect(inputText(followUp)).not.toMatch(/ais-compaction-v1|encrypted_content|"compaction"/);
  });

  it('answers a streamed compaction_trigger turn with the one compaction item, as Codex expects', async () => {
    const before = chat.requests.length;
    const stream = viaChat.responses.stream({
      model: 'gpt-5-codex',
      input: [...codexInput, { type: 'compaction_trigger' } as unknown as OpenAI.Responses.ResponseInputItem],
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();

    expect(chat.requests.length).toBe(before + 1);
    const sent = chat.requests.at(-1)!.json;
    expect((sent.messages as ChatMessage[]).at(-1)).toEqual({ role: 'user', content: SUMMARY_PROMPT });
    expect(JSON.stringify(sent)).not.toContain('compaction_trigger');
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_item.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.status).toBe('completed');
    expect(final.output).toHaveLength(1);
    const item = final.output[0]!;
    expect(item.type === 'compaction' && item.encrypted_content.startsWith('ais-compaction-v1.')).toBe(true);
    expect(final.usage?.input_tokens).toBe(recordedChat.usage.prompt_tokens);

    // The item the trigger produced expands like the endpoint's.
    await viaChat.responses.create({
      model: 'gpt-5-codex',
      input: [item as OpenAI.Responses.ResponseInputItem, { role: 'user', content: 'go on' }],
    });
    const system = (chat.requests.at(-1)!.json.messages as ChatMessage[])[0]!;
    expect(system.role).toBe('system');
    expect(String(system.content)).toContain(SUMMARY);
  });

  it("drops a damaged item of ours and a provider's compaction item for a Chat provider, keeping the rest", async () => {
    const compacted = await viaChat.responses.compact({
      model: 'gpt-5-codex',
      input: 'Remember the number 42.',
    });
    const ours = compacted.output.at(-1) as { type: 'compaction'; encrypted_content: string };
    expect(compacted.output[0]).toEqual({
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'Remember the number 42.' }],
    });
    await viaChat.responses.create({
      model: 'gpt-5-codex',
      input: [
        { type: 'compaction', encrypted_content: `${ours.encrypted_content.slice(0, -4)}AAAA` },
        openaiCompactionItem as OpenAI.Responses.ResponseInputItem,
        { role: 'user', content: 'Which number?' },
      ],
    });
    const messages = chat.requests.at(-1)!.json.messages as ChatMessage[];
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Which number?' });
    expect(messages.some((message) => message.role === 'system')).toBe(false); // the damaged summary is not used
    expect(inputText(messages)).not.toMatch(/ais-compaction-v1|encrypted_content|gAAAA/);
  });

  it('forwards /responses/compact to a Responses provider and relays its own compaction item', async () => {
    const compacted = await viaResponses.responses.compact({ model: 'gpt-5-codex', input: codexInput });
    const sent = responses.requests.at(-1)!;
    expect(sent.url).toBe('/v1/responses/compact');
    expect(sent.headers.authorization).toBe('Bearer sk-openai-test');
    expect(sent.json.model).toBe('gpt-5.2');
    expect(sent.json.input).toEqual(codexInput);
    expect(compacted.output.at(-1)).toEqual(openaiCompactionItem);
    expect(compacted.usage.input_tokens).toBe(900);
  });
});
