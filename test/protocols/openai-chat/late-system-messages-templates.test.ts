import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import { codecFor } from '../../../main/core/protocols/registry';
import type { TargetContext } from '../../../main/core/protocols/canonical';
import { FIXTURES, loadClientCaptures } from '../../helpers/fixtures';

// Claude Code ≥ 2.1 sends system messages after the user turn. Converted for a
// Chat provider, they must survive the published chat templates of the open
// models people serve behind Chat endpoints (vLLM, llama.cpp, Ollama…): for
// every `system_messages` setting no text may be lost, and with fold and hoist
// (the settings meant for such servers) no template may refuse the request.

/*
 * The published templates are third-party text (see the PROVENANCE.md that goes
 * with them); they are added to test/fixtures/chat-templates by whoever vets
 * their licenses, and until then the renders are skipped, visibly.
 */
const TEMPLATES = path.join(FIXTURES, 'chat-templates');
const HAVE_TEMPLATES = existsSync(path.join(TEMPLATES, 'qwen3.jinja'));
const TEMPLATE_FILES = {
  Qwen3: 'qwen3.jinja',
  'DeepSeek-V3': 'deepseek-v3.jinja',
  'GLM-4.5': 'glm-4.5.jinja',
  'Llama 3.3': 'llama-3.3-instruct.jinja',
  'Mistral Small 3.1': 'mistral-small-3.1.jinja',
  'Gemma 3': 'gemma-3-it.jinja',
} as const;
type ModelName = keyof typeof TEMPLATE_FILES;

/** Templates that refuse a system message after the first turn: why `keep` is not the default. */
const REFUSE_LATE_SYSTEM: ReadonlySet<ModelName> = new Set(['Mistral Small 3.1', 'Gemma 3']);

/** Gemma 3's template has no tool role at all (its servers use their own tool templates): text conversations only. */
const NO_TOOL_ROLE: ReadonlySet<ModelName> = new Set(['Gemma 3']);

const REMINDER = 'Available agent types: general-purpose, statusline-setup, Explore, Plan';
const LAST_REMINDER = 'The TodoWrite tool has not been used recently';

/** Conversations as Claude Code sends them (Anthropic Messages), with late system messages. */
function conversations(): Record<string, Record<string, unknown>> {
  const [capture] = loadClientCaptures(/^claude-tool-bash__claude-code__POST-v1-messages__02\.json$/);
  const recorded = structuredClone(capture!.body);
  // The recording elides the agent list; put a recognisable text in its place.
  const messages = recorded.messages as { role: string; content: unknown }[];
  const late = messages.findIndex((message) => message.role === 'system');
  expect(late).toBeGreaterThan(0);
  messages[late] = { role: 'system', content: REMINDER };
  return {
    'recorded tool loop (system after the first user turn)': recorded,
    'trailing reminders after the last user turn': {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You are Claude Code.' }],
      messages: [
        { role: 'user', content: 'List the files here.' },
        { role: 'assistant', content: [{ type: 'text', text: 'Which directory?' }] },
        { role: 'user', content: [{ type: 'text', text: 'The current one.' }] },
        { role: 'system', content: REMINDER },
        { role: 'system', content: [{ type: 'text', text: LAST_REMINDER }] },
      ],
    },
  };
}

/** A Chat body for a local OpenAI-compatible server with the given setting. */
function chatBodyFor(body: Record<string, unknown>, placement: 'keep' | 'fold' | 'hoist') {
  const request = codecFor('anthropic').decodeRequest({ body }).value;
  const target: TargetContext = {
    providerId: 'local',
    baseUrl: 'http://127.0.0.1:8000/v1',
    model: 'served-model',
    systemMessages: placement,
  };
  return codecFor('openai-chat').encodeRequest({ request, target }).value as {
    messages: Record<string, unknown>[];
    tools?: Record<string, unknown>[];
  };
}

/**
 * What vLLM and llama.cpp hand a template: text-only content arrays joined into
 * a string (the "string" content format most of these templates expect), a
 * null content (an assistant turn of tool calls only) as '', tool call
 * arguments parsed into objects.
 */
function asServerMessages(messages: Record<string, unknown>[]): Record<string, unknown>[] {
  return messages.map((message) => {
    const content = message.content;
    const next: Record<string, unknown> = { ...message };
    if (content === null || content === undefined) next.content = '';
    else if (Array.isArray(content))
      next.content = (content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('\n');
    if (Array.isArray(message.tool_calls))
      next.tool_calls = (message.tool_calls as { function: { arguments: string } }[]).map((call) => ({
        ...call,
        function: { ...call.function, arguments: JSON.parse(call.function.arguments) as unknown },
      }));
    return next;
  });
}

function render(model: ModelName, body: ReturnType<typeof chatBodyFor>): string {
  const source = readFileSync(path.join(TEMPLATES, TEMPLATE_FILES[model]), 'utf8');
  // Python's Jinja reads backslash-newline in a string literal as a line continuation (nothing);
  // @huggingface/jinja refuses it, so it is removed the way Python reads it (Mistral's default prompt).
  const template = new Template(source.replaceAll('\\\n', ''));
  return template.render({
    messages: asServerMessages(body.messages),
    tools: body.tools,
    add_generation_prompt: true,
    bos_token: '<s>',
    eos_token: '</s>',
  });
}

/** Every text the client sent (system prompt, turns, reminders) must reach the prompt. */
function textsOf(body: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const message of body.messages as { content: unknown }[]) {
    if (typeof message.content === 'string') texts.push(message.content);
    else
      for (const part of message.content as { type: string; text?: string }[])
        if (part.type === 'text' && part.text) texts.push(part.text);
  }
  return texts.map((text) => text.trim().split('\n')[0]!.slice(0, 60)).filter((text) => text !== '');
}

const ALL_MODELS = Object.keys(TEMPLATE_FILES) as ModelName[];
const CASES = Object.entries(conversations());
const hasToolTurns = (conversation: Record<string, unknown>): boolean =>
  JSON.stringify(conversation.messages).includes('"tool_use"');

describe('late system messages through real chat templates', () => {
  for (const [name, conversation] of CASES) {
    describe.skipIf(!HAVE_TEMPLATES)(name, () => {
      const MODELS = ALL_MODELS.filter((model) => !(hasToolTurns(conversation) && NO_TOOL_ROLE.has(model)));
      it.each(
        MODELS.flatMap((model) =>
          (['fold', 'hoist'] as const).map((placement) => [model, placement] as const),
        ),
      )('%s renders with system_messages: %s, reminders and every turn in the prompt', (model, placement) => {
        const body = chatBodyFor(conversation, placement);
        const prompt = render(model, body);
        expect(prompt).toContain(REMINDER);
        for (const text of textsOf(conversation)) expect(prompt).toContain(text);
        if (placement === 'fold') expect(prompt).toContain('<system-reminder>');
      });

      it.each(MODELS)('%s with system_messages: keep', (model) => {
        const body = chatBodyFor(conversation, 'keep');
        expect(body.messages.filter((message) => message.role === 'system').length).toBeGreaterThan(1);
        if (REFUSE_LATE_SYSTEM.has(model)) {
          expect(() => render(model, body)).toThrow(/roles|role/i);
          return;
        }
        const prompt = render(model, body);
        expect(prompt).toContain(REMINDER);
        for (const text of textsOf(conversation)) expect(prompt).toContain(text);
      });
    });
  }

  it('fold puts the reminders in the user turn they follow, hoist in the leading system message', () => {
    const trailing = conversations()['trailing reminders after the last user turn']!;
    const folded = chatBodyFor(trailing, 'fold').messages;
    expect(folded.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(folded.at(-1)!.content).toEqual([
      { type: 'text', text: 'The current one.' },
      { type: 'text', text: `<system-reminder>\n${REMINDER}\n</system-reminder>` },
      { type: 'text', text: `<system-reminder>\n${LAST_REMINDER}\n</system-reminder>` },
    ]);
    const hoisted = chatBodyFor(trailing, 'hoist').messages;
    expect(hoisted.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(hoisted[0]!.content).toBe(`You are Claude Code.\n\n${REMINDER}\n\n${LAST_REMINDER}`);
  });
});
