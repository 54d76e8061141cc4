import type { ContentPart, Converted, TextPart, Warning } from '../canonical/types';
import {
  convertReasoningPartToItem,
  convertServerToolCallToItem,
  convertTextPartsToMessageItem,
  convertToolCallPartToItem,
} from './convert-part-to-responses-item';
import type { JsonRecord } from './read-json-values';

/** Parts that a Responses `output` cannot hold, with the reason, or undefined when it can. */
function unsupportedReason(part: ContentPart): string | undefined {
  switch (part.type) {
    case 'image':
    case 'file':
      return `An output ${part.type} has no Responses output item.`;
    case 'tool-result':
      return 'A tool result inside a response has no Responses output item.';
    case 'server-tool-result':
      return `The ${part.protocol} server tool result "${part.name}" has no Responses output item.`;
    case 'server-tool-call':
      return part.protocol === 'openai-responses' && part.name === 'web_search'
        ? undefined
        : `The ${part.protocol} server tool call "${part.name}" has no Responses output item.`;
    case 'opaque':
      return part.protocol === 'openai-responses'
        ? undefined
        : `A ${part.protocol} block has no Responses output item.`;
    case 'text':
    case 'reasoning':
    case 'tool-call':
      return undefined;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

/**
 * One canonical part → one complete output item for a client (ids from
 * `nextId` where the part has none). Text parts become one-part messages; the
 * caller merges consecutive ones.
 */
export function convertPartToOutputItem(input: { part: ContentPart; nextId: (prefix: string) => string }): {
  item?: JsonRecord;
  warning?: Warning;
} {
  const { part, nextId } = input;
  const reason = unsupportedReason(part);
  if (reason !== undefined) return { warning: { code: 'output-part-dropped', message: reason } };
  switch (part.type) {
    case 'text':
      return {
        item: convertTextPartsToMessageItem({ parts: [part], id: nextId('msg'), status: 'completed' }),
      };
    case 'reasoning': {
      const converted = convertReasoningPartToItem({
        part: { ...part, itemId: part.itemId ?? nextId('rs') },
        audience: 'client',
      });
      return converted;
    }
    case 'tool-call':
      return {
        item: convertToolCallPartToItem({
          part,
          id: part.itemId ?? nextId(part.kind === 'custom' ? 'ctc' : 'fc'),
          status: 'completed',
        }),
      };
    case 'server-tool-call':
      return { item: convertServerToolCallToItem(part) };
    case 'opaque':
      return { item: part.value as JsonRecord };
    default:
      return {};
  }
}

/** Canonical content → Responses `output` items; consecutive text parts of one phase share a message. */
export function convertPartsToResponsesOutput(input: {
  content: ContentPart[];
  nextId: (prefix: string) => string;
}): Converted<JsonRecord[]> {
  const warnings: Warning[] = [];
  const output: JsonRecord[] = [];
  let run: TextPart[] = [];
  const flush = (): void => {
    if (run.length > 0)
      output.push(
        convertTextPartsToMessageItem({ parts: run, id: input.nextId('msg'), status: 'completed' }),
      );
    run = [];
  };
  for (const part of input.content) {
    if (part.type === 'text') {
      if (run.length > 0 && run[run.length - 1]?.phase !== part.phase) flush();
      run.push(part);
      continue;
    }
    flush();
    const converted = convertPartToOutputItem({ part, nextId: input.nextId });
    if (converted.item) output.push(converted.item);
    if (converted.warning) warnings.push(converted.warning);
  }
  flush();
  return { value: output, warnings };
}
