import type { CanonicalRequest, ContentPart, Warning } from '../protocols/canonical';

/**
 * When a request moves to another provider (fallback), the thinking
 * signatures and encrypted reasoning the first provider made are useless to
 * the next one and make it reject the request: drop them, keep the text.
 */
export function stripProviderSignatures(request: CanonicalRequest): {
  value: CanonicalRequest;
  warnings: Warning[];
} {
  let stripped = 0;
  const messages = request.messages.map((message) => {
    if (message.role !== 'assistant') return message;
    const content: ContentPart[] = [];
    for (const part of message.content) {
      if (part.type === 'reasoning' && (part.signature || part.encrypted || part.redactedData)) {
        stripped += 1;
        // Redacted/encrypted reasoning has no text to keep.
        if (part.text === '') continue;
        content.push({
          type: 'reasoning',
          text: part.text,
          ...(part.summary ? { summary: part.summary } : {}),
        });
      } else if (part.type === 'tool-call' && part.signature) {
        stripped += 1;
        const { signature: _signature, ...rest } = part;
        content.push(rest);
      } else {
        content.push(part);
      }
    }
    return { ...message, content };
  });
  const warnings: Warning[] =
    stripped === 0
      ? []
      : [
          {
            code: 'signatures-stripped-on-fallback',
            message: `${stripped} thinking signature(s) or encrypted reasoning item(s) from the first provider were removed because the request moved to another provider`,
          },
        ];
  return { value: { ...request, messages }, warnings };
}
