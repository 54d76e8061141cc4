import { ProtocolError } from '../../protocols/canonical';
import type { CanonicalResponse, Converted, Warning } from '../../protocols/canonical';

/**
 * The summary a provider wrote: its visible text, reasoning left out. An
 * answer with no text is an upstream failure (a compaction item with an
 * empty summary would silently erase the conversation); one cut short by
 * the token limit is kept, with a warning.
 */
export function summaryTextOf(response: CanonicalResponse, providerId: string): Converted<string> {
  const summary = response.content
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('')
    .trim();
  if (summary === '') {
    throw new ProtocolError(
      'api_error',
      502,
      `provider ${providerId} returned no summary text, so the conversation was not compacted`,
    );
  }
  const warnings: Warning[] = [];
  if (response.stopReason === 'max_tokens') {
    warnings.push({
      code: 'compaction-summary-truncated',
      message: `provider ${providerId} stopped the summary at its token limit; the compaction keeps what it wrote.`,
    });
  }
  return { value: summary, warnings };
}
