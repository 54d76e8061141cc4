import type { CanonicalMessage, CanonicalRequest, ContentPart, TextPart } from '../canonical';

export type SystemMessagePlacement = 'keep' | 'fold' | 'hoist';

/** The default: every chat template we render accepts user turns; several refuse a late system one. */
export const DEFAULT_SYSTEM_MESSAGE_PLACEMENT: SystemMessagePlacement = 'fold';

/**
 * System messages after the conversation started (Claude Code's agent list and
 * reminders) as a Chat provider can take them. `keep` leaves them in place;
 * `fold` turns each into a `<system-reminder>` text part of the adjacent user
 * turn (the one before it, else the next one, else a new user turn at the
 * end), the way Claude Code wraps its own reminders; `hoist` appends its text
 * to the leading system message. Every part is kept: only its place changes.
 */
export function placeLateSystemMessages(input: {
  request: CanonicalRequest;
  placement: SystemMessagePlacement;
}): CanonicalRequest {
  const { request, placement } = input;
  if (placement === 'keep' || !request.messages.some((message) => message.role === 'system')) return request;
  if (placement === 'hoist') return hoist(request);
  return fold(request);
}

function hoist(request: CanonicalRequest): CanonicalRequest {
  const system: TextPart[] = [...request.system];
  const messages: CanonicalMessage[] = [];
  const media: ContentPart[] = [];
  for (const message of request.messages) {
    if (message.role !== 'system') {
      messages.push(message);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text') system.push({ type: 'text', text: part.text });
      // A system message can't hold media in Chat: it goes to the next user turn like a fold would.
      else media.push(part);
    }
  }
  if (media.length === 0) return { ...request, system, messages };
  return fold({ ...request, system, messages: [...messages, { role: 'system', content: media }] });
}

function fold(request: CanonicalRequest): CanonicalRequest {
  const system: TextPart[] = [...request.system];
  const messages: CanonicalMessage[] = [];
  let pending: ContentPart[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      // Before the conversation starts a system message is no late one: it joins the leading system.
      if (messages.length === 0 && message.content.every((part) => part.type === 'text')) {
        system.push(
          ...message.content.map((part) => ({ type: 'text' as const, text: (part as TextPart).text })),
        );
        continue;
      }
      const parts = reminderParts(message);
      const previous = messages.at(-1);
      if (previous?.role === 'user')
        messages[messages.length - 1] = { ...previous, content: [...previous.content, ...parts] };
      else pending.push(...parts);
      continue;
    }
    if (message.role === 'user' && pending.length > 0) {
      messages.push({ ...message, content: [...pending, ...message.content] });
      pending = [];
      continue;
    }
    messages.push(message);
  }
  if (pending.length > 0) messages.push({ role: 'user', content: pending });
  return { ...request, system, messages };
}

/** A system message as user content: its text wrapped as a reminder, anything else as it is. */
function reminderParts(message: CanonicalMessage): ContentPart[] {
  const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  const others = message.content.filter((part) => part.type !== 'text');
  const wrapped: ContentPart[] =
    text.length > 0
      ? [{ type: 'text', text: `<system-reminder>\n${text.join('\n\n')}\n</system-reminder>` }]
      : [];
  return [...wrapped, ...others];
}
