import type { CanonicalMessage, CanonicalRequest, ContentPart, Converted } from '../../protocols/canonical';

/**
 * What the routed model is asked for when AI Switch compacts a conversation
 * itself. Appended as the last user turn rather than replacing the
 * instructions: the model keeps the client's rules (and any earlier summary
 * in them), and the prefix the provider may have cached stays the same.
 */
export const SUMMARY_PROMPT = [
  'Pause the task. The conversation above is about to be compacted: everything before this message will be',
  'replaced by the summary you write now, and the work will continue from that summary alone.',
  '',
  'Write a handoff summary for whoever continues. Keep it complete and specific:',
  '- Goal: what the user wants, with every requirement, constraint and preference they stated.',
  '- Decisions: what was decided and why, including approaches that were tried and rejected.',
  '- Code changes: each file created, edited or deleted and what changed in it; exact paths, names, commands and values.',
  '- Task state: what is done, what is in progress, what remains, and the very next step.',
  '- Open questions: errors not yet resolved, anything uncertain, anything waiting on the user.',
  '',
  'If the instructions hold a summary of an even earlier part of the conversation, fold what is still relevant',
  'from it into yours. Do not call tools. Answer with the summary only, no preamble.',
].join('\n');

function isTrigger(part: ContentPart): boolean {
  return (
    part.type === 'opaque' &&
    part.protocol === 'openai-responses' &&
    typeof part.value === 'object' &&
    part.value !== null &&
    (part.value as { type?: unknown }).type === 'compaction_trigger'
  );
}

/** Whether a decoded Responses request ends with (or holds) a `compaction_trigger` item. */
export function hasCompactionTrigger(request: CanonicalRequest): boolean {
  return request.messages.some((message) => message.content.some(isTrigger));
}

/**
 * The client's conversation → a one-shot, non-streaming request for its
 * summary: same instructions, messages and tool definitions (some providers
 * refuse tool calls in history without them), tools switched off, the
 * `compaction_trigger` item taken out, and `SUMMARY_PROMPT` as the last turn.
 */
export function buildSummarisationRequest(input: { request: CanonicalRequest }): Converted<CanonicalRequest> {
  const { request } = input;
  const messages: CanonicalMessage[] = [];
  for (const message of request.messages) {
    const content = message.content.filter((part) => !isTrigger(part));
    if (content.length > 0)
      messages.push(content.length === message.content.length ? message : { ...message, content });
  }
  messages.push({ role: 'user', content: [{ type: 'text', text: SUMMARY_PROMPT }] });

  const {
    toolChoice: _toolChoice,
    parallelToolCalls: _parallelToolCalls,
    responseFormat: _responseFormat,
    maxOutputTokens: _maxOutputTokens,
    stopSequences: _stopSequences,
    ...rest
  } = request;
  const summarisation: CanonicalRequest = { ...rest, messages, stream: false };
  if (request.tools.length > 0) summarisation.toolChoice = { type: 'none' };
  return { value: summarisation, warnings: [] };
}
