import { formatDataUrl } from '../canonical/data-url';
import type {
  CanonicalMessage,
  Converted,
  FilePart,
  ImagePart,
  TextPart,
  ToolKind,
  ToolResultContent,
  ToolResultPart,
  Warning,
} from '../canonical/types';
import {
  convertReasoningPartToItem,
  convertServerToolCallToItem,
  convertTextPartsToMessageItem,
  convertToolCallPartToItem,
} from './convert-part-to-responses-item';
import type { JsonRecord } from './read-json-values';

export function convertImagePartToInput(part: ImagePart): JsonRecord {
  const detail = part.detail ?? 'auto';
  switch (part.source.kind) {
    case 'base64':
      return { type: 'input_image', image_url: formatDataUrl(part.source), detail };
    case 'url':
      return { type: 'input_image', image_url: part.source.url, detail };
    case 'file-id':
      return { type: 'input_image', file_id: part.source.fileId, detail };
    default: {
      const _exhaustive: never = part.source;
      return _exhaustive;
    }
  }
}

export function convertFilePartToInput(part: FilePart): JsonRecord {
  const filename = part.filename !== undefined ? { filename: part.filename } : {};
  switch (part.source.kind) {
    case 'base64':
      return {
        type: 'input_file',
        // OpenAI rejects file_data without a file name.
        filename: part.filename ?? (part.source.mediaType === 'application/pdf' ? 'document.pdf' : 'file'),
        file_data: formatDataUrl(part.source),
      };
    case 'url':
      return { type: 'input_file', ...filename, file_url: part.source.url };
    case 'file-id':
      return { type: 'input_file', ...filename, file_id: part.source.fileId };
    default: {
      const _exhaustive: never = part.source;
      return _exhaustive;
    }
  }
}

function convertUserContent(part: ToolResultContent): JsonRecord {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image':
      return convertImagePartToInput(part);
    case 'file':
      return convertFilePartToInput(part);
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

function convertToolResult(part: ToolResultPart, kind: ToolKind, warnings: Warning[]): JsonRecord {
  if (part.isError) {
    warnings.push({
      code: 'tool-error-flag-dropped',
      message: 'Responses tool outputs have no error flag; the output text is sent as is.',
    });
  }
  const onlyText = part.content.every((content) => content.type === 'text');
  const output =
    onlyText && part.content.length <= 1
      ? ((part.content[0] as TextPart | undefined)?.text ?? '')
      : part.content.map(convertUserContent);
  return {
    type: kind === 'custom' ? 'custom_tool_call_output' : 'function_call_output',
    ...(part.itemId !== undefined ? { id: part.itemId } : {}),
    call_id: part.toolCallId,
    output,
  };
}

/** Canonical messages → Responses `input` items, in order. */
export function convertMessagesToResponsesInput(input: {
  messages: CanonicalMessage[];
  store?: boolean;
}): Converted<JsonRecord[]> {
  const warnings: Warning[] = [];
  const items: JsonRecord[] = [];
  const kindByCallId = new Map<string, ToolKind>();
  for (const message of input.messages) {
    for (const part of message.content) if (part.type === 'tool-call') kindByCallId.set(part.id, part.kind);
  }

  for (const message of input.messages) {
    const role = message.role === 'system' ? (message.developer ? 'developer' : 'system') : message.role;
    // The message id belongs to the first message item written for this message.
    let messageId = message.id;
    let run: JsonRecord[] = [];
    let assistantRun: TextPart[] = [];
    const flush = (): void => {
      if (assistantRun.length > 0) {
        items.push(
          convertTextPartsToMessageItem({
            parts: assistantRun,
            ...(messageId !== undefined ? { id: messageId } : {}),
          }),
        );
        messageId = undefined;
        assistantRun = [];
      }
      if (run.length > 0) {
        items.push({
          type: 'message',
          role,
          ...(messageId !== undefined ? { id: messageId } : {}),
          content: run,
        });
        messageId = undefined;
        run = [];
      }
    };
    const skip = (code: string, message: string): void => {
      warnings.push({ code, message });
    };

    for (const part of message.content) {
      switch (part.type) {
        case 'text':
          if (role !== 'assistant') run.push({ type: 'input_text', text: part.text });
          else {
            // A change of phase (commentary → final_answer) starts a new message item.
            if (assistantRun.length > 0 && assistantRun[assistantRun.length - 1]?.phase !== part.phase)
              flush();
            assistantRun.push(part);
          }
          break;
        case 'image':
        case 'file':
          if (role === 'assistant')
            skip('assistant-media-dropped', `An assistant ${part.type} cannot be sent in Responses history.`);
          else run.push(convertUserContent(part));
          break;
        case 'reasoning': {
          flush();
          const converted = convertReasoningPartToItem({ part, audience: 'upstream', store: input.store });
          if (converted.item) items.push(converted.item);
          if (converted.warning) warnings.push(converted.warning);
          break;
        }
        case 'tool-call':
          flush();
          items.push(convertToolCallPartToItem({ part }));
          break;
        case 'tool-result':
          flush();
          items.push(
            convertToolResult(part, part.kind ?? kindByCallId.get(part.toolCallId) ?? 'function', warnings),
          );
          break;
        case 'server-tool-call': {
          flush();
          const item = convertServerToolCallToItem(part);
          if (item) items.push(item);
          else
            skip(
              'server-tool-call-dropped',
              `The ${part.protocol} server tool call "${part.name}" cannot be replayed to a Responses provider.`,
            );
          break;
        }
        case 'server-tool-result':
          skip(
            'server-tool-result-dropped',
            `The ${part.protocol} server tool result "${part.name}" cannot be replayed to a Responses provider.`,
          );
          break;
        case 'opaque':
          flush();
          if (part.protocol === 'openai-responses') items.push(part.value as JsonRecord);
          else
            skip(
              'opaque-part-dropped',
              `A ${part.protocol} block with no Responses equivalent was left out.`,
            );
          break;
        default: {
          const _exhaustive: never = part;
          return _exhaustive;
        }
      }
    }
    flush();
  }
  return { value: items, warnings };
}
