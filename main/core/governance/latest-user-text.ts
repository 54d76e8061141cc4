import type { CanonicalRequest } from '../protocols/canonical';

/**
 * The text parts of the last message when it is the user's. Earlier turns were
 * judged when they were new; judging them again on every agent step would
 * repeat each warning for the rest of the session.
 */
export function latestUserText(request: CanonicalRequest): string | undefined {
  const message = request.messages.at(-1);
  if (message?.role !== 'user') return undefined;
  const texts = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  return texts.length > 0 ? texts.join('\n') : undefined;
}
